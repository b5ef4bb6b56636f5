# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Measure the face layers on real speech: the English clips of ../shared/eval/speech and the TIMIT sample, joined.

python scripts/face_statistics.py [--eval ../shared/eval] [--seeds 5] [--closures]

Prints blink rate, durations and phases, blinks at pauses against chance, gaze, brow raises at F0 rises against
elsewhere, head motion in speech and pauses, and the largest frame-to-frame step; with --closures also the share of
TIMIT's /p b m/ closures (lips within 1 mm on the mean head) under each emotion and speaking style. Evaluation only:
the layers' parameters come from the literature, not from these clips.
"""

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inference.audio import load_audio  # noqa: E402
from inference.face import statistics  # noqa: E402
from inference.face.emotion import EMOTIONS  # noqa: E402
from inference.face.layers import face_layers  # noqa: E402
from inference.model import LipSyncModel  # noqa: E402
from inference.pipeline import mouth_motion  # noqa: E402
from inference.timing import frame_count  # noqa: E402

FPS = 100
TIMIT_CLOSURES = ("m", "em", "bcl", "pcl")
TIMIT_PAUSES = ("h#", "pau", "epi")


def english_clips(eval_dir):
    with open(eval_dir / "speech" / "MANIFEST.tsv") as f:
        speech = [eval_dir / "speech" / row["file"] for row in csv.DictReader(f, delimiter="\t")
                  if row["language"] == "en"]
    return speech + sorted((eval_dir / "timit").glob("*.wav"))


def timit_phones(wav):
    with open(wav.with_suffix(".phn")) as f:
        return [(label, int(start) / 16000, int(end) / 16000) for start, end, label in (line.split() for line in f)]


def spread(values, unit=""):
    values = np.asarray(values, dtype=np.float64)
    return (f"median {np.median(values):.3g}{unit}, 5-95% {np.percentile(values, 5):.3g}-"
            f"{np.percentile(values, 95):.3g}{unit}, range {values.min():.3g}-{values.max():.3g}{unit}")


def report(faces):
    blinks = [statistics.blink_statistics(face, FPS) for face in faces]
    gazes = [statistics.gaze_statistics(face, FPS) for face in faces]
    brows = [statistics.brow_statistics(face, FPS) for face in faces]
    heads = [statistics.head_statistics(face, FPS) for face in faces]
    mean = lambda stats, key: np.mean([s[key] for s in stats])  # noqa: E731
    joined = lambda stats, key: np.concatenate([s[key] for s in stats])  # noqa: E731
    seeds = ", ".join(f"{s['per_minute']:.1f}" for s in blinks)
    print(f"blinks per minute: {mean(blinks, 'per_minute'):.1f} (seeds: {seeds}; people talking: about 26, at rest 17)")
    print(f"blink duration: {spread(joined(blinks, 'durations_s'), ' s')} (people: 0.1-0.4 s, none over 0.5 s)")
    closing, opening = joined(blinks, "closing_s"), joined(blinks, "opening_s")
    print(f"closing {np.mean(closing) * 1000:.0f} ms vs opening {np.mean(opening) * 1000:.0f} ms on average; "
          f"closing shorter in {np.mean(closing < opening):.0%} of blinks; peak weight always 1: "
          f"{bool(np.all(joined(blinks, 'peak_weights') == 1.0))}; eyes apart at most {mean(blinks, 'eyes_apart'):.3g}")
    print(f"blinks peaking at a pause (inside or within {statistics.NEAR_PAUSE_S} s): "
          f"{mean(blinks, 'near_pause_share'):.0%} against {mean(blinks, 'near_pause_chance'):.0%} of the time")
    print(f"gaze: largest difference between the eyes {max(s['binocular_difference_deg'] for s in gazes):.2g} deg; "
          f"fixations {spread(joined(gazes, 'fixation_s'), ' s')}; "
          f"saccades {spread(joined(gazes, 'saccade_deg'), ' deg')}")
    accents_per_minute = mean(brows, 'accents') / len(faces[0].weights) * FPS * 60
    print(f"brow raises: {mean(brows, 'per_minute'):.1f} a minute, {accents_per_minute:.1f} "
          f"pitch accents a minute; raises starting within {statistics.COINCIDE_S} s of an F0 rise: "
          f"{mean(brows, 'raises_at_f0_rises'):.0%} (Cave et al. 1996: 71%)")
    print(f"chance of a raise in the {statistics.AFTER_ACCENT_S + statistics.COINCIDE_S} s round a pitch accent: "
          f"{mean(brows, 'raise_after_accent'):.0%}, in a window as long elsewhere in speech: "
          f"{mean(brows, 'raise_in_same_window_elsewhere'):.0%}")
    axes = np.mean([s["rms_deg_per_axis"] for s in heads], axis=0)
    print(f"head RMS angle while speaking: {mean(heads, 'rms_deg_speaking'):.2f} deg (pitch {axes[0]:.2f}, "
          f"yaw {axes[1]:.2f}, roll {axes[2]:.2f})")
    print(f"head speed: {mean(heads, 'speed_deg_s_speech'):.2f} deg/s in speech, "
          f"{mean(heads, 'speed_deg_s_pause'):.2f} deg/s in pauses")
    print(f"largest frame-to-frame step: {max(s['largest_step_deg'] for s in heads):.3f} deg at {FPS} fps "
          f"({max(s['largest_speed_deg_s'] for s in heads):.1f} deg/s; at 24 fps at most "
          f"{max(s['largest_speed_deg_s'] for s in heads) / 24:.2f} deg a frame)")


def closures(model, clips, eval_dir):
    """Share of TIMIT's bilabial closures where the lips meet on the mean head, per emotion and style."""
    from inference.ply import load_ply
    from models.training.evaluation.sync_scores import bilabial_closures
    from models.training.flame.distances import lip_aperture_series

    template = load_ply(eval_dir.parent / "flame" / "template.ply")[0]
    basis = model.basis.reshape(len(model.control_names), -1)
    timit = [(audio, wav) for audio, wav in clips if wav.parent.name == "timit"]
    prepared = []
    for audio, wav in timit:
        count = frame_count(len(audio) / 16000, FPS)
        prepared.append((audio, *mouth_motion(model, audio, FPS, count), timit_phones(wav)))

    def share(**options):
        met = []
        for audio, weights, closure, phones in prepared:
            face = face_layers(audio, FPS, weights, model.control_names, layers={"lips"}, closure=closure, **options)
            offsets = (face.weights[:, :len(basis)] @ basis).reshape(len(weights), -1, 3)
            gaps = lip_aperture_series(template[None] + offsets)
            met += bilabial_closures(phones, gaps, FPS, lambda label: label in TIMIT_CLOSURES)
        return np.mean(met), len(met)

    neutral, count = share()
    print(f"bilabial closures met on the mean head, {count} TIMIT closures (m em bcl pcl), neutral: {neutral:.1%}")
    for emotion in EMOTIONS:
        row = [f"{share(emotion=emotion, strength=1.0, jaw=jaw, lips=lips)[0]:.1%}"
               for jaw, lips in ((1, 1), (2, 2), (0, 0), (2, 0), (0, 2))]
        print(f"  {emotion:9s} at strength 1, (jaw, lips) = (1,1) (2,2) (0,0) (2,0) (0,2): {' '.join(row)}")


def pause_agreement(clips, faces):
    """Frames where our speech/pause segmentation agrees with TIMIT's hand labels."""
    agree, total, offset = 0, 0, 0
    speech = faces[0].prosody.speech
    for audio, wav in clips:
        frames = len(audio) // 160
        if wav.parent.name == "timit":
            labelled = np.zeros(frames, dtype=bool)
            for label, start, end in timit_phones(wav):
                if label not in TIMIT_PAUSES:
                    labelled[int(start * 100):int(end * 100) + 1] = True
            agree += (speech[offset:offset + frames] == labelled).sum()
            total += frames
        offset += frames
    print(f"speech/pause segmentation agrees with TIMIT's labels on {agree / total:.1%} of frames")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--closures", action="store_true", help="also bilabial closures per emotion and style")
    args = parser.parse_args(argv)
    clips = []
    for wav in english_clips(args.eval):
        audio = load_audio(wav)
        clips.append((audio[:len(audio) // 160 * 160], wav))  # whole analysis frames, so clips stay aligned
    audio = np.concatenate([a for a, _ in clips])
    model = LipSyncModel(provider="cpu")
    weights, closure = mouth_motion(model, audio, FPS, frame_count(len(audio) / 16000, FPS))
    began = time.process_time()
    faces = [face_layers(audio, FPS, weights, model.control_names, seed=seed, closure=closure)
             for seed in range(args.seeds)]
    per_run = (time.process_time() - began) / args.seeds
    print(f"{len(clips)} English clips joined: {len(audio) / 16000 / 60:.2f} min; {args.seeds} seeds; face layers "
          f"{per_run / (len(audio) / 16000) * 1000:.2f} ms of CPU per second of audio")
    report(faces)
    pause_agreement(clips, faces)
    if args.closures:
        closures(model, clips, args.eval)


if __name__ == "__main__":
    main()
