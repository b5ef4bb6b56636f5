# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Batch throughput: N voice lines of 2-6 s (cut from the demo's dialogue, written as 48 kHz wav) through
`python -m inference --batch` as a subprocess, timed from its start to its exit (model loading included), --runs
times over the same lines (the outputs removed between runs): each run's figures, then the median real-time factor.

python scripts/benchmark_batch.py [--lines 150 2000] [--runs 5] [--jobs 2] [--fps 24] [--format json|csv]
    [--layers lips,...]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile
from benchmark_inference import ROOT, compile_bytecode

SAMPLE = ROOT / "scripts" / "kathleen_dialogue.flac"


def make_lines(folder, count, seed=0):
    """`count` wav files of 2-6 s from random places in the demo's dialogue -> total seconds of audio."""
    audio, rate = soundfile.read(SAMPLE, dtype="float32")
    rng = np.random.default_rng(seed)
    total = 0
    for i in range(count):
        length = int(rng.uniform(2, 6) * rate)
        start = int(rng.integers(0, len(audio) - length + 1))
        soundfile.write(folder / f"line_{i:05d}.wav", audio[start:start + length], rate)
        total += length
    return total / rate


def run(count, runs, jobs, fps, fmt, layers):
    with tempfile.TemporaryDirectory() as temp:
        lines = Path(temp) / "lines"
        lines.mkdir()
        seconds = make_lines(lines, count)
        factors = [run_once(lines, Path(temp) / f"out{i}", count, seconds, jobs, fps, fmt, layers) for i in range(runs)]
    if runs > 1:
        print(f"{count} lines: median {statistics.median(factors):.0f}x real time over {runs} runs "
              f"({min(factors):.0f}-{max(factors):.0f}x)")


def run_once(lines, out, count, seconds, jobs, fps, fmt, layers):
    """One batch of `lines` into the new folder `out` -> its real-time factor."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "inference", "--batch", str(lines), "--out-dir", str(out),
                           "--fps", str(fps), "--jobs", str(jobs), "--format", fmt, "--layers", layers],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0:
        sys.exit(f"batch failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
    written = len(list(out.glob(f"*.{fmt}")))
    # The CPU time (the batch and its workers) bounds what the same jobs would take on idle cores: cpu / jobs.
    print(f"{count} lines ({written} written), {seconds:.1f} s of audio, {wall:.2f} s wall with {jobs} jobs: "
          f"{seconds / wall:.0f}x real time; {cpu:.2f} CPU s, {seconds * jobs / cpu:.0f}x on {jobs} idle cores "
          f"(load average {load:.1f} before the run)")
    return seconds / wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[150])
    parser.add_argument("--runs", type=int, default=5, help="batches over the same lines (the machine's speed varies)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--fps", default="24")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--layers", default="lips,eyes,brows,head", help="the parts of the face, as the CLI takes them")
    args = parser.parse_args()
    compile_bytecode()
    for count in args.lines:
        run(count, args.runs, args.jobs, args.fps, args.format, args.layers)


if __name__ == "__main__":
    main()
