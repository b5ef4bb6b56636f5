# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Articulatory features and phone classes of ARPAbet labels and espeak-ng mnemonics."""

import pytest

from models.training.teacher.phonemes import phone_class, segments


@pytest.mark.parametrize("label", ["p", "B1", "m", "EM", "pcl", "bcl"])
def test_arpabet_bilabials(label):
    assert "bilabial" in phone_class(label, "arpabet")


@pytest.mark.parametrize("label", ["aa", "AE1", "ah0", "AO2", "aw", "AY"])
def test_arpabet_open_vowels(label):
    assert phone_class(label, "arpabet") >= {"vowel", "open"}


@pytest.mark.parametrize("label", ["uw", "OW1", "w"])
def test_arpabet_rounded(label):
    assert "rounded" in phone_class(label, "arpabet")


@pytest.mark.parametrize("label", ["iy", "ih", "eh", "ey", "er", "ax", "uh", "t", "s", "sh", "k", "r", "l"])
def test_arpabet_neither_open_nor_rounded_nor_closing(label):
    assert not phone_class(label, "arpabet") & {"open", "rounded", "bilabial", "labiodental", "pause"}


@pytest.mark.parametrize("label", ["pau", "sil", "SIL", "h#", "sp", "", "+NSN+", "epi"])
def test_arpabet_pauses(label):
    assert phone_class(label, "arpabet") == {"pause"}


def test_labiodentals_in_both_inventories():
    for label, inventory in [("f", "arpabet"), ("V", "arpabet"), ("f", "espeak"), ("v", "espeak"), ("v#", "espeak")]:
        assert "labiodental" in phone_class(label, inventory)


@pytest.mark.parametrize("label, classes", [
    ("p", {"bilabial"}), ("b", {"bilabial"}), ("m-", {"bilabial", "nasal"}), ("p#", {"bilabial"}),
    ("a", {"open"}), ("A:", {"open"}), ("'A", {"open"}), ("0", {"open"}), ("V", {"open"}), ("a#", {"open"}),
    ("aI", {"open"}), ("aU", {"open"}), ("O~", {"open"}),
    ("u:", {"rounded"}), ("o", {"rounded"}), ("oU", {"rounded"}), ("y:", {"rounded"}), ("w", {"rounded"}),
    ("_:", {"pause"}), ("_|", {"pause"}), ("_", {"pause"}), ("(en)", {"pause"}),
])
def test_espeak_classes(label, classes):
    assert classes <= phone_class(label, "espeak")


@pytest.mark.parametrize("label", ["i:", "I", "e", "E", "@", "@-", "3:", "eI", "t", "s", "S;", "k", "n^", "x"])
def test_espeak_neither_open_nor_rounded_nor_closing(label):
    assert not phone_class(label, "espeak") & {"open", "rounded", "bilabial", "labiodental", "pause"}


def test_bilabial_fricative_is_no_closure():
    for label in ("B", "p\\"):
        first = segments(label, "espeak")[0]
        assert first.place == "bilabial" and first.manner == "fricative"
        assert "bilabial" not in phone_class(label, "espeak")


def test_diphthongs_become_two_qualities():
    opening, closing = segments("aI", "espeak")
    assert opening.height > 0.8 and closing.height < 0.2
    assert segments("ay", "arpabet") == segments("aI", "espeak")
    assert len(segments("ow", "arpabet")) == 2


def test_length_stress_tone_and_variant_marks_keep_the_quality():
    base = segments("a", "espeak")
    for label in ("a:", "'a", ",a", "a1", "a55", "a2"):
        assert segments(label, "espeak") == base


def test_affricates_and_aspiration_are_one_consonant():
    for label in ("tS", "dZ", "ts", "ts;", "t_s\\", "d_z\\"):
        (segment,) = segments(label, "espeak")
        assert segment.manner == "affricate"
    assert segments("tS", "espeak")[0].rounded > 0
    assert segments("kh", "espeak") == segments("k", "espeak")


def test_centralised_vowel():
    assert segments("I#", "espeak")[0].back == 0.5


def test_palatal_modifier():
    assert segments("n^", "espeak")[0].place == "palatal"


def test_unknown_symbols_are_graceful():
    for label, inventory in [("$$", "espeak"), ("é", "espeak"), ("55", "espeak"), ("xyz", "arpabet")]:
        assert len(segments(label, inventory)) >= 1
        assert not phone_class(label, inventory) & {"bilabial", "open", "rounded", "labiodental"}


def test_unknown_inventory_is_an_error():
    with pytest.raises(ValueError):
        segments("a", "ipa")


def test_language_specific_mnemonics():
    assert "rounded" in phone_class("y", "espeak") and "rounded" in phone_class("y:", "espeak:de")
    for inventory in ("espeak:pl", "espeak:ru", "espeak:pt", "espeak:PL+f3"):
        (vowel,) = segments("y", inventory)
        assert vowel.rounded == 0 and vowel.back == 0.5
    assert segments("m", "espeak:pl") == segments("m", "espeak")


def test_digit_and_bang_mnemonics():
    assert "rounded" in phone_class("8", "espeak")            # Dutch bus -> b'8s
    assert segments("!", "espeak")[0].place == "glottal"
    assert segments("03", "espeak") == segments("0", "espeak")
    assert segments("t!", "espeak") == segments("t", "espeak")
