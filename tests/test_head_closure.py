# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lips that meet on every FLAME head: the real heads of ../shared/eval/heads and variants of the mean head close on
/p b m/ as the mean head does, open as it does, and never press through, through the pipeline the CLI runs."""

import json

import numpy as np
import pytest

from inference import pipeline
from inference.__main__ import main
from inference.head_frame import transfer_offsets
from inference.lip_contact import LipSeal
from inference.model import LipSyncModel
from inference.ply import load_ply
from models.training.corpus import flite
from models.training.evaluation import sync_scores
from models.training.evaluation.heads import heads as evaluation_heads
from models.training.evaluation.heads import real_head_paths
from models.training.evaluation.seal_calibration import FPS, model_clips, scores, teacher_clips, validation_speech
from models.training.teacher.phonemes import phone_class

SENTENCES = ("Maybe Bob brought a pumpkin pie to the big summer party.",
             "My mom made them move the bamboo mats back by the barn.",
             "Put a map above the lamp and bring both books home.",
             "Palm trees bend by the pebble beach every summer morning.",
             "Ben, pass me the maple syrup, please.",
             "The farm has a pump, a mill and a barn.")
REAL_HEADS = real_head_paths()


@pytest.fixture(scope="module")
def model():
    return LipSyncModel(provider="cpu")


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    import soundfile

    folder = tmp_path_factory.mktemp("sentences")
    out = []
    for i, sentence in enumerate(SENTENCES):
        audio, phones = flite.synth(sentence, "rms")   # a voice held out of training
        soundfile.write(folder / f"{i}.wav", audio, 16000)
        out.append((folder / f"{i}.wav", phones))
    return out


@pytest.fixture(scope="module")
def heads():
    return {name: vertices for name, (vertices, _) in evaluation_heads().items()}


def measure(model, vertices, clips, intensity=1.0, own_closure=True):
    """(bilabials closed, open vowels open, smallest gap over the press limit) of a head over the clips; without
    `own_closure`, with the weights the model gives for the reference head."""
    shapes = transfer_offsets(model.basis, model.reference_frame, vertices)
    seal = LipSeal.for_head(vertices, shapes, model.control_names)
    closed, opened, margin = [], [], np.inf
    for path, phones in clips:
        job = pipeline.Job(pipeline.AudioSource(str(path)), FPS, head_vertices=vertices if own_closure else None,
                           intensity=intensity)
        gap = seal.gap(pipeline.run(job, model).weights[:, :len(model.control_names)])  # the eyeLook* move no lip
        margin = min(margin, float((gap - seal.floor).min()))
        adult = np.maximum(gap / seal.units, 0.0)
        closed += sync_scores.bilabial_closures(phones, adult, FPS, lambda p: "bilabial" in phone_class(p, "arpabet"))
        opened += sync_scores.open_vowel_openings(phones, adult, FPS, lambda p: "open" in phone_class(p, "arpabet"))
    return np.mean(closed), np.mean(opened), margin


def test_real_heads_are_in_the_shared_folder():
    assert len(REAL_HEADS) == 3


def test_every_head_closes_as_the_mean_head_and_opens_as_before(model, clips, heads):
    mean_closed, mean_open, _ = measure(model, heads["mean head"], clips)
    assert mean_closed >= 0.85 and mean_open >= 0.8
    for name, vertices in heads.items():
        closed, opened, margin = measure(model, vertices, clips)
        assert closed >= mean_closed - 0.03, f"{name}: {closed:.1%} of /p b m/ closed, mean head {mean_closed:.1%}"
        assert margin >= -1e-6, f"{name}: the lips press {-margin * 1000:.2f} mm past the limit"
        before, opened_before, _ = measure(model, vertices, clips, own_closure=False)
        # The lips' speed limit may keep two of these 27 open vowels, each squeezed between two bilabials, just
        # under 5 mm: lips cannot open further in the time.
        assert opened >= opened_before - 2.5 / 27, \
            f"{name}: {opened:.1%} of open vowels open, {opened_before:.1%} before"
        if name in ("lips 1.5 mm apart", "lips 3 mm apart"):
            assert before < mean_closed - 0.2, f"{name} must show the problem: {before:.1%} closed without its own"


@pytest.mark.parametrize("intensity", [0.3, 2.0])
def test_intensity_keeps_closures_and_never_presses_through(model, clips, heads, intensity):
    for name in ("mean head", "lips 3 mm apart", REAL_HEADS[2].stem):
        at_one = measure(model, heads[name], clips)[0]
        closed, _, margin = measure(model, heads[name], clips, intensity)
        assert closed >= at_one - 0.03, f"{name} at intensity {intensity}: {closed:.1%} closed, {at_one:.1%} at 1"
        assert margin >= -1e-6


def test_cli_with_a_head_writes_that_heads_weights_and_offsets(model, clips, tmp_path):
    path, _ = clips[0]
    head = REAL_HEADS[1]
    assert main([str(path), "--fps", "60", "--out", str(tmp_path / "c.json"), "--head", str(head),
                 "--offsets", str(tmp_path / "o.npy")]) == 0
    written = json.loads((tmp_path / "c.json").read_text())
    vertices = load_ply(head)[0]
    expected = pipeline.run(pipeline.Job(pipeline.AudioSource(str(path)), FPS, head_vertices=vertices), model)
    np.testing.assert_allclose(written["weights"], expected.weights, rtol=1e-5, atol=1e-6)
    offsets = np.load(tmp_path / "o.npy")
    np.testing.assert_allclose(offsets[10], np.einsum("k,kvc->vc", expected.weights[10], expected.shapes), atol=1e-6)
    assert main([str(path), "--fps", "60", "--out", str(tmp_path / "m.json")]) == 0
    mean = json.loads((tmp_path / "m.json").read_text())["weights"]
    assert not np.allclose(mean, written["weights"]), "the head changes the weights (its own lip closure)"


def test_cli_refuses_a_head_that_is_not_flame(clips, tmp_path, capsys):
    bad = tmp_path / "bad.ply"
    bad.write_text("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
                   "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n")
    assert main([str(clips[0][0]), "--fps", "24", "--out", str(tmp_path / "c.json"), "--head", str(bad)]) == 1
    assert "not a FLAME head" in capsys.readouterr().err
    assert not (tmp_path / "c.json").exists()


def test_seal_calibration_scores_the_teacher_and_other_flite_voices(model, heads):
    """The calibration's teacher row: the teacher's own curves close every /p b m/ on the mean head with no
    closure decision, so none of the non-labials it shuts is the gate's; a decision of "closed" everywhere shuts
    them and counts them all as the gate's; --voice synthesises the same sentences in another voice."""
    seal = LipSeal.for_head(heads["mean head"], model.basis, model.control_names)
    trained_voice = validation_speech(3, voice="awb")
    teacher = teacher_clips(trained_voice, model.sample_rate)
    assert all(not closure.any() for _, closure, _ in teacher)
    closed, _, decided = scores(seal, teacher)
    assert closed == 1.0 and decided == 0.0                    # whatever it shuts, no closure decision did
    held_out = model_clips(model, validation_speech(3))
    assert held_out[0][2][-1][2] != teacher[0][2][-1][2]       # the same sentence, spoken by another voice
    assert all(len(weights) == len(closure) for weights, closure, _ in held_out + teacher)
    _, shut, decided = scores(seal, [(weights, np.ones_like(closure), phones) for weights, closure, phones in held_out])
    assert shut > 0.9 and decided == 1.0
