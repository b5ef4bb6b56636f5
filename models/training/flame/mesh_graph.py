# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Mesh graph and differential operators on a triangle mesh (numpy + scipy.sparse)."""

from collections import deque

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path


def edges(triangles: np.ndarray) -> np.ndarray:
    """Unique undirected edges (E,2), smaller index first."""
    e = np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [2, 0]]])
    return np.unique(np.sort(e, axis=1), axis=0)


def adjacency(triangles: np.ndarray, n: int) -> sp.csr_matrix:
    e = edges(triangles)
    a = sp.coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n))
    return (a + a.T).tocsr()


def boundary_loops(triangles: np.ndarray) -> list[list[int]]:
    """Ordered boundary loops: vertex chains along edges that belong to a single triangle."""
    e = np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [2, 0]]])
    key, counts = np.unique(np.sort(e, axis=1), axis=0, return_counts=True)
    border = {tuple(k) for k in key[counts == 1]}
    nxt = {int(a): int(b) for a, b in e if (min(a, b), max(a, b)) in border}
    loops, seen = [], set()
    for start in nxt:
        if start in seen:
            continue
        loop = [start]
        while nxt[loop[-1]] != start:
            loop.append(nxt[loop[-1]])
        seen.update(loop)
        loops.append(loop)
    return loops


def hop_distance(triangles: np.ndarray, n: int, sources) -> np.ndarray:
    """Edge-count distance from the nearest source vertex (inf where unreachable)."""
    d = shortest_path(adjacency(triangles, n), unweighted=True, indices=np.asarray(sources))
    return d.min(axis=0)


def cotan_laplacian(vertices: np.ndarray, triangles: np.ndarray):
    """Cotangent Laplacian L (positive semi-definite) and lumped (barycentric) mass diagonal."""
    n = len(vertices)
    p = vertices[triangles]
    lap_rows, lap_cols, lap_vals = [], [], []
    area = 0.5 * np.linalg.norm(np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]), axis=1)
    for k in range(3):
        i, j, o = (k + 1) % 3, (k + 2) % 3, k
        u = p[:, i] - p[:, o]
        w = p[:, j] - p[:, o]
        cot = np.einsum("ij,ij->i", u, w) / np.maximum(np.linalg.norm(np.cross(u, w), axis=1), 1e-12)
        cot = np.clip(cot, -1e3, 1e3)
        a, b = triangles[:, i], triangles[:, j]
        lap_rows += [a, b, a, b]
        lap_cols += [b, a, a, b]
        lap_vals += [-0.5 * cot, -0.5 * cot, 0.5 * cot, 0.5 * cot]
    lap = sp.coo_matrix((np.concatenate(lap_vals), (np.concatenate(lap_rows), np.concatenate(lap_cols))),
                        shape=(n, n)).tocsr()
    mass = np.bincount(triangles.ravel(), weights=np.repeat(area / 3.0, 3), minlength=n)
    return lap, np.maximum(mass, 1e-12)


def mirror_by_topology(triangles: np.ndarray, n: int, seed_edge: tuple[int, int]) -> np.ndarray:
    """Orientation-reversing map of the mesh onto itself, grown from one edge whose two ends are their own mirror.

    A triangle (a, b, c) maps to the triangle on the far side of the mirrored edge (m[b], m[a]). Where the
    triangulation is not exactly symmetric the first image found wins; callers repair those vertices
    (see `repair_mirror`). Vertices the growth does not reach (other connected components) stay -1.
    """
    third = {}
    for a, b, c in triangles.tolist():
        third[(a, b)] = c
        third[(b, c)] = a
        third[(c, a)] = b
    mirror = np.full(n, -1, dtype=np.int64)
    a, b = seed_edge
    mirror[a], mirror[b] = a, b
    queue = deque([(a, b), (b, a)])
    while queue:
        a, b = queue.popleft()
        c = third.get((a, b))
        image = third.get((int(mirror[b]), int(mirror[a])))
        if c is not None and image is not None and mirror[c] == -1:
            mirror[c] = image
            queue.extend([(b, c), (c, b), (c, a), (a, c)])
    return mirror


def repair_mirror(mirror: np.ndarray, vertices: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Make `mirror` an involution on `members`: vertices whose image does not map back are re-paired
    among themselves by an optimal assignment on the distance between each vertex and the others' reflections."""
    from scipy.optimize import linear_sum_assignment

    mirror = mirror.copy()
    image = mirror[members]
    ok = (image >= 0) & (mirror[np.maximum(image, 0)] == members)
    bad = members[~ok]
    if len(bad):
        reflected = vertices[bad] * [-1.0, 1.0, 1.0]
        cost = np.linalg.norm(vertices[bad][:, None, :] - reflected[None, :, :], axis=2)
        rows, cols = linear_sum_assignment(cost)
        mirror[bad[rows]] = bad[cols]
    if np.any(mirror[mirror[members]] != members):
        raise ValueError("could not make the mirror map an involution")
    return mirror
