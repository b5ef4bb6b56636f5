# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bilabial closure enforced in the output.

The network has a closure head (one logit per frame, trained on /p b m/ frames). Where it fires, the gate raises
mouthClose just enough that the lip aperture, linearised over the rig basis, reaches zero. The gate's threshold
is a buffer chosen after training on the validation split for a false-alarm budget on speech frames, placed so
that the gate is nearly fully shut (GATE_AT_THRESHOLD) where the logit reaches the calibrated value.
"""

import numpy as np
import torch
from torch import nn

from ..controls import CONTROL_NAMES

CLOSE_CONTROL = CONTROL_NAMES.index("mouthClose")
OPEN_CONTROL = CONTROL_NAMES.index("jawOpen")
SHARPNESS = 8.0
GATE_AT_THRESHOLD = 0.98


def aperture_gain(vertices, basis, lip_aperture):
    """Metres of lip aperture added by each control at full weight, from the rig's own aperture measure.

    mouthClose only acts against an open jaw, so its gain is measured from a fully open jaw.
    """
    vertices = np.asarray(vertices, dtype=np.float64)
    rest = lip_aperture(vertices)
    gain = np.array([lip_aperture(vertices + offset) - rest for offset in basis], dtype=np.float64)
    jaw_open = vertices + basis[OPEN_CONTROL]
    gain[CLOSE_CONTROL] = lip_aperture(jaw_open + basis[CLOSE_CONTROL]) - lip_aperture(jaw_open)
    return gain.astype(np.float32)


class ClosureGate(nn.Module):
    def __init__(self, gain, sharpness=SHARPNESS):
        super().__init__()
        gain = torch.as_tensor(np.asarray(gain, dtype=np.float32))
        close_gain = float(gain[CLOSE_CONTROL])
        self.enabled = close_gain < 0.0
        opening = gain.clone()
        opening[CLOSE_CONTROL] = 0.0
        self.register_buffer("opening", opening)
        self.register_buffer("close_gain", torch.tensor(close_gain if self.enabled else -1.0))
        select = torch.zeros(gain.shape[0])
        select[CLOSE_CONTROL] = 1.0
        self.register_buffer("select", select[:, None])
        self.register_buffer("threshold", torch.tensor(0.0))
        self.sharpness = sharpness

    def calibrate(self, logit_threshold):
        """Place the gate so that it is GATE_AT_THRESHOLD shut where the logit equals `logit_threshold`."""
        margin = float(np.log(GATE_AT_THRESHOLD / (1.0 - GATE_AT_THRESHOLD))) / self.sharpness
        self.threshold.fill_(logit_threshold - margin)

    def probability(self, closure_logit):
        return torch.sigmoid(self.sharpness * (closure_logit - self.threshold))

    def forward(self, weights, closure_logit):
        """weights [B, K, T] in [0, 1], closure_logit [B, T] -> weights with mouthClose raised where lips must meet."""
        if not self.enabled:
            return weights
        aperture = torch.einsum("k,bkt->bt", self.opening, weights)
        needed = torch.relu(aperture) / -self.close_gain
        current = weights[:, CLOSE_CONTROL]
        target = torch.clamp(current + needed, max=1.0)
        raised = current + self.probability(closure_logit) * (target - current)
        return weights + self.select * (raised - current)[:, None, :]


def _runs(labels):
    """(start, stop) of each run of ones in a 0/1 array."""
    edges = np.diff(np.concatenate([[0], (labels > 0.5).astype(np.int8), [0]]))
    return zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1))


def _away_from_closures(labels, guard):
    near = np.zeros(len(labels), dtype=bool)
    for start, stop in _runs(labels):
        near[max(0, start - guard): stop + guard] = True
    return ~near


def calibrate_threshold(logits, labels, speech, false_alarm=0.03, guard=3):
    """The closure logit above which only `false_alarm` of the speech frames more than `guard` frames from any
    /p b m/ core fire. logits, labels, speech: lists of per-clip arrays."""
    negatives = np.concatenate([l[_away_from_closures(y, guard) & (s > 0.5)]
                                for l, y, s in zip(logits, labels, speech)])
    return float(np.quantile(negatives, 1.0 - false_alarm))


def closure_hit_rate(logits, labels, threshold):
    """Fraction of /p b m/ cores in which the closure logit exceeds `threshold` on at least one frame."""
    hits = [l[start:stop].max() > threshold for l, y in zip(logits, labels) for start, stop in _runs(y)]
    return float(np.mean(hits)) if hits else float("nan")
