# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lip-sync evaluation: the scores of models/training/README.md ("Measuring lip sync") on held-out synthetic
voices and on real recordings.

    python -m models.training.evaluation.evaluate [--model models/flame_lipsync.onnx | --teacher]
        [--corpus build/corpus] [--speech ../shared/eval/speech] [--out build/eval]
        [--per-voice 40] [--per-other-voice 10]

Prints markdown tables (per set, targets vs measured, per real clip), writes them to <out>/report.md with the
raw figures in <out>/results.json, and draws lip aperture over phoneme bars to <out>/plots/*.png. Exits 0 whatever
the figures are: it is a report. `--teacher` scores the teacher's own curves as the prediction (clips without
phone timings are then skipped): a check that the teacher and the rig can meet the thresholds at all.

Real English has phone timings from forced alignment of its transcript (evaluation.alignment). Its dictionary
has no stress and its AH covers schwa as well as the stressed vowel of "much"; an AH counts as the open vowel only
as the sole vowel of a word outside the closed word classes ("much", "young", not "the", "was", "system",
"amiable"); every other AH is relabelled AX (ARPAbet schwa, as festival and flite write it for the synthetic
corpus), for the measures and for the teacher. Clips in other languages have no alignment: they are scored on rest
in silence (loudness under sync_scores.SILENCE_DBFS for at least 300 ms) and on how the aperture follows the
loudness (Pearson correlation with the RMS envelope).
"""

import argparse
import json
import math
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from inference.audio import SAMPLE_RATE
from inference.flame_topology import template_path
from inference.ply import load_ply
from inference.timing import model_frame_count

from ..teacher.phonemes import phone_class
from . import sync_scores
from .alignment import align

REPO_ROOT = Path(__file__).resolve().parents[3]
FPS = 100

SYNTHETIC = "held-out synthetic"
ENGLISH = "real English"
UNALIGNED = "real, no alignment"
TARGETS = {
    SYNTHETIC: {"closure": 0.95, "open": 0.90, "correlation": 0.9},
    ENGLISH: {"closure": 0.90, "open": 0.85, "rest": 0.95, "correlation": 0.8},
}

# Closed-class English words: their AH is the reduced vowel in running speech.
FUNCTION_WORDS = frozenset(
    "a an and the of from was but what does some must just them us up to than that can for or as at has had have "
    "his her him he she we they you our your their because could would should shall been were does done one".split()
)


def eval_speech_dir() -> Path:
    """The real recordings: $FLAME_LIPSYNC_EVAL, else <repo>/../shared/eval/speech."""
    return Path(os.environ.get("FLAME_LIPSYNC_EVAL") or REPO_ROOT.parent / "shared" / "eval" / "speech")


def default_corpus_dir() -> Path:
    return Path(os.environ.get("FLAME_LIPSYNC_CORPUS") or REPO_ROOT / "build" / "corpus")


@dataclass
class Clip:
    name: str
    group: str      # SYNTHETIC / ENGLISH / UNALIGNED
    subset: str     # the voice (synthetic) or the language (real)
    language: str
    audio: np.ndarray
    inventory: str | None = None
    phones: list | None = None


@dataclass
class Scores:
    """Pooled event outcomes and per-clip figures of one set of clips."""

    clips: int = 0
    events: dict = field(default_factory=lambda: defaultdict(list))
    correlations: list = field(default_factory=list)
    loudness_correlations: list = field(default_factory=list)
    jitter: list = field(default_factory=lambda: [0.0, 0])
    teacher_jitter: list = field(default_factory=lambda: [0.0, 0])

    def add(self, other: "Scores"):
        self.clips += other.clips
        for key, values in other.events.items():
            self.events[key].extend(values)
        self.correlations += other.correlations
        self.loudness_correlations += other.loudness_correlations
        for mine, theirs in ((self.jitter, other.jitter), (self.teacher_jitter, other.teacher_jitter)):
            mine[0] += theirs[0]
            mine[1] += theirs[1]

    def rate(self, key):
        values = self.events.get(key, [])
        return (sum(values) / len(values), sum(values), len(values)) if values else None

    def correlation(self):
        return float(np.mean(self.correlations)) if self.correlations else None

    def loudness_correlation(self):
        return float(np.mean(self.loudness_correlations)) if self.loudness_correlations else None

    def jitter_ratio(self):
        if not self.jitter[1] or not self.teacher_jitter[0]:
            return None
        return math.sqrt((self.jitter[0] / self.jitter[1]) / (self.teacher_jitter[0] / self.teacher_jitter[1]))

    def summary(self):
        return {"clips": self.clips, **{key: self.rate(key) for key in ("closure", "open", "rounding", "rest")},
                "correlation": self.correlation(), "jitter_ratio": self.jitter_ratio(),
                "loudness_correlation": self.loudness_correlation()}


class MouthMeasurer:
    """Lip aperture and mouth width of the reference head driven by weights through a basis."""

    def __init__(self, template):
        from ..flame.distances import lip_aperture, mouth_width

        self.template = np.asarray(template, dtype=np.float32)
        self.rest_aperture = float(lip_aperture(self.template))
        self.rest_width = float(mouth_width(self.template))

    def measure(self, weights, basis, chunk=256):
        from ..flame.distances import lip_aperture_series, mouth_width_series

        apertures, widths = [], []
        flat = np.asarray(basis, dtype=np.float32).reshape(len(basis), -1)
        for first in range(0, len(weights), chunk):
            offsets = np.asarray(weights[first:first + chunk], dtype=np.float32) @ flat
            vertices = self.template[None] + offsets.reshape(-1, *self.template.shape)
            apertures.append(lip_aperture_series(vertices))
            widths.append(mouth_width_series(vertices))
        return np.concatenate(apertures).astype(np.float64), np.concatenate(widths).astype(np.float64)


def relabel_reduced_ah(words) -> list:
    """Aligned phones with AH relabelled AX wherever it is not the stressed vowel (see the module docstring)."""
    phones = []
    for word in words:
        vowels = [label for label, _, _ in word.phones if "vowel" in phone_class(label, "arpabet")]
        stressed_ah = len(vowels) == 1 and word.text not in FUNCTION_WORDS
        phones += [("AX" if label == "AH" and not stressed_ah else label, start, end)
                   for label, start, end in word.phones]
    return phones


def synthetic_clips(corpus: Path, per_voice: int, per_other_voice: int):
    """The first `per_voice` utterances (by id) of each English validation voice of the corpus and the first
    `per_other_voice` of each validation voice in another language."""
    from inference.audio import load_audio

    with open(corpus / "manifest.jsonl", encoding="utf-8") as f:
        entries = [json.loads(line) for line in f if line.strip()]
    by_voice = defaultdict(list)
    for entry in entries:
        if entry["split"] == "val":
            by_voice[entry["voice"]].append(entry)
    for voice in sorted(by_voice):
        entries = sorted(by_voice[voice], key=lambda e: e["id"])
        for entry in entries[:per_voice if entries[0]["language"] == "en" else per_other_voice]:
            yield Clip(entry["id"], SYNTHETIC, voice, entry["language"], load_audio(corpus / entry["audio"]),
                       entry["inventory"], [tuple(p) for p in entry["phones"]])


def real_clips(speech: Path):
    """Every clip of the evaluation recordings: English with aligned phones, the others without."""
    import csv

    from inference.audio import load_audio

    with open(speech / "MANIFEST.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        audio = load_audio(speech / row["file"])
        name = Path(row["file"]).stem
        if row["language"] == "en":
            transcript = (speech / f"{name}.txt").read_text(encoding="utf-8")
            yield Clip(name, ENGLISH, "en", "en", audio, "arpabet", relabel_reduced_ah(align(audio, transcript)))
        else:
            yield Clip(name, UNALIGNED, row["language"], row["language"].split()[0], audio)


class Evaluator:
    def __init__(self, model_path=None):
        from ..rig.basis import build_basis

        template, triangles = load_ply(template_path())
        self.mouth = MouthMeasurer(template)
        self.rig_basis = build_basis(template, triangles)
        self.model = None
        self.label = "teacher curves (self-check)"
        if model_path is not None:
            from inference.model import LipSyncModel

            self.model = LipSyncModel(model_path, provider="cpu")
            self.label = f"model `{Path(model_path).name}` (version {self.model.version}, " \
                         f"recipe {self.model.recipe_commit[:10]})"

    def teacher_weights(self, clip, n_frames):
        from ..teacher.curves import teacher_curves

        envelope = sync_scores.rms_envelope(clip.audio, SAMPLE_RATE, FPS, n_frames)
        return teacher_curves(clip.phones, clip.inventory, fps=FPS, duration=n_frames / FPS, loudness=envelope)

    def score(self, clip):
        """(Scores, series for plotting) of one clip; None when the prediction needs phones the clip lacks."""
        n_frames = model_frame_count(len(clip.audio), SAMPLE_RATE // FPS)
        teacher = None if clip.phones is None else self.teacher_weights(clip, n_frames)
        if self.model is not None:
            predicted, basis = self.model.predict(clip.audio)[:n_frames], self.model.basis
        elif teacher is not None:
            predicted, basis = teacher, self.rig_basis
        else:
            return None
        aperture, width = self.mouth.measure(predicted, basis)
        envelope = sync_scores.rms_envelope(clip.audio, SAMPLE_RATE, FPS, len(aperture))
        scores = Scores(clips=1)
        scores.loudness_correlations.append(sync_scores.pearson(aperture, envelope))
        scores.jitter = _mouth_jitter(aperture, width)
        series = {"aperture": aperture, "envelope": envelope, "narrowing": self.mouth.rest_width - width}
        if clip.phones is None:
            pauses = sync_scores.silences(envelope, FPS)
        else:
            def is_class(name):
                return lambda label: name in phone_class(label, clip.inventory)

            teacher_aperture, teacher_width = ((aperture, width) if predicted is teacher
                                               else self.mouth.measure(teacher, self.rig_basis))
            series["teacher"] = teacher_aperture
            events = scores.events
            events["closure"] = sync_scores.bilabial_closures(clip.phones, aperture, FPS, is_class("bilabial"))
            events["open"] = sync_scores.open_vowel_openings(clip.phones, aperture, FPS, is_class("open"))
            events["rounding"] = sync_scores.roundings(clip.phones, width, self.mouth.rest_width, FPS,
                                                   is_class("rounded"))
            scores.correlations.append(sync_scores.pearson(aperture, teacher_aperture))
            scores.teacher_jitter = _mouth_jitter(teacher_aperture, teacher_width)
            pauses = sync_scores.long_pauses(clip.phones, is_class("pause"))
        scores.events["rest"] = sync_scores.rests(pauses, aperture, width, self.mouth.rest_aperture,
                                              self.mouth.rest_width, FPS)
        series["pauses"] = pauses
        return scores, series


def _mouth_jitter(aperture, width):
    """Pooled squared second differences of aperture and width, and their count."""
    sums = [sync_scores.jitter_sum_of_squares(series) for series in (aperture, width)]
    return [sum(ss for ss, _ in sums), sum(n for _, n in sums)]


def _percent(rate):
    return "n/a" if rate is None else f"{100 * rate[0]:.1f}% ({rate[1]}/{rate[2]})"


def _number(value, digits=3):
    return "n/a" if value is None else f"{value:.{digits}f}"


def summary_table(rows) -> str:
    lines = ["| set | clips | bilabial closure | open vowels | rounding | rest in pauses | r with teacher "
             "| jitter / teacher | r with loudness |", "|---|---|---|---|---|---|---|---|---|"]
    for name, s in rows:
        lines.append(f"| {name} | {s['clips']} | {_percent(s['closure'])} | {_percent(s['open'])} | "
                     f"{_percent(s['rounding'])} | {_percent(s['rest'])} | {_number(s['correlation'])} | "
                     f"{_number(s['jitter_ratio'], 2)} | {_number(s['loudness_correlation'])} |")
    return "\n".join(lines)


def targets_table(summaries) -> str:
    lines = ["| set | measure | target | measured | met |", "|---|---|---|---|---|"]
    for group, targets in TARGETS.items():
        s = summaries.get(group)
        for key, target in targets.items():
            shown_target = f">= {target:.2f}" if key == "correlation" else f">= {100 * target:.0f}%"
            if s is None or s[key] is None:
                lines.append(f"| {group} | {key} | {shown_target} | n/a | n/a |")
                continue
            measured = s[key] if key == "correlation" else s[key][0]
            shown = _number(measured) if key == "correlation" else _percent(s[key])
            lines.append(f"| {group} | {key} | {shown_target} | {shown} | {'yes' if measured >= target else 'NO'} |")
    return "\n".join(lines)


def clips_table(per_clip) -> str:
    lines = ["| clip | language | closure | open vowels | rest | r with teacher | r with loudness |",
             "|---|---|---|---|---|---|---|"]
    for clip, s in per_clip:
        lines.append(f"| {clip.name} | {clip.subset} | {_percent(s['closure'])} | {_percent(s['open'])} | "
                     f"{_percent(s['rest'])} | {_number(s['correlation'])} | {_number(s['loudness_correlation'])} |")
    return "\n".join(lines)


_ENGLISH_OR_OTHER = ("other languages", "English")


def evaluate(clips, evaluator, out: Path, plots_per_subset=1):
    """Score every clip, write plots, report.md and results.json under `out`; return the report's text."""
    from .plots import plot_clip

    out.mkdir(parents=True, exist_ok=True)
    by_group = defaultdict(Scores)
    by_subset = defaultdict(Scores)
    per_real_clip = []
    plotted = defaultdict(int)
    from tqdm import tqdm

    for clip in tqdm(clips, desc="evaluating", unit="clip", file=sys.stderr):
        result = evaluator.score(clip)
        if result is None:
            continue
        scores, series = result
        by_group[clip.group].add(scores)
        by_subset[(clip.group, clip.subset)].add(scores)
        if clip.group == SYNTHETIC:
            by_subset[(clip.group, _ENGLISH_OR_OTHER[clip.language == "en"])].add(scores)
        if clip.group != SYNTHETIC:
            per_real_clip.append((clip, scores.summary()))
        if clip.group != SYNTHETIC or plotted[clip.subset] < plots_per_subset:
            plotted[clip.subset] += 1
            plot_clip(out / "plots" / f"{clip.group.replace(' ', '_').replace(',', '')}__{clip.name}.png",
                      clip, series, FPS)
    summaries = {group: scores.summary() for group, scores in by_group.items()}
    rows = []
    for group in (SYNTHETIC, ENGLISH, UNALIGNED):
        if group == SYNTHETIC:
            voices = sorted(s for g, s in by_subset if g == group and s not in _ENGLISH_OR_OTHER)
            rows += [(f"{group}: {voice}", by_subset[(group, voice)].summary()) for voice in voices]
            rows += [(f"*{group}, {kind}*", by_subset[(group, kind)].summary())
                     for kind in reversed(_ENGLISH_OR_OTHER) if (group, kind) in by_subset]
        if group in summaries:
            rows.append((f"**{group}, all**", summaries[group]))
    sections = [f"## Lip-sync evaluation: {evaluator.label}", summary_table(rows), "### Targets",
                targets_table(summaries)]
    if per_real_clip:
        sections += ["### Real recordings, per clip", clips_table(per_real_clip)]
    report = "\n\n".join(sections) + "\n"
    (out / "report.md").write_text(report, encoding="utf-8")
    (out / "results.json").write_text(json.dumps({"summaries": summaries, "subsets": {
        f"{g}: {s}": v.summary() for (g, s), v in by_subset.items()}}, indent=1), encoding="utf-8")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--model", type=Path, help="ONNX model (default: $FLAME_LIPSYNC_MODEL or the shipped one)")
    source.add_argument("--teacher", action="store_true", help="score the teacher's curves as the prediction")
    parser.add_argument("--corpus", type=Path, default=default_corpus_dir())
    parser.add_argument("--speech", type=Path, default=eval_speech_dir())
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "eval")
    parser.add_argument("--per-voice", type=int, default=40, help="utterances per held-out English voice")
    parser.add_argument("--per-other-voice", type=int, default=10,
                        help="utterances per held-out voice in another language")
    parser.add_argument("--plots-per-voice", type=int, default=1)
    args = parser.parse_args(argv)

    if args.teacher:
        evaluator = Evaluator(None)
    else:
        from inference.errors import LipSyncError
        from inference.model import default_model_path

        try:
            evaluator = Evaluator(args.model or default_model_path())
        except LipSyncError as e:
            print(e, file=sys.stderr)
            return 1

    def clips():
        if (args.corpus / "manifest.jsonl").is_file():
            yield from synthetic_clips(args.corpus, args.per_voice, args.per_other_voice)
        else:
            print(f"No corpus manifest in {args.corpus}: held-out synthetic voices skipped.", file=sys.stderr)
        if (args.speech / "MANIFEST.tsv").is_file():
            yield from real_clips(args.speech)
        else:
            print(f"No MANIFEST.tsv in {args.speech}: real recordings skipped.", file=sys.stderr)

    print(evaluate(clips(), evaluator, args.out, args.plots_per_voice))
    print(f"Report, figures and plots in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
