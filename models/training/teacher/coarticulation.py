# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Coarticulation: blending segment targets over time with dominance functions (Cohen & Massaro, 1993).

Each segment holds its targets over the middle of its interval and its dominance falls off outside that hold as
exp(-(d / tau)^2), with a longer reach before the segment (anticipation) than after it (carry-over). A frame's
value is the dominance-weighted mean of the targets of the segments around it. Only `NEIGHBOURS` segments on each
side of a frame's own segment are considered, which keeps the work linear in the number of frames.
"""

import numpy as np

from .articulation import GROUP_OF

NEIGHBOURS = 3
HOLD_FRACTION = 0.25   # half of a segment's duration, centred, is held at its own dominance


def frame_segments(times, starts):
    """Index of the segment containing each frame time (segments are contiguous and sorted)."""
    return np.clip(np.searchsorted(starts, times, side="right") - 1, 0, len(starts) - 1)


def blend(times, own, starts, ends, targets, dominance, tau_before, tau_after, chunk=8192):
    """Dominance-weighted targets per frame: [T, articulators] float32."""
    f32 = np.float32
    centres = (starts + ends) / 2
    holds = HOLD_FRACTION * (ends - starts)
    inverse_before, inverse_after = (1 / tau_before).astype(f32), (1 / tau_after).astype(f32)
    weight = dominance[:, GROUP_OF].astype(f32)
    # one row per segment: [dominance-weighted targets | dominance], so one gather serves both sums
    packed = np.concatenate([weight * targets, weight], axis=1).astype(f32)
    columns = np.concatenate([GROUP_OF, GROUP_OF])
    n = targets.shape[1]
    out = np.empty((len(times), n), dtype=f32)
    last = len(starts) - 1
    for lo in range(0, len(times), chunk):
        t, frame_own = times[lo:lo + chunk], own[lo:lo + chunk]
        sums = np.zeros((len(t), 2 * n), dtype=f32)
        for k in range(-NEIGHBOURS, NEIGHBOURS + 1):
            j = frame_own + k
            outside = (j < 0) | (j > last)
            j = np.clip(j, 0, last)
            offset = t - np.take(centres, j)
            distance = np.maximum(np.abs(offset) - np.take(holds, j), 0.0).astype(f32)
            distance[outside] = np.inf
            inverse_tau = np.where((offset > 0)[:, None], np.take(inverse_after, j, axis=0),
                                   np.take(inverse_before, j, axis=0))
            scaled = distance[:, None] * inverse_tau
            falloff = np.exp(-scaled * scaled)
            sums += np.take(falloff, columns, axis=1) * np.take(packed, j, axis=0)
        out[lo:lo + chunk] = sums[:, :n] / np.maximum(sums[:, n:], f32(1e-6))
    return out


def constraint_weights(times, own, starts, ends, classes, hold_fraction, ramp, min_hold):
    """Per frame and class, how strongly a hard constraint applies: 1 over the held part of a constrained segment
    (hold_fraction [classes] of its duration, at least min_hold each side of its centre, so that the frame nearest
    the centre is always held), falling off over ramp [classes] seconds outside it. [T, classes]"""
    f32 = np.float32
    centres = (starts + ends) / 2
    holds = np.maximum(np.asarray(hold_fraction)[None, :] * (ends - starts)[:, None], min_hold).astype(f32)
    classes = classes.astype(f32)
    weights = np.zeros((len(times), classes.shape[1]), dtype=f32)
    for k in range(-2, 3):
        j = np.clip(own + k, 0, len(starts) - 1)
        offset = np.abs(times - np.take(centres, j)).astype(f32)
        distance = np.maximum(offset[:, None] - np.take(holds, j, axis=0), f32(0))
        distance *= (1 / np.asarray(ramp)).astype(f32)
        np.maximum(weights, np.exp(-distance * distance) * np.take(classes, j, axis=0), out=weights)
    return weights
