# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A checkpoint rebuilt from an exported ONNX model, so that a shipped model can be re-exported (a new output, a
fixed exporter) or trained further without the run's original checkpoint.

python -m models.training.model.recover --model models/flame_lipsync.onnx --out build/recovered.pt

The exporter folds each block's batch norm into its depthwise convolution; the rebuilt network takes the folded
convolution as is and an identity batch norm, which computes the same function (agreement with the ONNX file is
checked before the checkpoint is written). The pointwise layers are read from either exported form: matmuls on
transposed weights (models up to 2.0.0) or 1x1 convolutions.
"""

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import torch
from onnx import numpy_helper

from ..controls import CONTROL_NAMES
from .checkpoint import save_checkpoint
from .closure import CLOSE_CONTROL
from .network import LipSyncNet
from .train import ARCHITECTURE

AGREEMENT = 1e-5  # largest weight difference accepted between the ONNX model and the rebuilt network


def _initializers(model):
    return {tensor.name: numpy_helper.to_array(tensor).copy() for tensor in model.graph.initializer}


def _block_weights(inputs, tensors, prefix):
    """(depthwise weight, depthwise bias, expand weight, project weight) of block `prefix` ("encoder.3"), found by
    the names of the graph's nodes (`inputs`: each node's inputs by its name)."""
    scope = f"/net/{prefix.split('.')[0]}/{prefix}"
    if f"{scope}/depthwise/Conv" not in inputs:
        raise ValueError("the ONNX graph does not have this network's layers")
    weight, bias = (tensors[name] for name in inputs[f"{scope}/depthwise/Conv"][1:3])
    if f"{scope}/expand/MatMul" in inputs:
        expand, project = (tensors[inputs[f"{scope}/{layer}/MatMul"][1]].T for layer in ("expand", "project"))
    else:
        expand, project = (tensors[inputs[f"{scope}/{node}"][1]][:, :, 0, 0] for node in ("Conv", "Conv_1"))
    return weight, bias, expand.copy(), project.copy()


def rebuild(model):
    """(network in eval mode, checkpoint config) equal to the one exported as `model` (an onnx.ModelProto)."""
    tensors = _initializers(model)
    named = {name.removeprefix("net."): value for name, value in tensors.items() if name.startswith("net.")}
    close_gain = -float(next(v for n, v in tensors.items() if n.startswith("onnx::Div_")))
    gain = named["closure_gate.opening"].copy()
    gain[CLOSE_CONTROL] = close_gain
    net = LipSyncNet(named["basis"], gain, **ARCHITECTURE)
    state = net.state_dict()
    for name, value in named.items():
        state[name] = torch.from_numpy(value)
    blocks = list(net.encoder) + list(net.decoder)
    prefixes = [f"encoder.{i}" for i in range(len(net.encoder))] + [f"decoder.{i}" for i in range(len(net.decoder))]
    inputs = {node.name: node.input for node in model.graph.node}
    for i, prefix in enumerate(prefixes):
        weight, bias, expand, project = _block_weights(inputs, tensors, prefix)
        state[f"{prefix}.depthwise.weight"] = torch.from_numpy(weight)
        state[f"{prefix}.depthwise.bias"] = torch.from_numpy(bias)
        norm = blocks[i].norm
        state[f"{prefix}.norm.weight"] = torch.ones_like(norm.weight)
        state[f"{prefix}.norm.bias"] = torch.zeros_like(norm.bias)
        state[f"{prefix}.norm.running_mean"] = torch.zeros_like(norm.running_mean)
        state[f"{prefix}.norm.running_var"] = torch.full_like(norm.running_var, 1.0 - norm.eps)
        state[f"{prefix}.expand.weight"] = torch.from_numpy(expand)
        state[f"{prefix}.project.weight"] = torch.from_numpy(project)
    state["closure_gate.close_gain"] = torch.tensor(close_gain)
    net.load_state_dict(state)
    config = {"basis_shape": list(named["basis"].shape), "aperture_gain": gain.tolist(), "architecture": ARCHITECTURE}
    return net.eval(), config


def largest_difference(net, path, audio):
    """Largest absolute difference of the control weights between the network and the ONNX file on `audio`."""
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    expected = session.run(["weights"], {"audio": audio, "offset_frames": np.zeros(0, np.int64)})[0]
    with torch.no_grad():
        weights = net(torch.from_numpy(audio)[None])[0][0].numpy()
    return float(np.abs(weights - expected).max())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("models/flame_lipsync.onnx"))
    parser.add_argument("--out", type=Path, default=Path("build/recovered.pt"))
    args = parser.parse_args(argv)
    model = onnx.load(str(args.model))
    meta = {p.key: p.value for p in model.metadata_props}
    if json.loads(meta["control_names"]) != list(CONTROL_NAMES):
        parser.error(f"{args.model} has other controls than this recipe")
    net, config = rebuild(model)
    probe = np.random.default_rng(0).uniform(-0.3, 0.3, 48000).astype(np.float32)
    difference = largest_difference(net, args.model, probe)
    if difference > AGREEMENT:
        raise SystemExit(f"the rebuilt network differs from {args.model} by {difference:.2e}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_checkpoint(args.out, net, config, recipe_commit=meta["recipe_commit"], version=meta["version"])
    print(f"wrote {args.out} (weights agree with {args.model} within {difference:.1e})")


if __name__ == "__main__":
    main()
