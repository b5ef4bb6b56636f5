# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Blinks: when they fall, how long they last, and the eyelid curve (eyeBlinkLeft = eyeBlinkRight).

People blink about 26 times a minute while talking and 17 at rest (Bentivoglio et al. 1997), preferably at pauses
and the ends of utterances (Nakano & Kitazawa 2010). A spontaneous blink lasts about 100-400 ms, and the lid closes
faster than it opens (Sforza et al. 2008). Both eyes blink together and close fully at the peak.

Timing: a renewal process whose hazard is the blink rate of the moment (talking or resting), raised BREAK_BOOST-fold
near phrase ends and normalised so that the average rate over talking stays TALKING_PER_MINUTE. Intervals between
blinks, measured in expected blinks, are drawn from a shifted gamma distribution: fairly regular, never back to back.
"""

import numpy as np

from .curves import frame_times, near, smoothstep
from .prosody import RATE

TALKING_PER_MINUTE = 26.0
RESTING_PER_MINUTE = 17.0
REST_AWAY_S = 1.0           # more than this far from any speech, the face is resting
BREAK_BEFORE_S = 0.2        # a break runs from this long before a phrase's end...
BREAK_AFTER_S = 0.8         # ...to this long after it, while the pause lasts
BREAK_BOOST = 4.0           # blink hazard in a break, relative to elsewhere in talking
INTERVAL_FLOOR = 0.25       # no interval is shorter than this share of the mean one
INTERVAL_SHAPE = 2.0        # gamma shape of the rest of the interval (coefficient of variation about 0.5)
MIN_GAP_S = 0.5             # and never closer than this in time
DURATION_MEDIAN_S = 0.24
DURATION_SPREAD = 0.2       # standard deviation of log duration
DURATION_RANGE_S = (0.12, 0.40)
CLOSING_SHARE = (0.30, 0.40)  # closing takes this share of the blink, opening the rest


def blink_hazard(prosody):
    """Expected blinks per second at each analysis frame."""
    talking = near(prosody.speech, REST_AWAY_S, REST_AWAY_S)
    ends = np.zeros(len(prosody), dtype=bool)
    ends[prosody.phrase_ends] = True
    lead_up = near(ends, BREAK_BEFORE_S, 0.0)
    breaks = near(ends, BREAK_BEFORE_S, BREAK_AFTER_S) & (~prosody.speech | lead_up)
    preference = 1.0 + BREAK_BOOST * breaks
    if talking.any():
        preference /= preference[talking].mean()
    return np.where(talking, TALKING_PER_MINUTE * preference, RESTING_PER_MINUTE) / 60.0


def blink_times(prosody, rng):
    """Peak times (s) of the blinks over the clip."""
    expected = np.cumsum(blink_hazard(prosody)) / RATE
    total = expected[-1]
    count = int(total + 4 * np.sqrt(total) + 10)
    intervals = INTERVAL_FLOOR + rng.gamma(INTERVAL_SHAPE, (1 - INTERVAL_FLOOR) / INTERVAL_SHAPE, count)
    intervals[0] *= rng.uniform()  # the clip starts somewhere inside an interval
    marks = np.cumsum(intervals)
    marks = marks[marks < total]
    times = np.interp(marks, expected, np.arange(len(expected)) / RATE)
    kept = []
    for time in times:
        if not kept or time - kept[-1] >= MIN_GAP_S:
            kept.append(time)
    return np.array(kept)


def blinks(prosody, frame_rate, n_frames, rng):
    """(curve [n_frames] in [0, 1], events [B, 3] of (start, peak, end) seconds) at the output frame rate.

    Each peak falls on a frame, where the curve is exactly 1."""
    times = frame_times(frame_rate, n_frames)
    curve = np.zeros(n_frames)
    peaks = blink_times(prosody, rng)
    durations = np.clip(np.exp(np.log(DURATION_MEDIAN_S) + DURATION_SPREAD * rng.standard_normal(len(peaks))),
                        *DURATION_RANGE_S)
    closing = durations * rng.uniform(*CLOSING_SHARE, len(peaks))
    events = []
    for peak, duration, close in zip(peaks, durations, closing):
        peak_frame = int(round(peak * float(frame_rate)))
        if peak_frame >= n_frames:
            continue
        peak = times[peak_frame]
        start, end = peak - close, peak + (duration - close)
        first = max(0, int(np.ceil(start * float(frame_rate))))
        last = min(n_frames, int(np.floor(end * float(frame_rate))) + 1)
        t = times[first:last]
        shape = np.where(t <= peak, smoothstep((t - start) / close), smoothstep((end - t) / (duration - close)))
        curve[first:last] = np.maximum(curve[first:last], shape)
        events.append((start, peak, end))
    return curve, np.array(events).reshape(-1, 3)
