# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lip aperture, mouth width and lid gap on any FLAME-topology vertex array.

Only distances are used, so the figures do not depend on the head's position or orientation; they scale
with the head's units (metres for FLAME files). Series versions take [T, 5023, 3] arrays.
"""

import numpy as np

from inference.flame_topology import MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT

from .regions import REGIONS

_CHUNK = 512  # frames per vectorised block (bounds memory to tens of MB)


class _LipSurface:
    """One lip's midline vertices and triangles, with the triangles incident to each vertex."""

    def __init__(self, vertex_ids: np.ndarray, triangles_flat: np.ndarray):
        self.vertex_ids = vertex_ids
        self.triangles = triangles_flat.reshape(-1, 3)
        incident = [np.flatnonzero(np.any(self.triangles == i, axis=1)) for i in vertex_ids]
        width = max(len(t) for t in incident)
        # Pad by repeating a triangle so that every row is a valid candidate list.
        self.incident = np.array([np.resize(t, width) for t in incident])

    def signed_distance(self, vertices: np.ndarray, points: np.ndarray) -> np.ndarray:
        """Signed distance [T] from the nearest of `points` [T,P,3] to this lip's surface in `vertices`
        [T,N,3], negative when a point is inside the lip.

        The nearest lip vertex of each point picks the candidate triangles (those around it). Where the
        point projects inside one of them, the distance is to that triangle's plane, signed by its outward
        normal; otherwise it is the distance to the nearest vertex.
        """
        lip = vertices[:, self.vertex_ids]
        squared = (np.einsum("tpk,tpk->tp", points, points)[:, :, None] - 2.0 * points @ lip.transpose(0, 2, 1)
                   + np.einsum("tqk,tqk->tq", lip, lip)[:, None, :])                    # [T,P,Q]
        nearest = squared.argmin(axis=2)
        vertex_best = np.linalg.norm(points - np.take_along_axis(lip, nearest[..., None], axis=1), axis=-1)
        corners = vertices[np.arange(len(vertices))[:, None, None, None],
                           self.triangles[self.incident[nearest]]]                      # [T,P,K,3,3]
        a, b, c = corners[..., 0, :], corners[..., 1, :], corners[..., 2, :]
        e1, e2 = b - a, c - a
        normal = np.cross(e1, e2)
        normal /= np.maximum(np.linalg.norm(normal, axis=-1, keepdims=True), 1e-20)
        rel = points[:, :, None, :] - a
        height = np.sum(rel * normal, axis=-1)
        foot = rel - height[..., None] * normal
        d11, d12, d22 = np.sum(e1 * e1, -1), np.sum(e1 * e2, -1), np.sum(e2 * e2, -1)
        f1, f2 = np.sum(foot * e1, -1), np.sum(foot * e2, -1)
        det = np.maximum(d11 * d22 - d12 * d12, 1e-30)
        u = (d22 * f1 - d12 * f2) / det
        w = (d11 * f2 - d12 * f1) / det
        plane = np.where((u >= 0) & (w >= 0) & (u + w <= 1), height, np.inf)
        pick = np.abs(plane).argmin(axis=2)
        plane_best = np.take_along_axis(plane, pick[..., None], axis=2)[..., 0]
        signed = np.where(np.abs(plane_best) <= vertex_best, plane_best, vertex_best)
        return signed.min(axis=1)


_UPPER = _LipSurface(REGIONS["LIP_MID_UPPER"], REGIONS["LIP_MID_UPPER_TRIANGLES"])
_LOWER = _LipSurface(REGIONS["LIP_MID_LOWER"], REGIONS["LIP_MID_LOWER_TRIANGLES"])


def lip_aperture_series(vertices: np.ndarray) -> np.ndarray:
    """Lip aperture [T]: the smallest distance between upper and lower lip near the midline (0 when they
    touch or press into each other)."""
    vertices = np.asarray(vertices, dtype=np.float64)
    out = np.empty(len(vertices))
    for s in range(0, len(vertices), _CHUNK):
        v = vertices[s:s + _CHUNK]
        down = _LOWER.signed_distance(v, v[:, _UPPER.vertex_ids])
        up = _UPPER.signed_distance(v, v[:, _LOWER.vertex_ids])
        out[s:s + _CHUNK] = np.maximum(np.minimum(down, up), 0.0)
    return out


def lip_aperture(vertices: np.ndarray) -> float:
    return float(lip_aperture_series(np.asarray(vertices)[None])[0])


def mouth_width_series(vertices: np.ndarray) -> np.ndarray:
    """Distance between the mouth corners [T]."""
    vertices = np.asarray(vertices, dtype=np.float64)
    return np.linalg.norm(vertices[:, MOUTH_CORNER_LEFT] - vertices[:, MOUTH_CORNER_RIGHT], axis=-1)


def mouth_width(vertices: np.ndarray) -> float:
    return float(mouth_width_series(np.asarray(vertices)[None])[0])


def _distance_to_polyline(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Smallest distance [T] from any of `points` [T,P,3] to the polyline through `line` [T,L,3]."""
    a, b = line[:, None, :-1], line[:, None, 1:]
    ab = b - a
    t = np.sum((points[:, :, None] - a) * ab, axis=-1) / np.maximum(np.sum(ab * ab, axis=-1), 1e-30)
    foot = a + np.clip(t, 0.0, 1.0)[..., None] * ab
    return np.linalg.norm(points[:, :, None] - foot, axis=-1).min(axis=(1, 2))


def lid_gap_series(vertices: np.ndarray, side: str) -> np.ndarray:
    """Smallest distance between the upper and lower lid margins over the middle of the eye [T]
    (from the middle of either margin to the other margin's polyline). `side`: "left" or "right" (the
    subject's)."""
    key = side.upper()
    if key not in ("LEFT", "RIGHT"):
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    v = np.asarray(vertices, dtype=np.float64)
    upper_line = v[:, REGIONS[f"LID_MARGIN_UPPER_{key}"]]
    lower_line = v[:, REGIONS[f"LID_MARGIN_LOWER_{key}"]]
    down = _distance_to_polyline(v[:, REGIONS[f"LID_GAP_UPPER_{key}"]], lower_line)
    up = _distance_to_polyline(v[:, REGIONS[f"LID_GAP_LOWER_{key}"]], upper_line)
    return np.minimum(down, up)


def lid_gap(vertices: np.ndarray, side: str) -> float:
    return float(lid_gap_series(np.asarray(vertices)[None], side)[0])
