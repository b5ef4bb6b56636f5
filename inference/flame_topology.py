# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""FLAME topology facts: is a mesh a FLAME head (vertex and triangle counts, edge structure), its landmark vertices,
and where the FLAME mean head lives for training, tests and demos."""

import hashlib
import os
from pathlib import Path

import numpy as np

from .errors import LipSyncError

VERTEX_COUNT = 5023
TRIANGLE_COUNT = 9976
# edge_hash() of the FLAME template's triangles; tests re-derive it from ../shared/flame/template.ply.
EDGE_HASH = "963f669aa6db0571a9e2d3940676291d5a542f366727c716be0820556140b169"

# Vertices 0..3930 are the skin; the two eyeballs follow, each a closed mesh of its own.
LEFT_EYEBALL = slice(3931, 4477)   # the subject's left
RIGHT_EYEBALL = slice(4477, 5023)
# Landmark vertices, in the FLAME file frame (+X the subject's left, +Y up, +Z forward).
NOSE_TIP = 3564            # the most forward skin vertex
MOUTH_CORNER_LEFT = 3922   # the subject's left
MOUTH_CORNER_RIGHT = 3799
CHIN_POINT = 3401          # the most prominent point of the chin on the midline


def template_path() -> Path:
    """The FLAME mean head: $FLAME_TEMPLATE when set and not empty, else <repo>/../shared/flame/template.ply."""
    repo = Path(__file__).resolve().parents[1]
    return Path(os.environ.get("FLAME_TEMPLATE") or repo.parent / "shared" / "flame" / "template.ply")


def edge_hash(triangles):
    """SHA-256 of the mesh's sorted unique undirected edges (independent of face order and winding)."""
    edges = _edges(triangles)
    return hashlib.sha256(np.ascontiguousarray(edges, dtype="<i4").tobytes()).hexdigest()


def check_flame_topology(vertex_count, polygons):
    """Raise LipSyncError unless the mesh has FLAME's 5023 vertices, 9976 triangles and FLAME's edges.

    `polygons`: an int array [F, 3], or a sequence of vertex-index sequences (e.g. Blender's polygon vertices).
    """
    if vertex_count != VERTEX_COUNT:
        raise LipSyncError(f"The mesh is not a FLAME head: it has {vertex_count} vertices, FLAME has {VERTEX_COUNT}.")
    triangles = _as_triangles(polygons)
    if len(triangles) != TRIANGLE_COUNT:
        raise LipSyncError(f"The mesh is not a FLAME head: it has {len(triangles)} triangles, "
                           f"FLAME has {TRIANGLE_COUNT}.")
    if edge_hash(triangles) != EDGE_HASH:
        raise LipSyncError("The mesh has FLAME's vertex and triangle counts but not its edges (vertex order changed "
                           "or mesh edited); import the FLAME head again without merging or sorting vertices.")


def _as_triangles(polygons):
    if isinstance(polygons, np.ndarray) and polygons.ndim == 2:
        if polygons.shape[1] != 3:
            raise LipSyncError(f"The mesh is not a FLAME head: its faces have {polygons.shape[1]} corners, "
                               "FLAME's are triangles.")
        return polygons
    polygons = list(polygons)
    non_triangles = sum(1 for p in polygons if len(p) != 3)
    if non_triangles:
        raise LipSyncError(f"The mesh is not a FLAME head: {non_triangles} of its faces are not triangles.")
    return np.asarray(polygons, dtype=np.int64).reshape(-1, 3)


def _edges(triangles):
    t = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
    pairs = np.concatenate([t[:, [0, 1]], t[:, [1, 2]], t[:, [2, 0]]])
    pairs.sort(axis=1)
    # One integer per edge: a 1-D unique is ~10x faster than unique(axis=0) and gives the same sorted order.
    span = int(pairs.max()) + 1 if len(pairs) else 1
    codes = np.unique(pairs[:, 0] * span + pairs[:, 1])
    return np.stack([codes // span, codes % span], axis=1)
