# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Quick brow raises on pitch accents, and otherwise still brows.

Rapid brow raises go with rises of F0: 71% of them coincide with one (Cave et al. 1996), but not every rise has one.
So a pitch accent raises the brows with probability ACCENT_CHANCE, and a few raises fall elsewhere in speech. A raise
starts with the F0 rise, reaches its height in RISE_S, holds, and relaxes more slowly (about 0.7 s in all).
"""

import numpy as np

from .curves import frame_times, smoothstep
from .prosody import RATE

BROW_NAMES = ("browInnerUp", "browOuterUpLeft", "browOuterUpRight")
ACCENT_CHANCE = 0.4
SPONTANEOUS_PER_MINUTE = 1.5       # raises elsewhere in speech
LEAD_S = 0.05                      # a raise starts this long before its F0 rise
RISE_S, HOLD_S, FALL_S = 0.15, 0.2, 0.35
HEIGHT = (0.35, 0.65)              # browInnerUp at the top of a raise
OUTER_SHARE = 0.75                 # browOuterUp* relative to browInnerUp
MIN_GAP_S = RISE_S + HOLD_S + FALL_S  # raises do not overlap


def raise_onsets(prosody, rng):
    """Start times (s) of the brow raises: some pitch accents, and a few spontaneous raises inside speech."""
    accents = prosody.accents[:, 0] / RATE - LEAD_S
    chosen = accents[rng.uniform(size=len(accents)) < ACCENT_CHANCE]
    speech_frames = np.flatnonzero(prosody.speech)
    count = rng.poisson(SPONTANEOUS_PER_MINUTE * len(speech_frames) / RATE / 60.0)
    spontaneous = speech_frames[rng.integers(0, len(speech_frames), count)] / RATE if len(speech_frames) else []
    onsets = []
    for onset in np.sort(np.concatenate([chosen, spontaneous])):
        if not onsets or onset - onsets[-1] >= MIN_GAP_S:
            onsets.append(max(onset, 0.0))
    return np.array(onsets)


def brows(prosody, frame_rate, n_frames, rng):
    """(weights [n_frames, 3] in BROW_NAMES order, raise onsets in seconds)."""
    onsets = raise_onsets(prosody, rng)
    heights = rng.uniform(*HEIGHT, len(onsets))
    times = frame_times(frame_rate, n_frames)
    inner = np.zeros(n_frames)
    for onset, height in zip(onsets, heights):
        first = int(np.ceil(onset * float(frame_rate)))
        last = min(n_frames, int(np.floor((onset + MIN_GAP_S) * float(frame_rate))) + 1)
        t = times[first:last] - onset
        inner[first:last] = height * np.where(t < RISE_S + HOLD_S, smoothstep(t / RISE_S),
                                              smoothstep((MIN_GAP_S - t) / FALL_S))
    return np.stack([inner, OUTER_SHARE * inner, OUTER_SHARE * inner], axis=1), onsets
