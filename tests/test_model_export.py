# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The exported ONNX file follows the model contract and agrees with PyTorch."""

import json

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch

from inference.flame_topology import template_path
from inference.ply import load_ply
from models.training.controls import CONTROL_NAMES
from models.training.model.closure import CLOSE_CONTROL, OPEN_CONTROL
from models.training.model.export import IR_VERSION, export_onnx, metadata, recipe_commit, reference_frame_json
from models.training.model.network import LipSyncNet

K = len(CONTROL_NAMES)


def _random_rig():
    """(basis, aperture gain) of a made-up rig whose mouthClose closes what jawOpen opens."""
    rng = np.random.default_rng(1)
    basis = (1e-3 * rng.standard_normal((K, 5023, 3))).astype(np.float32)
    gain = (1e-3 * rng.uniform(0.0, 5.0, K)).astype(np.float32)
    gain[CLOSE_CONTROL] = -gain[OPEN_CONTROL]
    return basis, gain


def _untrained_net():
    """A small network with random weights and non-trivial normalisation statistics and closure gate."""
    torch.manual_seed(1)
    net = LipSyncNet(*_random_rig(), channels=32, dilations=(1, 2), decoder_blocks=1)
    for module in net.modules():
        if isinstance(module, torch.nn.BatchNorm1d):
            module.running_mean.normal_(0.0, 1.0)
            module.running_var.uniform_(0.5, 2.0)
    return net.eval()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    net = _untrained_net()
    vertices, _ = load_ply(template_path())
    path = export_onnx(net, tmp_path_factory.mktemp("onnx") / "model.onnx",
                       metadata(net, reference_frame_json(vertices), recipe_commit(), version="0.0.0-test"))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return net, path, session


def _run(session, audio, frames=()):
    return session.run(None, {"audio": audio, "offset_frames": np.asarray(frames, dtype=np.int64)})


def test_onnx_matches_pytorch(exported):
    net, _, session = exported
    t = np.arange(3 * 16000) / 16000
    audio = (0.3 * np.sin(2 * np.pi * 220 * t) * (np.sin(2 * np.pi * 3 * t) > 0)
             + 0.02 * np.random.default_rng(2).standard_normal(t.size)).astype(np.float32)
    weights, offsets, basis, closure = _run(session, audio, [0, 17, 300])
    with torch.no_grad():
        expected, logit = net(torch.from_numpy(audio)[None])
        expected_closure = net.closure_gate.probability(logit)[0].numpy()
    assert weights.shape == (audio.size // 160 + 1, K)
    assert np.abs(weights - expected[0].numpy()).max() <= 1e-4
    assert closure.shape == (audio.size // 160 + 1,)
    assert np.abs(closure - expected_closure).max() <= 1e-4
    assert np.abs(basis - net.basis.numpy()).max() == 0.0
    assert np.abs(offsets - np.einsum("mk,kvc->mvc", weights[[0, 17, 300]], basis)).max() <= 1e-7


@pytest.mark.parametrize("samples", [0, 1, 159, 160, 161, 16000, 16321])
def test_frame_count_follows_contract(exported, samples):
    _, _, session = exported
    weights, offsets, _, closure = _run(session, np.zeros(samples, dtype=np.float32))
    assert weights.shape == (samples // 160 + 1, K)
    assert closure.shape == (samples // 160 + 1,) and np.all((closure >= 0.0) & (closure <= 1.0))
    assert offsets.shape == (0, 5023, 3)
    assert np.all((weights >= 0.0) & (weights <= 1.0))


def test_file_format_and_metadata(exported):
    net, path, session = exported
    model = onnx.load(str(path))
    assert model.ir_version == IR_VERSION <= 10
    assert max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")) >= 17
    assert [i.name for i in session.get_inputs()] == ["audio", "offset_frames"]
    assert [o.name for o in session.get_outputs()] == ["weights", "offsets", "basis", "closure"]
    meta = session.get_modelmeta().custom_metadata_map
    assert meta["sample_rate"] == "16000" and meta["frame_rate"] == "100"
    assert json.loads(meta["control_names"]) == list(CONTROL_NAMES)
    assert meta["recipe_commit"] == recipe_commit() and len(meta["recipe_commit"].split("+")[0]) == 40
    assert float(meta["context_s"]) == pytest.approx(net.context_seconds(), abs=0.01)
    frame = json.loads(meta["reference_frame"])
    assert np.allclose(np.asarray(frame["axes"]) @ np.asarray(frame["axes"]).T, np.eye(3), atol=1e-6)
    assert path.stat().st_size <= 25e6


def _frames_changed_by_click(run, seconds=6):
    audio = np.zeros(seconds * 16000, dtype=np.float32)
    base = run(audio)
    click = seconds // 2 * 16000
    audio[click:click + 40] = 0.5
    return np.nonzero(np.abs(run(audio) - base).max(axis=1) > 1e-7)[0] - click // 160


def test_context_bounds_receptive_field(exported):
    """A click changes no frame farther away than context_s says."""
    net, _, session = exported
    changed = _frames_changed_by_click(lambda audio: _run(session, audio)[0])
    assert changed.min() >= -net.context_frames() and changed.max() <= net.context_frames()


def test_shipped_architecture_sees_300ms_ahead():
    torch.manual_seed(0)
    net = LipSyncNet(np.zeros((K, 5023, 3), dtype=np.float32), np.zeros(K)).eval()
    with torch.no_grad():
        changed = _frames_changed_by_click(lambda audio: net(torch.from_numpy(audio)[None])[0][0].numpy())
    assert changed.min() <= -30
    assert net.context_seconds() >= 0.3


def test_a_shipped_model_rebuilds_into_the_same_network(tmp_path):
    """recover: the shipped ONNX file becomes a checkpoint whose network gives the file's weights and closure."""
    from inference.model import default_model_path
    from models.training.model.recover import rebuild

    net, _ = rebuild(onnx.load(str(default_model_path())))
    session = ort.InferenceSession(str(default_model_path()), providers=["CPUExecutionProvider"])
    audio = np.random.default_rng(3).uniform(-0.3, 0.3, 24000).astype(np.float32)
    weights, _, _, closure = _run(session, audio)
    with torch.no_grad():
        expected, logit = net(torch.from_numpy(audio)[None])
    assert np.abs(weights - expected[0].numpy()).max() <= 1e-5
    assert np.abs(closure - net.closure_gate.probability(logit)[0].numpy()).max() <= 1e-5


@pytest.mark.parametrize("pointwise", ["convolutions", "matmuls"])
def test_either_exported_form_rebuilds_into_the_same_network(tmp_path, monkeypatch, pointwise):
    """Exports write each block's pointwise layers as 1x1 convolutions; models up to 2.0.0 have them as matmuls
    (the model 2 recipe starts from one). recover reads both."""
    from models.training.model.recover import largest_difference, rebuild
    from models.training.model.train import ARCHITECTURE

    if pointwise == "matmuls":
        monkeypatch.setattr(torch.onnx, "is_in_onnx_export", lambda: False)
    torch.manual_seed(2)
    net = LipSyncNet(*_random_rig(), **ARCHITECTURE).eval()
    path = export_onnx(net, tmp_path / "model.onnx", {})
    operators = {node.op_type for node in onnx.load(str(path)).graph.node}
    assert ("MatMul" in operators) == (pointwise == "matmuls")
    rebuilt, _ = rebuild(onnx.load(str(path)))
    audio = np.random.default_rng(4).uniform(-0.3, 0.3, 24000).astype(np.float32)
    assert largest_difference(rebuilt, path, audio) <= 1e-5
