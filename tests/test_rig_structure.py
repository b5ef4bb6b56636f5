# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Whole-basis properties: layout, derived regions, mirror symmetry, rigid eyeballs, still scalp/neck/ears,
no folds, smooth falloff, kept volume."""

import time

import numpy as np
import pytest

from inference.flame_topology import MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT, NOSE_TIP, template_path
from inference.ply import load_ply
from models.training.controls import CONTROL_NAMES
from models.training.flame import regions
from models.training.flame.mesh_graph import boundary_loops, edges
from models.training.flame.regions import REGIONS
from models.training.rig.basis import build_basis
from models.training.rig.checks import edge_strain, enclosed_volume, folded_triangles
from models.training.rig.mirror import mirror_offsets

MM = 1e-3
EYE_SHAPES = {"eyeBlink", "eyeSquint", "eyeWide"}  # built per eye from its own geometry, not mirrored


@pytest.fixture(scope="module")
def rig():
    vertices, triangles = load_ply(template_path())
    start = time.perf_counter()
    basis = build_basis(vertices, triangles)
    seconds = time.perf_counter() - start
    return vertices, triangles, basis, seconds


def _pairs():
    return [(name, name[:-4] + "Right") for name in CONTROL_NAMES if name.endswith("Left")]


def test_layout_and_speed(rig):
    _, _, basis, seconds = rig
    assert basis.shape == (len(CONTROL_NAMES), 5023, 3) and basis.dtype == np.float32
    assert np.all(np.isfinite(basis))
    moved = np.abs(basis).max(axis=(1, 2))
    assert np.all(moved > 1.5 * MM), [n for n, m in zip(CONTROL_NAMES, moved) if m <= 1.5 * MM]
    assert np.all(moved < 25 * MM)
    assert seconds < 15.0


def test_region_constants_are_what_the_derivation_gives(rig):
    vertices, triangles, _, _ = rig
    derived = regions.derive(vertices, triangles)
    assert regions.differences(derived) == []
    assert regions.differences({**derived, "NOSE": derived["NOSE"][1:]}) == ["NOSE"]
    assert all(regions.describe(name) for name in derived)


def test_mirror_map(rig):
    vertices = rig[0]
    mirror = REGIONS["MIRROR"]
    assert np.array_equal(mirror[mirror], np.arange(5023))
    assert np.array_equal(np.sort(mirror[REGIONS["EYEBALL_LEFT"]]), REGIONS["EYEBALL_RIGHT"])
    assert mirror[MOUTH_CORNER_LEFT] == MOUTH_CORNER_RIGHT
    assert mirror[NOSE_TIP] == NOSE_TIP
    reflected = vertices[mirror] * [-1.0, 1.0, 1.0]
    assert np.linalg.norm(reflected - vertices, axis=1).max() < 4 * MM  # the mean head is ~1 mm asymmetric


@pytest.mark.parametrize("left,right", _pairs())
def test_left_and_right_are_mirror_images(rig, left, right):
    _, _, basis, _ = rig
    b_left = basis[CONTROL_NAMES.index(left)].astype(np.float64)
    b_right = basis[CONTROL_NAMES.index(right)].astype(np.float64)
    error = np.linalg.norm(mirror_offsets(b_left) - b_right, axis=1).max()
    assert error < (1.0 * MM if left[:-4] in EYE_SHAPES else 1e-6 * MM)


@pytest.mark.parametrize("left,right", [p for p in _pairs() if p[0] not in ("jawLeft", "mouthLeft")])
def test_left_means_the_subjects_left(rig, left, right):
    vertices, _, basis, _ = rig
    for name, sign in ((left, 1.0), (right, -1.0)):
        motion = np.linalg.norm(basis[CONTROL_NAMES.index(name)], axis=1)
        centre_x = (motion * vertices[:, 0]).sum() / motion.sum()
        assert sign * centre_x > 0.01, name


def test_eyeballs_stay_rigid(rig):
    _, _, basis, _ = rig
    assert np.abs(basis[:, regions.N_HEAD:]).max() == 0.0


def test_scalp_neck_and_ears_do_not_move(rig):
    vertices, _, basis, _ = rig
    head = vertices[:regions.N_HEAD]
    scalp = head[:, 1] > 0.09
    back_and_ears = head[:, 2] < -0.04
    neck = head[:, 1] < -0.13
    still = np.flatnonzero(scalp | back_and_ears | neck)
    assert len(still) > 1500
    assert np.abs(basis[:, still]).max() < 1e-9


def _poses(basis):
    """Every shape at weight 1, except mouthClose, which (as in ARKit) is only meant on an open jaw."""
    poses = {n: basis[i].astype(np.float64) for i, n in enumerate(CONTROL_NAMES) if n != "mouthClose"}
    poses["jawOpen+mouthClose"] = (basis[CONTROL_NAMES.index("jawOpen")]
                                   + basis[CONTROL_NAMES.index("mouthClose")]).astype(np.float64)
    return poses


def test_no_shape_folds_the_surface(rig):
    vertices, triangles, basis, _ = rig
    folds = {name: folded_triangles(vertices, vertices + offsets, triangles).tolist()
             for name, offsets in _poses(basis).items()}
    assert not any(folds.values()), {k: v for k, v in folds.items() if v}


def test_offsets_fall_off_smoothly(rig):
    vertices, triangles, basis, _ = rig
    edge_list = edges(triangles)
    for name, offsets in _poses(basis).items():
        strain = edge_strain(vertices, offsets, edge_list)
        assert strain.max() < 3.5, name
        assert np.quantile(strain, 0.999) < 2.0, name


def test_face_keeps_its_volume(rig):
    vertices, triangles, basis, _ = rig
    skin = triangles[np.all(triangles < regions.N_HEAD, axis=1)]
    loops = boundary_loops(skin)
    rest = enclosed_volume(vertices, skin, loops)
    change = {name: (enclosed_volume(vertices + offsets, skin, loops) - rest) * 1e6   # cm^3
              for name, offsets in _poses(basis).items()}
    # cheekPuff inflates by design; jawForward carries the jaw (and its volume) forward; closing the lips
    # over an open jaw stretches them across the opening (the opening's cap is part of the measured volume).
    assert change.pop("cheekPuff") > 10.0
    change.pop("jawForward")
    assert abs(change.pop("jawOpen+mouthClose")) < 10.0
    assert max(abs(c) for c in change.values()) < 5.0, change
