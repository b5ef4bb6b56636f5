# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Inference speed and memory: 60 s of audio through onnxruntime (CPU, and CUDA when usable), the peak
memory of predict() on 10 minutes and 1 hour of audio, and the whole command line (`python -m inference` with every
part of the face on, a head given) on 10 minutes of the demo's real voice.

python scripts/benchmark_inference.py [--runs 7] [--model PATH]
python scripts/benchmark_inference.py --cli-only [--runs 3]
"""

import argparse
import compileall
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference.audio import SAMPLE_RATE, load_audio  # noqa: E402
from inference.errors import LipSyncError  # noqa: E402
from inference.model import LipSyncModel  # noqa: E402


def speechlike(seconds, rate=SAMPLE_RATE, seed=0):
    """Syllable-rate bursts of a voiced tone plus noise, with pauses; generated a minute at a time."""
    rng = np.random.default_rng(seed)
    pieces = []
    for start in range(0, int(seconds * rate), 60 * rate):
        t = np.arange(start, min(start + 60 * rate, int(seconds * rate))) / rate
        envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) * (np.sin(2 * np.pi * 0.3 * t) > -0.3)
        pieces.append((0.2 * envelope * (np.sin(2 * np.pi * 140 * t) + rng.standard_normal(len(t))))
                      .astype(np.float32))
    return np.concatenate(pieces)


def median_seconds(call, runs):
    call()  # warm-up: first-run allocations and provider initialisation
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return statistics.median(times), min(times)


def speed(model, audio, runs):
    median, best = median_seconds(lambda: model.predict(audio), runs)
    seconds = len(audio) / SAMPLE_RATE
    print(f"  predict {seconds:.0f} s on {model.device}: median {median * 1000:.0f} ms, best {best * 1000:.0f} ms "
          f"over {runs} runs = {seconds / median:.0f}x real time (median)")


def decode_speed(runs):
    """load_audio of 60 s of 48 kHz stereo: decode, downmix and resample to 16 kHz."""
    import soundfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sixty.wav"
        mono = speechlike(60, rate=48000)
        soundfile.write(path, np.stack([mono, mono], axis=1), 48000, subtype="PCM_16")
        median, _ = median_seconds(lambda: load_audio(path), runs)
    print(f"  load_audio 60 s of 48 kHz stereo wav: median {median * 1000:.0f} ms")


def memory_child(seconds, model_path):
    """In a fresh process: make `seconds` of audio, reset the peak-RSS mark, predict, report the peak."""
    model = LipSyncModel(model_path, provider="cpu")
    audio = speechlike(seconds)
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before = _status_mb("VmRSS")
    began = time.perf_counter()
    weights = model.predict(audio)
    elapsed = time.perf_counter() - began
    print(f"{before} {_status_mb('VmHWM')} {audio.nbytes // 2**20} {weights.nbytes // 2**20} {elapsed:.2f}")


def _status_mb(field):
    return int(re.search(rf"{field}:\s*(\d+) kB", Path("/proc/self/status").read_text()).group(1)) // 1024


def memory(seconds, model_path):
    args = [sys.executable, __file__, "--memory-child", str(seconds)] + (["--model", str(model_path)]
                                                                         if model_path else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    before, peak, audio_mb, weights_mb, elapsed = done.stdout.split()
    label = f"{seconds / 60:.0f} min" if seconds < 3600 else f"{seconds / 3600:.0f} h"
    print(f"  predict {label}: peak RSS {peak} MB (process before predict {before} MB, of it audio {audio_mb} MB; "
          f"result {weights_mb} MB; +{int(peak) - int(before)} MB during predict), {elapsed} s, "
          f"{seconds / float(elapsed):.0f}x real time")


def compile_bytecode():
    """Compile the package's bytecode before timing whole processes, as Python itself does on a first run: where
    PYTHONDONTWRITEBYTECODE is set (as here) every run would compile some 30 modules again (0.05-0.1 s)."""
    compileall.compile_dir(ROOT / "inference", quiet=1)


def cli_speed(runs, minutes=10):
    """Wall time of whole `python -m inference` processes (start, model load, decode, network, face, writing
    curves.json; with --head also the head's own lip closure) on `minutes` of the demo's dialogue repeated, as
    16 kHz mono wav."""
    import soundfile

    from inference.flame_topology import template_path

    compile_bytecode()
    voice = load_audio(ROOT / "scripts" / "kathleen_dialogue.flac")
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "ten_minutes.wav"
        soundfile.write(wav, np.resize(voice, minutes * 60 * SAMPLE_RATE), SAMPLE_RATE, subtype="PCM_16")
        for head in ([], ["--head", str(template_path())]):
            command = [sys.executable, "-m", "inference", str(wav), "--fps", "30", "--out",
                       str(Path(tmp) / "c.json"), "--provider", "cpu", *head]
            times = []
            for _ in range(runs):
                began = time.perf_counter()
                subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
                times.append(time.perf_counter() - began)
            median = statistics.median(times)
            print(f"  python -m inference, every part of the face{', --head' if head else ''}, {minutes} min at "
                  f"30 fps: median {median:.2f} s, best {min(times):.2f} s over {runs} runs = "
                  f"{minutes * 60 / median:.0f}x real time (median), load average {os.getloadavg()[0]:.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--model", type=Path, help="default: $FLAME_LIPSYNC_MODEL or models/flame_lipsync.onnx")
    parser.add_argument("--memory-child", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--cli-only", action="store_true", help="only the whole command line on 10 minutes")
    args = parser.parse_args()
    if args.cli_only:
        cli_speed(args.runs)
        return
    if args.memory_child:
        memory_child(args.memory_child, args.model)
        return
    import onnxruntime

    cpu = LipSyncModel(args.model, provider="cpu")
    print(f"model {cpu.path} (version {cpu.version}), onnxruntime {onnxruntime.__version__}, "
          f"providers {onnxruntime.get_available_providers()}")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other processes slow every figure)")
    sixty = speechlike(60)
    speed(cpu, sixty, args.runs)
    try:
        cuda = LipSyncModel(args.model, provider="cuda")
        speed(cuda, sixty, args.runs)
    except LipSyncError as e:
        print(f"  CUDA: not measured ({e})")
    decode_speed(args.runs)
    for seconds in (600, 3600):
        memory(seconds, args.model)
    cli_speed(min(args.runs, 3))


if __name__ == "__main__":
    main()
