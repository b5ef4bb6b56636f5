# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""inference.face.prosody on signals whose pitch, loudness and pauses are known, and on synthetic speech."""

import time

import numpy as np
import pytest
from face_speech import dialogue

from inference.face import prosody

SR = prosody.SAMPLE_RATE


def voice(f0, amplitude=0.3):
    """A voiced sound: 12 harmonics falling at 6 dB an octave, following the F0 track f0 [N] (Hz per sample)."""
    phase = 2 * np.pi * np.cumsum(f0) / SR
    harmonics = sum(np.sin(k * phase) / k for k in range(1, 13))
    return (amplitude * harmonics / np.abs(harmonics).max()).astype(np.float32)


def seconds(s):
    return int(s * SR)


def test_loudness_of_a_tone_is_its_rms_level():
    tone = (0.5 * np.sin(2 * np.pi * 220 * np.arange(seconds(1)) / SR)).astype(np.float32)
    p = prosody.analyse(tone)
    assert len(p) == len(tone) // prosody.HOP + 1
    np.testing.assert_allclose(p.loudness_db[5:-5], 20 * np.log10(0.5 / np.sqrt(2)), atol=0.1)


@pytest.mark.parametrize("low, high", [(90, 180), (160, 380)])
def test_pitch_follows_a_glide_within_half_a_semitone(low, high):
    track = np.geomspace(low, high, seconds(2))
    p = prosody.analyse(voice(track))
    frames = np.arange(10, len(p) - 10)
    truth = track[np.minimum(frames * prosody.HOP, len(track) - 1)]
    assert (p.f0[frames] > 0).mean() > 0.97
    error = 12 * np.abs(np.log2(p.f0[frames] / truth))
    # F0 is estimated every 40 ms and held: a glide of an octave in 2 s moves 0.24 semitones in that time.
    assert np.percentile(error, 95) < 0.5


def test_pauses_are_found_and_short_gaps_bridged():
    burst = voice(np.full(seconds(1), 140.0))
    gap = {s: np.zeros(seconds(s), np.float32) for s in (0.1, 0.6, 0.5)}
    audio = np.concatenate([gap[0.5], burst, gap[0.6], burst, gap[0.1], burst, gap[0.5]])
    p = prosody.analyse(audio)
    expected_pauses = [(0.0, 0.5), (1.5, 2.1), (4.2, 4.7)]
    assert len(p.pauses) == 3
    for (first, end), (start_s, end_s) in zip(p.pauses, expected_pauses):
        assert first / 100 == pytest.approx(start_s, abs=0.03) and end / 100 == pytest.approx(end_s, abs=0.03)
    np.testing.assert_allclose(p.phrase_ends / 100, [1.5, 4.2], atol=0.03)
    assert p.speech[int(3.15 * 100)]  # the 0.1 s gap is inside speech


def test_silence_and_noise_are_not_speech():
    for audio in (np.zeros(seconds(2), np.float32),
                  (0.05 * np.random.default_rng(0).standard_normal(seconds(2))).astype(np.float32)):
        p = prosody.analyse(audio)
        assert not p.speech.any() and len(p.accents) == 0 and len(p.syllables) == 0 and len(p.phrase_ends) == 0
        assert len(p.pauses) == 1


def test_pitch_accents_are_the_rises():
    flat, rise = np.full(seconds(1), 150.0), np.geomspace(150, 210, seconds(0.2))  # 5.8 semitones in 200 ms
    track = np.concatenate([flat, rise, np.geomspace(210, 150, seconds(0.6)), flat])
    p = prosody.analyse(voice(track))
    assert len(p.accents) == 1
    onset, peak = p.accents[0] / 100
    assert onset == pytest.approx(1.0, abs=0.08) and peak == pytest.approx(1.2, abs=0.08)
    assert len(prosody.analyse(voice(np.full(seconds(3), 150.0))).accents) == 0


def test_louder_syllable_is_the_stressed_one():
    rate, count, loud = 4.0, 8, 5
    t = np.arange(seconds(count / rate)) / SR
    envelope = np.sin(np.pi * rate * t) ** 2
    envelope[int(loud / rate * SR):int((loud + 1) / rate * SR)] *= 2.5
    audio = np.concatenate([np.zeros(seconds(0.5), np.float32), voice(np.full(len(t), 130.0)) * envelope / 2.5,
                            np.zeros(seconds(0.5), np.float32)])
    p = prosody.analyse(audio.astype(np.float32))
    assert len(p.syllables) == count
    assert np.argmax(p.stress) == loud and p.stress[loud] == 1.0
    assert p.phrase_final.tolist() == [False] * (count - 1) + [True]


def test_speech_has_accents_syllables_and_pauses_at_a_plausible_rate():
    audio = dialogue()
    p = prosody.analyse(audio)
    minutes = len(audio) / SR / 60
    assert 3.0 < len(p.syllables) / (p.speech.mean() * minutes * 60) < 6.0  # a second of speech (espeak: 4-5)
    assert 10 < len(p.accents) / minutes < 60                     # pitch accents a minute
    assert len(p.phrase_ends) >= 20                               # 24 sentences, some with inner pauses
    voiced = p.f0[p.f0 > 0]
    assert 70 < np.median(voiced) < 300


def test_analysis_is_fast():
    audio = np.tile(dialogue(), 2)  # about 3 minutes
    began = time.process_time()
    prosody.analyse(audio)
    per_second = (time.process_time() - began) / (len(audio) / SR)
    assert per_second < 0.002  # about 0.5 ms on this machine: the whole CLI must stay 300x faster than real time
