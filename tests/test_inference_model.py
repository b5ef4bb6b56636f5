# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""inference.model: the shipped ONNX model through onnxruntime (metadata, providers, chunking, errors).

The model is found as the extension finds it: $FLAME_LIPSYNC_MODEL, else models/flame_lipsync.onnx.
"""

import json
import os
import platform
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import onnxruntime
import pytest

from inference.errors import LipSyncError
from inference.flame_topology import template_path
from inference.head_frame import head_frame
from inference.model import FRAME_ALIGN, LipSyncModel, default_model_path
from inference.ply import load_ply
from inference.timing import model_frame_count
from models.training.controls import CONTROL_NAMES

ROOT = Path(__file__).resolve().parents[1]
HAS_CUDA_PROVIDER = "CUDAExecutionProvider" in onnxruntime.get_available_providers()


@pytest.fixture(scope="module")
def model():
    return LipSyncModel(provider="cpu")


def speechlike(seconds, seed=0):
    """Noise bursts at syllable rate with pauses: enough to make the network's outputs move."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * 16000)) / 16000
    envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) * (np.sin(2 * np.pi * 0.3 * t) > -0.3)
    voiced = np.sin(2 * np.pi * 140 * t) + 0.5 * np.sin(2 * np.pi * 700 * t)
    return (0.2 * envelope * (voiced + rng.standard_normal(len(t)))).astype(np.float32)


def test_metadata_follows_the_contract(model):
    assert model.sample_rate == 16000 and model.frame_rate == 100 and model.hop == 160
    assert model.control_names == CONTROL_NAMES
    assert model.basis.shape == (len(CONTROL_NAMES), 5023, 3) and model.basis.dtype == np.float32
    assert 0.3 <= model.context_s <= 10
    reference = head_frame(load_ply(template_path())[0])
    np.testing.assert_allclose(model.reference_frame.axes, reference.axes, atol=1e-6)
    assert model.reference_frame.scale == pytest.approx(reference.scale, rel=1e-6)
    assert model.device == "CPU" and model.fallback_reason is None


def test_predict_shape_and_range(model):
    for samples in (0, 1, 159, 160, 16000 * 3 + 17):
        weights = model.predict(speechlike(samples / 16000))
        assert weights.shape == (samples // 160 + 1, len(CONTROL_NAMES)) and weights.dtype == np.float32
        assert np.all((weights >= 0) & (weights <= 1))


def test_chunk_plan_covers_every_frame_once(model):
    for total in (1, 16, 6001, 9000, 9001, 360001):
        plan = model.chunk_plan(total)
        assert plan[0][0] == 0 and plan[-1][1] == total
        assert all(a[1] == b[0] for a, b in zip(plan, plan[1:]))
        assert all(first % FRAME_ALIGN == 0 for first, _ in plan)
        assert max(last - first for first, last in plan) <= 1.5 * model.chunk_frames + FRAME_ALIGN


def test_chunked_prediction_matches_whole_clip(model):
    audio = speechlike(47.3, seed=1)
    whole = LipSyncModel(provider="cpu", chunk_seconds=1000).predict(audio)
    chunked_model = LipSyncModel(provider="cpu", chunk_seconds=5)
    assert len(chunked_model.chunk_plan(len(whole))) >= 9
    chunked = chunked_model.predict(audio)
    assert whole.std() > 1e-3  # the outputs move, so equality means something
    np.testing.assert_allclose(chunked, whole, atol=1e-4)
    seams = [first for first, _ in chunked_model.chunk_plan(len(whole))][1:]
    frames = np.array(sorted({s + d for s in seams for d in (-1, 0, 1)} | {0, len(whole) - 1}))
    offsets = chunked_model.offsets(audio, frames)
    assert offsets.shape == (len(frames), 5023, 3)
    np.testing.assert_allclose(offsets, np.tensordot(whole[frames], chunked_model.basis, 1), atol=1e-6)
    assert chunked_model.offsets(audio, []).shape == (0, 5023, 3)


def test_progress_reports_each_chunk_and_can_cancel():
    model = LipSyncModel(provider="cpu", chunk_seconds=4)
    audio = speechlike(12.5)
    seen = []
    model.predict(audio, progress=seen.append)
    assert len(seen) == len(model.chunk_plan(model_frame_count(len(audio), model.hop))) == 3
    assert seen == sorted(seen) and seen[-1] == 1.0

    class Cancelled(Exception):
        pass

    def cancel(fraction):
        raise Cancelled()

    with pytest.raises(Cancelled):
        model.predict(audio, progress=cancel)


def test_default_path_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FLAME_LIPSYNC_MODEL", str(tmp_path / "mine.onnx"))
    assert default_model_path() == tmp_path / "mine.onnx"
    monkeypatch.delenv("FLAME_LIPSYNC_MODEL")
    assert default_model_path().parts[-2:] == ("models", "flame_lipsync.onnx")


def test_missing_and_damaged_models_raise_one_line_errors(tmp_path):
    for path, expected in [(tmp_path / "absent.onnx", "not found"), (tmp_path / "half.onnx", "damaged"),
                           (tmp_path / "text.onnx", "damaged")]:
        if path.name == "half.onnx":
            data = default_model_path().read_bytes()
            path.write_bytes(data[: len(data) // 2])
        elif path.name == "text.onnx":
            path.write_text("not a model\n")
        with pytest.raises(LipSyncError) as caught:
            LipSyncModel(path)
        assert expected in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.skipif(HAS_CUDA_PROVIDER, reason="this onnxruntime has a CUDA provider")
def test_without_cuda_auto_falls_back_and_cuda_refuses():
    auto = LipSyncModel(provider="auto")
    assert auto.device == "CPU" and "CUDA" in auto.fallback_reason
    with pytest.raises(LipSyncError, match="CUDA was requested"):
        LipSyncModel(provider="cuda")


@pytest.mark.skipif(not HAS_CUDA_PROVIDER, reason="this onnxruntime has no CUDA provider")
def test_with_cuda_provider_device_reports_what_really_runs():
    auto = LipSyncModel(provider="auto")
    assert auto.device in ("CUDA", "CPU") and (auto.fallback_reason is None) == (auto.device == "CUDA")
    np.testing.assert_allclose(auto.predict(speechlike(3)), LipSyncModel(provider="cpu").predict(speechlike(3)),
                               atol=1e-3)


QUIET_RUN = ("import numpy as np\nfrom inference.model import LipSyncModel\n"
             "m = LipSyncModel(provider='auto')\nm.predict(np.zeros(16000, np.float32))\n"
             "print(m.device, m.fallback_reason, sep='|')\n")


def run_quietly(site_first=None):
    """Create a model with provider auto and predict in a fresh process; -> (stdout lines, stderr)."""
    env = dict(os.environ)
    if site_first:
        env["PYTHONPATH"] = os.pathsep.join([str(site_first), str(ROOT)])
    done = subprocess.run([sys.executable, "-c", QUIET_RUN], capture_output=True, text=True, check=True, cwd=ROOT,
                          env=env)
    return done.stdout.splitlines(), done.stderr


def test_session_creation_and_inference_print_nothing():
    lines, stderr = run_quietly()
    assert stderr == "" and len(lines) == 1 and lines[0].split("|")[0] in ("CPU", "CUDA")


def test_onnxruntime_gpu_without_cuda_libraries_falls_back_quietly(tmp_path):
    """The shipped Linux onnxruntime-gpu wheel logs CUDA library errors and print()s EP banners; users see none."""
    wheels = sorted((ROOT / "build" / "wheels").glob("onnxruntime_gpu-*-manylinux_*_x86_64.whl"))
    if not wheels or platform.machine() != "x86_64":
        pytest.skip("no cached onnxruntime-gpu Linux wheel (scripts/build_extension.py caches it in build/wheels)")
    with zipfile.ZipFile(wheels[-1]) as wheel:
        wheel.extractall(tmp_path, [name for name in wheel.namelist() if name.startswith("onnxruntime/")])
    lines, stderr = run_quietly(tmp_path)
    assert stderr == "" and len(lines) == 1
    device, reason = lines[0].split("|")
    assert (device, reason) == ("CUDA", "None") or (device == "CPU" and "CUDA provider could not start" in reason)


def test_package_imports_without_bpy_and_heavy_modules():
    code = ("import sys\nimport inference.audio, inference.model, inference.timing, inference.postprocess\n"
            "import inference.head_frame, inference.flame_topology, inference.__main__\n"
            "print(json.dumps(sorted(m for m in ('bpy', 'onnxruntime', 'scipy', 'torch') if m in sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    assert json.loads(done.stdout) == []
