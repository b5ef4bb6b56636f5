# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""python -m inference --batch: many audio files ("lines") through worker processes, one output file each.

Each worker loads the model once and runs every line it gets through the single-file CLI's own run_file, so a
batch output is the single-file output (byte for byte with one job; see run_batch on threads). Outputs are
written atomically, so a rerun skips lines whose output exists (unless --overwrite). A line that fails is reported
by name and the others go on.
"""

import contextlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from .errors import LipSyncError
from .model import LipSyncModel, default_model_path
from .outputs import cannot_write, run_file

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
PROGRESS_WIDTH = 30
PROGRESS_INTERVAL_S = 0.5


class BatchArgumentError(Exception):
    """A --batch source or --out-dir that cannot make a batch: exit status 2."""


def batch_lines(source):
    """The audio paths of a batch: a folder's wav/flac/ogg/mp3 files, sorted by name, or a list file's lines (one
    path a line, relative to the list file; blank lines and # comments skipped)."""
    source = Path(source)
    if source.is_dir():
        lines = sorted(p for p in source.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
        if not lines:
            raise BatchArgumentError(f"{source} holds no audio files ({', '.join(AUDIO_SUFFIXES)})")
        return lines
    if not source.is_file():
        raise BatchArgumentError(f"--batch {source}: no such folder or list file")
    if source.suffix.lower() in AUDIO_SUFFIXES:
        raise BatchArgumentError(f"--batch {source} is an audio file: give a folder or a list file, or run it alone")
    try:
        text = source.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as e:
        raise BatchArgumentError(f"--batch {source}: not a readable text list of audio paths ({e})") from e
    lines = [source.parent / line.strip() for line in text.splitlines()
             if line.strip() and not line.strip().startswith("#")]
    if not lines:
        raise BatchArgumentError(f"list file {source} names no audio files")
    return lines


def output_paths(lines, out_dir, fmt):
    """OUT/<stem>.<fmt> for each line; two lines with one stem would overwrite each other, so they are refused."""
    outputs, first_with = [], {}
    for line in lines:
        out = Path(out_dir) / f"{line.stem}.{fmt}"
        if out in first_with:
            raise BatchArgumentError(f"{first_with[out]} and {line} would both write {out}; rename one of them")
        first_with[out] = line
        outputs.append(out)
    return outputs


_model = None
_model_error = None
_options = None


def _start_worker(model_path, provider, threads, options):
    global _model, _model_error, _options
    _options = options
    try:
        _model = LipSyncModel(model_path, provider=provider, threads=threads)
    except LipSyncError as e:  # a damaged model: every line says why, instead of the pool breaking
        _model_error = str(e)


def _run_line(audio_path, out):
    """In a worker: -> (audio seconds, None) or (0, the one-line reason it failed)."""
    if _model_error:
        return 0.0, _model_error
    try:
        return run_file(_model, audio_path, out, _options)[0], None
    except LipSyncError as e:
        return 0.0, str(e)
    except OSError as e:
        return 0.0, cannot_write(e)


class Progress:
    """Progress on stderr: on a terminal one self-overwriting line (a bar, lines done, failures); in a log a line
    at every tenth of the batch. Messages print above the bar."""

    def __init__(self, total):
        self.total, self.done, self.failed, self.shown, self.width = total, 0, 0, 0.0, 0
        self.terminal = sys.stderr.isatty()

    def advance(self, failed=False):
        self.done += 1
        self.failed += failed
        if self.terminal:
            due = time.monotonic() - self.shown >= PROGRESS_INTERVAL_S
        else:
            due = 10 * self.done // self.total != 10 * (self.done - 1) // self.total
        if due or self.done == self.total:
            self._draw()

    def message(self, text):
        sys.stderr.write(("\r" + text.ljust(self.width) if self.terminal else text) + "\n")
        if self.terminal and self.done:
            self._draw()

    def _draw(self):
        self.shown = time.monotonic()
        filled = PROGRESS_WIDTH * self.done // self.total
        text = f"[{'#' * filled}{'.' * (PROGRESS_WIDTH - filled)}] {self.done}/{self.total} lines" + \
            (f", {self.failed} failed" if self.failed else "")
        if self.terminal:
            sys.stderr.write("\r" + text.ljust(self.width) + ("\n" if self.done == self.total else ""))
            self.width = len(text)
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()


def _plan(args, fmt):
    """-> (lines, their outputs, the model's path), with --out-dir created; BatchArgumentError when the batch
    cannot start."""
    lines = batch_lines(args.batch)
    outputs = output_paths(lines, args.out_dir, fmt)
    model_path = Path(args.model) if args.model else default_model_path()
    if not model_path.is_file():
        raise BatchArgumentError(f"Lip sync model not found: {model_path}")
    try:
        args.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BatchArgumentError(f"--out-dir {args.out_dir}: {e.strerror or e}") from e
    return lines, outputs, model_path


def run_batch(args, options):
    """The --batch command: exit status 0 when every line succeeded (or was already done), 1 when any line failed,
    2 when the batch cannot start (no such folder or list, no audio files, clashing names, no model)."""
    began = time.perf_counter()
    try:
        lines, outputs, model_path = _plan(args, options.fmt)
    except BatchArgumentError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    todo = [(line, out) for line, out in zip(lines, outputs) if args.overwrite or not out.exists()]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    jobs = min(args.jobs or cores, max(1, len(todo)))
    audio_s, failed = 0.0, 0
    if todo:
        progress = Progress(len(todo))
        # Each worker gets its share of the cores for onnxruntime's threads, so N workers do not oversubscribe them.
        # One worker keeps onnxruntime's default, the single-file CLI's: the thread count moves the last bits of
        # some values (onnxruntime splits element-wise ops into per-thread blocks with scalar tails).
        threads = None if jobs == 1 else max(1, cores // jobs)
        # Imported once here, where workers are forked they inherit them instead of each importing its own.
        with contextlib.suppress(ImportError):  # a missing one is reported by the workers, line by line
            import onnxruntime  # noqa: F401
            import soundfile  # noqa: F401
        with ProcessPoolExecutor(jobs, initializer=_start_worker,
                                 initargs=(model_path, args.provider, threads, options)) as pool:
            futures = {pool.submit(_run_line, str(line), str(out)): line for line, out in todo}
            for future in as_completed(futures):
                try:
                    seconds, error = future.result()
                except Exception as e:  # a worker that died (killed, out of memory) or could not load the model
                    seconds, error = 0.0, f"worker failed: {e or type(e).__name__}"
                if error:
                    failed += 1
                    progress.message(f"error: {futures[future]}: {error}")
                audio_s += seconds
                progress.advance(bool(error))
    wall = time.perf_counter() - began
    print(f"{len(lines)} lines: {len(todo) - failed} written, {len(lines) - len(todo)} already done, {failed} failed; "
          f"{audio_s / 3600:.3f} h of audio in {wall:.1f} s with {jobs} jobs, {audio_s / wall:.0f}x real time; "
          f"outputs in {args.out_dir}")
    return 1 if failed else 0
