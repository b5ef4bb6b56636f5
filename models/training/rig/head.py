# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The head being rigged: geometry, landmarks measured on it, and its smooth deformer."""

from functools import cached_property

import numpy as np

from inference.flame_topology import MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT

from ..flame.mesh_graph import adjacency, hop_distance
from ..flame.regions import LIP_HOPS, REGIONS
from .deform import SmoothDeformer


def smoothstep(t):
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def rotate_x(points: np.ndarray, angles) -> np.ndarray:
    """Rotate (n,3) points about the X axis by per-point angles (radians; +Y turns towards +Z)."""
    c, s = np.cos(angles), np.sin(angles)
    y, z = points[:, 1], points[:, 2]
    return np.stack([points[:, 0], y * c - z * s, y * s + z * c], axis=1)


CORNER_FREE_U = 0.6
REFERENCE_EYE_DISTANCE = 0.063  # eyeball centres of the FLAME mean head; sizes in the rig are for this head


class Head:
    """A FLAME-topology head in the file frame (metres, +Y up, +Z forward, +X the subject's left)."""

    def __init__(self, vertices: np.ndarray, triangles: np.ndarray):
        self.v = np.asarray(vertices, dtype=np.float64)
        self.triangles = triangles
        self.n = len(self.v)

    @cached_property
    def deformer(self) -> SmoothDeformer:
        return SmoothDeformer(self.v, self.triangles)

    @cached_property
    def adjacency(self):
        return adjacency(self.triangles, self.n)

    @cached_property
    def vertex_normals(self) -> np.ndarray:
        p = self.v[self.triangles]
        face = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
        normals = np.zeros_like(self.v)
        for k in range(3):
            np.add.at(normals, self.triangles[:, k], face)
        return normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-20)

    @cached_property
    def scale(self) -> float:
        """Head size relative to the mean head, from the distance between the eyeball centres."""
        return float(np.linalg.norm(self.eye_centre("LEFT") - self.eye_centre("RIGHT"))) / REFERENCE_EYE_DISTANCE

    @cached_property
    def mouth_centre(self) -> np.ndarray:
        return 0.5 * (self.v[MOUTH_CORNER_LEFT] + self.v[MOUTH_CORNER_RIGHT])

    @cached_property
    def mouth_half_width(self) -> float:
        return 0.5 * float(np.linalg.norm(self.v[MOUTH_CORNER_LEFT] - self.v[MOUTH_CORNER_RIGHT]))

    @cached_property
    def lips(self) -> np.ndarray:
        return np.union1d(REGIONS["UPPER_LIP"], REGIONS["LOWER_LIP"])

    @cached_property
    def lip_hops(self) -> np.ndarray:
        """Edge count from the inner mouth loop, for every vertex (the lips' depth from the mouth opening)."""
        return hop_distance(self.triangles, self.n, REGIONS["MOUTH_LOOP"])

    @cached_property
    def lip_u(self) -> np.ndarray:
        """Position across the mouth for every vertex: -1 at the right corner, 0 mid, +1 at the left corner."""
        return (self.v[:, 0] - self.mouth_centre[0]) / self.mouth_half_width

    @cached_property
    def lip_core(self) -> np.ndarray:
        """Lip vertices away from the corners, plus the corner landmarks' own ring. Shapes that move the two
        lips apart prescribe only these: between them, where upper and lower lip meet in tiny triangles,
        the smooth deformation bends the corner instead of folding it."""
        corner_ring = self.lips[self.lip_hops[self.lips] > LIP_HOPS]
        core = self.lips[np.abs(self.lip_u[self.lips]) <= CORNER_FREE_U]
        return np.union1d(core, corner_ring)

    @cached_property
    def eye_regions(self) -> np.ndarray:
        """Lids and sockets of both eyes: skin that only the eye shapes move."""
        names = [f"{kind}_{side}" for side in ("LEFT", "RIGHT")
                 for kind in ("SOCKET", "LID_MARGIN_UPPER", "LID_MARGIN_LOWER", "CANTHI",
                              "EYELID_UPPER", "EYELID_LOWER")]
        return np.concatenate([REGIONS[name] for name in names])

    def eye_centre(self, side: str) -> np.ndarray:
        return self.v[REGIONS[f"EYEBALL_{side}"]].mean(axis=0)

    def lateral(self, side_sign: float) -> np.ndarray:
        """Signed distance towards the given side (+1 the subject's left) from the mouth's midline, metres."""
        return side_sign * (self.v[:, 0] - self.mouth_centre[0])
