# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Eyelid shapes: a blink closes the lid gap by sliding the lids over the eyeball, never through it."""

import numpy as np
import pytest

from inference.flame_topology import template_path
from inference.ply import load_ply
from models.training.controls import CONTROL_NAMES
from models.training.flame import regions
from models.training.flame.distances import lid_gap
from models.training.flame.regions import REGIONS
from models.training.rig.basis import build_basis
from models.training.rig.checks import winding_numbers

MM = 1e-3
SIDES = (("Left", "left", "right"), ("Right", "right", "left"))


@pytest.fixture(scope="module")
def rig():
    vertices, triangles = load_ply(template_path())
    basis = build_basis(vertices, triangles).astype(np.float64)
    return vertices, triangles, {name: basis[i] for i, name in enumerate(CONTROL_NAMES)}


@pytest.mark.parametrize("suffix,side,other", SIDES)
def test_blink_closes_its_own_eye_step_by_step(rig, suffix, side, other):
    v, _, s = rig
    blink = s[f"eyeBlink{suffix}"]
    gaps = [lid_gap(v + w * blink, side) for w in (0.0, 0.25, 0.5, 0.75, 1.0)]
    assert gaps[0] > 6 * MM
    assert np.all(np.diff(gaps) < 0)
    assert gaps[-1] < 1 * MM
    assert lid_gap(v + blink, other) == pytest.approx(lid_gap(v, other), abs=1e-9)


@pytest.mark.parametrize("suffix,side,other", SIDES)
def test_squint_narrows_and_wide_opens(rig, suffix, side, other):
    v, _, s = rig
    rest = lid_gap(v, side)
    assert lid_gap(v + s[f"eyeSquint{suffix}"], side) < 0.7 * rest
    assert lid_gap(v + s[f"eyeWide{suffix}"], side) > 1.1 * rest


@pytest.mark.parametrize("suffix,side,other", SIDES)
def test_blink_slides_the_upper_lid_over_the_eyeball(rig, suffix, side, other):
    v, _, s = rig
    centre = v[REGIONS[f"EYEBALL_{side.upper()}"]].mean(axis=0)
    margin = REGIONS[f"LID_MARGIN_UPPER_{side.upper()}"]
    moved = v[margin] + s[f"eyeBlink{suffix}"][margin]
    travel = np.linalg.norm(s[f"eyeBlink{suffix}"][margin], axis=1)
    before = np.linalg.norm(v[margin] - centre, axis=1)
    after = np.linalg.norm(moved - centre, axis=1)
    assert travel.max() > 4 * MM                 # the lid really travels...
    assert np.all(after > before - 0.01 * MM)    # ...without sinking towards the eyeball centre


def test_no_skin_enters_an_eyeball(rig):
    v, f, s = rig
    poses = [w * s[n] for n in CONTROL_NAMES for w in ((0.5, 1.0) if n.startswith("eye") else (1.0,))]
    for ball in (REGIONS["EYEBALL_LEFT"], REGIONS["EYEBALL_RIGHT"]):
        ball_triangles = f[np.all(np.isin(f, ball), axis=1)]
        centre = v[ball].mean(axis=0)
        near = np.flatnonzero(np.linalg.norm(v[:regions.N_HEAD] - centre, axis=1) < 0.02)
        outside = near[np.abs(winding_numbers(v[near], v, ball_triangles)) < 0.5]
        assert len(outside) > 250
        for offsets in poses:
            if not np.any(offsets[outside]):
                continue
            x = v + offsets
            inside = outside[np.abs(winding_numbers(x[outside], x, ball_triangles)) > 0.5]
            assert len(inside) == 0
