# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import numpy as np

from models.training.evaluation import sync_scores as m

FPS = 100
PHONES = [("sil", 0.0, 0.5), ("m", 0.5, 0.58), ("aa", 0.58, 0.75), ("p", 0.75, 0.83), ("uw", 0.83, 1.0),
          ("b", 1.0, 1.06), ("ae", 1.06, 1.3), ("pau", 1.3, 1.5), ("sil", 1.5, 1.8)]
BILABIAL = {"m", "p", "b"}.__contains__
OPEN = {"aa", "ae"}.__contains__
ROUNDED = {"uw"}.__contains__
PAUSE = {"sil", "pau"}.__contains__
N = 180


def _curve(value_at):
    """A series that is value_at(label) on each phone's frames."""
    series = np.zeros(N)
    for label, start, end in PHONES:
        series[round(start * FPS):round(end * FPS)] = value_at(label)
    return series


def test_a_curve_closing_at_every_bilabial_scores_all():
    aperture = _curve(lambda label: 0.0 if BILABIAL(label) else 0.008)
    assert m.bilabial_closures(PHONES, aperture, FPS, BILABIAL) == [True, True, True]


def test_a_curve_that_never_closes_scores_none():
    aperture = _curve(lambda label: 0.0015 if BILABIAL(label) else 0.008)
    assert m.bilabial_closures(PHONES, aperture, FPS, BILABIAL) == [False, False, False]


def test_closure_may_come_one_frame_early_but_not_two():
    for lead, expected in ((1, True), (2, False)):
        aperture = np.full(N, 0.008)
        aperture[50 - lead] = 0.0  # /m/ covers frames 50..58
        assert m.bilabial_closures(PHONES[:2], aperture, FPS, BILABIAL) == [expected]


def test_open_vowels_are_judged_at_their_centre():
    aperture = _curve(lambda label: 0.006 if label == "aa" else 0.002)
    assert m.open_vowel_openings(PHONES, aperture, FPS, OPEN) == [True, False]


def test_rounding_needs_corners_narrower_than_rest():
    rest_width = 0.05
    width = _curve(lambda label: rest_width - (0.004 if ROUNDED(label) else 0.0))
    assert m.roundings(PHONES, width, rest_width, FPS, ROUNDED) == [True]
    assert m.roundings(PHONES, np.full(N, rest_width), rest_width, FPS, ROUNDED) == [False]


def test_long_pauses_merge_adjacent_pause_phones_and_drop_short_ones():
    assert m.long_pauses(PHONES, PAUSE) == [(0.0, 0.5), (1.3, 1.8)]
    assert m.long_pauses([("sil", 0.0, 0.2), ("a", 0.2, 0.4)], PAUSE) == []


def test_rest_is_reached_inside_a_pause_or_not():
    rest_aperture, rest_width = 0.0005, 0.05
    pauses = m.long_pauses(PHONES, PAUSE)
    resting = _curve(lambda label: rest_aperture if PAUSE(label) else 0.008)
    width = np.full(N, rest_width)
    assert m.rests(pauses, resting, width, rest_aperture, rest_width, FPS) == [True, True]
    ajar = _curve(lambda label: rest_aperture + 0.003 if PAUSE(label) else 0.008)
    assert m.rests(pauses, ajar, width, rest_aperture, rest_width, FPS) == [False, False]
    # Reaching rest only within PAUSE_EDGE_S of the pause's edges does not count.
    edge_only = ajar.copy()
    edge_only[[130, 131, 178, 179]] = rest_aperture
    assert m.rests(pauses[1:], edge_only, width, rest_aperture, rest_width, FPS) == [False]


def test_silences_come_from_the_loudness_envelope():
    sr = 16000
    t = np.arange(2 * sr) / sr
    audio = 0.3 * np.sin(2 * np.pi * 200 * t)
    audio[int(0.5 * sr):int(1.2 * sr)] = 0.0  # 700 ms of silence
    audio[int(1.6 * sr):int(1.8 * sr)] = 0.0  # 200 ms: too short
    envelope = m.rms_envelope(audio, sr, FPS, 2 * FPS)
    assert abs(envelope[20] - 0.3 / np.sqrt(2)) < 0.01
    [(start, end)] = m.silences(envelope, FPS)
    assert abs(start - 0.51) < 0.02 and abs(end - 1.19) < 0.02


def test_pearson_and_jitter():
    x = np.sin(np.linspace(0, 6, 200))
    assert abs(m.pearson(x, 3 * x + 1) - 1.0) < 1e-12
    assert abs(m.pearson(x, -x) + 1.0) < 1e-12
    assert m.pearson(x, np.ones(200)) == 0.0
    smooth, count = m.jitter_sum_of_squares(np.linspace(0, 1, 50))
    assert count == 48 and smooth < 1e-20
    rough, _ = m.jitter_sum_of_squares(np.tile([0.0, 1.0], 25))
    assert rough == 48 * 4.0
