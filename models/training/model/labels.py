# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Per-frame labels of an utterance beside the teacher's curves: where the lips are shut for /p b m/, where there
is speech, and where a consonant that no lip touches is spoken away from any labial. The closure gate learns from
them and is calibrated on them."""

import numpy as np

from ..teacher.phonemes import phone_class
from .log_mel import FRAME_RATE

CLOSURE, SPEECH, NON_LABIAL = 0, 1, 2  # columns of the frame labels
CLOSURE_CORE = 0.2      # closure and non-labial labels skip this fraction of each phone at either end


def is_labial(classes):
    """Lips take part: /p b m/, /f v/, /w/."""
    return bool(classes & {"bilabial", "labiodental"}) or {"rounded", "consonant"} <= classes


def frame_labels(phones, inventory, n_frames):
    """[T, 3]: CLOSURE is 1 inside the core of a /p b m/ (where the teacher holds the lips shut), SPEECH is 1
    inside any phone that is not a pause, NON_LABIAL inside the core of a consonant with no labial in it or next
    to it (where the lips must not be shut: t d n s k g l r ... away from p b m f v w)."""
    labels = np.zeros((n_frames, 3), dtype=np.float32)
    times = np.arange(n_frames) / FRAME_RATE
    classes = [phone_class(label, inventory) for label, _, _ in phones]
    labial = [is_labial(c) for c in classes]
    for i, (_, start, end) in enumerate(phones):
        margin = CLOSURE_CORE * (end - start)
        core = (times >= start + margin) & (times <= end - margin)
        if "pause" not in classes[i]:
            labels[(times >= start) & (times < end), SPEECH] = 1.0
        if "bilabial" in classes[i]:
            labels[core, CLOSURE] = 1.0
        elif "consonant" in classes[i] and not any(labial[max(0, i - 1): i + 2]):
            labels[core, NON_LABIAL] = 1.0
    return labels
