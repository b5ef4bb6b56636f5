# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""On-the-fly augmentation for the trainer: cheap transforms that move clean synthetic speech
towards real recordings (rooms, noise, channels, levels, breaths), keeping length and timing.

`random_augment(audio16k, rng)` is called per training example. Babble noise comes from
`<corpus>/babble.wav` (a mix of many corpus voices written by the build) when it exists.
"""
from functools import lru_cache

import numpy as np

from . import audio as audio_io
from .paths import corpus_dir

SR = audio_io.SAMPLE_RATE
BABBLE_FILE = "babble.wav"


def _rms(x):
    return float(np.sqrt(np.mean(np.square(x), dtype=np.float64)) + 1e-9)


def white_noise(n, rng):
    return rng.standard_normal(n).astype(np.float32)


def pink_noise(n, rng):
    """1/f power spectrum, shaped in the frequency domain."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spectrum), dtype=np.float64)
    f[0] = 1.0
    return np.fft.irfft(spectrum / np.sqrt(f), n).astype(np.float32)


@lru_cache(maxsize=4)
def load_babble(path=None):
    """The corpus's babble track, or None when the corpus has none."""
    path = path or corpus_dir() / BABBLE_FILE
    try:
        x, _ = audio_io.read(path)
    except (OSError, RuntimeError):
        return None
    return x if len(x) > SR else None


def babble_noise(n, rng, babble):
    """A random stretch of the babble track, looped if the track is short."""
    start = int(rng.integers(0, len(babble)))
    idx = (start + np.arange(n)) % len(babble)
    return babble[idx]


def add_noise(x, rng, babble):
    kinds = ["white", "pink"] + (["babble", "babble"] if babble is not None else [])
    kind = kinds[int(rng.integers(len(kinds)))]
    if kind == "white":
        noise = white_noise(len(x), rng)
    elif kind == "pink":
        noise = pink_noise(len(x), rng)
    else:
        noise = babble_noise(len(x), rng, babble)
    snr_db = rng.uniform(0.0, 30.0) if kind == "babble" else rng.uniform(5.0, 35.0)
    return x + noise * (_rms(x) / _rms(noise) * 10 ** (-snr_db / 20))


def room_impulse_response(rng):
    """Direct sound plus exponentially decaying noise (reverberation time 0.15-0.9 s),
    darker towards the tail like absorbing walls."""
    rt60 = rng.uniform(0.15, 0.9)
    n = int(min(rt60, 0.6) * SR)
    t = np.arange(n) / SR
    tail = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    tail = np.convolve(tail, np.ones(3) / 3, mode="same")
    predelay = int(rng.uniform(0.002, 0.02) * SR)
    ir = np.zeros(n + predelay)
    ir[predelay:] = tail * 10 ** (-rng.uniform(0.0, 12.0) / 20) / np.sqrt(np.sum(tail**2) + 1e-9)
    ir[0] = 1.0
    return ir.astype(np.float32)


def add_reverb(x, rng):
    from scipy.signal import fftconvolve

    y = fftconvolve(x, room_impulse_response(rng))[: len(x)]
    return y * (_rms(x) / _rms(y))


def band_limit(x, rng):
    """Telephone band (300-3400 Hz) or a low-pass between 4 and 8 kHz."""
    from scipy.signal import butter, sosfilt

    if rng.random() < 0.4:
        sos = butter(4, [300, 3400], btype="bandpass", fs=SR, output="sos")
    else:
        sos = butter(6, rng.uniform(4000, 7600), btype="lowpass", fs=SR, output="sos")
    return sosfilt(sos, x).astype(np.float32)


def quiet_stretches(x, min_len_s=0.15, frame=320):
    """(start, end) sample ranges of frames 30 dB or more under the loud frames."""
    n = len(x) // frame
    if n == 0:
        return []
    level = np.sqrt(np.mean(np.square(x[: n * frame].reshape(n, frame)), axis=1)) + 1e-9
    quiet = level < np.percentile(level, 95) * 10 ** (-30 / 20)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]])))
    runs = edges.reshape(-1, 2)
    return [(a * frame, b * frame) for a, b in runs if (b - a) * frame >= min_len_s * SR]


def breath_burst(n, rng):
    """Band-passed noise under a smooth envelope: an in-breath."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / SR)
    spectrum *= np.exp(-0.5 * ((f - rng.uniform(1200, 2500)) / rng.uniform(600, 1500)) ** 2)
    return np.fft.irfft(spectrum, n) * np.hanning(n)


def click_burst(n, rng):
    """A lip smack or tongue click: a few milliseconds of decaying high-frequency noise."""
    noise = np.diff(rng.standard_normal(n + 1))
    return noise * np.exp(-np.arange(n) / (n / 4))


def add_mouth_noises(x, rng):
    """Breaths and clicks in the pauses, where real speakers make them."""
    y = x.copy()
    speech = _rms(x) * 3
    for start, end in quiet_stretches(x):
        if rng.random() < 0.5:
            continue
        if rng.random() < 0.6:
            n = int(min(end - start, rng.uniform(0.12, 0.4) * SR))
            burst = breath_burst(n, rng)
            level = speech * 10 ** (-rng.uniform(12, 28) / 20)
        else:
            n = int(rng.uniform(0.002, 0.012) * SR)
            burst = click_burst(n, rng)
            level = speech * 10 ** (-rng.uniform(6, 20) / 20)
        at = start + int(rng.integers(0, max(1, end - start - n)))
        y[at:at + n] += (burst * (level / _rms(burst))).astype(np.float32)[: len(y) - at]
    return y


def gain_and_clip(x, rng):
    """Recording level from -20 dB to +6 dB around a typical peak; sometimes driven into clipping."""
    peak = np.max(np.abs(x)) + 1e-9
    y = x * (rng.uniform(0.3, 0.95) / peak) * 10 ** (rng.uniform(-20.0, 6.0) / 20)
    limit = rng.uniform(0.15, 0.6) if rng.random() < 0.12 else 1.0
    return np.clip(y, -limit, limit)


def random_augment(audio16k, rng, babble=None):
    """A randomly degraded copy of a float32 16 kHz clip, same length; deterministic for a given rng state.

    Each transform applies with its own probability: breaths/clicks in pauses 0.3, reverb 0.4,
    noise 0.6 (white, pink, babble; SNR 0-35 dB), band-limiting 0.25, then gain and sometimes clipping.
    """
    x = np.asarray(audio16k, dtype=np.float32)
    if len(x) == 0:
        return x.copy()
    if babble is None:
        babble = load_babble()
    draws = rng.random(4)
    if draws[0] < 0.3:
        x = add_mouth_noises(x, rng)
    if draws[1] < 0.4:
        x = add_reverb(x, rng)
    if draws[2] < 0.6:
        x = add_noise(x, rng, babble)
    if draws[3] < 0.25:
        x = band_limit(x, rng)
    return gain_and_clip(x, rng).astype(np.float32)
