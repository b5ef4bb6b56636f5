# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Train the lip sync network on the synthetic corpus, keep the best checkpoint on the held-out voices, calibrate
the closure gate on them, and export the ONNX model.

python -m models.training.model.train --corpus build/corpus --minutes 45 --out build/train
python -m models.training.model.train --config models/training/config/shipped_1_0_1.toml

A --config TOML file sets any option (keys with underscores: false_alarm); options on the command line win.

Resumes from <out>/last.pt when it exists. Without --steps, the step count is fixed after a short timing run so
that the run fits in --minutes; the checkpoint records it, and --steps N reproduces a run exactly.
"""

import argparse
import json
import logging
import math
import random
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import torch

from inference.flame_topology import template_path
from inference.ply import load_ply

from ..flame.distances import lip_aperture
from ..rig.basis import build_basis
from .checkpoint import load_checkpoint, save_checkpoint
from .closure import aperture_gain, calibrate_threshold, closure_hit_rate
from .dataset import TrainingExamples, Utterances, read_split
from .export import export_onnx, metadata, recipe_commit, reference_frame_json
from .labels import ARTICULATION_CLASSES, CLOSURE, SPEECH
from .losses import MotionLoss
from .network import LipSyncNet, parameter_count

ARCHITECTURE = {"channels": 128, "kernel": 5, "dilations": [1, 2, 4, 8, 1, 2, 4, 8], "decoder_blocks": 2,
                "expansion": 2, "n_mels": 64, "n_fft": 256}
WARMUP_STEPS = 150               # linear warm-up, then a cosine decay to the last step
TIMING_STEPS = (50, 150)         # step time measured here when --steps is not given (pessimistic: the teacher
                                 # cache is still cold, so a run may end early; --steps fixes the count)
VALIDATION_EXAMPLES = 256
EXPORT_RESERVE_S = 120           # kept free at the end of the budget for calibration and export

log = logging.getLogger("train")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, help="TOML file of option values (models/training/config/)")
    parser.add_argument("--corpus", type=Path, default=Path("build/corpus"))
    parser.add_argument("--out", type=Path, default=Path("build/train"))
    parser.add_argument("--onnx", type=Path, help="where to export (default <out>/flame_lipsync.onnx)")
    parser.add_argument("--minutes", type=float, default=45.0, help="wall-clock budget, export included")
    parser.add_argument("--steps", type=int, help="total optimiser steps (default: as many as fit in --minutes)")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--validate-every", type=int, default=250)
    parser.add_argument("--validation-examples", type=int, default=VALIDATION_EXAMPLES)
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    parser.add_argument("--workers", type=int, default=1, help="data loader processes")
    parser.add_argument("--device", default="cpu", help="cpu, or cuda for a bigger run on a GPU (use --batch 64)")
    parser.add_argument("--false-alarm", type=float, default=0.08,
                        help="closure gate: share of speech frames away from /p b m/ on which it may fire")
    parser.add_argument("--fresh", action="store_true", help="ignore an existing <out>/last.pt")
    parser.add_argument("--init", type=Path,
                        help="start from this checkpoint's weights (e.g. the shipped model's, rebuilt by "
                             "model.recover) instead of random ones")
    parser.add_argument("--speed-range", type=float, nargs=2, default=(1.0, 1.0), metavar=("SLOW", "FAST"),
                        help="speed perturbation of training crops (1 1: none)")
    parser.add_argument("--speed-share", type=float, default=0.0, help="share of training crops perturbed")
    parser.add_argument("--non-labial-weight", type=float, default=0.0,
                        help="extra weight of the closure head's loss inside consonants no lip touches")
    parser.add_argument("--non-labial-motion-weight", type=float, default=0.0,
                        help="extra weight of the motion terms (weights, positions, velocities) there")
    parser.add_argument("--parted-lips", action="store_true",
                        help="teacher: hold the lips apart at consonants no lip takes part in (teacher.curves)")
    parser.add_argument("--articulation-weight", type=float, default=0.0,
                        help="weight of a training-only head classifying each frame's place and manner of "
                             "articulation (labels.ARTICULATION; 0: no such head)")
    argv = sys.argv[1:] if argv is None else list(argv)
    config = parser.parse_known_args(argv)[0].config
    # The file's values go first as if typed, so the command line overrides them and argparse checks them.
    return parser.parse_args(config_arguments(parser, config) + argv if config else argv)


def config_arguments(parser, path):
    """A TOML file of option values as command-line arguments: corpus = "x" -> --corpus x; fresh = true -> --fresh;
    speed_range = [0.9, 1.4] -> --speed-range 0.9 1.4."""
    try:
        values = tomllib.loads(Path(path).read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        parser.error(f"cannot read config {path}: {error}")
    arguments = []
    for key, value in values.items():
        option = "--" + key.replace("_", "-")
        if value is True:
            arguments.append(option)
        elif isinstance(value, list):
            arguments += [option, *map(str, value)]
        elif value is not False:
            arguments += [option, str(value)]
    unknown = parser.parse_known_args(arguments)[1]
    if unknown:
        parser.error(f"config {path}: unknown options {[a for a in unknown if a.startswith('--')]}")
    return arguments


def setup_logging(out):
    out.mkdir(parents=True, exist_ok=True)
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()
    formatter = logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S")
    for handler in (logging.FileHandler(out / "progress.log"), logging.StreamHandler(sys.stdout)):
        handler.setFormatter(formatter)
        log.addHandler(handler)
    log.setLevel(logging.INFO)


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def learning_rate(step, total_steps, peak):
    if step < WARMUP_STEPS:
        return peak * (step + 1) / WARMUP_STEPS
    if total_steps is None:
        return peak
    progress = min(1.0, (step - WARMUP_STEPS) / max(1, total_steps - WARMUP_STEPS))
    return peak * (0.02 + 0.98 * 0.5 * (1.0 + math.cos(math.pi * progress)))


def validation_set(corpus, seed, count, batch, parted=False):
    """Fixed, augmented crops of the held-out voices, batched once."""
    examples = TrainingExamples(Utterances(corpus, read_split(corpus, "val"), parted), seed=seed + 1)
    items = [examples[i] for i in range(count)]
    return [[torch.stack(parts) for parts in zip(*items[s:s + batch])] for s in range(0, count, batch)]


def losses(net, loss_fn, samples, weights, labels, device):
    """The network's outputs on a batch and their loss terms."""
    outputs = net(samples.to(device), articulation=net.articulation_classes > 0)
    return outputs[1], loss_fn(*outputs[:2], weights.to(device), labels.to(device), *outputs[2:])


@torch.no_grad()
def validate(net, loss_fn, batches, device, false_alarm):
    net.eval()
    totals, logits, closures, speech = {}, [], [], []
    for samples, weights, labels in batches:
        logit, terms = losses(net, loss_fn, samples, weights, labels, device)
        for name, value in terms.items():
            totals[name] = totals.get(name, 0.0) + float(value) / len(batches)
        logits.extend(logit.cpu().numpy())
        closures.extend(labels[..., CLOSURE].numpy())
        speech.extend(labels[..., SPEECH].numpy())
    threshold = calibrate_threshold(logits, closures, speech, false_alarm)
    totals["closure_threshold"] = threshold
    totals["closure_hit_rate"] = closure_hit_rate(logits, closures, threshold)
    net.train()
    return totals


def describe(terms):
    return " ".join(f"{name} {value:.4f}" for name, value in terms.items())


def basis_and_gain(vertices, triangles):
    """The rig's basis on this head and the closure gate's aperture gain per control."""
    basis = build_basis(vertices, triangles)
    return basis, aperture_gain(vertices, basis, lip_aperture)


def main(argv=None):
    args = parse_args(argv)
    setup_logging(args.out)
    seed_everything(args.seed)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    vertices, triangles = load_ply(template_path())
    basis, gain = basis_and_gain(vertices, triangles)
    architecture = {**ARCHITECTURE, "articulation_classes": ARTICULATION_CLASSES if args.articulation_weight else 0}
    config = {"basis_shape": list(basis.shape), "aperture_gain": gain.tolist(), "architecture": architecture}
    net = LipSyncNet(basis, gain, **architecture).to(device)
    optimiser = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    loss_fn = MotionLoss(basis, args.non_labial_weight, args.non_labial_motion_weight,
                         args.articulation_weight).to(device)
    # The commit of the code that trains, recorded once: a resumed run keeps the commit it started from.
    state = {"step": 0, "total_steps": args.steps, "best_loss": math.inf, "elapsed_s": 0.0, "history": [],
             "recipe_commit": recipe_commit(),
             "args": {k: str(v) for k, v in vars(args).items()}}
    last = args.out / "last.pt"
    resuming = last.exists() and not args.fresh
    if args.init and not resuming:
        # The training-only articulation head may be in one network and not the other (it then starts random).
        keys = net.load_state_dict(torch.load(args.init, map_location="cpu", weights_only=False)["state"],
                                   strict=False)
        mismatched = [k for k in keys.missing_keys + keys.unexpected_keys if not k.startswith("articulation_head.")]
        if mismatched:
            raise SystemExit(f"{args.init} does not fit the network: {mismatched}")
        log.info("weights from %s", args.init)
    if resuming:
        checkpoint = torch.load(last, map_location="cpu", weights_only=False)
        net.load_state_dict(checkpoint["state"])
        optimiser.load_state_dict(checkpoint["optimiser"])
        state.update({k: checkpoint[k] for k in ("step", "total_steps", "best_loss", "elapsed_s", "history",
                                                 "recipe_commit")})
        state["total_steps"] = args.steps or state["total_steps"]
        log.info("resumed from %s at step %d", last, state["step"])
    log.info("network: %d parameters, %.2f s context; device %s, %d threads", parameter_count(net),
             net.context_seconds(), device, torch.get_num_threads())

    train_utterances = Utterances(args.corpus, read_split(args.corpus, "train"), args.parted_lips)
    log.info("train: %d utterances, %.2f h", len(train_utterances),
             sum(r["duration"] for r in train_utterances.records) / 3600)
    validation = validation_set(args.corpus, args.seed, args.validation_examples, args.batch, args.parted_lips)
    examples = TrainingExamples(train_utterances, seed=args.seed, speed_range=args.speed_range,
                                speed_share=args.speed_share)
    loader = torch.utils.data.DataLoader(
        examples, batch_size=args.batch, sampler=range(state["step"] * args.batch, len(examples)),
        num_workers=args.workers, persistent_workers=args.workers > 0, prefetch_factor=4 if args.workers else None)

    started = time.time() - state["elapsed_s"]
    deadline = started + 60.0 * args.minutes - EXPORT_RESERVE_S
    timing_started = None
    running = {}
    net.train()
    trained = state["total_steps"] is not None and state["step"] >= state["total_steps"]
    for samples, weights, labels in [] if trained else loader:
        step = state["step"]
        if state["total_steps"] is None and step == TIMING_STEPS[0]:
            timing_started = time.time()
        if state["total_steps"] is None and step == TIMING_STEPS[1]:
            per_step = (time.time() - timing_started) / (TIMING_STEPS[1] - TIMING_STEPS[0])
            per_step *= 1.0 + 0.1  # validation passes and load from other users
            state["total_steps"] = step + int((deadline - time.time()) / per_step)
            log.info("%.2f s per step: %d steps fit in the budget", per_step, state["total_steps"])
        for group in optimiser.param_groups:
            group["lr"] = learning_rate(step, state["total_steps"], args.lr)
        _, terms = losses(net, loss_fn, samples, weights, labels, device)
        optimiser.zero_grad(set_to_none=True)
        terms["total"].backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        optimiser.step()
        state["step"] = step = step + 1
        for name, value in terms.items():
            running[name] = running.get(name, 0.0) + float(value.detach())
        if step % 25 == 0:
            log.info("step %d lr %.2e %s", step, optimiser.param_groups[0]["lr"],
                     describe({k: v / 25 for k, v in running.items()}))
            running = {}
        finished = (state["total_steps"] is not None and step >= state["total_steps"]) or time.time() > deadline
        if step % args.validate_every == 0 or finished:
            result = validate(net, loss_fn, validation, device, args.false_alarm)
            state["elapsed_s"] = time.time() - started
            state["history"].append({"step": step, "elapsed_s": round(state["elapsed_s"]), **result})
            improved = result["total"] < state["best_loss"]
            if improved:
                state["best_loss"] = result["total"]
                save_checkpoint(args.out / "best.pt", net, config, **state)
            save_checkpoint(last, net, config, optimiser=optimiser.state_dict(), **state)
            log.info("validation at step %d%s: %s", step, " (best)" if improved else "", describe(result))
        if finished:
            break
    finish(args, vertices, validation)


def finish(args, vertices, validation):
    """Calibrate the best checkpoint's closure gate on the held-out voices and export it."""
    net, checkpoint = load_checkpoint(args.out / "best.pt")
    loss_fn = MotionLoss(net.basis.numpy(), args.non_labial_weight, args.non_labial_motion_weight,
                         args.articulation_weight)
    result = validate(net, loss_fn, validation, torch.device("cpu"), args.false_alarm)
    net.closure_gate.calibrate(result["closure_threshold"])
    calibrated = validate(net, loss_fn, validation, torch.device("cpu"), args.false_alarm)
    keep = {k: checkpoint[k] for k in ("step", "total_steps", "best_loss", "elapsed_s", "history", "args",
                                       "recipe_commit")}
    save_checkpoint(args.out / "best.pt", net, checkpoint["config"], calibrated=calibrated, **keep)
    log.info("best checkpoint (step %d), closure gate calibrated at logit %.3f: %s", checkpoint["step"],
             result["closure_threshold"], describe(calibrated))
    onnx_path = export_onnx(net, args.onnx or args.out / "flame_lipsync.onnx",
                            metadata(net, reference_frame_json(vertices), checkpoint["recipe_commit"]))
    (args.out / "summary.json").write_text(json.dumps({"best_step": checkpoint["step"], "validation": calibrated,
                                                       "history": checkpoint["history"]}, indent=1))
    log.info("exported %s (%.1f MB)", onnx_path, onnx_path.stat().st_size / 1e6)


if __name__ == "__main__":
    main()
