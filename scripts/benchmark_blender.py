# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""End-to-end speed of Generate Lip Sync in Blender (decode + inference + bake) on long sound strips.

    python scripts/benchmark_blender.py [--minutes 1 10 60] [--fps 24] [--device AUTO|CPU|CUDA]

For each length a fresh process (the bpy wheel, the extension registered from this checkout) loads the FLAME
head, adds a sound strip of that many minutes (the demo's dialogue repeated, 48 kHz mono 16-bit wav) and runs
bpy.ops.flame_lipsync.generate twice: "cold" includes loading the model, "warm" is a second run (the model is
kept between runs, as in an animator's session). Peak memory is the process's peak resident set size.
Figures only: nothing here asserts a time.
"""

import argparse
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "kathleen_dialogue.flac"
RATE = 48000


def write_strip_audio(path, seconds):
    """The demo's dialogue repeated to `seconds` at 48 kHz, written block by block."""
    import numpy as np
    import soundfile

    speech, rate = soundfile.read(str(SAMPLE), dtype="float32")
    factor = RATE // rate
    block = np.interp(np.arange(len(speech) * factor) / factor, np.arange(len(speech)), speech).astype(np.float32)
    total = int(seconds * RATE)
    with soundfile.SoundFile(str(path), "w", RATE, 1, subtype="PCM_16") as out:
        for start in range(0, total, len(block)):
            out.write(block[:total - start])


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(seconds, wav, fps, device, profile):
    """Runs in its own process: one strip, two generate calls; prints a JSON line (after the warm run's
    profile, to stderr, when asked)."""
    import bpy

    sys.path.insert(0, str(HERE))
    import blender_setup

    bpy.ops.wm.read_factory_settings(use_empty=True)
    blender_setup.register_repo_extension()
    scene = bpy.context.scene
    scene.render.fps, scene.render.fps_base = fps, 1.0
    blender_setup.import_flame_head(blender_setup.template_path())
    blender_setup.add_sound_strip(scene, "Voice", wav, frame_start=1)
    before = peak_rss_mb()
    times = []
    for run in range(2):
        profiler = cProfile.Profile() if profile and run == 1 else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        bpy.ops.flame_lipsync.generate(strip="Voice", target="Head", device=device)
        times.append(time.perf_counter() - started)
        if profiler:
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(15)
    settings = scene.flame_lipsync
    print(json.dumps({"seconds": seconds, "cold_s": times[0], "warm_s": times[1], "frames": settings.report_frames,
                      "device": settings.report_device, "note": settings.report_note,
                      "rss_before_mb": before, "peak_rss_mb": peak_rss_mb()}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, nargs="+", default=[1, 10, 60])
    parser.add_argument("--fps", type=int, default=24)
    parser.add_argument("--device", default="AUTO", choices=("AUTO", "CPU", "CUDA"))
    parser.add_argument("--profile", action="store_true", help="print where the warm run spends its time")
    parser.add_argument("--child", nargs=2, metavar=("SECONDS", "WAV"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(float(args.child[0]), args.child[1], args.fps, args.device, args.profile)
        return 0

    print(f"Generate Lip Sync end to end (decode + inference + bake), {args.fps} fps, device {args.device}")
    print(f"{'strip':>8} {'frames':>8} {'cold s':>8} {'warm s':>8} {'x real time':>12} {'peak RSS':>10} device")
    failed = False
    with tempfile.TemporaryDirectory(prefix="flame_lipsync_bench_") as folder:
        for minutes in args.minutes:
            seconds = minutes * 60
            wav = Path(folder) / f"strip_{seconds:g}s.wav"
            write_strip_audio(wav, seconds)
            result = subprocess.run([sys.executable, __file__, "--child", str(seconds), str(wav),
                                     "--fps", str(args.fps), "--device", args.device,
                                     *(["--profile"] if args.profile else [])],
                                    capture_output=True, text=True)
            wav.unlink()
            lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
            if result.returncode != 0 or not lines:
                failed = True
                print(f"{minutes:>6g} m  FAILED (exit {result.returncode})\n{result.stderr[-2000:]}")
                continue
            if args.profile:
                print(result.stderr[result.stderr.find("function calls"):])
            r = json.loads(lines[-1])
            print(f"{minutes:>6g} m {r['frames']:>8} {r['cold_s']:>8.2f} {r['warm_s']:>8.2f} "
                  f"{seconds / r['warm_s']:>11.0f}x {r['peak_rss_mb']:>7.0f} MB {r['device']}"
                  f"{' (' + r['note'] + ')' if r['note'] else ''}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
