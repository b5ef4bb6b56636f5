"""Command-line lip sync without Blender.

python -m inference AUDIO --fps FPS --out curves.json|take.csv [--offsets offsets.npy] [--provider auto|cpu|cuda]
python -m inference --batch DIR_OR_LISTFILE --out-dir OUT --fps FPS [--jobs N] [--format json|csv] [--overwrite]
"""

import argparse
import json
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from .atomic_write import atomic_output
from .audio import load_audio
from .errors import LipSyncError
from .live_link import write_live_link_csv
from .model import LipSyncModel
from .timing import frame_count, weights_at_fps

OFFSET_BLOCK_FRAMES = 256
FORMATS = ("json", "csv")


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


def write_curves(f, fps, names, weights, duration):
    """curves.json to the open text file `f`, streamed row by row so hours of frames never sit in memory as Python
    floats."""
    f.write('{"fps": %s, "names": %s, "duration": %s, "weights": [' % (
        json.dumps(float(fps)), json.dumps(list(names)), json.dumps(round(duration, 6))))
    row_format = "\n[" + ",".join(["%.6g"] * len(names)) + "]"
    for i, row in enumerate(weights):
        f.write(("," if i else "") + row_format % tuple(row.tolist()))
    f.write("\n]}\n")


def write_offsets(f, weights, basis):
    """offsets.npy [T, 5023, 3] float32 = weights @ basis to the open binary file `f`, appended block by block
    after the .npy header.

    Plain writes rather than a memory map: dirty mapped pages would count against the process until written back."""
    shape = (len(weights),) + basis.shape[1:]
    flat_basis = basis.reshape(len(basis), -1)
    np.lib.format.write_array_header_1_0(f, {"descr": "<f4", "fortran_order": False, "shape": shape})
    for first in range(0, len(weights), OFFSET_BLOCK_FRAMES):
        f.write((weights[first:first + OFFSET_BLOCK_FRAMES] @ flat_basis).astype("<f4").tobytes())


def output_format(path, requested=None):
    """--format when given, else "csv" for a .csv path and "json" for anything else."""
    return requested or ("csv" if Path(path).suffix.lower() == ".csv" else "json")


def run_file(model, audio_path, out, fps, start=0.0, end=None, offsets=None, fmt="json"):
    """One audio file -> `out` (curves.json, or Live Link Face CSV when fmt is "csv") and optionally offsets.npy,
    each written atomically. The single-file CLI and every batch worker run this, so a batch's outputs are the
    single-file outputs. Returns (audio seconds, frames). Raises LipSyncError for bad audio, OSError when an
    output cannot be written."""
    audio = load_audio(audio_path, start, end, model.sample_rate)
    duration = len(audio) / model.sample_rate
    weights = weights_at_fps(model.predict(audio), model.frame_rate, fps,
                             frame_count(duration, fps, Path(audio_path).name))
    del audio
    with atomic_output(out, "w") as f:
        if fmt == "csv":
            write_live_link_csv(f, fps, model.control_names, weights)
        else:
            write_curves(f, fps, model.control_names, weights, duration)
    if offsets:
        with atomic_output(offsets, "wb") as f:
            write_offsets(f, weights, model.basis)
    return duration, len(weights)


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return value


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments: one "error: ..." line and exit status 2 (argparse's default also prints the usage)."""

    def error(self, message):
        self.exit(2, f"error: {message}\n")


def cannot_write(error):
    return f"cannot write output: {error.strerror or error}: {error.filename or ''}".rstrip(": ")


def main(argv=None):
    parser = OneLineParser(prog="python -m inference", description="Audio file(s) -> FLAME lip sync curves.")
    parser.add_argument("audio", nargs="?", help="wav, flac, ogg (vorbis/opus) or mp3; mono or stereo; 8-96 kHz")
    parser.add_argument("--fps", required=True, type=parse_fps, help="frame rate, e.g. 24, 25, 23.976 or 24000/1001")
    parser.add_argument("--out", type=Path, help="curves.json, or take.csv for Unreal's Live Link Face CSV")
    parser.add_argument("--format", choices=FORMATS, help="json (curves.json) or csv (Live Link Face); default: "
                        "from --out's extension, json in a batch")
    parser.add_argument("--batch", type=Path, metavar="DIR_OR_LISTFILE",
                        help="a folder of audio files, or a text file listing one audio path a line")
    parser.add_argument("--out-dir", type=Path, help="--batch: folder for OUT/<name>.json or .csv")
    parser.add_argument("--jobs", type=positive_int, help="--batch: worker processes (default: the cores)")
    parser.add_argument("--overwrite", action="store_true", help="--batch: redo lines whose output exists")
    parser.add_argument("--offsets", type=Path, help="also write offsets.npy: float32 [T, 5023, 3] metres")
    parser.add_argument("--provider", choices=("auto", "cpu", "cuda"), default="auto",
                        help="auto: CUDA when usable, else the CPU (default)")
    parser.add_argument("--start", type=float, default=0.0, help="seconds into the file to start at")
    parser.add_argument("--end", type=float, help="seconds into the file to stop at")
    parser.add_argument("--model", type=Path, help="ONNX model (default: $FLAME_LIPSYNC_MODEL or the bundled one)")
    args = parser.parse_args(argv)
    if args.batch is not None:
        if args.audio is not None or args.out is not None or args.offsets is not None:
            parser.error("--batch takes no AUDIO, --out or --offsets: outputs go to --out-dir")
        if args.out_dir is None:
            parser.error("--batch needs --out-dir")
        from .batch import run_batch  # here, not at the top: batch imports run_file from this module
        return run_batch(args)
    if args.audio is None or args.out is None:
        parser.error("give AUDIO and --out, or --batch and --out-dir")
    if args.out_dir is not None or args.jobs is not None or args.overwrite:
        parser.error("--out-dir, --jobs and --overwrite are for --batch")
    began = time.perf_counter()
    try:
        model = LipSyncModel(args.model, provider=args.provider)
        duration, frames = run_file(model, args.audio, args.out, args.fps, args.start, args.end, args.offsets,
                                    output_format(args.out, args.format))
    except LipSyncError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"error: {cannot_write(e)}", file=sys.stderr)
        return 1
    device = model.device + (f" ({model.fallback_reason})" if model.fallback_reason and args.provider == "auto" else "")
    written = ", ".join(str(p) for p in (args.out, args.offsets) if p)
    print(f"{duration:.2f} s of audio -> {frames} frames at {float(args.fps):.6g} fps on {device} "
          f"in {time.perf_counter() - began:.2f} s; wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
