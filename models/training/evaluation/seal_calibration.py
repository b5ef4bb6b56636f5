# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Calibrate the closure decision's strength mapping (inference.lip_contact FAINT/FIRM) on a synthetic validation
voice, so that every head closes its lips on as many /p b m/ as the mean head does.

    python -m models.training.evaluation.seal_calibration [--sentences 40] [--faint 0.02 0.05 0.1 0.2] [--voice rms]

flite's rms voice is held out of training; the sentences are fortunes with three or more p, b or m letters. Each
candidate FAINT (FIRM = FAINT + 0.4) is scored on the mean head, the real heads of ../shared/eval/heads (their
geometry only: no evaluation speech is used) and three variants whose lips rest apart: bilabials closed (midline gap
under 1 mm within the phone +-1 frame at 60 fps), non-labial consonants shut at their centre, and how many of those
the closure decision shut (at or over FAINT there: the gate firing, not a jaw left nearly closed). Prints a table,
with the default teacher's own figures (no --parted-lips, 2.0.x's recipe) on the mean head.

--voice scores another flite voice the same way. The training voices (awb, kal, kal16, slt) calibrate nothing: they
show how the model does on speakers it has heard, against the held-out one.
"""

import argparse

import numpy as np

from inference import lip_contact
from inference.head_frame import transfer_offsets
from inference.model import LipSyncModel
from inference.pipeline import mouth_motion
from inference.timing import frame_count, weights_at_fps

from ..corpus import flite, texts
from ..corpus.voices import VAL_FLITE_VOICE
from ..model.dataset import frame_loudness
from ..model.log_mel import FRAME_RATE
from ..teacher.curves import teacher_curves
from ..teacher.phonemes import phone_class
from . import sync_scores
from .heads import heads

FPS = 60
SPREAD = 0.4  # FIRM - FAINT


def validation_speech(count, seed=7, voice=VAL_FLITE_VOICE):
    """[(audio, phones)] of `count` sentences in a flite voice (held out: rms)."""
    sentences = [s for s in texts.fortune_sentences(texts.fortune_files(), True, 6, 16)
                 if sum(s.lower().count(c) for c in "pbm") >= 3]
    np.random.default_rng(seed).shuffle(sentences)
    return [flite.synth(sentence, voice) for sentence in sentences[:count]]


def model_clips(model, speech):
    """[(weights, closure, phones)] at FPS: the model's, for each (audio, phones) of `speech`."""
    return [(*mouth_motion(model, audio, FPS, frame_count(len(audio) / model.sample_rate, FPS)), phones)
            for audio, phones in speech]


def teacher_clips(speech, sample_rate):
    """[(weights, closure, phones)] at FPS: the default teacher's curves (no --parted-lips), with no closure
    decision (they close the lips themselves)."""
    clips = []
    for audio, phones in speech:
        duration = len(audio) / sample_rate
        curves = teacher_curves(phones, "arpabet", fps=FRAME_RATE, duration=duration,
                                loudness=frame_loudness(audio, int(round(duration * FRAME_RATE))))
        n_frames = frame_count(duration, FPS)
        clips.append((weights_at_fps(curves, FRAME_RATE, FPS, n_frames), np.zeros(n_frames), phones))
    return clips


def non_labial_centres(phones):
    """Phones (label, start, end) of non-labial consonants with no labial next to them."""
    labels = [""] + [p[0] for p in phones] + [""]
    return [p for i, p in enumerate(phones) if p[0] in sync_scores.NON_LABIAL_PHONES
            and not {labels[i], labels[i + 2]} & sync_scores.LABIAL_PHONES]


def scores(seal, clips):
    """(bilabials closed, non-labials shut, share of the shut ones where the closure decision reaches the head's
    FAINT) as fractions, with the head's gap in metres of an adult head. The share tells the gate firing on a
    consonant from a jaw left nearly closed."""
    closed, shut, decided = [], [], []
    for weights, closure, phones in clips:
        consonants = non_labial_centres(phones)
        gap = seal.gap(seal.apply(weights, closure, FPS)) / seal.units
        closed += sync_scores.bilabial_closures(phones, gap, FPS, lambda p: "bilabial" in phone_class(p, "arpabet"))
        shut += list(sync_scores.centre_values(consonants, gap, FPS, lambda p: True) < sync_scores.CLOSED_M)
        decided += list(sync_scores.centre_values(consonants, closure, FPS, lambda p: True) >= seal.faint)
    shut, decided = np.array(shut), np.array(decided)
    return float(np.mean(closed)), float(np.mean(shut)), float(np.mean(decided[shut])) if shut.any() else 0.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--faint", type=float, nargs="+", default=[0.02, 0.05, 0.1, 0.2])
    parser.add_argument("--voice", default=VAL_FLITE_VOICE, choices=flite.VOICES)
    args = parser.parse_args(argv)
    model = LipSyncModel(provider="cpu")
    speech = validation_speech(args.sentences, voice=args.voice)
    clips, teacher = model_clips(model, speech), teacher_clips(speech, model.sample_rate)
    print(f"{len(clips)} sentences of flite {args.voice}; bilabials closed / non-labials shut (of them the gate's), "
          "per head")
    for name, (vertices, _) in heads(("lips 1.5 mm apart", "lips 3 mm apart", "longer jaw")).items():
        shapes = transfer_offsets(model.basis, model.reference_frame, vertices)
        seal = lip_contact.LipSeal.for_head(vertices, shapes, model.control_names)
        row = []
        for faint in args.faint:
            seal.faint, seal.firm = faint, faint + SPREAD
            closed, shut, decided = scores(seal, clips)
            row.append(f"FAINT {faint:.2f}: {100 * closed:5.1f}% / {100 * shut:4.1f}% (gate {100 * decided:3.0f}%)")
        print(f"{name[:22]:22s} " + "  ".join(row))
        if name == "mean head":
            closed, shut, _ = scores(seal, teacher)
            print(f"{'  its teacher':22s} {100 * closed:5.1f}% / {100 * shut:4.1f}%")


if __name__ == "__main__":
    main()
