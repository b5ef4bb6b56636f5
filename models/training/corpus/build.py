# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Builds the corpus: plan, synthesise in worker processes, append to the manifest, resume on restart."""
import argparse
import fcntl
import json
import logging
import multiprocessing
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from . import audio, babble, manifest, plan, stats, voices
from .paths import corpus_dir
from .synth import run_task

log = logging.getLogger("corpus")


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m models.training.corpus", description=__doc__)
    p.add_argument("--out", type=Path, default=None,
                   help="corpus directory (default: $FLAME_LIPSYNC_CORPUS or <repo>/build/corpus)")
    p.add_argument("--hours-english", type=float, default=8.0, help="hours of unaugmented English speech")
    p.add_argument("--minutes-per-language", type=float, default=15.0, help="minutes of speech per other language")
    p.add_argument("--languages", default=",".join(voices.OTHER_LANGUAGES), help="other languages (comma-separated)")
    p.add_argument("--minutes-per-festival-voice", type=float, default=0.0,
                   help="minutes of speech from each of festival's other-language voices (Italian, Czech, Finnish, "
                        "Russian; recorded from real speakers); 0 leaves them out, as the shipped model's corpus did")
    p.add_argument("--engines", default="festival,flite,espeak", help="engines to use (comma-separated)")
    p.add_argument("--warp-fraction", type=float, default=0.35,
                   help="share of training utterances given a tempo/pitch/vocal-tract variant")
    p.add_argument("--codec-fraction", type=float, default=0.15,
                   help="share of training utterances given an mp3/opus variant")
    p.add_argument("--jobs", type=int, default=2, help="worker processes")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


def _setup_logging(out):
    log.setLevel(logging.INFO)
    handler = logging.FileHandler(out / "build.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    return handler


def _pending(tasks, done_ids):
    """Tasks cut down to the utterances not yet in the manifest (variants are made with their base)."""
    pending = [[u for u in t if u.id not in done_ids] for t in tasks]
    return [t for t in pending if t]


def build(args):
    out = (args.out or corpus_dir()).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(f"another build is writing {out}") from None
        handler = _setup_logging(out)
        try:
            return _build(args, out)
        finally:
            log.removeHandler(handler)
            handler.close()


def _build(args, out):
    engines = set(args.engines.split(","))
    languages = [lang for lang in args.languages.split(",") if lang]
    log.info("build %s: %s", out, vars(args))
    tasks = plan.build_plan(args.hours_english, args.minutes_per_language, languages, engines, args.seed,
                            args.warp_fraction, args.codec_fraction, args.minutes_per_festival_voice)
    manifest_path = out / "manifest.jsonl"
    records = manifest.read(manifest_path, out, repair=True)
    done_ids = {r["id"] for r in records}
    todo = _pending(tasks, done_ids)
    n_todo = sum(len(t) for t in todo)
    log.info("%d utterances planned, %d records on disk, %d utterances to synthesise",
             sum(len(t) for t in tasks), len(records), n_todo)
    appender = manifest.Appender(manifest_path)
    failed, start, seconds = [], time.time(), 0.0
    jobs = [(t, out) for t in todo]
    try:
        with multiprocessing.get_context("spawn").Pool(max(1, args.jobs)) as pool, \
                tqdm(total=n_todo, unit="utt", smoothing=0.05, mininterval=2.0) as bar:
            for new, bad in pool.imap_unordered(run_task, jobs):
                appender.add(new)
                records += new
                failed += bad
                seconds += sum(r["duration"] for r in new)
                bar.update(sum(r["augment"] is None for r in new) + len(bad))
                bar.set_postfix(audio_h=f"{seconds / 3600:.2f}", x_realtime=f"{seconds / (time.time() - start):.0f}")
                if bad:
                    log.warning("synthesis failed for %s", ", ".join(bad))
    finally:
        appender.close()
    elapsed = time.time() - start
    log.info("synthesised %.2f h of audio in %.0f s (%.0fx real time); %d failures",
             seconds / 3600, elapsed, seconds / max(elapsed, 1e-9), len(failed))
    _write_babble(records, out, args.seed)
    summary = stats.summary(records)
    summary["failed_utterances"] = len(failed)
    (out / "stats.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    report = stats.format_summary(summary)
    log.info("corpus summary:\n%s", report)
    print(report)
    return summary


def _write_babble(records, out, seed):
    from .augment import BABBLE_FILE

    path = out / BABBLE_FILE
    if path.exists():
        return
    mix = babble.make_babble(records, out, np.random.default_rng(seed))
    if mix is not None:
        audio.write(path, mix)


def main(argv=None):
    return build(parse_args(argv))
