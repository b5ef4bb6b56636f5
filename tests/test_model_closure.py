# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The closure gate shuts the lips of the real rig where the closure head fires, and its calibration."""

import numpy as np
import pytest
import torch

from inference.flame_topology import template_path
from inference.ply import load_ply
from models.training.controls import CONTROL_NAMES
from models.training.flame.distances import lip_aperture_series
from models.training.model.closure import (
    CLOSE_CONTROL,
    OPEN_CONTROL,
    ClosureGate,
    aperture_gain,
    calibrate_threshold,
    closure_hit_rate,
)
from models.training.rig.basis import build_basis


@pytest.fixture(scope="module")
def rig():
    vertices, triangles = load_ply(template_path())
    basis = build_basis(vertices, triangles)
    return vertices, basis, aperture_gain(vertices, basis, lambda v: float(lip_aperture_series(v[None])[0]))


def test_gate_closes_open_lips_only_where_it_fires(rig):
    vertices, basis, gain = rig
    gate = ClosureGate(gain)
    weights = np.zeros((1, len(CONTROL_NAMES), 4), dtype=np.float32)
    weights[0, OPEN_CONTROL] = [0.3, 0.6, 0.9, 0.6]
    weights[0, CONTROL_NAMES.index("mouthFunnel"), 3] = 0.5
    logits = torch.tensor([[4.0, 4.0, 4.0, 4.0]])
    with torch.no_grad():
        shut = gate(torch.from_numpy(weights), logits)[0].numpy().T
        open_ = gate(torch.from_numpy(weights), -logits)[0].numpy().T
    aperture = lip_aperture_series(vertices + np.einsum("tk,kvc->tvc", shut, basis))
    assert np.all(aperture < 0.001)
    assert np.allclose(open_, weights[0].T, atol=1e-3)
    untouched = [k for k in range(len(CONTROL_NAMES)) if k != CLOSE_CONTROL]
    assert np.array_equal(shut[:, untouched], weights[0].T[:, untouched])
    assert lip_aperture_series(vertices + np.einsum("tk,kvc->tvc", open_, basis)).min() > 0.001


def test_calibration_sets_the_gate_shut_at_the_threshold(rig):
    gate = ClosureGate(rig[2])
    gate.calibrate(1.5)
    assert float(gate.probability(torch.tensor(1.5))) == pytest.approx(0.98, abs=1e-3)
    assert float(gate.probability(torch.tensor(0.0))) < 0.01


def test_threshold_meets_the_false_alarm_budget_on_speech():
    rng = np.random.default_rng(0)
    labels = np.zeros(1000)
    labels[100:110] = labels[500:505] = 1
    speech = np.ones(1000)
    speech[800:] = 0
    logits = rng.normal(size=1000)
    logits[800:] = 10.0        # firing in a pause is no false alarm
    logits[104] = logits[502] = 3.0
    threshold = calibrate_threshold([logits], [labels], [speech], false_alarm=0.05)
    negatives = logits[:800][np.r_[0:97, 113:497, 508:800]]
    assert np.mean(negatives > threshold) == pytest.approx(0.05, abs=0.01)
    assert closure_hit_rate([logits], [labels], threshold) == 1.0
    assert closure_hit_rate([logits], [labels], 5.0) == 0.0
