# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The lips of any FLAME head meet where the model says closed, and never press through each other."""

import numpy as np
import pytest

from inference.head_frame import head_frame, transfer_offsets
from inference.lip_contact import LOWER_LIP_MIDLINE, MAX_LIP_SPEED, UPPER_LIP_MIDLINE, LipSeal
from inference.model import LipSyncModel
from inference.ply import load_ply
from models.training.rig.head_variants import Variants, rest_gap

MM = 0.001
FPS = 60


@pytest.fixture(scope="module")
def model():
    return LipSyncModel(provider="cpu")


@pytest.fixture(scope="module")
def mean_head(template_path):
    return load_ply(template_path)


@pytest.fixture(scope="module")
def variants(mean_head):
    return Variants(*mean_head).family()


def seal_for(vertices, model):
    shapes = transfer_offsets(model.basis, model.reference_frame, vertices)
    return LipSeal.for_head(vertices, shapes, model.control_names)


def speaking_weights(model, frames=60):
    """A jaw opening and closing, with the other controls at rest."""
    weights = np.zeros((frames, len(model.control_names)), np.float32)
    weights[:, model.control_names.index("jawOpen")] = 0.5 * (1 - np.cos(np.linspace(0, 4 * np.pi, frames))) / 2
    return weights


def test_midline_vertices_lie_on_the_mean_heads_midline(mean_head):
    vertices, _ = mean_head
    frame = head_frame(vertices)
    lateral = (vertices[list(UPPER_LIP_MIDLINE + LOWER_LIP_MIDLINE)] - frame.origin) @ frame.axes[0]
    assert np.abs(lateral).max() < 1.5 * MM


def test_variants_cover_lips_apart_and_pressed(variants):
    assert rest_gap(variants["lips 3 mm apart"]) == pytest.approx(3 * MM, abs=0.05 * MM)
    assert rest_gap(variants["lips 0.5 mm apart"]) == pytest.approx(0.5 * MM, abs=0.05 * MM)
    assert rest_gap(variants["lips pressed"]) < rest_gap(variants["thinner lips"]) - 0.9 * MM


@pytest.mark.parametrize("name", ["lips 0.5 mm apart", "lips 1.5 mm apart", "lips 3 mm apart", "longer jaw",
                                  "1.2x", "0.85x", "asymmetric", "lips pressed"])
def test_a_closed_decision_closes_this_heads_lips(model, variants, name):
    seal = seal_for(variants[name], model)
    weights = speaking_weights(model)
    assert seal.gap(weights).max() > 2 * MM, "the test's jaw motion must part the lips"
    closed = seal.apply(weights, np.ones(len(weights)), FPS)
    assert seal.gap(closed).max() < 1 * MM
    assert seal.gap(closed).min() >= seal.floor - 1e-6


def test_open_decisions_leave_the_mouth_as_predicted(model, variants):
    seal = seal_for(variants["lips 1.5 mm apart"], model)
    weights = speaking_weights(model)
    assert np.array_equal(seal.apply(weights, np.zeros(len(weights)), FPS), weights)


@pytest.mark.parametrize("name", ["lips pressed", "lips 3 mm apart", "1.2x"])
def test_lips_never_press_more_than_1_mm_past_rest(model, variants, name):
    """Full mouthClose on a shut jaw would push the lower lip through the upper one: it is held back."""
    vertices = variants[name]
    seal = seal_for(vertices, model)
    weights = np.zeros((5, len(model.control_names)), np.float32)
    weights[:, model.control_names.index("mouthClose")] = np.linspace(0.2, 1.0, 5)
    units = head_frame(vertices).scale / head_frame(variants["thinner lips"]).scale
    limit = min(seal.rest_gap, 0.0) - 1 * MM * units
    assert seal.gap(weights).min() < limit, "the test must press past the limit without the seal"
    assert seal.gap(seal.apply(weights, np.zeros(5), FPS)).min() >= limit - 1e-6


def snapping_weights(model):
    """An open jaw whose lips the model snaps shut for frames 20-29 and open again (mouthClose 0 -> 1 in a frame)."""
    weights = np.zeros((50, len(model.control_names)), np.float32)
    weights[:, model.control_names.index("jawOpen")] = 1.0
    weights[20:30, model.control_names.index("mouthClose")] = 1.0
    return weights


@pytest.mark.parametrize("fps", [48, 60])
def test_lips_close_on_time_at_a_speed_lips_can_move(model, variants, fps):
    seal = seal_for(variants["thinner lips"], model)
    weights = snapping_weights(model)
    snapped = np.maximum(seal.gap(weights), 0.0)
    step = MAX_LIP_SPEED / fps
    assert np.abs(np.diff(snapped)).max() > 1.5 * step, "the test's closure must snap"
    limited = seal.limit_speed(weights, fps)
    opening = np.maximum(seal.gap(limited), 0.0)
    assert np.abs(np.diff(opening)).max() < step * 1.05
    assert opening[20:30].max() <= snapped[20:30].max() + 1e-6, "the closure is reached on time, not late"
    assert opening[19] < snapped[19] - step / 2, "the lips start closing before the closure"


def test_the_speed_limit_moves_only_mouth_close_and_only_toward_closed(model, variants):
    seal = seal_for(variants["lips 1.5 mm apart"], model)
    weights = snapping_weights(model)
    limited = seal.limit_speed(weights, FPS)
    close = model.control_names.index("mouthClose")
    others = np.arange(len(model.control_names)) != close
    assert np.array_equal(limited[:, others], weights[:, others])
    assert (limited[:, close] >= weights[:, close]).all()
    assert (seal.gap(limited) <= seal.gap(weights) + 1e-7).all()
