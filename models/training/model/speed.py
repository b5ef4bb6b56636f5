# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""How long the exported model takes on 60 s of audio through onnxruntime (CPU by default), front-end included.

python -m models.training.model.speed models/flame_lipsync.onnx [--seconds 60] [--provider cpu|cuda] [--repeats 10]
"""

import argparse
import time

import numpy as np

from inference.audio import SAMPLE_RATE


def time_model(path, seconds=60.0, provider="cpu", repeats=10, threads=2):
    """(best, median) wall time in milliseconds of one run on `seconds` of noise-like audio after a warm-up run,
    and the provider that ran. The best run is the machine's own speed; the median shows other users' load."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # as inference.model runs it
    providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if provider == "cuda" else ["CPUExecutionProvider"]
    session = ort.InferenceSession(str(path), options, providers=providers)
    audio = (0.1 * np.random.default_rng(0).standard_normal(int(seconds * SAMPLE_RATE))).astype(np.float32)
    feeds = {"audio": audio, "offset_frames": np.zeros(0, dtype=np.int64)}
    session.run(["weights"], feeds)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        session.run(["weights"], feeds)
        times.append(time.perf_counter() - start)
    return 1000.0 * min(times), 1000.0 * float(np.median(times)), session.get_providers()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--provider", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    best, median, provider = time_model(args.model, args.seconds, args.provider, args.repeats, args.threads)
    print(f"{args.seconds:g} s of audio on {provider}, {args.threads} threads: {best:.1f} ms best of {args.repeats} "
          f"runs ({args.seconds * 1000 / best:.0f}x real time), median {median:.1f} ms")


if __name__ == "__main__":
    main()
