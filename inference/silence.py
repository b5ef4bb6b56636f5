# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where the audio has no sound at all, the mouth rests.

The network has never heard digital silence (its training audio always carries some noise), and on it the mouth
drifts by most of a millimetre. A line padded with silence, a muted take or a gap in a dialogue track must leave
the face still, so the model's motion is faded to rest wherever nothing is louder than SILENT_DBFS nearby. The
lips move before a sound starts and after it ends, so the fade keeps LEAD_S of motion on both sides of any sound.
"""

import numpy as np

from .face.prosody import HOP, SAMPLE_RATE

SILENT_DBFS = -60.0   # 20 ms RMS level under which there is no sound (speech lies 20-50 dB above it)
LEAD_S = 0.3          # motion kept this long before a sound starts and after it ends (anticipation, release)
FADE_S = 0.1          # then faded to rest over this long


def sound_gate(loudness, frame_rate):
    """[T] 1 near sound, falling to 0 away from it, from a clip's face.prosody.loudness_db [T] (frame t at
    t / frame_rate s)."""
    if frame_rate * HOP != SAMPLE_RATE:
        raise ValueError(f"the gate is measured at {SAMPLE_RATE // HOP} frames a second, not {frame_rate}")
    sounding = np.asarray(loudness) > SILENT_DBFS
    n_frames = len(sounding)
    if sounding.all():
        return np.ones(n_frames, np.float32)
    if not sounding.any():
        return np.zeros(n_frames, np.float32)
    index = np.arange(n_frames)
    before = np.maximum.accumulate(np.where(sounding, index, -n_frames))
    after = np.minimum.accumulate(np.where(sounding, index, 2 * n_frames)[::-1])[::-1]
    seconds = np.minimum(index - before, after - index) / frame_rate
    return np.clip(1.0 - (seconds - LEAD_S) / FADE_S, 0.0, 1.0).astype(np.float32)
