# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shipped model: the ONNX contract, and lip sync on a sentence from a voice it never trained on."""

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from inference.flame_topology import template_path
from inference.ply import load_ply
from models.training.controls import CONTROL_NAMES
from models.training.corpus import flite
from models.training.flame.distances import lip_aperture_series
from models.training.model.dataset import frame_labels, frame_loudness
from models.training.teacher.curves import teacher_curves

MODEL = Path(__file__).resolve().parents[1] / "models" / "flame_lipsync.onnx"
HELD_OUT_VOICE = "rms"      # flite's rms is a validation voice: never trained on


@pytest.fixture(scope="module")
def session():
    return ort.InferenceSession(str(MODEL), providers=["CPUExecutionProvider"])


def test_file_follows_the_contract(session):
    model = onnx.load(str(MODEL))
    assert model.ir_version <= 10
    assert max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")) >= 17
    assert MODEL.stat().st_size <= 25e6
    meta = session.get_modelmeta().custom_metadata_map
    assert (meta["sample_rate"], meta["frame_rate"]) == ("16000", "100")
    assert json.loads(meta["control_names"]) == list(CONTROL_NAMES)
    assert len(meta["recipe_commit"].split("+")[0]) == 40 and float(meta["context_s"]) >= 0.3
    assert set(json.loads(meta["reference_frame"])) == {"origin", "axes", "scale"}
    audio = np.random.default_rng(0).uniform(-0.3, 0.3, 12345).astype(np.float32)
    weights, offsets, basis, closure = session.run(None, {"audio": audio, "offset_frames": np.array([3, 0, 77])})
    assert closure.shape == (len(weights),) and closure.min() >= 0.0 and closure.max() <= 1.0
    assert weights.shape == (12345 // 160 + 1, len(CONTROL_NAMES))
    assert weights.min() >= 0.0 and weights.max() <= 1.0
    assert basis.shape == (len(CONTROL_NAMES), 5023, 3)
    assert np.abs(offsets - np.einsum("mk,kvc->mvc", weights[[3, 0, 77]], basis)).max() <= 1e-7


def test_lips_follow_a_held_out_voice(session):
    audio, phones = flite.synth("Maybe Bob brought a pumpkin pie to the big summer party.", HELD_OUT_VOICE)
    weights, _, basis, _ = session.run(None, {"audio": audio, "offset_frames": np.zeros(0, np.int64)})
    teacher = teacher_curves(phones, "arpabet", duration=len(audio) / 16000,
                             loudness=frame_loudness(audio, int(round(len(audio) / 160))))
    frames = min(len(weights), len(teacher))
    template, _ = load_ply(template_path())
    predicted = lip_aperture_series(template + np.einsum("tk,kvc->tvc", weights[:frames], basis))
    expected = lip_aperture_series(template + np.einsum("tk,kvc->tvc", teacher[:frames], basis))
    assert np.corrcoef(predicted, expected)[0, 1] > 0.85
    closures = frame_labels(phones, "arpabet", frames)[:, 0] > 0.5
    runs = np.split(np.flatnonzero(closures), np.flatnonzero(np.diff(np.flatnonzero(closures)) > 1) + 1)
    closed = [predicted[max(0, r[0] - 2): r[-1] + 3].min() < 0.001 for r in runs]
    assert len(closed) >= 10 and np.mean(closed) >= 0.85


@pytest.mark.parametrize("extra_samples", [0, 160, 80, 240])
def test_last_frame_follows_its_neighbour(session, extra_samples):
    """Odd and even frame counts alike: the final frame continues the curve (no one-frame jump at the end)."""
    audio, _ = flite.synth("Open the window.", HELD_OUT_VOICE)
    audio = np.concatenate([audio, np.zeros(extra_samples, np.float32)])
    weights = session.run(["weights"], {"audio": audio, "offset_frames": np.zeros(0, np.int64)})[0]
    assert np.abs(weights[-1] - weights[-2]).max() < 0.1
