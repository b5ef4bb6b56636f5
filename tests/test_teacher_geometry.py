# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Teacher curves on the rig, measured as the evaluation measures them: lips meet at /p b m/, open vowels open
over 5 mm, rounded vowels narrow the mouth, long pauses return to rest."""

import numpy as np
import pytest
from test_teacher_curves import flite_phones
from test_teacher_espeak import SENTENCES, espeak_phones

from inference.flame_topology import template_path
from inference.ply import load_ply
from models.training.evaluation import sync_scores
from models.training.evaluation.seal_calibration import non_labial_centres
from models.training.flame.distances import lip_aperture, lip_aperture_series, mouth_width, mouth_width_series
from models.training.rig.basis import build_basis
from models.training.teacher.curves import phone_class, teacher_curves


@pytest.fixture(scope="module")
def head():
    vertices, triangles = load_ply(template_path())
    return vertices, build_basis(vertices, triangles).astype(np.float64)


def measure(head, curves):
    vertices, basis = head
    posed = vertices[None] + np.einsum("tk,kvc->tvc", curves.astype(np.float64), basis)
    return lip_aperture_series(posed), mouth_width_series(posed)


def padded(phones, pause, before=0.3, after=0.5):
    """The phones with a longer pause before and one more after (so that there are long pauses to check)."""
    shifted = [(label, start + before, end + before) for label, start, end in phones]
    return [(pause, 0.0, before)] + shifted + [(pause, shifted[-1][2], shifted[-1][2] + after)]


def check(head, phones, inventory):
    curves = teacher_curves(phones, inventory)
    aperture, width = measure(head, curves)
    vertices, _ = head

    def member(name):
        return lambda label: name in phone_class(label, inventory)

    closed = sync_scores.bilabial_closures(phones, aperture, 100, member("bilabial"))
    opened = sync_scores.open_vowel_openings(phones, aperture, 100, member("open"))
    rounded = sync_scores.roundings(phones, width, mouth_width(vertices), 100, member("rounded"))
    pauses = sync_scores.long_pauses(phones, member("pause"))
    rested = sync_scores.rests(pauses, aperture, width, lip_aperture(vertices), mouth_width(vertices), 100)
    assert len(closed) >= 2 and len(opened) >= 2 and len(pauses) >= 2
    assert all(closed) and all(opened) and all(rounded) and all(rested)
    return aperture, width


@pytest.mark.parametrize("tempo", [1.0, 0.5])
def test_english_sentence_on_the_rig(head, tempo):
    phones = padded(flite_phones(tempo), "pau")
    aperture, _ = check(head, phones, "arpabet")
    classes = [phone_class(label, "arpabet") for label, _, _ in phones]
    for (_, start, end), cls in zip(phones, classes):
        if "bilabial" in cls and tempo == 1.0:   # closed from its start up to its release, not just somewhere
            assert aperture[int(np.ceil(start * 100 - 1e-6)):int(np.ceil(end * 100 - 1e-6))].max() < 0.001
    centres = [aperture[round((start + end) * 50)] for (_, start, end), cls in zip(phones, classes) if "open" in cls]
    print(f"tempo {tempo}: aperture at open-vowel centres {min(centres) * 1e3:.1f} to {max(centres) * 1e3:.1f} mm")


@pytest.mark.parametrize("voice", ["de", "ru", "ja"])
def test_espeak_sentences_on_the_rig(head, voice):
    check(head, padded(espeak_phones(voice, SENTENCES[voice]), "_"), f"espeak:{voice}")


def test_lips_apart_at_consonants_no_lip_takes_part_in(head):
    """Fast speech growing quiet shrinks the jaw, so the mean head's thick lips meet at some t d n s k ...; the
    parted teacher keeps every one of them apart."""
    phones = padded(flite_phones(0.5), "pau")
    frames = round(phones[-1][2] * 100)
    loudness = 10 ** (np.linspace(0.0, -24.0, frames) / 20)        # ends 12 dB under the median: scale 0.7
    centres = non_labial_centres(phones)
    assert len(centres) >= 4

    def apertures(parted):
        return measure(head, teacher_curves(phones, "arpabet", loudness=loudness, parted=parted))[0]

    assert sync_scores.centre_values(centres, apertures(parted=False), 100, lambda label: True).min() \
        <= sync_scores.CLOSED_M
    aperture = apertures(parted=True)
    apart = sync_scores.centre_values(centres, aperture, 100, lambda label: True)
    assert apart.min() > sync_scores.CLOSED_M, f"lips shut at {[c for c, a in zip(centres, apart) if a <= 0.001]}"
    assert all(sync_scores.bilabial_closures(phones, aperture, 100, lambda label: "bilabial" in phone_class(
        label, "arpabet")))
