# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The lip-sync scores of models/training/README.md ("Measuring lip sync"), on per-frame mouth distances and phone
timings.

Every function takes series sampled at `fps` (frame t is at time t / fps), lengths in metres and phones as
(label, start_s, end_s). Event measures return one bool per event so that sets of utterances can be pooled.
"""

import math

import numpy as np

CLOSED_M = 0.001          # lips meet: aperture under 1 mm
OPEN_M = 0.005            # an open vowel opens the mouth clearly: over 5 mm at its centre
ROUNDED_NARROWING_M = 0.001  # rounding narrows the corners by more than 1 mm below the rest width
REST_TOLERANCE_M = 0.001  # at rest: aperture and width both within 1 mm of the rest pose
MIN_PAUSE_S = 0.3         # pauses shorter than this are not expected to reach rest
PAUSE_EDGE_S = 0.1        # the mouth may still be leaving or approaching speech this close to a pause's edges
SILENCE_DBFS = -40.0      # loudness under this, in 20 ms windows, counts as silence where no alignment exists
# "Shut at non-labials" (ARPAbet and TIMIT labels): consonants no lip touches, scored where no labial is next to them.
NON_LABIAL_PHONES = frozenset("t d n s z sh ch jh k g ng l r y hh th dh".split())
LABIAL_PHONES = frozenset("p b m em f v w".split())


def _frame_range(start: float, end: float, fps: float, n_frames: int, pad: int = 0) -> range:
    """Frames whose times lie in [start, end], widened by `pad` frames each side; at least the nearest frame."""
    first = math.ceil(start * fps - 1e-9) - pad
    last = math.floor(end * fps + 1e-9) + pad
    if last < first:
        first = last = round((start + end) / 2 * fps)
    return range(max(first, 0), min(last, n_frames - 1) + 1)


def _centre_frame(start: float, end: float, fps: float, n_frames: int) -> int:
    return min(max(round((start + end) / 2 * fps), 0), n_frames - 1)


def bilabial_closures(phones, aperture, fps, is_bilabial) -> list[bool]:
    """For each bilabial phone: do the lips meet (aperture < 1 mm) within the phone, +/- one frame?"""
    return [bool(np.min(aperture[_frame_range(start, end, fps, len(aperture), pad=1)]) < CLOSED_M)
            for label, start, end in phones if is_bilabial(label)]


def centre_values(phones, series, fps, select) -> np.ndarray:
    """The series at the centre frame of each phone for which `select(label)` holds."""
    return np.array([series[_centre_frame(start, end, fps, len(series))]
                     for label, start, end in phones if select(label)], dtype=np.float64)


def open_vowel_openings(phones, aperture, fps, is_open) -> list[bool]:
    """For each open vowel: is the aperture over 5 mm at the vowel's centre frame?"""
    return [bool(value > OPEN_M) for value in centre_values(phones, aperture, fps, is_open)]


def roundings(phones, width, rest_width, fps, is_rounded) -> list[bool]:
    """For each rounded phone: are the mouth corners narrower than at rest (by > 1 mm) at the phone's centre?"""
    return [bool(width[_centre_frame(start, end, fps, len(width))] < rest_width - ROUNDED_NARROWING_M)
            for label, start, end in phones if is_rounded(label)]


def long_pauses(phones, is_pause, min_s=MIN_PAUSE_S) -> list[tuple[float, float]]:
    """(start, end) of runs of consecutive pause phones lasting at least `min_s`."""
    runs = []
    for label, start, end in phones:
        if not is_pause(label):
            continue
        if runs and abs(runs[-1][1] - start) < 1e-6:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return [(start, end) for start, end in runs if end - start >= min_s - 1e-9]


def rests(pauses, aperture, width, rest_aperture, rest_width, fps) -> list[bool]:
    """For each pause: does the mouth reach rest (aperture and width within 1 mm of the rest pose) inside it,
    away from its edges (PAUSE_EDGE_S) where it is still leaving or approaching speech?"""
    results = []
    for start, end in pauses:
        frames = _frame_range(start + PAUSE_EDGE_S, end - PAUSE_EDGE_S, fps, len(aperture))
        deviation = np.maximum(np.abs(aperture[frames] - rest_aperture), np.abs(width[frames] - rest_width))
        results.append(bool(np.min(deviation) <= REST_TOLERANCE_M))
    return results


def rms_envelope(audio, sample_rate, fps, n_frames, window_s=0.02) -> np.ndarray:
    """RMS of the audio in windows of `window_s` centred on each frame time: [n_frames]."""
    audio = np.asarray(audio, dtype=np.float64)
    half = max(int(round(window_s * sample_rate / 2)), 1)
    padded = np.pad(audio, half)
    cumulative = np.concatenate([[0.0], np.cumsum(padded ** 2)])
    centres = np.round(np.arange(n_frames) * sample_rate / fps).astype(np.int64) + half
    centres = np.minimum(centres, len(padded) - half)
    energy = (cumulative[centres + half] - cumulative[centres - half]) / (2 * half)
    return np.sqrt(np.maximum(energy, 0.0))


def silences(envelope, fps, threshold_dbfs=SILENCE_DBFS, min_s=MIN_PAUSE_S) -> list[tuple[float, float]]:
    """(start, end) of runs of frames quieter than `threshold_dbfs` lasting at least `min_s`."""
    quiet = 20 * np.log10(np.maximum(envelope, 1e-10)) < threshold_dbfs
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]])))
    return [(first / fps, (last - 1) / fps) for first, last in zip(edges[::2], edges[1::2])
            if (last - first) / fps >= min_s - 1e-9]


def pearson(a, b) -> float:
    """Pearson correlation; 0 when either series is constant (a mouth that never moves agrees with nothing)."""
    a = np.asarray(a, dtype=np.float64) - np.mean(a)
    b = np.asarray(b, dtype=np.float64) - np.mean(b)
    norm = math.sqrt(float(np.dot(a, a)) * float(np.dot(b, b)))
    return float(np.dot(a, b) / norm) if norm > 0 else 0.0


def jitter_sum_of_squares(series) -> tuple[float, int]:
    """Sum of squared second differences (frame-to-frame jitter) and their count, so utterances can be pooled."""
    second = np.diff(np.asarray(series, dtype=np.float64), n=2)
    return float(np.dot(second, second)), len(second)
