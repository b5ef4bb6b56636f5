# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import subprocess

import pytest

from models.training.evaluation.evaluate import ENGLISH, SYNTHETIC, UNALIGNED, eval_speech_dir, main

SENTENCES = ("Bob may pop by at noon.", "We saw a big black cat.")
REAL = ("pocketsphinx_goforward.wav", "mfa_se10x016-08071999-1334_u0016001.wav")  # English; near-silent Swedish


def _flite(text, wav):
    """Synthesise with flite's slt voice; its -psdur output gives each phone's end time."""
    out = subprocess.run(["flite", "-voice", "slt", "-psdur", "-t", text, "-o", str(wav)],
                         capture_output=True, text=True, check=True).stdout
    phones, start = [], 0.0
    for item in out.split():
        label, end = item.rsplit(":", 1)
        phones.append([label, start, float(end)])
        start = float(end)
    return phones


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("eval_inputs")
    corpus = root / "corpus"
    (corpus / "audio").mkdir(parents=True)
    with open(corpus / "manifest.jsonl", "w") as manifest:
        for i, text in enumerate(SENTENCES):
            phones = _flite(text, corpus / "audio" / f"u{i}.wav")
            manifest.write(json.dumps({
                "id": f"slt-{i}", "audio": f"audio/u{i}.wav", "voice": "flite-slt", "engine": "flite",
                "language": "en", "inventory": "arpabet", "phones": phones, "split": "val", "augment": None,
                "duration": phones[-1][2]}) + "\n")
    speech = root / "speech"
    speech.mkdir()
    source = eval_speech_dir()
    lines = (source / "MANIFEST.tsv").read_text().splitlines()
    keep = [lines[0]] + [line for line in lines[1:] if line.split("\t")[0] in REAL]
    (speech / "MANIFEST.tsv").write_text("\n".join(keep) + "\n")
    for name in REAL:
        for suffix in (".wav", ".txt"):
            (speech / name).with_suffix(suffix).symlink_to((source / name).with_suffix(suffix))
    return root, corpus, speech


def _run(root, corpus, speech, name, *extra):
    out = root / name
    assert main(["--corpus", str(corpus), "--speech", str(speech), "--out", str(out), *extra]) == 0
    return out, json.loads((out / "results.json").read_text())["summaries"]


def test_evaluate_runs_end_to_end_on_the_model(inputs, capsys):
    out, summaries = _run(*inputs, "model")
    report = capsys.readouterr().out
    assert "| held-out synthetic | closure | >= 95% |" in report
    assert (out / "report.md").read_text() in report
    assert summaries[SYNTHETIC]["clips"] == 2 and summaries[ENGLISH]["clips"] == 1
    assert summaries[UNALIGNED]["clips"] == 1
    closure = summaries[SYNTHETIC]["closure"]
    assert closure[2] == 8 and 0.0 <= closure[0] <= 1.0   # b b m p p b + b b: every /p b m/ is judged
    assert -1.0 <= summaries[ENGLISH]["correlation"] <= 1.0
    assert summaries[UNALIGNED]["rest"][2] >= 1           # the near-silent clip has a long silence
    plots = sorted(p.name for p in (out / "plots").glob("*.png"))
    assert len(plots) == 3 and all((out / "plots" / p).stat().st_size > 5_000 for p in plots)


def test_the_teacher_scored_against_itself_agrees_perfectly(inputs):
    _, summaries = _run(*inputs, "teacher", "--teacher")
    for group in (SYNTHETIC, ENGLISH):
        assert summaries[group]["correlation"] == pytest.approx(1.0)
        assert summaries[group]["jitter_ratio"] == pytest.approx(1.0)
    assert UNALIGNED not in summaries                     # no phones, no teacher


def test_a_missing_model_is_a_one_line_error(tmp_path, capsys):
    assert main(["--model", str(tmp_path / "missing.onnx"), "--out", str(tmp_path / "out")]) == 1
    assert "missing.onnx" in capsys.readouterr().err
