# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Per-frame labels of an utterance beside the teacher's curves: where the lips are shut for /p b m/ and where
there is speech. The closure gate learns from them and is calibrated on them."""

import numpy as np

from ..teacher.phonemes import phone_class
from .log_mel import FRAME_RATE

CLOSURE, SPEECH = 0, 1  # columns of the frame labels
CLOSURE_CORE = 0.2      # closure labels skip this fraction of each /p b m/ at either end


def frame_labels(phones, inventory, n_frames):
    """[T, 2]: CLOSURE is 1 inside the core of a /p b m/ (where the teacher holds the lips shut), SPEECH is 1
    inside any phone that is not a pause."""
    labels = np.zeros((n_frames, 2), dtype=np.float32)
    times = np.arange(n_frames) / FRAME_RATE
    for label, start, end in phones:
        classes = phone_class(label, inventory)
        if "pause" not in classes:
            labels[(times >= start) & (times < end), SPEECH] = 1.0
        if "bilabial" in classes:
            margin = CLOSURE_CORE * (end - start)
            labels[(times >= start + margin) & (times <= end - margin), CLOSURE] = 1.0
    return labels
