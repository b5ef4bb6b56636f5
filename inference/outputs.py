# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the command line writes for one audio file: curves.json, Live Link Face CSV, offsets.npy."""

import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from . import pipeline
from .atomic_write import atomic_output
from .face.head_motion import AXES
from .face.layers import FaceOptions
from .live_link import write_live_link_csv
from .pipeline import AudioSource, Job

BLOCK_FRAMES = 256  # frames written at a time


def write_curves(f, fps, names, weights, duration, head_degrees):
    """curves.json to the open text file `f`, streamed row by row so hours of frames never sit in memory as Python
    floats."""
    f.write('{"fps": %s, "names": %s, "duration": %s, "weights": [' % (
        json.dumps(float(fps)), json.dumps(list(names)), json.dumps(round(duration, 6))))
    _write_rows(f, weights)
    f.write('],\n"head": {"axes": %s, "degrees": [' % json.dumps(list(AXES)))
    _write_rows(f, head_degrees)
    f.write("]}}\n")


def _write_rows(f, table):
    """A JSON array's rows, one line each, formatted a block of rows at a time (one % per block is faster). A column
    that is +0 throughout the block is written as a literal 0: most of a face's curves rest most of the time, and
    formatting them costs half the writing."""
    for first in range(0, len(table), BLOCK_FRAMES):
        block = table[first:first + BLOCK_FRAMES]
        moving = (block != 0).any(axis=0) | np.signbit(block).any(axis=0)
        row_format = "\n[" + ",".join(["%.6g" if m else "0" for m in moving]) + "]"
        values = block[:, moving].ravel().tolist()
        f.write(("," if first else "") + ",".join([row_format] * len(block)) % tuple(values))
    f.write("\n")


def live_link_angles(head_degrees, eye_degrees):
    """Our head [T, 3] and eye [T, 2] angles as the Live Link CSV's head [T, 3] and eyes [T, 2, 3] (pitch, yaw,
    roll in degrees), pitch positive nose up as Unreal's FRotator: our pitch is positive nodding down."""
    head = np.asarray(head_degrees, np.float64) * [-1.0, 1.0, 1.0]
    eye = np.column_stack([-eye_degrees[:, 0], eye_degrees[:, 1], np.zeros(len(eye_degrees))])
    return head, np.stack([eye, eye], axis=1)


def write_offsets(f, weights, basis):
    """offsets.npy [T, 5023, 3] float32 = weights @ basis (the shapes on the head) to the open binary file `f`,
    appended block by block after the .npy header.

    Plain writes rather than a memory map: dirty mapped pages would count against the process until written back."""
    shape = (len(weights),) + basis.shape[1:]
    flat_basis = basis.reshape(len(basis), -1)
    np.lib.format.write_array_header_1_0(f, {"descr": "<f4", "fortran_order": False, "shape": shape})
    for first in range(0, len(weights), BLOCK_FRAMES):
        f.write((weights[first:first + BLOCK_FRAMES] @ flat_basis).astype("<f4").tobytes())


def output_format(path, requested=None):
    """--format when given, else "csv" for a .csv path and "json" for anything else."""
    return requested or ("csv" if Path(path).suffix.lower() == ".csv" else "json")


@dataclass(frozen=True)
class FileOptions:
    """What every audio file of a command gets: frame rate, output format, part of the file, the head."""
    fps: Fraction
    fmt: str = "json"
    start: float = 0.0
    end: float | None = None
    head_vertices: np.ndarray | None = None  # (5023, 3) the head's rest shape; None: the reference head
    face: FaceOptions = FaceOptions()


def run_file(model, audio_path, out, options, offsets=None):
    """One audio file through the pipeline -> `out` (curves.json, or Live Link Face CSV when options.fmt is "csv")
    and optionally offsets.npy (in the head's own frame and units), each written atomically. The single-file CLI
    and every batch worker run this. Returns (audio seconds, frames). Raises LipSyncError for bad audio, OSError
    when an output cannot be written."""
    audio = AudioSource(str(audio_path), options.start, options.end, name=Path(audio_path).name)
    result = pipeline.run(Job(audio, options.fps, head_vertices=options.head_vertices, face=options.face), model)
    with atomic_output(out, "w") as f:
        if options.fmt == "csv":
            head, eyes = live_link_angles(result.head_degrees, result.eye_degrees)
            write_live_link_csv(f, options.fps, result.control_names, result.weights, head=head, eyes=eyes)
        else:
            write_curves(f, options.fps, result.control_names, result.weights, result.duration_s,
                         result.head_degrees)
    if offsets:
        with atomic_output(offsets, "wb") as f:
            write_offsets(f, result.weights[:, :len(result.shapes)], result.shapes)
    return result.duration_s, len(result.weights)


def cannot_write(error):
    return f"cannot write output: {error.strerror or error}: {error.filename or ''}".rstrip(": ")
