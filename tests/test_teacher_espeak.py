# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Teacher curves from real espeak-ng phoneme mnemonics in languages other than English."""

import subprocess

import numpy as np
import pytest
from test_teacher_curves import C, assert_closed, centre, frames_of, of_class

from models.training.teacher.curves import phone_class, teacher_curves
from models.training.teacher.phonemes import UNKNOWN, segments

SENTENCES = {
    "de": "Papa möchte Bier und fünf Würste, aber Mama will Wasser.",
    "fr": "Bonjour, mon ami, un peu de vin pour papa.",
    "ru": "Привет, мама, пожалуйста, мы будем пить воду.",
    "es": "Buenos días, mamá bebe vino blanco.",
    "pl": "Szczęście, źródło, mama pije mleko.",
    "hi": "नमस्ते, मेरा नाम माया है।",
    "ja": "こんにちは、ママはパンを食べます。",
    "nl": "De bus stopt bij de put, mama.",
}
DURATION_S = {"vowel": 0.11, "consonant": 0.07}
PAUSE_S = {"_:": 0.35, "_": 0.35, "_|": 0.04}


def espeak_phones(voice, text):
    """Phones from `espeak-ng -x --sep` (its phoneme mnemonics), with plausible durations (long vowels longer)."""
    out = subprocess.run(["espeak-ng", "-q", "-x", "--sep= ", "-v", voice, text], capture_output=True, text=True,
                         check=True).stdout
    phones, t = [("_", 0.0, 0.4)], 0.4
    for label in out.split():
        kind = segments(label, "espeak")[0].kind
        if kind == "pause":
            length = PAUSE_S.get(label, 0.0)
        else:
            length = DURATION_S[kind] * (1.5 if ":" in label else 1.0)
        if length > 0:
            phones.append((label, t, t + length))
            t += length
    phones.append(("_", t, t + 0.4))
    return phones


@pytest.mark.parametrize("voice", sorted(SENTENCES))
def test_espeak_sentence_gives_sensible_curves(voice):
    phones, inventory = espeak_phones(voice, SENTENCES[voice]), f"espeak:{voice}"
    assert not [p for p in phones if segments(p[0], inventory) == (UNKNOWN,)]
    curves = teacher_curves(phones, inventory)
    bilabials, opens = of_class(phones, "bilabial", inventory), of_class(phones, "open", inventory)
    assert len(bilabials) >= 2 and len(opens) >= 2
    for _, start, end in bilabials:
        assert_closed(curves, frames_of(start, end, 100, len(curves)))
    for _, start, end in opens:
        assert curves[centre(start, end, 100), C["jawOpen"]] >= 0.65
        assert curves[centre(start, end, 100), C["mouthClose"]] < 0.05
    for _, start, end in of_class(phones, "rounded", inventory):
        row = curves[centre(start, end, 100)]
        assert row[C["mouthPucker"]] + row[C["mouthFunnel"]] > 0.4
    for _, start, end in of_class(phones, "labiodental", inventory):
        assert curves[frames_of(start, end, 100, len(curves)), C["mouthRollLower"]].max() >= 0.75
    assert np.abs(curves[:30]).max() < 1e-3 and np.abs(curves[-30:]).max() < 1e-3


def test_german_front_rounded_vowels_round_and_close_front_vowels_spread():
    phones = espeak_phones("de", "Bier, fünf Würste, Tür, Kies.")
    curves = teacher_curves(phones, "espeak")
    labels = [p[0].lstrip("'") for p in phones]
    by_label = {label: curves[centre(s, e, 100)] for label, (_, s, e) in zip(labels, phones)}
    assert {"i:", "y", "y:"} <= set(by_label)
    assert by_label["y:"][C["mouthPucker"]] > 0.5 > by_label["i:"][C["mouthPucker"]]
    assert by_label["i:"][C["mouthStretchLeft"]] > 0.3 > by_label["y:"][C["mouthStretchLeft"]]
    assert {"rounded"} <= phone_class("y:", "espeak")
