# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""On-the-fly augmentation and build-time variants keep length and timing and change the signal."""
import numpy as np
import pytest

from models.training.corpus import augment, variants
from models.training.corpus.audio import SAMPLE_RATE


def _speech_like(seconds=2.0, seed=0):
    """Harmonic bursts separated by silences: enough structure for pause detection and alignment."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    voiced = sum(np.sin(2 * np.pi * 120 * k * t) / k for k in range(1, 20))
    gate = (np.sin(2 * np.pi * 1.5 * t) > 0).astype(np.float32)
    return (0.3 * voiced * gate + 0.001 * rng.standard_normal(len(t))).astype(np.float32)


def _envelope(x, hop=160):
    n = len(x) // hop
    return np.sqrt(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1))


def test_random_augment_keeps_length_and_changes_signal():
    x = _speech_like()
    babble = _speech_like(5.0, seed=1)
    for seed in range(20):
        y = augment.random_augment(x, np.random.default_rng(seed), babble=babble)
        assert y.shape == x.shape and y.dtype == np.float32
        assert np.all(np.isfinite(y)) and np.max(np.abs(y)) <= 1.0
        assert not np.allclose(y, x)


def test_random_augment_is_deterministic_for_a_seed():
    x = _speech_like()
    a = augment.random_augment(x, np.random.default_rng(7))
    b = augment.random_augment(x, np.random.default_rng(7))
    c = augment.random_augment(x, np.random.default_rng(8))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_random_augment_handles_short_and_empty_clips():
    rng = np.random.default_rng(0)
    assert augment.random_augment(np.zeros(0, np.float32), rng).shape == (0,)
    assert augment.random_augment(_speech_like(0.05), rng).shape == (800,)


def test_each_transform_does_what_it_says():
    x = _speech_like()
    rng = np.random.default_rng(0)
    noisy = augment.add_noise(x, rng, babble=None)
    assert 0 < np.mean((noisy - x) ** 2) < np.mean(x**2)
    reverberant = augment.add_reverb(x, rng)
    gaps = _envelope(x) < 0.01
    assert np.mean(_envelope(reverberant)[gaps]) > 3 * np.mean(_envelope(x)[gaps])
    spectrum = np.abs(np.fft.rfft(augment.band_limit(x, np.random.default_rng(1))))
    freqs = np.fft.rfftfreq(len(x), 1 / SAMPLE_RATE)
    assert spectrum[freqs > 7800].mean() < 0.05 * spectrum[(freqs > 200) & (freqs < 3000)].mean()
    assert augment.quiet_stretches(x)
    assert np.any(augment.add_mouth_noises(x, np.random.default_rng(3)) != x)


@pytest.mark.parametrize("spec", [
    {"tempo": 1.2, "cents": 200.0, "vtl": 1.1},
    {"tempo": 0.85, "cents": -150.0, "vtl": 0.9},
])
def test_warp_scales_duration_and_keeps_timing(spec):
    x = _speech_like()
    y, factor, desc = variants.apply(x, spec)
    assert len(y) == round(len(x) / spec["tempo"]) and factor == pytest.approx(1 / spec["tempo"])
    assert desc.startswith("tempo")
    ex, ey = _envelope(x), _envelope(y)
    ex_scaled = np.interp(np.arange(len(ey)) * spec["tempo"], np.arange(len(ex)), ex)
    corr = np.corrcoef(ey, ex_scaled)[0, 1]
    assert corr > 0.9


@pytest.mark.parametrize("spec", [{"codec": "mp3", "kbps": 24}, {"codec": "opus", "kbps": 12}])
def test_codec_round_trip_keeps_alignment(spec):
    x = _speech_like()
    y, factor, desc = variants.apply(x, spec)
    assert len(y) == len(x) and factor == 1.0 and desc == f"{spec['codec']} {spec['kbps']}k"
    ex, ey = _envelope(x), _envelope(y)
    lags = [np.corrcoef(ex[5:-5], np.roll(ey, -lag)[5:-5])[0, 1] for lag in range(-3, 4)]
    assert int(np.argmax(lags)) == 3 and max(lags) > 0.95


def test_vocal_tract_warp_moves_formants_not_pitch():
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    # a 150 Hz pulse train through one resonance at 1 kHz
    from scipy.signal import lfilter

    pulses = (np.arange(len(t)) % (SAMPLE_RATE // 150) == 0).astype(np.float64)
    r, f = 0.97, 1000.0
    x = lfilter([1.0], [1.0, -2 * r * np.cos(2 * np.pi * f / SAMPLE_RATE), r * r], pulses).astype(np.float32)
    x /= np.max(np.abs(x))
    y = variants.vocal_tract_warp(x, 1.15)
    freqs = np.fft.rfftfreq(len(x), 1 / SAMPLE_RATE)

    def harmonic(sig, lo, hi):
        spec = np.abs(np.fft.rfft(sig))
        band = (freqs > lo) & (freqs < hi)
        return freqs[band][np.argmax(spec[band])]

    def centroid(sig):
        power = np.abs(np.fft.rfft(sig)) ** 2
        band = (freqs > 300) & (freqs < 4000)
        return np.sum(freqs[band] * power[band]) / np.sum(power[band])

    assert harmonic(y, 100, 200) == pytest.approx(150, abs=2)
    assert centroid(y) > centroid(x) * 1.08
