# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where the audio has no sound, the face rests; around a sound the lips still anticipate it and follow through."""

import json

import numpy as np
import pytest
import soundfile
from test_inference_cli import run_cli

from inference.audio import load_audio
from inference.face.prosody import loudness_db
from inference.model import LipSyncModel
from inference.silence import LEAD_S, sound_gate

RATE = 16000


@pytest.fixture(scope="module")
def model():
    return LipSyncModel(provider="cpu")


def test_the_gate_keeps_motion_around_a_sound_and_rests_away_from_it():
    audio = np.zeros(4 * RATE, np.float32)
    audio[2 * RATE:int(2.5 * RATE)] = 0.1 * np.random.default_rng(0).standard_normal(RATE // 2)
    gate = sound_gate(loudness_db(audio, len(audio) // 160 + 1), 100)
    times = np.arange(len(gate)) / 100
    assert (gate[(times > 2.0 - LEAD_S + 0.01) & (times < 2.5 + LEAD_S - 0.01)] == 1).all()
    assert (gate[(times < 1.5) | (times > 3.0)] == 0).all()
    assert np.abs(np.diff(gate)).max() <= 0.11, "the fade takes several frames"


def test_a_quiet_room_is_sound_not_silence():
    room = 0.003 * np.random.default_rng(1).standard_normal(2 * RATE).astype(np.float32)   # about -50 dBFS
    assert (sound_gate(loudness_db(room, len(room) // 160 + 1), 100) == 1).all()


def test_five_seconds_of_digital_silence_leave_the_mean_heads_mouth_at_rest(tmp_path, template_path):
    """The lips layer alone: the eyes blink and the head moves in silence too (tests/test_face_layers.py)."""
    silence = tmp_path / "silence.wav"
    soundfile.write(silence, np.zeros(5 * RATE, np.float32), RATE)
    offsets = tmp_path / "offsets.npy"
    done = run_cli(silence, "--fps", 60, "--out", tmp_path / "curves.json", "--head", template_path, "--offsets",
                   offsets, "--layers", "lips")
    assert done.returncode == 0, done.stderr
    moved = np.linalg.norm(np.load(offsets), axis=-1).max()
    assert moved < 0.0001, f"silence moves the face by {moved * 1000:.3f} mm"


def test_speech_padded_with_silence_moves_the_lips_only_near_the_speech(model, speech_wav, tmp_path):
    speech = load_audio(speech_wav)
    padded = np.concatenate([np.zeros(2 * RATE, np.float32), speech, np.zeros(2 * RATE, np.float32)])
    path = tmp_path / "padded.wav"
    soundfile.write(path, padded, RATE)
    out = tmp_path / "curves.json"
    assert run_cli(path, "--fps", 50, "--out", out, "--layers", "lips").returncode == 0
    weights = np.array(json.loads(out.read_text())["weights"])[:, :len(model.control_names)]
    times = np.arange(len(weights)) / 50
    speech_end = 2 + len(speech) / RATE
    assert np.abs(weights[times < 2 - LEAD_S - 0.11]).max() == 0.0
    assert np.abs(weights[times > speech_end + LEAD_S + 0.11]).max() == 0.0
    assert weights[(times > 2.2) & (times < speech_end - 0.2)].max() > 0.3, "the speech itself still moves the lips"
