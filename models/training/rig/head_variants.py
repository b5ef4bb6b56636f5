# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A family of FLAME-topology heads made from the mean head by smooth deformations, the ways real heads differ:
lips apart or pressed at rest, lip thickness, mouth width, jaw length, size, asymmetry. Built by the tests,
never stored (the identity tests and the closure calibration make them)."""

import numpy as np

from inference.head_frame import head_frame
from inference.lip_contact import LOWER_LIP_MIDLINE, UPPER_LIP_MIDLINE, midline_gap

from ..flame.regions import REGIONS
from .deform import SmoothDeformer

_LIP_RADIUS = 0.02


def _axes(vertices):
    frame = head_frame(vertices)
    return frame.axes[0], frame.axes[1], frame.axes[2]


def rest_gap(vertices):
    """The head's midline lip gap at rest (metres)."""
    frame = head_frame(vertices)
    plane = np.stack([frame.axes[2], frame.axes[1]], axis=1)
    upper = (vertices[list(UPPER_LIP_MIDLINE)] - frame.origin) @ plane
    lower = (vertices[list(LOWER_LIP_MIDLINE)] - frame.origin) @ plane
    return float(midline_gap(upper[None], lower[None])[0])


class Variants:
    def __init__(self, vertices, triangles):
        self.v = np.asarray(vertices, np.float64)
        self.deformer = SmoothDeformer(self.v, triangles)
        self.left, self.up, self.forward = _axes(self.v)

    def _spread(self, handles, offsets, radius=_LIP_RADIUS):
        return self.v + self.deformer.spread(np.asarray(handles), np.asarray(offsets), radius)

    def lips_apart(self, gap):
        """The lips moved apart (or, negative, together) so that the rest midline gap becomes `gap` metres."""
        move = gap - rest_gap(self.v)
        upper, lower = REGIONS["UPPER_LIP"], REGIONS["LOWER_LIP"]
        handles = np.concatenate([upper, lower])
        offsets = np.concatenate([np.tile(self.up * move / 2, (len(upper), 1)),
                                  np.tile(-self.up * move / 2, (len(lower), 1))])
        return self._spread(handles, offsets)

    def lip_thickness(self, metres):
        """Both lips thicker (positive) or thinner, pushed out along the forward axis."""
        lips = np.union1d(REGIONS["UPPER_LIP"], REGIONS["LOWER_LIP"])
        return self._spread(lips, np.tile(self.forward * metres, (len(lips), 1)))

    def mouth_width(self, metres):
        """The mouth wider (positive) or narrower by `metres`, each half moved sideways."""
        lips = np.union1d(REGIONS["UPPER_LIP"], REGIONS["LOWER_LIP"])
        side = np.sign((self.v[lips] - self.v[lips].mean(axis=0)) @ self.left)
        return self._spread(lips, side[:, None] * self.left * metres / 2)

    def jaw_length(self, metres):
        """The lower face below the mouth pulled down by `metres` (a longer jaw)."""
        jaw = np.setdiff1d(REGIONS["JAW"], REGIONS["LOWER_LIP"])
        return self._spread(jaw, np.tile(-self.up * metres, (len(jaw), 1)), radius=0.03)

    def scaled(self, factor):
        return self.v * factor

    def asymmetric(self, metres):
        """The subject's left half of the lips raised by `metres`, the right half lowered."""
        lips = np.union1d(REGIONS["UPPER_LIP"], REGIONS["LOWER_LIP"])
        side = np.clip((self.v[lips] - self.v[lips].mean(axis=0)) @ self.left / 0.025, -1.0, 1.0)
        return self._spread(lips, side[:, None] * self.up * metres)

    def family(self):
        """{name: vertices} of every variant the identity tests use."""
        return {
            "lips 0.5 mm apart": self.lips_apart(0.0005),
            "lips 1.5 mm apart": self.lips_apart(0.0015),
            "lips 3 mm apart": self.lips_apart(0.003),
            "lips pressed": self.lips_apart(rest_gap(self.v) - 0.001),
            "thicker lips": self.lip_thickness(0.002),
            "thinner lips": self.lip_thickness(-0.0015),
            "wider mouth": self.mouth_width(0.006),
            "narrower mouth": self.mouth_width(-0.005),
            "longer jaw": self.jaw_length(0.006),
            "0.85x": self.scaled(0.85),
            "1.2x": self.scaled(1.2),
            "asymmetric": self.asymmetric(0.0015),
        }
