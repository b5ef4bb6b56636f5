# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Training losses: control weights, lip-weighted vertex positions and velocities on a lip/jaw vertex subset,
and the closure head; frames inside /p b m/ count more in all of them. Inside consonants that no lip touches, where
a shut mouth reads as mumbling, the closure head's false alarms and the motion can be made to count more.

The closure head is trained on speech frames only: in pauses the face rests with closed lips anyway, so it may
fire there, and it need not tell a /p b m/ closure from a pause by sound alone."""

import numpy as np
import torch
from torch import nn

from ..controls import SPEECH_CONTROLS
from ..flame.regions import REGIONS
from .labels import ARTICULATION, CLOSURE, NON_LABIAL, SPEECH

LIP_VERTEX_WEIGHT = 3.0
CLOSURE_FRAME_WEIGHT = 2.0     # extra weight on closure frames
CLOSURE_POS_WEIGHT = 4.0       # BCE weight of positive closure frames (they are ~5% of frames)
TERM_WEIGHTS = {"weights": 10.0, "position_mm": 1.0, "velocity_mm": 2.0, "closure_bce": 0.5}


def lip_jaw_subset():
    """Vertex ids and their loss weights: all lip vertices (weighted up), a third of the jaw, the chin."""
    lips = np.union1d(REGIONS["UPPER_LIP"], REGIONS["LOWER_LIP"])
    others = np.setdiff1d(np.union1d(np.asarray(REGIONS["JAW"])[::3], REGIONS["CHIN"]), lips)
    ids = np.concatenate([lips, others])
    weights = np.concatenate([np.full(len(lips), LIP_VERTEX_WEIGHT), np.ones(len(others))])
    return ids, (weights / weights.mean()).astype(np.float32)


class MotionLoss(nn.Module):
    def __init__(self, basis, non_labial_weight=0.0, non_labial_motion_weight=0.0, articulation_weight=0.0):
        """non_labial_weight, non_labial_motion_weight: extra weight of the closure head's loss, and of the weight,
        position and velocity terms, on non-labial consonant frames; articulation_weight: weight of the
        articulation head's cross-entropy (network.LipSyncNet's articulation_classes)."""
        super().__init__()
        self.non_labial_weight = non_labial_weight
        self.non_labial_motion_weight = non_labial_motion_weight
        self.articulation_weight = articulation_weight
        ids, vertex_weights = lip_jaw_subset()
        self.register_buffer("basis_mm", 1000.0 * torch.as_tensor(np.asarray(basis, dtype=np.float32)[:, ids]))
        self.register_buffer("vertex_weights", torch.from_numpy(vertex_weights))
        control_weights = np.ones(self.basis_mm.shape[0], dtype=np.float32)
        control_weights[: len(SPEECH_CONTROLS)] = 2.0
        self.register_buffer("control_weights", torch.from_numpy(control_weights / control_weights.mean()))

    def forward(self, weights, closure_logit, true_weights, labels, articulation_logits=None):
        """weights, true_weights [B, T, K]; closure_logit [B, T]; labels [B, T, 4] (labels.frame_labels);
        articulation_logits [B, classes, T] or None -> dict of loss terms and their weighted total."""
        true_closure, speech, non_labial = labels[..., CLOSURE], labels[..., SPEECH], labels[..., NON_LABIAL]
        closure_frames = speech * (1.0 + self.non_labial_weight * non_labial)
        frame_weights = 1.0 + CLOSURE_FRAME_WEIGHT * true_closure + self.non_labial_motion_weight * non_labial
        frame_weights = frame_weights / frame_weights.mean()
        weight_error = ((weights - true_weights).abs() * self.control_weights).mean(-1)
        error_mm = torch.einsum("btk,kvc->btvc", weights - true_weights, self.basis_mm)
        position = torch.sqrt((error_mm ** 2).sum(-1) + 1e-6) @ self.vertex_weights / self.vertex_weights.numel()
        velocity_mm = error_mm[:, 1:] - error_mm[:, :-1]
        velocity = torch.sqrt((velocity_mm ** 2).sum(-1) + 1e-6) @ self.vertex_weights / self.vertex_weights.numel()
        terms = {
            "weights": (weight_error * frame_weights).mean(),
            "position_mm": (position * frame_weights).mean(),
            "velocity_mm": (velocity * frame_weights[:, 1:]).mean(),
            "closure_bce": (nn.functional.binary_cross_entropy_with_logits(
                closure_logit, true_closure, pos_weight=torch.tensor(CLOSURE_POS_WEIGHT), reduction="none")
                * closure_frames).sum() / closure_frames.sum().clamp(min=1.0),
        }
        total = sum(TERM_WEIGHTS[name] * value for name, value in terms.items())
        if articulation_logits is not None:
            classes = labels[..., ARTICULATION].long()
            terms["articulation_ce"] = nn.functional.cross_entropy(articulation_logits, classes)
            total = total + self.articulation_weight * terms["articulation_ce"]
        terms["total"] = total
        return terms
