# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rooms and noise that the TIMIT scores are checked in (--rooms): in the ranges they are named for."""

import numpy as np
import pytest

from models.training.evaluation import rooms as R


@pytest.fixture(scope="module")
def rooms():
    return R.Rooms(seed=0)


def test_rooms_reverberate_within_the_named_ranges(rooms):
    assert len(rooms.rooms) == R.ROOM_COUNT
    for rir, rt60, drr in rooms.rooms:
        assert R.RT60_S[0] <= rt60 <= R.RT60_S[1] and R.DRR_DB[0] <= drr <= R.DRR_DB[1]
        assert np.argmax(np.abs(rir)) <= R.DIRECT_S * R.SAMPLE_RATE + 1, "the direct sound's delay is taken out"
        tail = np.sum(rir[int(0.05 * R.SAMPLE_RATE):] ** 2) / np.sum(rir ** 2)
        assert tail > 0.02, "a reverberant room still rings past 50 ms"


def test_degraded_speech_keeps_its_timing_level_and_gets_the_named_noise(rooms):
    rng = np.random.default_rng(5)
    audio = np.zeros(3 * R.SAMPLE_RATE, np.float32)
    audio[R.SAMPLE_RATE:2 * R.SAMPLE_RATE] = 0.2 * rng.standard_normal(R.SAMPLE_RATE)
    wet = rooms.degrade(audio, 3)
    assert wet.shape == audio.shape and wet.dtype == np.float32
    assert np.array_equal(wet, rooms.degrade(audio, 3)) and not np.array_equal(wet, rooms.degrade(audio, 4))
    level = np.sqrt(np.mean(wet.astype(np.float64) ** 2)) / np.sqrt(np.mean(audio.astype(np.float64) ** 2))
    assert level == pytest.approx(1.0, abs=0.1)
    before = np.sqrt(np.mean(wet[:R.SAMPLE_RATE - 800].astype(np.float64) ** 2))
    during = np.sqrt(np.mean(wet[R.SAMPLE_RATE + 800:2 * R.SAMPLE_RATE].astype(np.float64) ** 2))
    snr_in_speech = 20 * np.log10(during / before)
    assert R.SNR_DB[0] <= snr_in_speech <= R.SNR_DB[1] + 6, "the noise sits 10-20 dB under the whole clip's level"
