# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""inference.flame_topology: counts and the edge structure, with the hash re-derived from the template."""

import numpy as np
import pytest

from inference.errors import LipSyncError
from inference.flame_topology import EDGE_HASH, check_flame_topology, edge_hash, template_path
from inference.ply import load_ply


@pytest.fixture(scope="module")
def triangles():
    return load_ply(template_path())[1]


def test_constant_is_the_templates_edge_hash(triangles):
    assert edge_hash(triangles) == EDGE_HASH


def test_template_passes_in_any_face_order_winding_and_container(triangles):
    check_flame_topology(5023, triangles)
    shuffled = np.random.default_rng(0).permutation(triangles)
    check_flame_topology(5023, shuffled[:, ::-1])  # reordered faces, flipped winding: same mesh
    check_flame_topology(5023, [tuple(t) for t in shuffled])  # e.g. Blender's polygon vertex tuples


def test_wrong_counts_fail(triangles):
    with pytest.raises(LipSyncError, match="5000 vertices, FLAME has 5023"):
        check_flame_topology(5000, triangles)
    with pytest.raises(LipSyncError, match="9975 triangles, FLAME has 9976"):
        check_flame_topology(5023, triangles[:-1])
    quads = [list(t) + [t[0]] for t in triangles[:10]] + [list(t) for t in triangles[10:]]
    with pytest.raises(LipSyncError, match="10 of its faces are not triangles"):
        check_flame_topology(5023, quads)


def test_same_counts_other_connectivity_fails(triangles):
    relabelled = np.random.default_rng(1).permutation(5023)[triangles]  # vertex order scrambled
    with pytest.raises(LipSyncError, match="not its edges"):
        check_flame_topology(5023, relabelled)
    swapped = triangles.copy()
    swapped[[0, 1], 0] = swapped[[1, 0], 0]  # one edit: two faces exchange a corner
    with pytest.raises(LipSyncError, match="not its edges"):
        check_flame_topology(5023, swapped)
