# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Handle-driven smooth deformation of the skin: biharmonic interpolation of prescribed offsets.

Handles get their offsets exactly; skin beyond `radius` of every handle, the must-not-move regions and any
extra fixed vertices stay still; everything in between minimises the bilaplacian energy, so the offsets
fall off smoothly (C1 at the fixed border) and do not ripple the way a harmonic (Laplacian) field would.
"""

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu
from scipy.spatial import cKDTree

from ..flame.mesh_graph import cotan_laplacian
from ..flame.regions import N_HEAD, REGIONS


class SmoothDeformer:
    def __init__(self, vertices: np.ndarray, triangles: np.ndarray):
        head_triangles = triangles[np.all(triangles < N_HEAD, axis=1)]
        self.vertices = vertices
        lap, mass = cotan_laplacian(vertices[:N_HEAD], head_triangles)
        self.bilaplacian = (lap @ sp.diags(1.0 / mass) @ lap).tocsr()
        self.static = np.zeros(N_HEAD, dtype=bool)
        self.static[REGIONS["STATIC"]] = True

    def interpolate(self, handles: np.ndarray, values: np.ndarray, radius: float, fixed=()) -> np.ndarray:
        """Smooth field over the skin (N_HEAD, k) equal to `values` (n, k) on `handles`, zero on the fixed
        skin (static, `fixed`, and vertices farther than `radius` metres from every handle)."""
        handles = np.asarray(handles)
        values = np.asarray(values, dtype=np.float64).reshape(len(handles), -1)
        head = self.vertices[:N_HEAD]
        far = cKDTree(head[handles]).query(head, distance_upper_bound=radius)[0] > radius
        known = self.static | far
        known[np.asarray(fixed, dtype=np.int64)] = True
        known[handles] = True
        field = np.zeros((N_HEAD, values.shape[1]))
        field[handles] = values
        free = np.flatnonzero(~known)
        if len(free):
            rhs = -self.bilaplacian[free][:, np.flatnonzero(known)] @ field[known]
            field[free] = splu(self.bilaplacian[free][:, free].tocsc()).solve(rhs)
        return field

    def spread(self, handles: np.ndarray, offsets: np.ndarray, radius: float, fixed=()) -> np.ndarray:
        """Vertex offsets (5023, 3) of the whole head for handle offsets (n, 3); eyeballs stay still."""
        out = np.zeros((len(self.vertices), 3))
        out[:N_HEAD] = self.interpolate(handles, offsets, radius, fixed)
        return out
