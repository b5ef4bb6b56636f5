# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Upper-face shapes: brows, cheek squint and nose sneer (subject's left; the rig mirrors them)."""

import numpy as np

from inference.flame_topology import NOSE_TIP

from ..flame.regions import REGIONS
from .head import Head, smoothstep

MM = 1e-3
RADIUS = 0.028


class UpperFace:
    def __init__(self, head: Head):
        self.head = head
        self.scale = head.scale

    def _spread(self, handles, offsets_mm, radius=RADIUS):
        return self.head.deformer.spread(handles, np.asarray(offsets_mm) * MM * self.scale, radius * self.scale,
                                         fixed=self.head.eye_regions)

    def _along_brow(self, brow):
        """0 at the brow's inner (nose) end, 1 at its outer end."""
        lateral = np.abs(self.head.v[brow, 0] - self.head.mouth_centre[0])
        return (lateral - lateral.min()) / (lateral.max() - lateral.min())

    def _bump(self, ids, centre):
        d = np.linalg.norm(self.head.v[ids] - centre, axis=1)
        return 1.0 - smoothstep(d / (d.max() + 1e-9))

    def brow_down_left(self):
        brow = REGIONS["BROW_LEFT"]
        w = 1.0 - 0.4 * self._along_brow(brow)
        return self._spread(brow, w[:, None] * np.array([-2.0, -4.0, 0.5]))

    def brow_inner_up(self):
        brows = np.concatenate([REGIONS["BROW_LEFT"], REGIONS["BROW_RIGHT"]])
        t = np.concatenate([self._along_brow(REGIONS["BROW_LEFT"]), self._along_brow(REGIONS["BROW_RIGHT"])])
        w = 1.0 - smoothstep(t / 0.7)
        return self._spread(brows, w[:, None] * np.array([0.0, 6.0, 0.5]))

    def brow_outer_up_left(self):
        brow = REGIONS["BROW_LEFT"]
        w = smoothstep((self._along_brow(brow) - 0.2) / 0.8)
        return self._spread(brow, w[:, None] * np.array([0.5, 5.0, 0.0]))

    def cheek_squint_left(self):
        cheek = REGIONS["CHEEK_LEFT"]
        v = self.head.v[cheek]
        centre = np.array([v[:, 0].mean(), v[:, 1].max(), v[:, 2].mean()])
        w = self._bump(cheek, centre)
        return self._spread(cheek, w[:, None] * np.array([0.5, 3.0, 1.0]))

    def nose_sneer_left(self):
        nose = REGIONS["NOSE"]
        lateral = self.head.v[nose, 0] - self.head.v[NOSE_TIP, 0]
        w = smoothstep(lateral / 0.012) * (self.head.v[nose, 1] < self.head.v[NOSE_TIP, 1] + 0.01)
        return self._spread(nose, w[:, None] * np.array([0.5, 4.0, -0.5]))

    def shapes(self) -> dict:
        return {"browDownLeft": self.brow_down_left(), "browInnerUp": self.brow_inner_up(),
                "browOuterUpLeft": self.brow_outer_up_left(), "cheekSquintLeft": self.cheek_squint_left(),
                "noseSneerLeft": self.nose_sneer_left()}
