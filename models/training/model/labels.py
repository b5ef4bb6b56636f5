# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Per-frame labels of an utterance beside the teacher's curves: where the lips are shut for /p b m/, where there
is speech, where a consonant that no lip touches is spoken away from any labial, and the articulation class of the
phone spoken (pause, vowel, or a consonant's place and manner). The closure gate learns from them and is calibrated
on them; the articulation class is an auxiliary target that makes the encoder tell /m/ from /n/ and a /p b/
closure from a /t d k g/ one."""

import numpy as np

from ..teacher.phonemes import phone_class, segments
from .log_mel import FRAME_RATE

CLOSURE, SPEECH, NON_LABIAL, ARTICULATION = 0, 1, 2, 3  # columns of the frame labels
CLOSURE_CORE = 0.2      # closure and non-labial labels skip this fraction of each phone at either end

# Articulation classes: 0 pause, 1 vowel, then one per consonant place and manner (rarer places and manners merged).
PLACES = {"bilabial": 0, "labiodental": 1, "dental": 2, "alveolar": 3, "postalveolar": 4, "palatal": 5,
          "velar": 6, "uvular": 6, "pharyngeal": 7, "glottal": 7, "labiovelar": 8, "unknown": 9}
MANNERS = {"stop": 0, "affricate": 0, "nasal": 1, "fricative": 2, "sibilant": 2, "approximant": 3, "lateral": 3,
           "tap": 3, "trill": 3}
_MANNER_COUNT = max(MANNERS.values()) + 1
ARTICULATION_CLASSES = 2 + (max(PLACES.values()) + 1) * _MANNER_COUNT


def articulation_class(label, inventory):
    """The articulation class of a phone, judged on its first segment."""
    segment = segments(label, inventory)[0]
    if segment.kind != "consonant":
        return int(segment.kind == "vowel")
    return 2 + PLACES[segment.place] * _MANNER_COUNT + MANNERS[segment.manner]


def is_labial(classes):
    """Lips take part: /p b m/, /f v/, /w/."""
    return bool(classes & {"bilabial", "labiodental"}) or {"rounded", "consonant"} <= classes


def frame_labels(phones, inventory, n_frames):
    """[T, 4]: CLOSURE is 1 inside the core of a /p b m/ (where the teacher holds the lips shut), SPEECH is 1
    inside any phone that is not a pause, NON_LABIAL inside the core of a consonant with no labial in it or next
    to it (where the lips must not be shut: t d n s k g l r ... away from p b m f v w), ARTICULATION the
    articulation class of the phone spoken (0, pause, outside every phone)."""
    labels = np.zeros((n_frames, 4), dtype=np.float32)
    times = np.arange(n_frames) / FRAME_RATE
    classes = [phone_class(label, inventory) for label, _, _ in phones]
    labial = [is_labial(c) for c in classes]
    for i, (label, start, end) in enumerate(phones):
        margin = CLOSURE_CORE * (end - start)
        core = (times >= start + margin) & (times <= end - margin)
        inside = (times >= start) & (times < end)
        labels[inside, ARTICULATION] = articulation_class(label, inventory)
        if "pause" not in classes[i]:
            labels[inside, SPEECH] = 1.0
        if "bilabial" in classes[i]:
            labels[core, CLOSURE] = 1.0
        elif "consonant" in classes[i] and not any(labial[max(0, i - 1): i + 2]):
            labels[core, NON_LABIAL] = 1.0
    return labels
