# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Resampling to the corpus rate and writing 16 kHz mono PCM16 wavs atomically."""
import os
from fractions import Fraction
from pathlib import Path

import numpy as np
import soundfile as sf

from inference.audio import SAMPLE_RATE


def to_float(samples):
    """int16 or float samples to float32 in [-1, 1]."""
    samples = np.asarray(samples)
    if samples.dtype == np.int16:
        return samples.astype(np.float32) / 32768.0
    return samples.astype(np.float32)


def resample(audio, rate, target=SAMPLE_RATE):
    """Polyphase resampling (exact rational ratio) to the target rate."""
    if rate == target:
        return audio.astype(np.float32)
    from scipy.signal import resample_poly

    ratio = Fraction(target, rate)
    return resample_poly(audio, ratio.numerator, ratio.denominator).astype(np.float32)


def read(path):
    """A wav as float32 mono and its sample rate."""
    audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return audio.mean(axis=1), rate


def write(path, audio):
    """Writes float audio as 16 kHz PCM16, peak-limited to avoid wrap-around, via a temporary file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    sf.write(str(tmp), np.clip(audio, -1.0, 32767 / 32768), SAMPLE_RATE, subtype="PCM_16", format="WAV")
    os.replace(tmp, path)
