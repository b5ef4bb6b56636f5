# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Jaw shapes: rotation and slides of the lower face about the jaw joint, with smooth skinning weights,
and mouthClose, which brings the lips back together over an open jaw."""

from functools import cached_property

import numpy as np

from ..flame.regions import N_HEAD, REGIONS
from .head import Head, rotate_x

# The jaw joint (temporomandibular joint) in front of the ear canal, relative to the midpoint of the eyeball
# centres, for the mean head (scaled with the head, see Head.scale).
JOINT_BELOW_EYES = 0.035
JOINT_BEHIND_EYES = 0.060
LOWER_LIP_DROP = 0.018      # jawOpen: travel of the lower lip's middle at weight 1 (the lips overlap ~4 mm at rest)
JAW_OPEN_SLIDE = 0.004      # the condyle slides forward as the jaw opens, so the chin swings back less
JAW_FORWARD = (0.0, -0.002, 0.004)  # protrusion slides the jaw forward and a little down the joint's slope
JAW_SIDEWAYS = 0.005
LIPS_MEET_AT = 0.35          # mouthClose: lips meet this far along the lower lip's way down


class Jaw:
    def __init__(self, head: Head):
        self.head = head

    @property
    def scale(self) -> float:
        return self.head.scale

    @cached_property
    def pivot(self) -> np.ndarray:
        eyes = 0.5 * (self.head.eye_centre("LEFT") + self.head.eye_centre("RIGHT"))
        return np.array([self.head.mouth_centre[0], eyes[1] - JOINT_BELOW_EYES * self.scale,
                         eyes[2] - JOINT_BEHIND_EYES * self.scale])

    @cached_property
    def weights(self) -> np.ndarray:
        """Skinning weight of every vertex on the jaw (1 on the lower face, 0 on the upper face and the
        still regions, smooth in between), clipped to [0, 1]."""
        free = np.setdiff1d(self.head.lips, self.head.lip_core)
        ones, zeros = np.setdiff1d(REGIONS["JAW"], free), np.setdiff1d(REGIONS["UPPER_FACE"], free)
        handles = np.concatenate([ones, zeros])
        values = np.concatenate([np.ones(len(ones)), np.zeros(len(zeros))])
        w = np.zeros(self.head.n)
        w[:N_HEAD] = self.head.deformer.interpolate(handles, values, radius=1.0)[:, 0]
        return np.clip(w, 0.0, 1.0)

    @cached_property
    def angle(self) -> float:
        """jawOpen's rotation (radians) that lowers the middle of the lower lip by LOWER_LIP_DROP."""
        arm = np.linalg.norm(self.head.v[REGIONS["LIP_MID_LOWER"]].mean(axis=0) - self.pivot)
        return 2.0 * np.arcsin(0.5 * LOWER_LIP_DROP * self.scale / arm)

    def open_offsets(self, weights: np.ndarray) -> np.ndarray:
        """Rotation about the joint by `weights` x angle, plus the condyle's forward slide."""
        rel = self.head.v - self.pivot
        slide = np.outer(weights, [0.0, 0.0, JAW_OPEN_SLIDE * self.scale])
        return rotate_x(rel, self.angle * weights) - rel + slide

    def shapes(self) -> dict:
        w = self.weights[:, None]
        forward = w * np.asarray(JAW_FORWARD) * self.scale
        left = w * np.array([JAW_SIDEWAYS * self.scale, 0.0, 0.0])
        return {"jawOpen": self.open_offsets(self.weights), "jawForward": forward,
                "jawLeft": left, "mouthClose": self.mouth_close()}

    def mouth_close(self) -> np.ndarray:
        """Offsets that, added to jawOpen at the same weight, put both lips where the lower lip would be
        LIPS_MEET_AT of the way down: the lips stay together while the jaw opens."""
        lips = self.head.lip_core
        full = self.open_offsets(np.ones(self.head.n))[lips]
        jaw = self.open_offsets(self.weights)[lips]
        return self.head.deformer.spread(lips, LIPS_MEET_AT * full - jaw, radius=0.03 * self.scale,
                                         fixed=self.head.eye_regions)
