# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Small tools the face layers share: easing, frame times, neighbourhoods of events."""

import numpy as np

from .prosody import RATE


def smoothstep(u):
    """0 -> 1 with zero slope at both ends, for u in [0, 1] (clipped outside)."""
    u = np.clip(u, 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def frame_times(frame_rate, n_frames):
    """Seconds of each output frame: frame i at i / frame_rate."""
    return np.arange(n_frames, dtype=np.float64) / float(frame_rate)


def near(mask_frames, before_s, after_s):
    """Analysis frames within `before_s` before to `after_s` after any frame of a bool mask."""
    mask = np.asarray(mask_frames, dtype=bool)
    before, after = int(round(before_s * RATE)), int(round(after_s * RATE))
    counts = np.concatenate([[0], np.cumsum(mask)])
    index = np.arange(len(mask))
    # Frame i is near when the mask has a True in [i - after, i + before].
    lo = np.clip(index - after, 0, len(mask))
    hi = np.clip(index + before + 1, 0, len(mask))
    return counts[hi] > counts[lo]
