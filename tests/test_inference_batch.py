# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""python -m inference --batch: outputs equal to the single-file CLI's, list files, resuming, bad lines, bad
arguments."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "scripts" / "kathleen_dialogue.flac"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "inference", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True)


def write_line(path, start_s, seconds, rate=None):
    """A piece of the demo's dialogue (a real voice), written in the format `path`'s extension names."""
    audio, sample_rate = soundfile.read(SAMPLE, dtype="float32")
    piece = audio[int(start_s * sample_rate):int((start_s + seconds) * sample_rate)]
    if rate:  # a different rate, so the batch resamples like the single-file CLI must
        piece = np.interp(np.arange(int(len(piece) * rate / sample_rate)) * sample_rate / rate,
                          np.arange(len(piece)), piece).astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, piece, rate or sample_rate)
    return path


@pytest.fixture
def lines(tmp_path):
    folder = tmp_path / "lines"
    return [write_line(folder / "a_hello.wav", 0.0, 2.5), write_line(folder / "b_there.flac", 2.0, 3.0, 44100),
            write_line(folder / "c_again.ogg", 4.5, 2.0, 22050)]


def test_batch_outputs_are_the_single_file_outputs(tmp_path, lines):
    (tmp_path / "lines" / "notes.txt").write_text("not audio: the batch skips it\n")
    done = run_cli("--batch", tmp_path / "lines", "--out-dir", tmp_path / "out", "--fps", "24", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "3 lines: 3 written, 0 already done, 0 failed" in done.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_hello.json", "b_there.json", "c_again.json"]
    two_jobs = run_cli("--batch", tmp_path / "lines", "--out-dir", tmp_path / "out2", "--fps", "24", "--jobs", "2")
    assert two_jobs.returncode == 0, two_jobs.stderr
    for line in lines:
        single = tmp_path / f"{line.stem}.single.json"
        assert run_cli(line, "--fps", "24", "--out", single).returncode == 0
        assert (tmp_path / "out" / f"{line.stem}.json").read_bytes() == single.read_bytes()
        # Two workers run onnxruntime on one thread each, which moves the last float bits only.
        expected = json.loads(single.read_text())
        got = json.loads((tmp_path / "out2" / f"{line.stem}.json").read_text())
        assert got["names"] == expected["names"] and got["duration"] == expected["duration"]
        np.testing.assert_allclose(got["weights"], expected["weights"], atol=3e-6)


def test_list_file_of_relative_paths_to_live_link_csv(tmp_path, lines):
    listing = tmp_path / "lists" / "take1.txt"
    listing.parent.mkdir()
    listing.write_text("# voice lines for take 1\n\n../lines/b_there.flac\n  ../lines/a_hello.wav  \n")
    done = run_cli("--batch", listing, "--out-dir", tmp_path / "out", "--fps", "30", "--format", "csv", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_hello.csv", "b_there.csv"]
    assert run_cli(lines[1], "--fps", "30", "--out", tmp_path / "take.csv").returncode == 0
    assert (tmp_path / "out" / "b_there.csv").read_bytes() == (tmp_path / "take.csv").read_bytes()


def test_rerun_skips_complete_outputs_and_overwrite_redoes_them(tmp_path, lines):
    args = ("--batch", tmp_path / "lines", "--out-dir", tmp_path / "out", "--fps", "25", "--jobs", "2")
    assert run_cli(*args).returncode == 0
    kept, lost = tmp_path / "out" / "a_hello.json", tmp_path / "out" / "b_there.json"
    kept.write_text("SENTINEL")
    lost.unlink()
    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    assert "3 lines: 1 written, 2 already done, 0 failed" in again.stdout
    assert kept.read_text() == "SENTINEL" and json.loads(lost.read_text())["fps"] == 25
    redone = run_cli(*args, "--overwrite")
    assert redone.returncode == 0 and "3 lines: 3 written, 0 already done" in redone.stdout
    assert json.loads(kept.read_text())["names"][0] == "jawOpen"
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temporary files left


def test_bad_lines_are_reported_by_name_and_the_others_written(tmp_path, lines):
    (tmp_path / "lines" / "broken.wav").write_bytes(b"RIFF not really a wave file" * 40)
    (tmp_path / "lines" / "empty.mp3").write_bytes(b"")
    done = run_cli("--batch", tmp_path / "lines", "--out-dir", tmp_path / "out", "--fps", "24", "--jobs", "2")
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert any("broken.wav: Cannot read audio file broken.wav" in line for line in errors)
    assert any("empty.mp3: Audio file empty.mp3 is empty" in line for line in errors)
    assert "5 lines: 3 written, 0 already done, 2 failed" in done.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_hello.json", "b_there.json", "c_again.json"]


@pytest.mark.parametrize("case, expected", [
    ("missing", "no such folder or list file"),
    ("no_audio", "holds no audio files"),
    ("comments_only", "names no audio files"),
    ("clash", "would both write"),
    ("audio_file", "is an audio file"),
    ("with_out", "--batch takes no AUDIO, --out or --offsets"),
    ("no_out_dir", "--batch needs --out-dir"),
    ("jobs_zero", "not a positive whole number"),
])
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(tmp_path, case, expected):
    source = tmp_path / "source"
    extra = []
    if case == "no_audio":
        source.mkdir()
        (source / "readme.txt").write_text("no audio here")
    elif case == "comments_only":
        source = tmp_path / "list.txt"
        source.write_text("# nothing yet\n\n")
    elif case in ("clash", "with_out", "no_out_dir", "jobs_zero", "audio_file"):
        write_line(source / "line.wav", 0, 1.0)
        write_line(source / "line.flac", 1, 1.0)
        if case == "audio_file":
            source = source / "line.wav"
        extra = {"with_out": ["--out", tmp_path / "x.json"], "jobs_zero": ["--jobs", "0"]}.get(case, [])
    out_dir = [] if case == "no_out_dir" else ["--out-dir", tmp_path / "out"]
    done = run_cli("--batch", source, *out_dir, "--fps", "24", *extra)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ") and expected in done.stderr
    if case == "clash":
        assert "line.flac and" in done.stderr and "line.wav" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_damaged_model_fails_every_line_with_its_reason(tmp_path, lines):
    model = tmp_path / "damaged.onnx"
    model.write_bytes(b"\x08\x07 not a protobuf" * 100)
    done = run_cli("--batch", tmp_path / "lines", "--out-dir", tmp_path / "out", "--fps", "24", "--model", model)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3 and all("damaged.onnx is damaged or not a usable ONNX model" in e for e in errors)
    assert "3 lines: 0 written, 0 already done, 3 failed" in done.stdout and not list((tmp_path / "out").iterdir())
