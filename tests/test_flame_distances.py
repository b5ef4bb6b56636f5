# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lip aperture, mouth width and lid gap on the FLAME template and on simple, known edits of it."""

import numpy as np
import pytest

from inference.flame_topology import template_path
from inference.ply import load_ply
from models.training.flame.distances import (
    lid_gap,
    lid_gap_series,
    lip_aperture,
    lip_aperture_series,
    mouth_width,
    mouth_width_series,
)
from models.training.flame.regions import REGIONS


@pytest.fixture(scope="module")
def template():
    return load_ply(template_path())[0]


def _lower_lip_down(vertices, metres):
    out = vertices.copy()
    out[REGIONS["LOWER_LIP"], 1] -= metres
    return out


def _random_similarity(rng, vertices, scale):
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    q *= np.sign(np.linalg.det(q))  # a rotation, not a reflection
    return scale * vertices @ q.T + rng.normal(size=3)


def test_template_figures(template):
    # The mean head's lips touch (its lower lip even tucks under the upper one), the corners are 58 mm apart
    # and the eyes are open about 7.4 mm at the middle of the lids.
    assert lip_aperture(template) == 0.0
    assert mouth_width(template) == pytest.approx(np.linalg.norm(template[3922] - template[3799]))
    assert 0.055 < mouth_width(template) < 0.061
    for side in ("left", "right"):
        assert 0.006 < lid_gap(template, side) < 0.009


def test_aperture_follows_the_lower_lip(template):
    drops = np.array([0.0, 0.003, 0.006, 0.010, 0.015, 0.020])
    apertures = np.array([lip_aperture(_lower_lip_down(template, d)) for d in drops])
    assert np.all(np.diff(apertures) >= 0)
    # Once clear of the ~4 mm overlap at rest, the gap grows by what the lip travels.
    assert apertures[-1] - apertures[-2] == pytest.approx(0.005, abs=0.0005)
    assert apertures[-1] > 0.014


def test_measures_ignore_pose_and_scale_with_units(template):
    rng = np.random.default_rng(7)
    posed = _lower_lip_down(template, 0.012)
    moved = _random_similarity(rng, posed, 100.0)  # centimetres, any orientation
    assert lip_aperture(moved) == pytest.approx(100.0 * lip_aperture(posed), rel=1e-6)
    assert mouth_width(moved) == pytest.approx(100.0 * mouth_width(posed), rel=1e-9)
    assert lid_gap(moved, "right") == pytest.approx(100.0 * lid_gap(posed, "right"), rel=1e-9)


def test_series_match_single_frames(template):
    frames = np.stack([_lower_lip_down(template, d) for d in np.linspace(0.0, 0.02, 7)])
    np.testing.assert_allclose(lip_aperture_series(frames), [lip_aperture(f) for f in frames], atol=1e-12)
    np.testing.assert_allclose(mouth_width_series(frames), [mouth_width(f) for f in frames], atol=1e-12)
    np.testing.assert_allclose(lid_gap_series(frames, "left"), [lid_gap(f, "left") for f in frames], atol=1e-12)


def test_lid_gap_closes_when_the_upper_margin_meets_the_lower(template):
    closed = template.copy()
    for side in ("LEFT", "RIGHT"):
        upper = REGIONS[f"LID_MARGIN_UPPER_{side}"]
        lower = REGIONS[f"LID_MARGIN_LOWER_{side}"]
        # Put each upper margin vertex onto the lower margin polyline's height at its own X.
        order = np.argsort(template[lower, 0])
        closed[upper, 1] = np.interp(template[upper, 0], template[lower, 0][order], template[lower, 1][order])
        closed[upper, 2] = np.interp(template[upper, 0], template[lower, 0][order], template[lower, 2][order])
    for side in ("left", "right"):
        assert lid_gap(closed, side) < 0.0005
    with pytest.raises(ValueError):
        lid_gap(template, "middle")
