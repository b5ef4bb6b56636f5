# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Export the trained network to the ONNX contract (inputs audio, offset_frames; outputs weights, offsets, basis,
closure).

python -m models.training.model.export --checkpoint build/train/best.pt --out models/flame_lipsync.onnx
"""

import argparse
import json
import subprocess
from pathlib import Path

import numpy as np
import onnx
import torch

from inference.flame_topology import template_path
from inference.ply import load_ply

from ..controls import CONTROL_NAMES
from .checkpoint import load_checkpoint
from .log_mel import FRAME_RATE, SAMPLE_RATE
from .network import ExportWrapper

OPSET = 17
IR_VERSION = 9
VERSION = "2.1.0"
INPUTS = ["audio", "offset_frames"]
OUTPUTS = ["weights", "offsets", "basis", "closure"]


def recipe_commit():
    """HEAD of the repository, with "+dirty" when models/training differs from it (uncommitted recipe code)."""
    root = Path(__file__).resolve().parents[3]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
    clean = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "models/training"], cwd=root).returncode == 0
    return head.stdout.strip() + ("" if clean else "+dirty")


def reference_frame_json(vertices):
    from inference.head_frame import head_frame

    return json.dumps(head_frame(np.asarray(vertices)).to_dict())


def metadata(net, reference_frame, commit, version=VERSION):
    return {
        "sample_rate": str(SAMPLE_RATE),
        "frame_rate": str(FRAME_RATE),
        "control_names": json.dumps(list(CONTROL_NAMES)),
        "version": version,
        "recipe_commit": commit,
        "context_s": f"{net.context_seconds():.2f}",
        "reference_frame": reference_frame,
    }


def _name_outputs(model):
    """Give the graph outputs the contract's names even where torch folded one into an initializer."""
    graph = model.graph
    for output, name in zip(list(graph.output), OUTPUTS):
        if output.name == name:
            continue
        graph.node.append(onnx.helper.make_node("Identity", [output.name], [name]))
        output.name = name


def export_onnx(net, path, meta):
    """Write `net` to `path` with the contract's names, opset 17, IR version pinned for onnxruntime 1.31."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wrapper = ExportWrapper(net).eval()
    example = (torch.zeros(SAMPLE_RATE), torch.tensor([0, 3], dtype=torch.int64))
    torch.onnx.export(
        wrapper, example, str(path), dynamo=False, opset_version=OPSET,
        input_names=INPUTS, output_names=OUTPUTS,
        dynamic_axes={"audio": {0: "samples"}, "offset_frames": {0: "requested"},
                      "weights": {0: "frames"}, "offsets": {0: "requested"},
                      "closure": {0: "frames"}},
    )
    model = onnx.load(str(path))
    _name_outputs(model)
    model.ir_version = IR_VERSION
    for key, value in meta.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", default="build/train/best.pt")
    parser.add_argument("--out", default="models/flame_lipsync.onnx")
    parser.add_argument("--version", default=VERSION)
    args = parser.parse_args()
    net, checkpoint = load_checkpoint(args.checkpoint)
    vertices, _ = load_ply(template_path())
    meta = metadata(net, reference_frame_json(vertices), checkpoint["recipe_commit"], args.version)
    path = export_onnx(net, args.out, meta)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
