# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Command-line lip sync without Blender.

python -m inference AUDIO --fps FPS --out curves.json|take.csv [--offsets offsets.npy] [--provider auto|cpu|cuda]
python -m inference --batch DIR_OR_LISTFILE --out-dir OUT --fps FPS [--jobs N] [--format json|csv] [--overwrite]
Both take the face's options: [--seed N] [--emotion NAME] [--emotion-strength S] [--jaw J] [--lips L]
[--layers lips,eyes,brows,head].
"""

import os

# Our numpy work is many small arrays: OpenBLAS's (or MKL's) extra threads would spin between them and take the
# cores from onnxruntime's threads and from the other batch workers (here twice the CPU time for the same lines).
# Set before numpy is first imported; a value the user set wins.
for _variable in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse
import sys
import time
from fractions import Fraction
from pathlib import Path

from .errors import LipSyncError
from .face.emotion import EMOTIONS
from .face.layers import DEFAULT_SEED, LAYERS, FaceOptions
from .flame_topology import check_flame_topology
from .model import LipSyncModel
from .outputs import FileOptions, cannot_write, output_format, run_file
from .ply import load_ply

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


def layer_list(text):
    """"lips,eyes" -> ("lips", "eyes"); an unknown name is an argument error."""
    layers = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in layers if name not in LAYERS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown layer {', '.join(unknown)}; choose from {','.join(LAYERS)}")
    return layers


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


def file_options(args, fmt, face):
    """FileOptions from the arguments; LipSyncError for a head that cannot be read or is not FLAME."""
    head = None
    if args.head is not None:
        try:
            head, triangles = load_ply(args.head)
        except (OSError, ValueError) as e:
            raise LipSyncError(f"Cannot read head {args.head}: {e}") from e
        check_flame_topology(len(head), triangles)
    return FileOptions(args.fps, fmt, args.start, args.end, head, face)


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
    parser.add_argument("--offsets", type=Path, help="also write offsets.npy: float32 [T, 5023, 3], the head's units")
    parser.add_argument("--head", type=Path, help="a FLAME-topology head (.ply) to animate: its lips are made to meet "
                        "where the model says closed, and offsets are in its frame (default: the reference head)")
    parser.add_argument("--provider", choices=("auto", "cpu", "cuda"), default="auto",
                        help="auto: CUDA when usable, else the CPU (default)")
    parser.add_argument("--start", type=float, default=0.0, help="seconds into the file to start at")
    parser.add_argument("--end", type=float, help="seconds into the file to stop at")
    parser.add_argument("--model", type=Path, help="ONNX model (default: $FLAME_LIPSYNC_MODEL or the bundled one)")
    face = parser.add_argument_group("the face (README, \"The whole face\")")
    face.add_argument("--seed", type=int, default=DEFAULT_SEED,
                      help=f"varies blinks, gaze, brows and head motion, never the mouth (default {DEFAULT_SEED})")
    face.add_argument("--emotion", choices=tuple(EMOTIONS), default="neutral")
    face.add_argument("--emotion-strength", type=float, default=1.0, metavar="S", help="0-1 (default 1)")
    face.add_argument("--jaw", type=float, default=1.0, help="jaw articulation 0-2 (default 1: as predicted)")
    face.add_argument("--lips", type=float, default=1.0, help="lip articulation 0-2 (default 1: as predicted)")
    face.add_argument("--layers", type=layer_list, default=LAYERS, metavar="lips,eyes,brows,head",
                      help="the parts that move (default all); a part left out stays at rest")
    args = parser.parse_args(argv)
    try:
        face = FaceOptions(args.seed, args.emotion, args.emotion_strength, args.jaw, args.lips, args.layers)
    except LipSyncError as e:
        parser.error(str(e))
    if args.batch is not None:
        if args.audio is not None or args.out is not None or args.offsets is not None:
            parser.error("--batch takes no AUDIO, --out or --offsets: outputs go to --out-dir")
        if args.out_dir is None:
            parser.error("--batch needs --out-dir")
        from .batch import run_batch  # only here: a single file does not need the process pool
        try:
            options = file_options(args, args.format or "json", face)
        except LipSyncError as e:
            parser.error(str(e))
        return run_batch(args, options)
    if args.audio is None or args.out is None:
        parser.error("give AUDIO and --out, or --batch and --out-dir")
    if args.out_dir is not None or args.jobs is not None or args.overwrite:
        parser.error("--out-dir, --jobs and --overwrite are for --batch")
    began = time.perf_counter()
    try:
        options = file_options(args, output_format(args.out, args.format), face)
        model = LipSyncModel(args.model, provider=args.provider)
        duration, frames = run_file(model, args.audio, args.out, options, args.offsets)
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


def exit_now(status):
    """Exit without tearing down the interpreter: every output is written and closed by now, and unloading numpy
    and onnxruntime took 0.05-0.1 s here, up to a twentieth of a 150-line batch."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    exit_now(main())
