# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The closure gate shuts the lips of the real rig where the closure head fires, its calibration, and the labels and
loss the closure head learns from."""

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
from models.training.model.labels import ARTICULATION, CLOSURE, NON_LABIAL, SPEECH, articulation_class, frame_labels
from models.training.model.losses import MotionLoss
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


def test_non_labial_consonants_are_labelled_away_from_labials():
    """t in "t aa" and the k between vowels are labelled; the s before m and the k after it are not (the lips
    move for the m); the m is a closure."""
    phones = [("pau", 0.0, 0.1), ("t", 0.1, 0.2), ("aa", 0.2, 0.3), ("s", 0.3, 0.4), ("m", 0.4, 0.5),
              ("k", 0.5, 0.6), ("iy", 0.6, 0.7), ("k", 0.7, 0.8), ("aa", 0.8, 0.9), ("pau", 0.9, 1.0)]
    labels = frame_labels(phones, "arpabet", 100)
    for column, inside, core in ((NON_LABIAL, np.r_[12:19, 72:79], np.r_[13:18, 73:78]),
                                 (CLOSURE, np.r_[42:49], np.r_[43:48])):
        labelled = np.flatnonzero(labels[:, column])
        assert np.isin(labelled, inside).all() and np.isin(core, labelled).all()


def test_articulation_classes_tell_the_lip_closures_from_the_tongue_closures():
    """/m/ and /n/, /p/ and /t/ and /k/ are different classes; /p/ and /b/ (same place and manner) one; the frame
    labels carry each phone's class, and 0 (pause) where nothing is spoken."""
    arpabet = {p: articulation_class(p, "arpabet") for p in "p b m n ng t d k g s aa iy pau".split()}
    assert arpabet["p"] == arpabet["b"] and arpabet["t"] == arpabet["d"] and arpabet["k"] == arpabet["g"]
    assert len({arpabet[p] for p in "p m n ng t k s".split()}) == 7
    assert arpabet["pau"] == 0 and arpabet["aa"] == arpabet["iy"] == 1
    assert articulation_class("m", "espeak") == arpabet["m"] and articulation_class("n", "espeak") == arpabet["n"]
    phones = [("pau", 0.0, 0.1), ("m", 0.1, 0.2), ("aa", 0.2, 0.3), ("n", 0.3, 0.4)]
    labels = frame_labels(phones, "arpabet", 50)
    assert list(labels[[5, 15, 25, 35, 45], ARTICULATION]) == [0, arpabet["m"], 1, arpabet["n"], 0]


def test_closure_false_alarms_cost_more_inside_non_labial_consonants():
    """With a non-labial weight, the closure head firing inside a t costs more than firing inside a vowel; without
    one they cost the same."""
    basis = np.zeros((len(CONTROL_NAMES), 5023, 3), dtype=np.float32)
    weights = torch.zeros(1, 4, len(CONTROL_NAMES))
    labels = torch.zeros(1, 4, 3)
    labels[..., SPEECH] = 1.0
    labels[0, :2, NON_LABIAL] = 1.0          # frames 0-1: a t; frames 2-3: a vowel
    at_consonant, at_vowel = torch.tensor([[4.0, 4.0, -4.0, -4.0]]), torch.tensor([[-4.0, -4.0, 4.0, 4.0]])

    def cost(weight, logits):
        return float(MotionLoss(basis, weight)(weights, logits, weights, labels)["closure_bce"])

    assert cost(0.0, at_consonant) == pytest.approx(cost(0.0, at_vowel))
    assert cost(4.0, at_consonant) > 2.0 * cost(4.0, at_vowel)


def test_motion_errors_cost_more_inside_non_labial_consonants(rig):
    """With a non-labial motion weight, a jaw that opens too little inside a t costs more than the same error inside
    a vowel."""
    _, basis, _ = rig
    labels = torch.zeros(1, 4, 3)
    labels[..., SPEECH] = 1.0
    labels[0, :2, NON_LABIAL] = 1.0
    target = torch.zeros(1, 4, len(CONTROL_NAMES))
    target[..., OPEN_CONTROL] = 0.4
    logits = torch.full((1, 4), -4.0)

    def cost(weight, frames):
        weights = target.clone()
        weights[0, frames, OPEN_CONTROL] = 0.2
        return float(MotionLoss(basis, non_labial_motion_weight=weight)(weights, logits, target, labels)["position_mm"])

    assert cost(0.0, [0, 1]) == pytest.approx(cost(0.0, [2, 3]), rel=1e-4)
    assert cost(3.0, [0, 1]) > 2.0 * cost(3.0, [2, 3])
