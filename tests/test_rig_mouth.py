# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The jaw and mouth shapes do what their ARKit names say, measured on the template with the shared measures."""

import numpy as np
import pytest

from inference.flame_topology import MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT, template_path
from inference.ply import load_ply
from models.training.controls import CONTROL_NAMES
from models.training.flame.distances import lip_aperture, mouth_width
from models.training.flame.regions import REGIONS
from models.training.rig.basis import build_basis

MM = 1e-3


@pytest.fixture(scope="module")
def rig():
    vertices, triangles = load_ply(template_path())
    basis = build_basis(vertices, triangles).astype(np.float64)
    return vertices, {name: basis[i] for i, name in enumerate(CONTROL_NAMES)}


def _mean(offsets, ids):
    return offsets[ids].mean(axis=0)


def _side(vertices, ids, sign):
    """The part of a vertex set more than 10 mm towards the subject's left (+1) or right (-1)."""
    return ids[sign * vertices[ids, 0] > 0.010]


def test_jaw_open_rotates_the_lower_face(rig):
    v, s = rig
    jaw = s["jawOpen"]
    assert lip_aperture(v + jaw) >= 10 * MM
    chin = _mean(jaw, REGIONS["CHIN"])
    assert chin[1] < -8 * MM and chin[2] < -1 * MM           # down and back
    assert _mean(jaw, REGIONS["LIP_MID_LOWER"])[1] < -12 * MM   # the lower lip follows
    assert np.abs(jaw[REGIONS["LIP_MID_UPPER"]]).max() < 0.5 * MM  # the upper lip stays
    # Rotation, not translation: the chin, farther from the joint, travels farther than the lower lip.
    assert np.linalg.norm(chin) > np.linalg.norm(_mean(jaw, REGIONS["LIP_MID_LOWER"]))


@pytest.mark.parametrize("weight", [0.25, 0.5, 0.75, 1.0])
def test_mouth_close_keeps_the_lips_together_over_an_open_jaw(rig, weight):
    v, s = rig
    assert lip_aperture(v + weight * s["jawOpen"]) > (3 * MM if weight >= 0.5 else 0.0)
    assert lip_aperture(v + weight * (s["jawOpen"] + s["mouthClose"])) < 1 * MM


@pytest.mark.parametrize("name", ["mouthFunnel", "mouthPucker"])
def test_funnel_and_pucker_narrow_the_mouth_and_push_the_lips_forward(rig, name):
    v, s = rig
    assert mouth_width(v + s[name]) <= 0.85 * mouth_width(v)
    lips = np.concatenate([REGIONS["LIP_MID_UPPER"], REGIONS["LIP_MID_LOWER"]])
    assert _mean(s[name], lips)[2] > 3 * MM


def test_funnel_opens_a_little_and_pucker_stays_closed(rig):
    v, s = rig
    assert 1 * MM < lip_aperture(v + s["mouthFunnel"]) < 8 * MM
    assert lip_aperture(v + s["mouthPucker"]) < 1 * MM


@pytest.mark.parametrize("name,sign", [("mouthStretchLeft", 1), ("mouthStretchRight", -1),
                                       ("mouthSmileLeft", 1), ("mouthSmileRight", -1)])
def test_stretch_and_smile_widen_the_mouth_on_their_side(rig, name, sign):
    v, s = rig
    assert mouth_width(v + s[name]) >= 1.05 * mouth_width(v)
    corner = MOUTH_CORNER_LEFT if sign > 0 else MOUTH_CORNER_RIGHT
    other = MOUTH_CORNER_RIGHT if sign > 0 else MOUTH_CORNER_LEFT
    assert sign * s[name][corner, 0] > 3 * MM
    assert np.linalg.norm(s[name][other]) < 0.5 * MM
    if name.startswith("mouthSmile"):
        assert s[name][corner, 1] > 3 * MM


@pytest.mark.parametrize("name,corner", [("mouthFrownLeft", MOUTH_CORNER_LEFT),
                                         ("mouthFrownRight", MOUTH_CORNER_RIGHT)])
def test_frown_pulls_the_corner_down(rig, name, corner):
    assert rig[1][name][corner, 1] < -3 * MM


@pytest.mark.parametrize("name,lip,towards_other", [("mouthRollLower", REGIONS["LIP_MID_LOWER"], 1),
                                                     ("mouthRollUpper", REGIONS["LIP_MID_UPPER"], -1)])
def test_roll_curls_the_lip_in(rig, name, lip, towards_other):
    v, s = rig
    front = lip[v[lip, 2] >= np.median(v[lip, 2])]
    edge = front[towards_other * v[front, 1] >= towards_other * np.median(v[front, 1])]  # the red lip's edge
    assert _mean(s[name], edge)[2] < -2 * MM          # turns back into the mouth
    assert lip_aperture(v + s[name]) < 1 * MM


@pytest.mark.parametrize("name,sign", [("mouthPressLeft", 1), ("mouthPressRight", -1)])
def test_press_flattens_the_closed_lips_on_its_side(rig, name, sign):
    v, s = rig
    lips = _side(v, np.union1d(REGIONS["UPPER_LIP"], REGIONS["LOWER_LIP"]), sign)
    front = lips[v[lips, 2] > np.quantile(v[lips, 2], 0.5)]
    height = np.ptp(v[front, 1])
    assert np.ptp((v + s[name])[front, 1]) < 0.9 * height
    assert lip_aperture(v + s[name]) < 1 * MM


@pytest.mark.parametrize("name,lip,sign,direction", [
    ("mouthLowerDownLeft", REGIONS["LOWER_LIP"], 1, -1), ("mouthLowerDownRight", REGIONS["LOWER_LIP"], -1, -1),
    ("mouthUpperUpLeft", REGIONS["UPPER_LIP"], 1, 1), ("mouthUpperUpRight", REGIONS["UPPER_LIP"], -1, 1)])
def test_one_sided_lip_raise_and_lower(rig, name, lip, sign, direction):
    v, s = rig
    assert direction * _mean(s[name], _side(v, lip, sign))[1] > 3 * MM
    assert abs(_mean(s[name], _side(v, lip, -sign))[1]) < 1 * MM


def test_shrugs_raise_the_lips(rig):
    _, s = rig
    assert _mean(s["mouthShrugLower"], REGIONS["LIP_MID_LOWER"])[1] > 1 * MM
    assert _mean(s["mouthShrugLower"], REGIONS["CHIN"])[1] > 1 * MM
    assert _mean(s["mouthShrugUpper"], REGIONS["LIP_MID_UPPER"])[1] > 1 * MM


@pytest.mark.parametrize("name,sign", [("jawLeft", 1), ("jawRight", -1), ("mouthLeft", 1), ("mouthRight", -1)])
def test_sideways_shapes_go_to_the_subjects_side(rig, name, sign):
    _, s = rig
    lips = np.concatenate([REGIONS["LIP_MID_UPPER"], REGIONS["LIP_MID_LOWER"]])
    part = REGIONS["CHIN"] if name.startswith("jaw") else lips
    assert sign * _mean(s[name], part)[0] > 3 * MM


def test_jaw_forward_and_cheek_puff(rig):
    v, s = rig
    assert _mean(s["jawForward"], REGIONS["CHIN"])[2] > 2 * MM
    for cheek, sign in ((REGIONS["CHEEK_LEFT"], 1), (REGIONS["CHEEK_RIGHT"], -1)):
        assert (sign * s["cheekPuff"][cheek, 0]).max() > 3 * MM  # outwards
