# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Properties of the teacher's curves: closure, tuck, opening, rounding ahead, rest, JALI scaling, determinism."""

import time

import numpy as np
import pytest

from models.training.controls import CONTROL_NAMES, EXPRESSION_CONTROLS
from models.training.teacher.curves import phone_class, teacher_curves

C = {name: i for i, name in enumerate(CONTROL_NAMES)}

# flite (voice slt, -psdur) for "Bob made a map of five paper boats, and Pam moved them."
FLITE = ("pau:0.193 b:0.224 aa:0.435 b:0.486 m:0.526 ey:0.645 d:0.699 ax:0.749 m:0.833 ae:0.945 p:1.050 ah:1.087 "
         "v:1.122 f:1.245 ay:1.376 v:1.426 p:1.498 ey:1.617 p:1.711 er:1.762 b:1.840 ow:2.006 t:2.098 s:2.198 "
         "pau:2.311 ae:2.398 n:2.440 d:2.488 p:2.563 ae:2.773 m:2.823 m:2.873 uw:2.969 v:3.017 d:3.060 dh:3.105 "
         "eh:3.168 m:3.382 pau:3.552")


def flite_phones(tempo=1.0):
    phones, start = [], 0.0
    for item in FLITE.split():
        label, end = item.split(":")
        phones.append((label, start * tempo, float(end) * tempo))
        start = float(end)
    return phones


def frames_of(start, end, fps, n):
    """Frames whose times lie within [start, end], or the nearest frame to its centre."""
    first, last = int(np.ceil(start * fps - 1e-9)), int(np.floor(end * fps + 1e-9))
    if last < first:
        first = last = int(round((start + end) / 2 * fps))
    return np.arange(max(first, 0), min(last, n - 1) + 1)


def centre(start, end, fps):
    return int(round((start + end) / 2 * fps))


def of_class(phones, name, inventory="arpabet"):
    return [p for p in phones if name in phone_class(p[0], inventory)]


def assert_closed(curves, frames):
    """Lips together (mouthClose equals jawOpen, both substantial) with nothing pulling them apart."""
    row = curves[frames]
    closed = (np.abs(row[:, C["mouthClose"]] - row[:, C["jawOpen"]]) < 0.01) & (row[:, C["jawOpen"]] >= 0.09)
    apart = row[:, [C["mouthFunnel"], C["mouthLowerDownLeft"], C["mouthUpperUpLeft"]]].max(axis=1)
    assert np.any(closed & (apart < 0.02)), row[:, [C["jawOpen"], C["mouthClose"]]]


def test_shape_dtype_range_and_frame_count():
    phones = flite_phones()
    curves = teacher_curves(phones, "arpabet")
    assert curves.shape == (355, len(CONTROL_NAMES)) and curves.dtype == np.float32
    assert curves.min() >= 0.0 and curves.max() <= 1.0
    assert np.all(curves[:, C["mouthClose"]] <= curves[:, C["jawOpen"]])
    assert teacher_curves(phones, "arpabet", fps=30, duration=4.0).shape == (120, 43)
    assert teacher_curves(phones, "arpabet", fps=23.976).shape == (round(3.552 * 23.976), 43)
    assert teacher_curves([], "arpabet", duration=1.0).shape == (100, 43)


def test_expression_controls_stay_zero():
    curves = teacher_curves(flite_phones(), "arpabet")
    assert np.all(curves[:, [C[n] for n in EXPRESSION_CONTROLS]] == 0)


@pytest.mark.parametrize("fps", [100, 60, 24])
def test_every_bilabial_closes(fps):
    phones = flite_phones()
    curves = teacher_curves(phones, "arpabet", fps=fps)
    bilabials = of_class(phones, "bilabial")
    assert len(bilabials) == 12
    for _, start, end in bilabials:
        assert_closed(curves, frames_of(start, end, fps, len(curves)))


def test_closure_of_a_very_short_bilabial_between_open_vowels():
    phones = [("pau", 0, 0.2), ("aa", 0.2, 0.4), ("b", 0.4, 0.412), ("aa", 0.412, 0.6), ("pau", 0.6, 1.0)]
    curves = teacher_curves(phones, "arpabet")
    assert_closed(curves, frames_of(0.4, 0.412, 100, len(curves)))
    assert curves[30, C["jawOpen"]] > 0.5 and curves[30, C["mouthClose"]] < 0.05


def test_stops_press_the_closed_lips():
    curves = teacher_curves(flite_phones(), "arpabet")
    assert curves[centre(0.945, 1.050, 100), C["mouthPressLeft"]] > 0.2


@pytest.mark.parametrize("duration", [0.015, 0.05, 0.12])
def test_labiodentals_tuck_however_short(duration):
    phones = [("pau", 0, 0.3), ("ae", 0.3, 0.45), ("f", 0.45, 0.45 + duration), ("uw", 0.45 + duration, 0.7),
              ("pau", 0.7, 1.0)]
    curves = teacher_curves(phones, "arpabet")
    row = curves[frames_of(0.45, 0.45 + duration, 100, len(curves))]
    assert row[:, C["mouthRollLower"]].max() >= 0.75
    assert row[:, C["mouthUpperUpLeft"]].max() >= 0.25
    assert row[:, C["mouthClose"]].min() < 0.02


def test_every_labiodental_in_a_sentence_tucks():
    phones = flite_phones()
    curves = teacher_curves(phones, "arpabet")
    for _, start, end in of_class(phones, "labiodental"):
        assert curves[frames_of(start, end, 100, len(curves)), C["mouthRollLower"]].max() >= 0.75


def test_open_vowels_open_and_close_vowels_do_not():
    phones = flite_phones()
    curves = teacher_curves(phones, "arpabet")
    for _, start, end in of_class(phones, "open"):
        assert curves[centre(start, end, 100), C["jawOpen"]] >= 0.65
    single = [("pau", 0, 0.3), ("s", 0.3, 0.4), ("iy", 0.4, 0.6), ("t", 0.6, 0.7), ("pau", 0.7, 1.0)]
    iy = teacher_curves(single, "arpabet")[50]
    assert iy[C["jawOpen"]] < 0.45 and iy[C["mouthStretchLeft"]] > 0.3 and iy[C["mouthPucker"]] < 0.05


def test_rounded_vowels_pucker_and_round_ahead():
    def sequence(vowel):
        return [("pau", 0, 0.3), ("s", 0.3, 0.38), ("t", 0.38, 0.44), ("r", 0.44, 0.5), (vowel, 0.5, 0.7),
                ("pau", 0.7, 1.0)]

    rounded = teacher_curves(sequence("uw"), "arpabet")
    spread = teacher_curves(sequence("iy"), "arpabet")
    assert rounded[60, C["mouthPucker"]] > 0.6
    lips = [C["mouthPucker"], C["mouthFunnel"]]
    # through the consonants, well before the vowel starts, the lips already round for /uw/ but not for /iy/
    for frame in (35, 41, 47):
        assert rounded[frame, lips].sum() > spread[frame, lips].sum() + 0.15
    assert rounded[47, C["mouthPucker"]] > 0.4


def test_long_pauses_return_to_rest_and_short_ones_do_not():
    speech = [("m", 0.0, 0.08), ("aa", 0.08, 0.25), ("p", 0.25, 0.32)]
    phones = ([("pau", 0, 0.4)] + [(l, s + 0.4, e + 0.4) for l, s, e in speech] + [("pau", 0.72, 1.12)]
              + [(l, s + 1.12, e + 1.12) for l, s, e in speech] + [("pau", 1.44, 1.5)]
              + [(l, s + 1.5, e + 1.5) for l, s, e in speech] + [("pau", 1.82, 2.2)])
    curves = teacher_curves(phones, "arpabet")
    for start, end in [(0.0, 0.4), (0.72, 1.12), (1.82, 2.2)]:
        inner = curves[int(np.ceil((start + 0.1) * 100)):int(np.floor((end - 0.1) * 100)) + 1]
        assert np.abs(inner).max() < 1e-3
    assert curves[147, C["jawOpen"]] > 0.05      # a 60 ms pause keeps the mouth moving
    # and rest is reached whatever the pause label and for unlabelled time around the phones
    for label in ("sil", "SIL", "h#", "sp", ""):
        relabelled = [(label if l == "pau" else l, s, e) for l, s, e in phones]
        assert np.array_equal(teacher_curves(relabelled, "arpabet"), curves)
    gaps = [p for p in phones if p[0] != "pau"]
    assert np.allclose(teacher_curves(gaps, "arpabet", duration=2.2), curves, atol=1e-6)


def _mean_amplitude(curves, phones):
    rows = [centre(s, e, 100) for s, e in ((p[1], p[2]) for p in of_class(phones, "open"))]
    return curves[rows, C["jawOpen"]].mean(), curves[:, C["mouthStretchLeft"]].max()


def test_speech_rate_scales_jaw_and_lips_but_keeps_closures():
    phones = [("pau", 0, 0.3)] + [(l, 0.3 + 0.15 * i, 0.45 + 0.15 * i)
                                  for i, l in enumerate(["hh", "aa", "d", "iy", "k", "ae", "t", "iy"])]
    phones.append(("pau", phones[-1][2], phones[-1][2] + 0.5))

    def at_tempo(factor):
        return [(l, s * factor, e * factor) for l, s, e in phones]

    slow, normal, fast = (teacher_curves(at_tempo(f), "arpabet") for f in (1.0, 0.6, 0.35))
    jaw = [_mean_amplitude(c, at_tempo(f))[0] for c, f in ((slow, 1.0), (normal, 0.6), (fast, 0.35))]
    stretch = [c[:, C["mouthStretchLeft"]].max() for c in (slow, normal, fast)]
    assert jaw[0] > jaw[1] > jaw[2] * 0.999 and stretch[0] > stretch[1] > stretch[2]
    assert stretch[0] > 1.2 * stretch[2]
    quick = flite_phones(tempo=0.5)
    curves = teacher_curves(quick, "arpabet")
    for _, start, end in of_class(quick, "bilabial"):
        assert_closed(curves, frames_of(start, end, 100, len(curves)))


def test_loudness_scales_jaw_and_lips_whatever_the_gain():
    phones = flite_phones()
    n = 355
    flat = np.full(n, 0.05)
    louder_end = flat.copy()
    louder_end[200:] *= 4.0                       # +12 dB over the last 1.55 s
    base = teacher_curves(phones, "arpabet", loudness=flat)
    assert np.array_equal(base, teacher_curves(phones, "arpabet", loudness=flat * 10))
    loud = teacher_curves(phones, "arpabet", loudness=louder_end)
    late, early = slice(230, 355), slice(0, 170)
    assert loud[late, C["mouthStretchLeft"]].max() > 1.2 * base[late, C["mouthStretchLeft"]].max()
    assert loud[late, C["mouthPucker"]].max() > 1.1 * base[late, C["mouthPucker"]].max()
    assert np.abs(loud[early] - base[early]).max() < 0.2
    quiet = teacher_curves(phones, "arpabet", loudness=np.where(np.arange(n) < 200, 0.05, 0.0125))
    assert quiet[late, C["jawOpen"]].sum() < base[late, C["jawOpen"]].sum()
    for curves in (loud, quiet):
        for _, start, end in of_class(phones, "bilabial"):
            assert_closed(curves, frames_of(start, end, 100, n))


def test_deterministic_and_order_independent():
    phones = flite_phones()
    loudness = np.random.default_rng(1).random(355)
    first = teacher_curves(phones, "arpabet", loudness=loudness)
    assert np.array_equal(first, teacher_curves(phones, "arpabet", loudness=loudness))
    assert np.array_equal(first, teacher_curves(phones[::-1], "arpabet", loudness=loudness))
    assert np.array_equal(first, teacher_curves([(l.upper() + "1" if l in ("aa", "ae") else l.upper(), s, e)
                                                 for l, s, e in phones], "arpabet", loudness=loudness))


def test_an_hour_of_phonemes_is_fast():
    rng = np.random.default_rng(0)
    labels = ["aa", "ae", "ah", "iy", "uw", "ow", "eh", "p", "b", "m", "f", "v", "s", "t", "k", "n", "l", "r", "w",
              "sh", "ay", "pau"]
    durations = rng.uniform(0.04, 0.14, 40000)
    ends = np.cumsum(durations)
    phones = [(labels[i], e - d, e) for i, e, d in zip(rng.integers(0, len(labels), len(ends)), ends, durations)]
    assert ends[-1] > 3600
    start = time.process_time()
    curves = teacher_curves(phones, "arpabet", loudness=rng.random(int(round(ends[-1] * 100))))
    seconds = time.process_time() - start
    print(f"teacher_curves: {len(phones)} phones, {ends[-1] / 3600:.2f} h of speech in {seconds:.2f} s CPU")
    assert curves.shape == (round(ends[-1] * 100), 43)
    assert seconds < 10.0


def test_consonants_take_on_their_neighbours_jaw():
    def vcv(vowel, consonant="t"):
        return [("pau", 0, 0.3), (vowel, 0.3, 0.45), (consonant, 0.45, 0.52), (vowel, 0.52, 0.67), ("pau", 0.67, 1.0)]

    for consonant in ("t", "k", "l"):
        open_context = teacher_curves(vcv("aa", consonant), "arpabet")[48, C["jawOpen"]]
        close_context = teacher_curves(vcv("iy", consonant), "arpabet")[48, C["jawOpen"]]
        assert open_context > close_context + 0.1
    # carry-over and anticipation: the jaw is still (already) opening just after (before) the vowel
    curves = teacher_curves([("pau", 0, 0.3), ("t", 0.3, 0.4), ("aa", 0.4, 0.55), ("t", 0.55, 0.65),
                             ("pau", 0.65, 1.0)], "arpabet")
    alone = teacher_curves([("pau", 0, 0.3), ("t", 0.3, 0.4), ("iy", 0.4, 0.55), ("t", 0.55, 0.65),
                            ("pau", 0.65, 1.0)], "arpabet")
    assert curves[37, C["jawOpen"]] > alone[37, C["jawOpen"]] and curves[58, C["jawOpen"]] > alone[58, C["jawOpen"]]
