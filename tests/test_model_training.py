# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Smoke run of the training recipe: a tiny corpus synthesised here with flite, a few steps, export, onnxruntime."""

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch

from models.training.corpus import audio as corpus_audio
from models.training.corpus import flite
from models.training.model import dataset
from models.training.model.export import recipe_commit
from models.training.model.labels import ARTICULATION, ARTICULATION_CLASSES, CLOSURE, NON_LABIAL, SPEECH
from models.training.model.train import WARMUP_STEPS, learning_rate, parse_args
from models.training.model.train import main as train_main

SENTENCES = {
    ("slt", "train"): ["My pale baby bumped the map.", "Open the window, please."],
    ("awb", "val"): ["Bob made a happy bamboo boat."],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    records = []
    for (voice, split), texts in SENTENCES.items():
        for i, text in enumerate(texts):
            samples, phones = flite.synth(text, voice)
            name = f"{voice}_{i}.wav"
            corpus_audio.write(root / name, samples)
            records.append({"id": name, "audio": name, "voice": voice, "engine": "flite", "language": "en",
                            "inventory": "arpabet", "phones": [list(p) for p in phones], "split": split,
                            "augment": None, "duration": len(samples) / 16000})
    (root / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return root


def test_targets_cover_the_model_frames(corpus):
    records = dataset.read_split(corpus, "val")
    utterances = dataset.Utterances(corpus, records)
    audio, weights, labels = utterances[0]
    assert len(weights) == len(labels) == len(audio) // 160 + 1
    bilabial_frames = labels[:, CLOSURE] > 0.5
    assert np.all(labels[bilabial_frames, SPEECH] == 1.0)
    assert labels[0, SPEECH] == 0.0 and labels[:, SPEECH].mean() > 0.5
    # "Bob made a happy bamboo boat": eight /p b m/ (B-b, m, pp, b-m-b, b), and the teacher closes the lips on each.
    runs = np.count_nonzero(np.diff(bilabial_frames.astype(int)) == 1)
    assert runs == 8
    jaw, close = weights[:, 0], weights[:, 4]
    assert np.allclose(close[bilabial_frames], jaw[bilabial_frames], atol=0.05)


def test_examples_are_reproducible(corpus):
    utterances = dataset.Utterances(corpus, dataset.read_split(corpus, "train"))
    first = dataset.TrainingExamples(utterances, seed=3)[7]
    again = dataset.TrainingExamples(utterances, seed=3)[7]
    other = dataset.TrainingExamples(utterances, seed=3)[8]
    assert first[0].shape == (dataset.SEGMENT_FRAMES * 160,)
    assert first[1].shape == (dataset.SEGMENT_FRAMES + 1, 43)
    assert all(np.array_equal(a.numpy(), b.numpy()) for a, b in zip(first, again))
    assert not np.array_equal(first[0].numpy(), other[0].numpy())


def _train(corpus, out, steps, *options):
    threads = torch.get_num_threads()
    try:
        train_main(["--corpus", str(corpus), "--out", str(out), "--steps", str(steps), "--batch", "2",
                    "--workers", "0", "--threads", "1", "--validate-every", "2", "--validation-examples", "2",
                    *options])
    finally:
        torch.set_num_threads(threads)


def test_training_smoke_run_exports_a_working_model(corpus, tmp_path):
    out = tmp_path / "train"
    _train(corpus, out, 3)
    summary = json.loads((out / "summary.json").read_text())
    assert [h["step"] for h in summary["history"]] == [2, 3]
    assert np.isfinite(summary["validation"]["total"])
    session = ort.InferenceSession(str(out / "flame_lipsync.onnx"), providers=["CPUExecutionProvider"])
    audio, _ = corpus_audio.read(corpus / "awb_0.wav")
    weights, offsets, basis, closure = session.run(None, {"audio": audio, "offset_frames": np.array([0, 5], np.int64)})
    assert weights.shape == (len(audio) // 160 + 1, 43) and np.isfinite(weights).all()
    assert closure.shape == (len(weights),)
    assert offsets.shape == (2, 5023, 3)
    assert session.get_modelmeta().custom_metadata_map["recipe_commit"] == recipe_commit()

    _train(corpus, out, 4)
    log = (out / "progress.log").read_text()
    assert "resumed from" in log and "validation at step 4" in log
    assert [h["step"] for h in json.loads((out / "summary.json").read_text())["history"]] == [2, 3, 4]

    _train(corpus, out, 4)      # a finished run only recalibrates and exports again
    assert [h["step"] for h in json.loads((out / "summary.json").read_text())["history"]] == [2, 3, 4]


def test_an_articulation_head_trains_from_a_network_without_one_and_stays_out_of_the_export(corpus, tmp_path):
    """Fine-tuning the shipped kind of network with the auxiliary articulation head: the head starts fresh, its
    cross-entropy is a validation term, and the exported model has the contract and size of one without it."""
    _train(corpus, tmp_path / "plain", 2)
    _train(corpus, tmp_path / "aux", 2, "--init", str(tmp_path / "plain" / "best.pt"), "--articulation-weight", "0.3")
    validation = json.loads((tmp_path / "aux" / "summary.json").read_text())["validation"]
    assert np.isfinite(validation["articulation_ce"]) and validation["articulation_ce"] > 0
    head = torch.load(tmp_path / "aux" / "best.pt", weights_only=False)["state"]["articulation_head.weight"]
    assert head.shape[0] == 2 * ARTICULATION_CLASSES
    plain, aux = (ort.InferenceSession(str(tmp_path / run / "flame_lipsync.onnx"), providers=["CPUExecutionProvider"])
                  for run in ("plain", "aux"))
    assert [o.name for o in aux.get_outputs()] == [o.name for o in plain.get_outputs()]
    sizes = [(tmp_path / run / "flame_lipsync.onnx").stat().st_size for run in ("plain", "aux")]
    assert abs(sizes[0] - sizes[1]) < 1000


def test_learning_rate_warms_up_and_decays():
    rates = [learning_rate(step, 3000, 1.0) for step in range(3000)]
    assert rates[0] == pytest.approx(1.0 / WARMUP_STEPS) and rates[WARMUP_STEPS - 1] == 1.0
    assert rates[WARMUP_STEPS] == 1.0
    assert all(a >= b for a, b in zip(rates[WARMUP_STEPS:], rates[WARMUP_STEPS + 1:]))
    assert rates[-1] == pytest.approx(0.02, abs=1e-3)
    assert learning_rate(5000, None, 1.0) == 1.0


SHIPPED_CONFIG = Path(__file__).resolve().parents[1] / "models" / "training" / "config" / "shipped_1_0_1.toml"


def test_shipped_config_is_the_model_cards_run():
    typed = parse_args("--corpus build/corpus --minutes 55 --steps 3707 --out build/train".split())
    from_file = parse_args(["--config", str(SHIPPED_CONFIG)])
    assert {**vars(from_file), "config": None} == vars(typed)
    overridden = parse_args(["--config", str(SHIPPED_CONFIG), "--steps", "10", "--fresh"])
    assert (overridden.steps, overridden.minutes, overridden.fresh) == (10, 55.0, True)


def test_config_with_an_unknown_option_is_refused(tmp_path, capsys):
    config = tmp_path / "run.toml"
    config.write_text('corpus = "build/corpus"\nstepz = 10\n')
    with pytest.raises(SystemExit):
        parse_args(["--config", str(config)])
    assert "unknown options ['--stepz']" in capsys.readouterr().err


def test_speed_perturbed_crops_shorten_the_closures_in_time_with_the_sound(corpus):
    """A crop played 1.5x as fast: the same 4 s of input hold 1.5x the speech, and the /p b m/ closure labels shrink
    with the audio they label."""
    utterances = dataset.Utterances(corpus, dataset.read_split(corpus, "val"))
    audio, weights, labels = utterances[0]
    frames = len(weights) - 1
    fast = dataset.change_speed(audio[:frames * 160], weights, labels, int(round(frames / 1.5)))
    assert fast[0].shape == (int(round(frames / 1.5)) * 160,) and fast[1].shape[0] == fast[2].shape[0]
    assert set(np.unique(fast[2][:, [CLOSURE, SPEECH, NON_LABIAL]])) <= {0.0, 1.0}
    assert set(np.unique(fast[2][:, ARTICULATION])) <= set(np.unique(labels[:, ARTICULATION]))
    closed = labels[:, CLOSURE].sum()
    assert fast[2][:, CLOSURE].sum() == pytest.approx(closed / 1.5, rel=0.2)
    first_closure = np.flatnonzero(labels[:, CLOSURE])[0]
    assert abs(np.flatnonzero(fast[2][:, CLOSURE])[0] - first_closure / 1.5) <= 1.5
    first_sound = np.flatnonzero(np.abs(audio) > 0.05)[0] / 160
    assert abs(np.flatnonzero(np.abs(fast[0]) > 0.05)[0] / 160 - first_sound / 1.5) <= 1.5
    examples = dataset.TrainingExamples(utterances, seed=3, speed_range=(1.4, 1.5), speed_share=1.0)
    sample, target, label = examples[0]
    assert sample.shape == (dataset.SEGMENT_FRAMES * 160,) and target.shape == (dataset.SEGMENT_FRAMES + 1, 43)


def test_the_second_models_config_fine_tunes_with_speed_perturbation():
    args = parse_args(["--config", str(SHIPPED_CONFIG.with_name("model_2.toml"))])
    assert args.init == Path("build/recovered.pt")
    assert tuple(args.speed_range) == (0.9, 1.5) and args.speed_share == 0.5
    assert args.non_labial_weight == 0.0


def test_the_non_labial_config_starts_from_the_second_model():
    args = parse_args(["--config", str(SHIPPED_CONFIG.with_name("model_2_1.toml"))])
    assert args.init == Path("build/train2/best.pt") and args.out == Path("build/train2_1")
    assert args.non_labial_weight == 4.0 and tuple(args.speed_range) == (0.9, 1.7)


def test_the_non_labial_motion_config_starts_from_the_second_model():
    args = parse_args(["--config", str(SHIPPED_CONFIG.with_name("model_2_2.toml"))])
    assert args.init == Path("build/train2/best.pt") and args.out == Path("build/train2_2")
    assert args.non_labial_motion_weight == 3.0 and args.non_labial_weight == 0.0
