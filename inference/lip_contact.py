# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where the lips of one particular FLAME head meet, and the mouthClose that makes them meet.

The model decides per frame whether the lips are closed (its `closure` output). How far mouthClose must go for
the lips to meet depends on the head: FLAME heads differ in lip thickness and in how far apart the lips rest,
so amounts solved on the mean head leave other heads' lips millimetres apart. `LipSeal` measures the head it is
given and solves mouthClose frame by frame on that head's own geometry.

The measure is the midline gap: in the head's sagittal plane, the lowest point of the upper lip's profile minus
the highest point of the lower lip's profile, taken at each depth where both lips are, smallest over depth.
Positive: a visible opening of that height. Zero or less: the lips meet; more negative means pressed further.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .head_frame import head_frame

# FLAME's midline vertices of each lip, in order from the outer surface, round the lip's edge, into the mouth.
UPPER_LIP_MIDLINE = (3537, 3541, 3543, 3546, 3531, 3533, 3547, 3549, 3514)
LOWER_LIP_MIDLINE = (3511, 3503, 3506, 3504, 3509, 3513, 3512, 3500, 3497)

CLOSE_CONTROL = "mouthClose"
REFERENCE_EYE_DISTANCE = 0.0631   # metres between the eyeball centres of an adult FLAME head
CLOSED_GAP = -0.0003              # metres (adult head): solved closures press the lips this far together
MAX_PRESS = 0.001                 # metres: the lower lip rises over the upper by at most this beyond its rest
# The model's closure decision (0..1) counts fully from FIRM and not at all below FAINT: a head whose lips rest apart
# only closes with the whole solved mouthClose, so a half-sure decision must not leave them ajar. Calibrated on the
# held-out synthetic voice flite rms (models.training.evaluation.seal_calibration): with FAINT 0.05 the real and
# lips-apart heads close within 3 points of the mean head's bilabials, and shut no more non-labials than it.
FAINT, FIRM = 0.05, 0.45
_DEPTH_SAMPLES = 16
# The visible lip opening changes no faster than this (adult head): human lips close at up to about 0.3 m/s, and a
# closure the model snaps shut within a frame reads as popping.
MAX_LIP_SPEED = 0.28              # metres a second
MOST_CLOSE = 2.0                  # mouthClose may exaggerate past 1, as intensity does, when a wide-open jaw needs it
_SOLVE_STEPS = 4
_SOLVE_MARGIN = 0.00002           # metres (adult head) kept inside the press limit, for the solve's last step


def midline_gap(profile_upper, profile_lower):
    """Midline gap [T] from lip profiles [T, P, 2] of (depth, height) points, in the profiles' units."""
    lo = np.maximum(profile_upper[..., 0].min(-1), profile_lower[..., 0].min(-1))
    hi = np.minimum(profile_upper[..., 0].max(-1), profile_lower[..., 0].max(-1))
    depth = lo[:, None] + (hi - lo)[:, None] * np.linspace(0.0, 1.0, _DEPTH_SAMPLES, dtype=lo.dtype)
    upper = _heights(profile_upper, depth, np.min, np.inf)
    lower = _heights(profile_lower, depth, np.max, -np.inf)
    gap = upper - lower
    return np.where(np.isfinite(gap), gap, np.inf).min(axis=1)


def _heights(profile, depth, pick, missing):
    """For each depth [T, D], the lowest (np.min) or highest (np.max) height of the polyline at that depth."""
    a, b = profile[:, :-1, None, :], profile[:, 1:, None, :]           # [T, S, 1, 2]
    span = b[..., 0] - a[..., 0]
    t = (depth[:, None, :] - a[..., 0]) / np.where(np.abs(span) < 1e-12, 1e-12, span)
    height = a[..., 1] + t * (b[..., 1] - a[..., 1])                    # [T, S, D]
    inside = (t >= 0.0) & (t <= 1.0)
    return pick(np.where(inside, height, missing), axis=1)


@dataclass
class LipSeal:
    """One head's lips: rest profile, the profile motion of each control, and the mouthClose solve."""

    rest: np.ndarray        # (2, P, 2) rest profiles (upper, lower) of (depth, height)
    motion: np.ndarray      # (K, 2, P, 2) profile change per unit weight of each control
    close: int              # index of mouthClose among the controls
    units: float            # the head's size relative to an adult head in metres (cm heads: about 100)
    rest_gap: float         # in the head's units, as every gap here
    faint: float = FAINT
    firm: float = FIRM

    @property
    def closed_gap(self):
        """Target gap of a closed frame."""
        return CLOSED_GAP * self.units

    @property
    def floor(self):
        """Smallest gap allowed on any frame: the press limit."""
        return min(self.rest_gap, 0.0) - MAX_PRESS * self.units

    @classmethod
    def for_head(cls, rest_vertices, shapes, control_names):
        """Measure a head (rest vertices [N, 3] in its own units, shapes [K, N, 3] carried onto it)."""
        frame = head_frame(rest_vertices)
        units = frame.scale / REFERENCE_EYE_DISTANCE
        ids = np.array([UPPER_LIP_MIDLINE, LOWER_LIP_MIDLINE])
        plane = np.stack([frame.axes[2], frame.axes[1]], axis=1)            # (3, 2): depth, height
        rest = (np.asarray(rest_vertices, np.float64)[ids] - frame.origin) @ plane
        motion = np.asarray(shapes, np.float64)[:, ids] @ plane
        rest_gap = float(midline_gap(rest[None, 0], rest[None, 1])[0])
        return cls(rest, motion, list(control_names).index(CLOSE_CONTROL), units, rest_gap)

    def gap(self, weights):
        """Midline gap [T] of this head under control weights [T, K] (float32: a 10-minute line has 36,000 frames,
        and float32 resolves a lip's position to a few nanometres)."""
        weights = np.asarray(weights, np.float32)
        profile = (self._rest32 + weights @ self._motion32).reshape(len(weights), *self.rest.shape)
        return midline_gap(profile[:, 0], profile[:, 1])

    @cached_property
    def _rest32(self):
        return self.rest.astype(np.float32).ravel()

    @cached_property
    def _motion32(self):
        return self.motion.astype(np.float32).reshape(len(self.motion), -1)

    def apply(self, weights, closure, fps):
        """Weights [T, K] at `fps` with mouthClose solved on this head: where `closure` [T] (0..1) says closed,
        mouthClose rises until the lips meet (gap `closed_gap`), blended by the decision's strength; it is lowered
        where the lips would press past `floor`; then the lips' speed is limited (`limit_speed`)."""
        weights = np.array(weights, dtype=np.float32)
        strength = np.clip((np.asarray(closure, np.float32) - self.faint) / (self.firm - self.faint), 0.0, 1.0)
        deciding = np.flatnonzero(strength > 0)
        if len(deciding):
            current = weights[deciding, self.close]
            solved = np.maximum(self._solve(weights[deciding], self.closed_gap), current)
            weights[deciding, self.close] = current + strength[deciding] * (solved - current)
        gap = self.gap(weights)
        pressed = np.flatnonzero(gap < self.floor)
        if len(pressed):
            limit = self._solve(weights[pressed], self.floor + _SOLVE_MARGIN * self.units)
            weights[pressed, self.close] = np.minimum(weights[pressed, self.close], limit)
            gap[pressed] = self.gap(weights[pressed])
        return self.limit_speed(weights, fps, gap)

    def limit_speed(self, weights, fps, gap=None):
        """Weights [T, K] whose visible opening (the gap above zero) changes by at most MAX_LIP_SPEED between
        frames at `fps`: wherever it would change faster, mouthClose rises so that the lips start closing earlier
        (reaching a closure on time) and part later. The allowed opening is the largest that keeps to the speed
        and nowhere exceeds the opening as given: min over s of opening(s) + speed * |t - s|. `gap`: the
        weights' gap when already measured."""
        weights = np.array(weights, dtype=np.float32)
        opening = np.maximum(self.gap(weights) if gap is None else gap, 0.0)
        reach = MAX_LIP_SPEED * self.units / float(fps) * np.arange(len(opening))
        allowed = np.minimum(np.minimum.accumulate(opening - reach) + reach,
                             np.minimum.accumulate((opening + reach)[::-1])[::-1] - reach)
        fast = np.flatnonzero(opening > allowed + _SOLVE_MARGIN * self.units)
        if len(fast):
            solved = self._solve(weights[fast], allowed[fast])
            weights[fast, self.close] = np.maximum(weights[fast, self.close], solved)
        return weights

    def _solve(self, weights, target):
        """mouthClose [T] in [0, MOST_CLOSE] that brings the gap to `target` (one value, or one a frame), the other
        weights as given (Newton steps
        with the rest slope, the gap being close to linear in mouthClose)."""
        close = weights[:, self.close].astype(np.float64)
        slope = self._slope
        trial = np.array(weights, np.float32)
        for _ in range(_SOLVE_STEPS):
            trial[:, self.close] = close
            error = self.gap(trial) - target
            close = np.clip(close - error / slope, 0.0, MOST_CLOSE)
        return close.astype(np.float32)

    @cached_property
    def _slope(self):
        """Gap change per unit mouthClose at rest (the gap is close to linear in it)."""
        probe = np.zeros((2, len(self.motion)))
        probe[1, self.close] = 1.0
        return float(np.diff(self.gap(probe))[0])
