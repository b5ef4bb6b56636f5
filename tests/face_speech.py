# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Synthetic dialogue for the face-layer tests: espeak-ng sentences joined by pauses of different lengths, and the
real model's mouth for it."""

import functools
import subprocess
import tempfile
from pathlib import Path

import numpy as np

SENTENCES = (
    "The quick brown fox jumps over the lazy dog.",
    "Maybe we should meet at the museum tomorrow morning?",
    "I think the map is in the blue bag, but Bob may have moved it.",
    "Please pass me the bread and the butter.",
    "When the sun sets, the lamps along the harbour come on one by one.",
    "Really? I never knew that!",
    "My brother builds boats in a small workshop by the sea.",
    "Tell me more about the people you met on your trip.",
    "We walked for hours, and then it began to rain.",
    "Nobody expected the meeting to end so early.",
    "Put the plates on the table, please, and bring some more water.",
    "Why would anybody paint a blue house bright pink?",
)
PAUSES_S = (0.3, 0.8, 0.5, 1.5, 0.4, 2.5, 0.6, 0.35, 1.0, 0.5, 3.0, 0.7)
SAMPLE_RATE = 16000


@functools.lru_cache(maxsize=None)
def dialogue(repeats=2):
    """Mono float32 16 kHz audio: the sentences, `repeats` times, each followed by its pause."""
    from inference.audio import load_audio

    pieces = []
    with tempfile.TemporaryDirectory() as folder:
        for k, sentence in enumerate(SENTENCES * repeats):
            path = Path(folder) / f"{k}.wav"
            voice = ("en-us", "en", "en-us+f3")[k % 3]
            subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), sentence], check=True)
            pieces.append(load_audio(path))
            pieces.append(np.zeros(int(PAUSES_S[k % len(PAUSES_S)] * SAMPLE_RATE), np.float32))
    return np.concatenate(pieces)


@functools.lru_cache(maxsize=None)
def model():
    from inference.model import LipSyncModel

    return LipSyncModel(provider="cpu")


@functools.lru_cache(maxsize=None)
def mouth(fps, repeats=2):
    """The model's weights for dialogue(repeats) at `fps`, its control names, and its closure decision [T]."""
    from inference.pipeline import mouth_motion
    from inference.timing import frame_count

    audio = dialogue(repeats)
    weights, closure = mouth_motion(model(), audio, fps, frame_count(len(audio) / SAMPLE_RATE, fps))
    return weights, model().control_names, closure
