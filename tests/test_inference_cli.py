# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""python -m inference: curves.json and offsets.npy from an audio file, errors, and a long file in bounded memory."""

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import soundfile

from inference.__main__ import parse_fps
from inference.audio import load_audio
from inference.face.layers import layer_of
from inference.model import LipSyncModel
from inference.pipeline import mouth_motion

ROOT = Path(__file__).resolve().parents[1]
# Runs the CLI's main() and prints the process's peak resident memory (VmHWM, MB) as stderr's last line.
# (ru_maxrss would not do: Linux carries it over from the forking pytest process.)
PEAK_RSS_RUNNER = ("import re, sys\nfrom inference.__main__ import main\nrc = main(sys.argv[1:])\n"
                   "status = open('/proc/self/status').read()\n"
                   "print(int(re.search(r'VmHWM:\\s*(\\d+) kB', status).group(1)) // 1024, file=sys.stderr)\n"
                   "sys.exit(rc)\n")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "inference", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True)


def syllables(seconds, rate, seed=0):
    """Stereo noise-and-tone bursts at 4 Hz with pauses."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) * (np.sin(2 * np.pi * 0.3 * t) > -0.3)
    mono = 0.2 * envelope * (np.sin(2 * np.pi * 140 * t) + rng.standard_normal(len(t)))
    return np.stack([mono, 0.5 * mono], axis=1).astype(np.float32)


def test_fps_argument():
    assert parse_fps("23.976") == Fraction(24000, 1001)
    assert parse_fps("23.98") == Fraction(24000, 1001)
    assert parse_fps("29.97") == Fraction(30000, 1001) and parse_fps("119.88") == Fraction(120000, 1001)
    assert parse_fps("24000/1001") == Fraction(24000, 1001)
    assert parse_fps("25") == 25 and parse_fps("120") == 120 and parse_fps("23.5") == Fraction(47, 2)


def test_short_clip_writes_curves_and_offsets(tmp_path):
    audio_path = tmp_path / "line.mp3"
    soundfile.write(audio_path, syllables(4.5, 44100), 44100)
    done = run_cli(audio_path, "--fps", "23.976", "--out", tmp_path / "curves.json",
                   "--offsets", tmp_path / "offsets.npy", "--provider", "cpu", "--layers", "lips")
    assert done.returncode == 0, done.stderr
    assert "frames at 23.976 fps on CPU" in done.stdout
    curves = json.loads((tmp_path / "curves.json").read_text())
    model = LipSyncModel(provider="cpu")
    k = len(model.control_names)
    assert curves["names"][:k] == list(model.control_names)  # then the eyeLook* names of the face
    assert curves["fps"] == pytest.approx(24000 / 1001) and curves["duration"] == pytest.approx(4.5, abs=1e-3)
    weights = np.array(curves["weights"], np.float32)
    assert weights.shape == (round(4.5 * 24000 / 1001), len(curves["names"]))
    assert not weights[:, k:].any()  # --layers lips: the eyes stay at rest
    weights = weights[:, :k]
    # With the lips alone, the mouth is the network's (at rest where the audio is silent), and its (near-zero) eye
    # and brow controls are at rest.
    expected = mouth_motion(model, load_audio(audio_path), Fraction(24000, 1001), len(weights))[0]
    expected[:, expression_controls(model)] = 0.0
    np.testing.assert_allclose(weights, expected, atol=1e-5)
    offsets = np.load(tmp_path / "offsets.npy")
    assert offsets.shape == (len(weights), 5023, 3) and offsets.dtype == np.float32
    np.testing.assert_allclose(offsets, np.tensordot(expected, model.basis, 1), atol=1e-6)


def test_offsets_at_model_rate_equal_the_models_own_offsets(tmp_path):
    audio_path = tmp_path / "line.wav"
    soundfile.write(audio_path, syllables(2.0, 16000)[:, 0], 16000)
    done = run_cli(audio_path, "--fps", "100", "--out", tmp_path / "c.json", "--offsets", tmp_path / "o.npy",
                   "--layers", "lips")
    assert done.returncode == 0, done.stderr
    offsets = np.load(tmp_path / "o.npy")
    model = LipSyncModel(provider="cpu")
    audio = load_audio(audio_path)
    at_rest = expression_controls(model)
    expression = np.tensordot(model.predict(audio)[:len(offsets), at_rest], model.basis[at_rest], 1)
    np.testing.assert_allclose(offsets, model.offsets(audio, np.arange(len(offsets))) - expression, atol=1e-6)


def expression_controls(model):
    """The model's eye and brow controls, which --layers lips keeps at rest."""
    return [k for k, name in enumerate(model.control_names) if layer_of(name) != "lips"]


@pytest.mark.parametrize("content, expected", [
    (None, "Audio file not found"), (b"", "is empty"), (b"RIFF garbage" * 100, "Cannot read audio file"),
])
def test_bad_input_exits_non_zero_with_one_line(tmp_path, content, expected):
    path = tmp_path / "voice.wav"
    if content is not None:
        path.write_bytes(content)
    done = run_cli(path, "--fps", "24", "--out", tmp_path / "c.json")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ") and expected in done.stderr
    assert not (tmp_path / "c.json").exists()


@pytest.mark.parametrize("problem, expected", [
    ("nan", "voice.wav contains 16 invalid (NaN or infinite) samples"),
    ("short", "voice.wav lasts 20 ms, less than one frame at 24 fps"),
])
def test_unusable_audio_exits_non_zero_and_writes_nothing(tmp_path, problem, expected):
    audio = syllables(2.0, 16000)[:, 0]
    if problem == "nan":
        audio[8000:8016] = np.nan
    else:
        audio = audio[:320]
    soundfile.write(tmp_path / "voice.wav", audio, 16000, subtype="FLOAT")
    done = run_cli(tmp_path / "voice.wav", "--fps", "24", "--out", tmp_path / "c.json", "--provider", "cpu")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and expected in done.stderr, done.stderr
    assert not (tmp_path / "c.json").exists()


def test_runs_from_any_folder_with_the_checkout_on_pythonpath(tmp_path):
    """The README's way to run it outside the checkout: PYTHONPATH=/path/to/checkout python -m inference ..."""
    soundfile.write(tmp_path / "line.wav", syllables(1.0, 16000)[:, 0], 16000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "inference", "line.wav", "--fps", "25", "--out", "c.json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(json.loads((tmp_path / "c.json").read_text())["weights"]) == 25


def test_missing_model_exits_non_zero(tmp_path):
    audio_path = tmp_path / "line.wav"
    soundfile.write(audio_path, syllables(1.0, 16000), 16000)
    done = run_cli(audio_path, "--fps", "24", "--out", tmp_path / "c.json", "--model", tmp_path / "none.onnx")
    assert done.returncode == 1 and done.stderr.startswith("error: Lip sync model not found")


def test_ten_minutes_of_48k_stereo_in_bounded_memory(tmp_path):
    """Decoding the whole file at once would hold 230 MB of float32 samples; blocks and chunks stay far below."""
    audio_path = tmp_path / "long.wav"
    with soundfile.SoundFile(audio_path, "w", 48000, 2, subtype="PCM_16") as f:
        for minute in range(10):
            f.write(syllables(60, 48000, seed=minute))
    done = subprocess.run([sys.executable, "-c", PEAK_RSS_RUNNER, str(audio_path), "--fps", "24",
                           "--out", str(tmp_path / "c.json")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "600.00 s of audio -> 14400 frames" in done.stdout
    assert len(json.loads((tmp_path / "c.json").read_text())["weights"]) == 14400
    peak_mb = int(done.stderr.strip().splitlines()[-1])
    assert peak_mb < 320, f"peak RSS {peak_mb} MB"
