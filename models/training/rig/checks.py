# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Geometric checks of a deformed head, used by the rig's tests: folds, eyeball penetration, volume, strain."""

import numpy as np

from ..flame.mesh_graph import boundary_loops


def _face_normals(vertices, triangles):
    p = vertices[triangles]
    n = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    return n / np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-20)


def normal_agreement(vertices: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """Per triangle: cosine between its normal and the mean normal of its three vertices (area-blind).
    Near 1 on smooth skin; negative where a triangle has turned over against its neighbourhood."""
    face = _face_normals(vertices, triangles)
    vertex = np.zeros_like(vertices)
    for k in range(3):
        np.add.at(vertex, triangles[:, k], face)
    vertex /= np.maximum(np.linalg.norm(vertex, axis=1, keepdims=True), 1e-20)
    return np.einsum("ij,ij->i", face, vertex[triangles].mean(axis=1))


def folded_triangles(rest: np.ndarray, deformed: np.ndarray, triangles: np.ndarray, smooth=0.5) -> np.ndarray:
    """Indices of triangles that lie on smooth skin at rest (agreement > `smooth`) and have turned over
    against their neighbourhood once deformed (agreement < 0): the surface folds there."""
    before = normal_agreement(rest, triangles)
    after = normal_agreement(deformed, triangles)
    return np.flatnonzero((before > smooth) & (after < 0.0))


def winding_numbers(points: np.ndarray, vertices: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """Generalised winding number of each point with respect to a closed triangle mesh (1 inside, 0 out)."""
    a, b, c = (vertices[triangles[:, k]][None] - points[:, None] for k in range(3))
    la, lb, lc = (np.linalg.norm(x, axis=2) for x in (a, b, c))
    det = np.einsum("ptk,ptk->pt", a, np.cross(b, c))
    den = (la * lb * lc + np.einsum("ptk,ptk->pt", a, b) * lc + np.einsum("ptk,ptk->pt", b, c) * la
           + np.einsum("ptk,ptk->pt", c, a) * lb)
    return np.arctan2(det, den).sum(axis=1) / (2.0 * np.pi)


def enclosed_volume(vertices: np.ndarray, triangles: np.ndarray, loops=None) -> float:
    """Volume inside an open surface whose boundary loops (found if not given) are closed by fans to their
    centroids."""
    pieces = [vertices[triangles]]
    for loop in boundary_loops(triangles) if loops is None else loops:
        loop = np.asarray(loop)
        centre = np.repeat(vertices[loop].mean(axis=0)[None], len(loop), axis=0)
        pieces.append(np.stack([vertices[np.roll(loop, -1)], vertices[loop], centre], axis=1))
    t = np.concatenate(pieces)
    return float(np.einsum("ij,ij->i", t[:, 0], np.cross(t[:, 1], t[:, 2])).sum() / 6.0)


def edge_strain(rest: np.ndarray, offsets: np.ndarray, edge_list: np.ndarray) -> np.ndarray:
    """Per edge (E,2): how much the two ends' offsets differ, relative to the edge's rest length."""
    e = edge_list
    length = np.linalg.norm(rest[e[:, 0]] - rest[e[:, 1]], axis=1)
    return np.linalg.norm(offsets[e[:, 0]] - offsets[e[:, 1]], axis=1) / np.maximum(length, 1e-12)
