# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Mouth and cheek shapes: prescribed offsets on the lips (and cheeks), spread smoothly over the face.

Offsets are in millimetres for a mouth REFERENCE_HALF_WIDTH wide and scale with the head's mouth.
One-sided shapes are built for the subject's left (+X); the rig mirrors them for the right.
"""

import numpy as np

from ..flame.regions import LIP_HOPS, REGIONS
from .head import Head, rotate_x, smoothstep

REFERENCE_HALF_WIDTH = 0.029
MOUTH_RADIUS = 0.030    # how far around the lips the skin follows
CHEEK_RADIUS = 0.030
MM = 1e-3
VERMILION_HOPS = 5         # rings from the mouth opening to the front of the lip's red
ROLL_DEGREES = 60.0
ROLL_PIVOT_DEPTH = 0.006   # the lip turns about an axis this far behind its front
ROLL_LIFT = 2.0            # mm


class MouthShapes:
    def __init__(self, head: Head):
        self.head = head
        self.lips = head.lips
        self.scale = head.mouth_half_width / REFERENCE_HALF_WIDTH
        self.rel = head.v[self.lips] - head.mouth_centre
        self.u = np.clip(self.rel[:, 0] / head.mouth_half_width, -1.2, 1.2)
        upper = np.isin(self.lips, REGIONS["UPPER_LIP"])
        lower = np.isin(self.lips, REGIONS["LOWER_LIP"])
        self.lip_side = upper.astype(float) - lower.astype(float)   # +1 upper, -1 lower, 0 corner
        self.middle = np.clip(1.0 - self.u ** 2, 0.0, 1.0)
        # For moving the lips apart: gone before the free corners (Head.lip_core), so they need not fold.
        self.centre = smoothstep((0.75 - np.abs(self.u)) / 0.55)

    def _spread(self, lip_offsets_mm, extra_handles=None, extra_offsets_mm=None, radius=MOUTH_RADIUS,
                free_corners=True):
        handles, offsets = self.lips, np.asarray(lip_offsets_mm)
        if free_corners:
            keep = np.isin(handles, self.head.lip_core)
            handles, offsets = handles[keep], offsets[keep]
        if extra_handles is not None:
            keep = ~np.isin(extra_handles, handles)
            handles = np.concatenate([handles, extra_handles[keep]])
            offsets = np.concatenate([offsets, np.asarray(extra_offsets_mm)[keep]])
        return self.head.deformer.spread(handles, offsets * MM * self.scale, radius * self.scale,
                                         fixed=self.head.eye_regions)

    def _vertical(self, upper_mm, lower_mm):
        """Per lip vertex: upper_mm on the upper lip, lower_mm on the lower lip, their mean where the two lips
        meet at the corners (_vertical(1, 0) weighs the upper lip)."""
        up = np.clip(self.lip_side, 0, 1)
        down = np.clip(-self.lip_side, 0, 1)
        corner = 1.0 - up - down
        return up * upper_mm + down * lower_mm + corner * 0.5 * (upper_mm + lower_mm)

    def _one_side(self, widen=0.2, span=0.9):
        """Weight rising from the far side of the midline to the subject's left half of the mouth."""
        return smoothstep((self.u + widen) / span)

    def _corner(self):
        """Weight peaking at the subject's left mouth corner, fading across the mouth."""
        return smoothstep((self.u + 0.2) / 1.2) ** 1.5

    def _cheek_bump(self, cheek, height=0.5):
        """1 at the cheek's centre (at `height` between its lowest and highest point), 0 at its farthest vertex."""
        v = self.head.v[cheek]
        centre = v.mean(axis=0)
        centre[1] = v[:, 1].min() + height * (v[:, 1].max() - v[:, 1].min())
        d = np.linalg.norm(v - centre, axis=1)
        return 1.0 - smoothstep(d / (d.max() + 1e-9))

    def funnel(self):
        x = -0.25 * self.rel[:, 0] / (MM * self.scale)
        y = self._vertical(2.0, -5.0) * self.centre
        z = 5.0 * (1.0 - 0.4 * self.u ** 2)
        return self._spread(np.stack([x, y, z], axis=1))

    def pucker(self):
        x = -0.32 * self.rel[:, 0] / (MM * self.scale)
        y = self._vertical(-0.5, 0.5) * self.centre
        z = 7.0 * (1.0 - 0.3 * self.u ** 2)
        return self._spread(np.stack([x, y, z], axis=1))

    def slide_left(self):
        n = len(self.lips)
        return self._spread(np.stack([np.full(n, 5.0), np.zeros(n), -1.0 * self.u], axis=1))

    def roll(self, lip: str):
        """The lip curls in over its own middle: its red front turns up/down and back into the mouth."""
        ids = REGIONS["LIP_MID_UPPER"] if lip == "upper" else REGIONS["LIP_MID_LOWER"]
        front = self.head.v[ids][np.argmax(self.head.v[ids, 2])]
        pivot = front - np.array([0.0, 0.0, ROLL_PIVOT_DEPTH * self.scale])
        sign = 1.0 if lip == "upper" else -1.0
        # The red of the lip turns; the skin beyond it fades out.
        hops = self.head.lip_hops[self.lips]
        depth = 1.0 - smoothstep((hops - VERMILION_HOPS) / (LIP_HOPS - VERMILION_HOPS + 1))
        own = (self._vertical(1.0, 0.0) if lip == "upper" else self._vertical(0.0, 1.0)) * depth
        angle = sign * np.radians(ROLL_DEGREES) * own * self.middle
        rel = self.head.v[self.lips] - pivot
        offsets = (rotate_x(rel, angle) - rel) / (MM * self.scale)
        offsets[:, 1] += sign * ROLL_LIFT * own * self.middle  # away from the other lip, which it would press into
        return self._spread(offsets)

    def shrug(self, lip: str):
        n = len(self.lips)
        if lip == "lower":
            y = self._vertical(1.5 * self.middle, 2.0)
            z = self._vertical(1.0 * self.middle, 2.5)
            chin = REGIONS["CHIN"]
            return self._spread(np.stack([np.zeros(n), y, z], axis=1), chin,
                                np.tile([0.0, 2.5, 2.0], (len(chin), 1)))
        y = self._vertical(2.0, 0.0) * self.middle
        z = self._vertical(2.5, 0.5) * self.middle
        return self._spread(np.stack([np.zeros(n), y, z], axis=1))

    def press_left(self):
        """The lips flatten against each other: thinner vertically about their meeting line, pushed back."""
        rel = self.rel / (MM * self.scale)
        front = self.head.lip_hops[self.lips] >= VERMILION_HOPS
        # Meeting line y(u) = a + b u^2, fitted through the front of both lips.
        basis = np.stack([np.ones(front.sum()), self.u[front] ** 2], axis=1)
        a, b = np.linalg.lstsq(basis, rel[front, 1], rcond=None)[0]
        w = self._one_side()
        y = -0.3 * (rel[:, 1] - (a + b * self.u ** 2)) * w
        z = -1.5 * w
        return self._spread(np.stack([np.zeros_like(y), y, z], axis=1))

    def _beside_corner(self):
        """Weight over the subject's left half of the lip, easing off towards the corner, where the lips
        join and cannot part."""
        return self._one_side(0.1, 0.8) * smoothstep((0.95 - self.u) / 0.55)

    def lower_down_left(self):
        w = self._beside_corner() * self._vertical(0.0, 1.0)
        return self._spread(np.stack([0.5 * w, -8.0 * w, 1.0 * w], axis=1))

    def upper_up_left(self):
        w = self._beside_corner() * self._vertical(1.0, 0.0)
        return self._spread(np.stack([0.3 * w, 8.0 * w, 1.0 * w], axis=1))

    def corner_pull(self, direction_mm, cheek_mm=None):
        """Pull the subject's left mouth corner; optionally lift the left cheek with it."""
        offsets = self._corner()[:, None] * np.asarray(direction_mm)[None, :]
        if cheek_mm is None:
            return self._spread(offsets, free_corners=False)
        cheek = REGIONS["CHEEK_LEFT"]
        bump = self._cheek_bump(cheek)[:, None] * np.asarray(cheek_mm)[None, :]
        return self._spread(offsets, cheek, bump, radius=CHEEK_RADIUS + 0.005, free_corners=False)

    def cheek_puff(self):
        normals = self.head.vertex_normals
        cheeks = np.concatenate([REGIONS["CHEEK_LEFT"], REGIONS["CHEEK_RIGHT"]])
        # The puff fills the lower cheek beside the mouth.
        bump = np.concatenate([self._cheek_bump(REGIONS["CHEEK_LEFT"], 0.2),
                               self._cheek_bump(REGIONS["CHEEK_RIGHT"], 0.2)])
        n = len(self.lips)
        lips = np.stack([np.zeros(n), np.zeros(n), 1.0 * self.middle], axis=1)
        return self._spread(lips, cheeks, 6.0 * bump[:, None] * normals[cheeks], radius=CHEEK_RADIUS)

    def shapes(self) -> dict:
        return {
            "mouthFunnel": self.funnel(), "mouthPucker": self.pucker(), "mouthLeft": self.slide_left(),
            "mouthRollLower": self.roll("lower"), "mouthRollUpper": self.roll("upper"),
            "mouthShrugLower": self.shrug("lower"), "mouthShrugUpper": self.shrug("upper"),
            "mouthPressLeft": self.press_left(), "mouthLowerDownLeft": self.lower_down_left(),
            "mouthUpperUpLeft": self.upper_up_left(),
            "mouthStretchLeft": self.corner_pull([6.0, -1.5, -2.0]),
            "cheekPuff": self.cheek_puff(),
            "mouthSmileLeft": self.corner_pull([4.0, 5.0, -2.0], cheek_mm=[1.5, 3.0, 0.5]),
            "mouthFrownLeft": self.corner_pull([1.5, -4.5, -0.5]),
            "mouthDimpleLeft": self.corner_pull([2.5, 0.0, -3.0]),
        }
