# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The lip-sync targets of issue 8 scored on hand-labelled TIMIT utterances (../shared/eval/timit), through the
runtime's own path: `python -m inference` weights at 60 fps, on the mean head and on any other FLAME heads.

    python -m models.training.evaluation.timit [--model models/flame_lipsync.onnx] [--timit ../shared/eval/timit]
        [--head HEAD.ply ...] [--out build/eval/timit] [--plots 4] [--rooms]

Every head is scored twice: "model only" (the model's weights carried onto the head, as `python -m inference`
writes them) and "sealed" (the same weights after the head's own closure step, inference.lip_contact.LipSeal.apply,
driven by the model's closure decision). Each is measured with two lip apertures: the midline gap of
inference.lip_contact (clipped at 0: a gap under zero is the lips pressing, which does not show) and the older
flame/distances.py aperture. Prints a summary table, a per-speaker table and the shut non-labials by consonant
(mean head), writes them to <out>/report.md with the raw figures in <out>/results.json, and plots the utterances
with the most missed bilabial closures to <out>/plots/*.png. Exits 0 whatever the figures are: it is a report.
Evaluation only: nothing may be tuned against these files.

With --rooms every utterance is first put in a reverberant room with pink noise (evaluation/rooms.py: RT60
0.3-0.8 s, direct-to-reverberant -5 to +5 dB, 10-20 dB SNR), to compare with the clean scores.
"""

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from inference.audio import load_audio
from inference.errors import LipSyncError
from inference.flame_topology import check_flame_topology, template_path
from inference.head_frame import transfer_offsets
from inference.lip_contact import LipSeal
from inference.pipeline import mouth_motion
from inference.ply import load_ply
from inference.timing import frame_count

from ..teacher.phonemes import phone_class
from . import sync_scores
from .rooms import Rooms

REPO_ROOT = Path(__file__).resolve().parents[3]
FPS = 60
PARTED_M = 0.002          # a vowel parts the lips: over 2 mm at its centre
MIN_VOWEL_S = 0.06        # vowels shorter than this need not part the lips
SILENCE_S = 5.0
SPEED_PERCENTILE = 99.9
INVENTORY = "arpabet"     # TIMIT's phone set is ARPAbet with closures split off (teacher.phonemes reads both)

OPEN_VOWELS = frozenset("aa ae ah ao aw ay".split())
BILABIAL_CLOSURES = frozenset("pcl bcl m em".split())
BILABIAL_RELEASES = frozenset("p b".split())
STOP_CLOSURES = frozenset("pcl bcl tcl dcl kcl gcl".split())
STOP_RELEASES = frozenset("p b t d k g ch jh".split())
# TIMIT's own symbols for consonants of the list above: flap, nasal flap, syllabic n l ng, voiced h.
TIMIT_ALIASES = {"dx": "d", "nx": "n", "en": "n", "el": "l", "eng": "ng", "hv": "hh"}

MODES = ("model only", "sealed")
MEASURES = ("lip gap", "distances.py")
EVENTS = ("closure", "open", "parted", "rest", "shut")
TARGETS = {"closure": ">= 97%", "worst speaker": ">= 90%", "open": ">= 90%", "parted": ">= 95%",
           "rest": ">= 95%", "shut": "<= 5%", "speed": "<= 5 mm", "silence": "< 0.1 mm"}


def timit_dir() -> Path:
    return REPO_ROOT.parent / "shared" / "eval" / "timit"


def read_phones(path: Path, sample_rate: int) -> list:
    """A TIMIT .phn file (start_sample end_sample phone a line) -> [(phone, start_s, end_s)]."""
    phones = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        words = line.split()
        if len(words) != 3 or not (words[0].isdigit() and words[1].isdigit()):
            raise LipSyncError(f"{path.name} line {number}: expected 'start_sample end_sample phone'")
        phones.append((words[2], int(words[0]) / sample_rate, int(words[1]) / sample_rate))
    return phones


def bilabial_windows(phones) -> list:
    """(start, end) in which the lips must meet, one per /p b m/: each pcl, bcl, m and em; and each p or b released
    without a bilabial closure before it, from the start of the closure labelled before it (TIMIT writes "dcl p"
    where one closure serves both stops) or, with none, over the release itself."""
    windows = []
    for i, (label, start, end) in enumerate(phones):
        previous = phones[i - 1][0] if i else ""
        if label in BILABIAL_CLOSURES:
            windows.append((start, end))
        elif label in BILABIAL_RELEASES and previous not in BILABIAL_CLOSURES:
            windows.append((phones[i - 1][1] if previous in STOP_CLOSURES else start, end))
    return windows


def consonants(phones) -> list:
    """Phones with each stop closure joined to the release after it ("tcl t" -> t, "tcl ch" -> ch), closures
    without a release named by their stop, and TIMIT's own symbols mapped to the plain ones."""
    joined = []
    for label, start, end in phones:
        label = TIMIT_ALIASES.get(label, label)
        if joined and joined[-1][0] in STOP_CLOSURES and label in STOP_RELEASES:
            joined[-1] = (label, joined[-1][1], end)
        else:
            joined.append((label, start, end))
    return [(label[0] if label in STOP_CLOSURES else label, start, end) for label, start, end in joined]


def non_labial_consonants(phones) -> list:
    """The consonants no lip touches (sync_scores.NON_LABIAL_PHONES) with no labial right before or after them."""
    joined = consonants(phones)
    labels = [""] + [label for label, _, _ in joined] + [""]
    return [phone for i, phone in enumerate(joined)
            if phone[0] in sync_scores.NON_LABIAL_PHONES and labels[i] not in sync_scores.LABIAL_PHONES
            and labels[i + 2] not in sync_scores.LABIAL_PHONES]


def _is(name):
    return lambda label: name in phone_class(label, INVENTORY)


def utterance_events(phones, aperture, width, rest_aperture, rest_width, fps=FPS) -> dict:
    """Event outcomes of one utterance (lists of bools, pooled later) for one aperture series [T] (metres)."""
    long_vowels = [p for p in phones if p[2] - p[1] >= MIN_VOWEL_S - 1e-9]
    pauses = sync_scores.long_pauses(phones, _is("pause"))
    return {
        "closure": sync_scores.bilabial_closures([("", s, e) for s, e in bilabial_windows(phones)], aperture, fps,
                                                 lambda label: True),
        "open": sync_scores.open_vowel_openings(phones, aperture, fps, OPEN_VOWELS.__contains__),
        "parted": [bool(v > PARTED_M) for v in sync_scores.centre_values(long_vowels, aperture, fps, _is("vowel"))],
        "rest": sync_scores.rests(pauses, aperture, width, rest_aperture, rest_width, fps),
        "shut": [bool(v < sync_scores.CLOSED_M)
                 for v in sync_scores.centre_values(non_labial_consonants(phones), aperture, fps, lambda _: True)],
    }


@dataclass
class Utterance:
    name: str
    speaker: str
    phones: list
    weights: np.ndarray   # [T, K] at FPS, as python -m inference writes them
    closure: np.ndarray   # [T] the model's closure decision at FPS


def predict(model, audio):
    """(weights, closure) at FPS for audio at the model's rate, as `python -m inference --fps 60` makes them."""
    return mouth_motion(model, audio, FPS, frame_count(len(audio) / model.sample_rate, FPS))


def read_utterances(folder: Path, model, rooms=None):
    """The utterances of `folder` with the model's weights; `rooms`: a rooms.Rooms that degrades each first."""
    for index, phn in enumerate(sorted(folder.glob("*.phn"))):
        wav = phn.with_suffix(".wav")
        if not wav.is_file():
            raise LipSyncError(f"{phn.name} has no {wav.name} beside it")
        audio = load_audio(wav, 0.0, None, model.sample_rate)
        if rooms is not None:
            audio = rooms.degrade(audio, index)
        weights, closure = predict(model, audio)
        yield Utterance(phn.stem, phn.stem.split("_")[0], read_phones(phn, model.sample_rate), weights, closure)


class Head:
    """One FLAME head with the model's shapes carried onto it, its lip seal and both aperture measures."""

    def __init__(self, path: Path, model):
        from .evaluate import MouthMeasurer

        vertices, triangles = load_ply(path)
        check_flame_topology(len(vertices), triangles)
        self.name = path.stem
        self.shapes = transfer_offsets(model.basis, model.reference_frame, vertices)
        self.seal = LipSeal.for_head(vertices, self.shapes, model.control_names)
        self.mouth = MouthMeasurer(vertices)
        self.rest_apertures = {"lip gap": max(self.seal.rest_gap, 0.0), "distances.py": self.mouth.rest_aperture}

    def weights(self, mode, utterance_weights, closure):
        return utterance_weights if mode == "model only" else self.seal.apply(utterance_weights, closure, FPS)

    def apertures(self, weights):
        """({measure: aperture [T]}, mouth width [T]), metres."""
        old, width = self.mouth.measure(weights, self.shapes)
        return {"lip gap": np.maximum(self.seal.gap(weights), 0.0), "distances.py": old}, width

    def largest_displacement(self, weights, chunk=256):
        """Largest distance of any vertex from its rest position over the frames of `weights` [T, K]."""
        flat = self.shapes.reshape(len(self.shapes), -1)
        return max(float(np.linalg.norm((weights[first:first + chunk] @ flat).reshape(-1, 3), axis=1).max())
                   for first in range(0, len(weights), chunk))


class Tally:
    """Pooled outcomes per speaker and the frame-to-frame aperture changes of one (head, mode, measure)."""

    def __init__(self):
        self.events = defaultdict(lambda: defaultdict(list))   # speaker -> event -> [bool]
        self.steps = []

    def add(self, speaker, events, aperture):
        for key, values in events.items():
            self.events[speaker][key] += values
        self.steps.append(np.abs(np.diff(aperture)))

    def rate(self, key, speaker=None):
        values = self.events[speaker][key] if speaker else [v for s in self.events for v in self.events[s][key]]
        return (sum(values) / len(values), sum(values), len(values)) if values else None

    def worst_speaker(self):
        rates = [(self.rate("closure", s), s) for s in sorted(self.events) if self.rate("closure", s)]
        return min(rates, key=lambda item: item[0][0]) if rates else (None, None)

    def speed(self):
        """The SPEED_PERCENTILE of the aperture change between frames, metres."""
        return float(np.percentile(np.concatenate(self.steps), SPEED_PERCENTILE))

    def summary(self):
        rate, speaker = self.worst_speaker()
        return {**{key: self.rate(key) for key in EVENTS}, "worst speaker": [speaker, rate], "speed": self.speed(),
                "speakers": {s: {key: self.rate(key, s) for key in EVENTS} for s in sorted(self.events)}}


def score(utterances, heads, model, out: Path, plots=4, condition="clean"):
    """Score every utterance on every head in both modes and measures; write report.md, results.json and the miss
    plots under `out`; return the report's text."""
    from tqdm import tqdm

    tallies = defaultdict(Tally)   # (head, mode, measure) -> Tally
    misses = []                    # (missed closures sealed, missed model only, utterance, series) on the mean head
    shut_by_phone = defaultdict(lambda: defaultdict(list))   # mode -> consonant -> [shut], mean head, lip gap
    for utterance in tqdm(list(utterances), desc="scoring", unit="utterance", file=sys.stderr):
        for h, head in enumerate(heads):
            series = {}
            for mode in MODES:
                weights = head.weights(mode, utterance.weights, utterance.closure)
                apertures, width = head.apertures(weights)
                for measure, aperture in apertures.items():
                    events = utterance_events(utterance.phones, aperture, width, head.rest_apertures[measure],
                                              head.mouth.rest_width)
                    tallies[(head.name, mode, measure)].add(utterance.speaker, events, aperture)
                    series[(mode, measure)] = (aperture, events["closure"])
                    if h == 0 and measure == MEASURES[0]:
                        for (label, _, _), shut in zip(non_labial_consonants(utterance.phones), events["shut"]):
                            shut_by_phone[mode][label].append(shut)
            if h == 0:
                missed = [series[(mode, "lip gap")][1].count(False) for mode in reversed(MODES)]
                misses.append((*missed, utterance, series))
    silence = silence_displacements(heads, model)
    summaries = {key: tally.summary() for key, tally in tallies.items()}
    report = "\n\n".join([
        f"## TIMIT lip-sync scores: model `{model.path.name}` (version {model.version}, recipe "
        f"{model.recipe_commit[:10]}), {FPS} fps, {len(misses)} utterances, {condition}",
        summary_table(heads, summaries, silence),
        f"### Per speaker, {heads[0].name}", speaker_table(heads[0].name, summaries),
        f"### Shut at non-labials by consonant, {heads[0].name}, lip gap", phone_table(shut_by_phone)]) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(report, encoding="utf-8")
    results = {" | ".join(key): value for key, value in summaries.items()}
    (out / "results.json").write_text(json.dumps({"scores": results, "silence": {
        " | ".join(key): value for key, value in silence.items()}, "shut by consonant": {
        mode: {label: [sum(shut), len(shut)] for label, shut in phones.items()}
        for mode, phones in shut_by_phone.items()}}, indent=1), encoding="utf-8")
    misses.sort(key=lambda item: (-item[0], -item[1], item[2].name))
    for _, _, utterance, series in misses[:plots]:
        plot_utterance(out / "plots" / f"{utterance.name}.png", utterance, series, heads[0].name)
    return report


def silence_displacements(heads, model) -> dict:
    """(head, mode) -> largest vertex displacement (metres) over SILENCE_S of digital silence."""
    weights, closure = predict(model, np.zeros(int(SILENCE_S * model.sample_rate), np.float32))
    return {(head.name, mode): head.largest_displacement(head.weights(mode, weights, closure))
            for head in heads for mode in MODES}


def _percent(rate):
    return "n/a" if rate is None else f"{100 * rate[0]:.1f}% ({rate[1]}/{rate[2]})"


def summary_table(heads, summaries, silence) -> str:
    lines = ["| head | mode | aperture | bilabials closed | worst speaker | open vowels | vowels parted | "
             "rest in pauses | shut at non-labials | lip speed p99.9 | silence |", "|---" * 11 + "|",
             "| *target* | | | " + " | ".join(TARGETS.values()) + " |"]
    for head in heads:
        for mode in MODES:
            for measure in MEASURES:
                s = summaries[(head.name, mode, measure)]
                speaker, rate = s["worst speaker"]
                lines.append(f"| {head.name} | {mode} | {measure} | {_percent(s['closure'])} | "
                             f"{speaker}: {_percent(rate)} | {_percent(s['open'])} | {_percent(s['parted'])} | "
                             f"{_percent(s['rest'])} | {_percent(s['shut'])} | {1000 * s['speed']:.2f} mm | "
                             f"{1000 * silence[(head.name, mode)]:.3f} mm |")
    return "\n".join(lines)


def speaker_table(head_name, summaries) -> str:
    lines = ["| speaker | mode | closed (lip gap) | closed (distances.py) | open vowels | vowels parted | "
             "rest in pauses | shut at non-labials |", "|---" * 8 + "|"]
    for speaker in summaries[(head_name, MODES[0], MEASURES[0])]["speakers"]:
        for mode in MODES:
            gap, old = (summaries[(head_name, mode, measure)]["speakers"][speaker] for measure in MEASURES)
            lines.append(f"| {speaker} | {mode} | {_percent(gap['closure'])} | {_percent(old['closure'])} | " +
                         " | ".join(_percent(gap[key]) for key in ("open", "parted", "rest", "shut")) + " |")
    return "\n".join(lines)


def phone_table(shut_by_phone) -> str:
    """Per consonant, most frequent first: how often the lips are shut at its centre in each mode."""
    counts = shut_by_phone[MODES[0]]
    lines = ["| consonant | " + " | ".join(MODES) + " |", "|---" * (1 + len(MODES)) + "|"]
    for label in sorted(counts, key=lambda label: (-len(counts[label]), label)):
        lines.append(f"| {label} | " + " | ".join(
            _percent((np.mean(shut_by_phone[mode][label]), sum(shut_by_phone[mode][label]),
                      len(shut_by_phone[mode][label]))) for mode in MODES) + " |")
    return "\n".join(lines)


def plot_utterance(path: Path, utterance, series, head_name):
    """Aperture (mm) by both measures and modes over the hand-labelled phones; missed bilabial windows shaded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .plots import draw_phones, finish, threshold_lines

    figure, axes = plt.subplots(figsize=(min(4 + len(utterance.weights) / 40, 14), 3.4), dpi=90)
    times = np.arange(len(utterance.weights)) / FPS
    sealed_closures = series[("sealed", "lip gap")][1]
    for (start, end), closed in zip(bilabial_windows(utterance.phones), sealed_closures):
        if not closed:
            axes.axvspan(start, end, color="#f7c6c6", zorder=0)
    threshold_lines(axes)
    styles = {("model only", "lip gap"): ("#1f77b4", "-"), ("sealed", "lip gap"): ("#d62728", "-"),
              ("model only", "distances.py"): ("#1f77b4", "--"), ("sealed", "distances.py"): ("#d62728", "--")}
    top = sync_scores.OPEN_M * 1000 * 1.6
    for key, (colour, style) in styles.items():
        aperture = series[key][0] * 1000
        top = max(top, float(np.max(aperture)))
        axes.plot(times, aperture, color=colour, ls=style, lw=1.2, label=f"{key[0]}, {key[1]}")
    draw_phones(axes, utterance.phones, INVENTORY, top)
    finish(figure, axes, path, times[-1],
           f"{utterance.name} on {head_name}: lip aperture; missed /p b m/ shaded (sealed, lip gap)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="ONNX model (default: $FLAME_LIPSYNC_MODEL or the shipped one)")
    parser.add_argument("--timit", type=Path, default=timit_dir(), help="folder of NAME.wav with NAME.phn")
    parser.add_argument("--head", type=Path, action="append", default=[],
                        help="another FLAME head (PLY) to score besides the mean head; repeatable")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "eval" / "timit")
    parser.add_argument("--plots", type=int, default=4, help="utterances to plot, most missed closures first")
    parser.add_argument("--rooms", action="store_true", help="score the utterances in reverberant, noisy rooms")
    args = parser.parse_args(argv)
    from inference.model import LipSyncModel

    if not any(args.timit.glob("*.phn")):
        print(f"error: no .phn files in {args.timit}", file=sys.stderr)
        return 1
    try:
        model = LipSyncModel(args.model, provider="cpu")
        heads = [Head(path, model) for path in [template_path(), *args.head]]
        rooms = Rooms() if args.rooms else None
        utterances = list(read_utterances(args.timit, model, rooms))
    except (LipSyncError, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(score(utterances, heads, model, args.out, args.plots, rooms.describe() if rooms else "clean"))
    print(f"Report, figures and plots in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
