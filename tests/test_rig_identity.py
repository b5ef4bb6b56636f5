# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rig builds from the head it is given: on another identity (a wider, shorter, larger head than the
mean one) the shapes keep their meaning."""

import numpy as np
import pytest

from inference.flame_topology import template_path
from inference.ply import load_ply
from models.training.controls import CONTROL_NAMES
from models.training.flame import regions
from models.training.flame.distances import lid_gap, lip_aperture, mouth_width
from models.training.flame.regions import REGIONS
from models.training.rig.basis import build_basis
from models.training.rig.checks import folded_triangles

MM = 1e-3


@pytest.fixture(scope="module")
def other_head():
    vertices, triangles = load_ply(template_path())
    head = vertices[:regions.N_HEAD] * [1.08, 0.95, 1.04] * 1.05
    head[:, 2] += 0.004 * np.sin(head[:, 1] / 0.05)  # a gentle bend of the profile
    other = vertices * 1.05
    other[:regions.N_HEAD] = head
    for ball in (REGIONS["EYEBALL_LEFT"], REGIONS["EYEBALL_RIGHT"]):  # eyeballs follow their sockets rigidly
        centre = vertices[ball].mean(axis=0)
        moved = centre * [1.08, 0.95, 1.04] * 1.05
        moved[2] += 0.004 * np.sin(moved[1] / 0.05)
        other[ball] = (vertices[ball] - centre) * 1.05 + moved
    basis = build_basis(other, triangles).astype(np.float64)
    return other, triangles, {name: basis[i] for i, name in enumerate(CONTROL_NAMES)}


def test_jaw_and_closure(other_head):
    v, _, s = other_head
    assert lip_aperture(v + s["jawOpen"]) >= 10 * MM
    assert lip_aperture(v + 0.5 * (s["jawOpen"] + s["mouthClose"])) < 1 * MM
    assert lip_aperture(v + s["jawOpen"] + s["mouthClose"]) < 1 * MM


def test_mouth_width_shapes(other_head):
    v, _, s = other_head
    rest = mouth_width(v)
    assert mouth_width(v + s["mouthPucker"]) <= 0.85 * rest
    assert mouth_width(v + s["mouthFunnel"]) <= 0.85 * rest
    assert mouth_width(v + s["mouthStretchRight"]) >= 1.05 * rest


def test_blinks_close_and_nothing_folds(other_head):
    v, f, s = other_head
    assert lid_gap(v + s["eyeBlinkLeft"], "left") < 1 * MM
    assert lid_gap(v + s["eyeBlinkRight"], "right") < 1 * MM
    for name, offsets in s.items():
        if name != "mouthClose":
            assert len(folded_triangles(v, v + offsets, f)) == 0, name
    assert np.abs(np.stack(list(s.values()))[:, regions.N_HEAD:]).max() == 0.0
