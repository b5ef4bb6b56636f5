# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""flite synthesis with phone timings from `-psdur` (phone:end_seconds pairs on stdout)."""
import subprocess
import tempfile
from pathlib import Path

from . import audio, phones

VOICES = ("kal", "kal16", "awb", "rms", "slt")
PAUSE = "pau"


def parse_psdur(stdout):
    pairs = []
    for token in stdout.split():
        label, sep, end = token.rpartition(":")
        if sep and label:
            pairs.append((label, float(end)))
    return phones.from_ends(pairs)


def synth(text, voice):
    """(float32 audio at 16 kHz, phones as flite reported them) for one utterance."""
    with tempfile.TemporaryDirectory(prefix="flite_") as tmp:
        wav = Path(tmp) / "out.wav"
        result = subprocess.run(
            ["flite", "-voice", voice, "-psdur", "-t", text, "-o", str(wav)],
            capture_output=True, text=True, check=True,
        )
        samples, rate = audio.read(wav)
    samples = audio.resample(samples, rate)
    return samples, parse_psdur(result.stdout)
