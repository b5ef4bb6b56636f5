# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Speech as a microphone across a room hears it, for checking that lip sync holds up in real rooms and noise:
image-source rooms (pyroomacoustics) whose measured reverberation time and direct-to-reverberant ratio lie in the
ranges below, and pink noise at a signal-to-noise ratio in range.

`Rooms(seed).degrade(audio, index)` puts utterance `index` in one of ROOM_COUNT rooms (made once per seed) and adds
noise from a generator seeded by (seed, index), so a run is repeatable. The direct sound's delay is taken out, so
phone timings still hold.
"""

import numpy as np

from ..corpus.augment import pink_noise

SAMPLE_RATE = 16000
RT60_S = (0.3, 0.8)
DRR_DB = (-5.0, 5.0)
SNR_DB = (10.0, 20.0)
ROOM_COUNT = 8
DIRECT_S = 0.0025            # the direct sound: the impulse response within this of its first peak
ROOM_SIZE_M = ((4.0, 3.5, 2.5), (9.0, 7.0, 3.5))
WALL_CLEARANCE_M = 0.5


def direct_to_reverberant_db(rir, sample_rate=SAMPLE_RATE):
    """Energy within DIRECT_S of the direct path's peak over the energy after it, in dB."""
    peak = int(np.argmax(np.abs(rir)))
    edge = int(DIRECT_S * sample_rate)
    direct = np.sum(rir[max(0, peak - edge):peak + edge + 1] ** 2)
    return float(10 * np.log10(direct / max(np.sum(rir[peak + edge + 1:] ** 2), 1e-20)))


def make_room(rng, sample_rate=SAMPLE_RATE):
    """-> (impulse response starting at its direct sound, measured RT60 s, DRR dB) of one random shoebox room with
    a talker and a microphone in it."""
    import pyroomacoustics as pra

    size = rng.uniform(*ROOM_SIZE_M)
    absorption, max_order = pra.inverse_sabine(rng.uniform(*RT60_S), size)
    room = pra.ShoeBox(size, fs=sample_rate, materials=pra.Material(absorption), max_order=max_order)
    room.add_source(rng.uniform(WALL_CLEARANCE_M, size - WALL_CLEARANCE_M))
    room.add_microphone(rng.uniform(WALL_CLEARANCE_M, size - WALL_CLEARANCE_M))
    room.compute_rir()
    rir = np.asarray(room.rir[0][0], np.float64)
    rir = rir[max(0, int(np.argmax(np.abs(rir))) - int(DIRECT_S * sample_rate)):]
    return rir, float(room.measure_rt60()[0][0]), direct_to_reverberant_db(rir, sample_rate)


class Rooms:
    def __init__(self, seed=0, sample_rate=SAMPLE_RATE):
        self.seed, self.sample_rate = seed, sample_rate
        rng = np.random.default_rng([seed, 0])
        self.rooms = []      # (impulse response, RT60 s, DRR dB)
        while len(self.rooms) < ROOM_COUNT:
            rir, rt60, drr = make_room(rng, sample_rate)
            if RT60_S[0] <= rt60 <= RT60_S[1] and DRR_DB[0] <= drr <= DRR_DB[1]:
                self.rooms.append((rir, rt60, drr))

    def degrade(self, audio, index):
        """float32 audio of the same length: reverberated in room index % ROOM_COUNT, at its own level, with pink
        noise at an SNR drawn from SNR_DB."""
        from scipy.signal import fftconvolve

        audio = np.asarray(audio, np.float64)
        rir = self.rooms[index % ROOM_COUNT][0]
        wet = fftconvolve(audio, rir)[:len(audio)]
        wet *= np.sqrt(np.mean(audio ** 2) / max(np.mean(wet ** 2), 1e-20))
        rng = np.random.default_rng([self.seed, 1, index])
        noise = pink_noise(len(audio), rng).astype(np.float64)
        snr = rng.uniform(*SNR_DB)
        noise *= np.sqrt(np.mean(wet ** 2) / max(np.mean(noise ** 2), 1e-20)) * 10 ** (-snr / 20)
        return (wet + noise).astype(np.float32)

    def describe(self):
        rt60 = [room[1] for room in self.rooms]
        drr = [room[2] for room in self.rooms]
        return (f"{ROOM_COUNT} image-source rooms (pyroomacoustics), RT60 {min(rt60):.2f}-{max(rt60):.2f} s, "
                f"direct-to-reverberant {min(drr):+.1f} to {max(drr):+.1f} dB; pink noise at "
                f"{SNR_DB[0]:.0f}-{SNR_DB[1]:.0f} dB SNR")
