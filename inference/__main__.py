"""Command-line lip sync without Blender.

python -m inference AUDIO --fps FPS --out curves.json [--offsets offsets.npy] [--provider auto|cpu|cuda]
"""

import argparse
import json
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from .audio import load_audio
from .errors import LipSyncError
from .model import LipSyncModel
from .timing import frame_count, weights_at_fps

OFFSET_BLOCK_FRAMES = 256


def parse_fps(text):
    """"24", "23.976", "29.97" or "24000/1001" -> Fraction; 23.976 (or 23.98), 29.97, 59.94
    and 119.88 mean the NTSC rates n x 1000/1001."""
    try:
        fps = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"not a frame rate: {text!r}")
    ntsc = Fraction(round(fps * Fraction(1001, 1000)) * 1000, 1001)
    if "/" not in text and fps != round(fps) and abs(float(fps - ntsc)) < 0.005:
        fps = ntsc
    if fps <= 0:
        raise argparse.ArgumentTypeError(f"frame rate must be positive: {text!r}")
    return fps


def write_curves(path, fps, names, weights, duration):
    """curves.json, streamed row by row so hours of frames never sit in memory as Python floats."""
    with open(path, "w") as f:
        f.write('{"fps": %s, "names": %s, "duration": %s, "weights": [' % (
            json.dumps(float(fps)), json.dumps(list(names)), json.dumps(round(duration, 6))))
        for i, row in enumerate(weights):
            f.write(("," if i else "") + "\n[" + ",".join(f"{value:.6g}" for value in row) + "]")
        f.write("\n]}\n")


def write_offsets(path, weights, basis):
    """offsets.npy [T, 5023, 3] float32 = weights @ basis, appended block by block after the .npy header.

    Plain writes rather than a memory map: dirty mapped pages would count against the process until written back."""
    shape = (len(weights),) + basis.shape[1:]
    flat_basis = basis.reshape(len(basis), -1)
    with open(path, "wb") as f:
        np.lib.format.write_array_header_1_0(f, {"descr": "<f4", "fortran_order": False, "shape": shape})
        for first in range(0, len(weights), OFFSET_BLOCK_FRAMES):
            f.write((weights[first:first + OFFSET_BLOCK_FRAMES] @ flat_basis).astype("<f4").tobytes())


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m inference", description="Audio file -> FLAME lip sync curves.")
    parser.add_argument("audio", help="wav, flac, ogg (vorbis/opus) or mp3; mono or stereo; 8-96 kHz")
    parser.add_argument("--fps", required=True, type=parse_fps, help="frame rate, e.g. 24, 25, 23.976 or 24000/1001")
    parser.add_argument("--out", required=True, type=Path, help="curves.json to write")
    parser.add_argument("--offsets", type=Path, help="also write offsets.npy: float32 [T, 5023, 3] metres")
    parser.add_argument("--provider", choices=("auto", "cpu", "cuda"), default="auto",
                        help="auto: CUDA when usable, else the CPU (default)")
    parser.add_argument("--start", type=float, default=0.0, help="seconds into the file to start at")
    parser.add_argument("--end", type=float, help="seconds into the file to stop at")
    parser.add_argument("--model", type=Path, help="ONNX model (default: $FLAME_LIPSYNC_MODEL or the bundled one)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        model = LipSyncModel(args.model, provider=args.provider)
        audio = load_audio(args.audio, args.start, args.end, model.sample_rate)
        duration = len(audio) / model.sample_rate
        n_frames = frame_count(duration, args.fps, Path(args.audio).name)
        weights = weights_at_fps(model.predict(audio), model.frame_rate, args.fps, n_frames)
        del audio
        write_curves(args.out, args.fps, model.control_names, weights, duration)
        if args.offsets:
            write_offsets(args.offsets, weights, model.basis)
    except LipSyncError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"error: cannot write output: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    device = model.device + (f" ({model.fallback_reason})" if model.fallback_reason and args.provider == "auto" else "")
    written = ", ".join(str(p) for p in (args.out, args.offsets) if p)
    print(f"{duration:.2f} s of audio -> {len(weights)} frames at {float(args.fps):.6g} fps on {device} "
          f"in {time.perf_counter() - began:.2f} s; wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
