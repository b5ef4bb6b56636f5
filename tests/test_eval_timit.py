# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The TIMIT scorer on a tiny TIMIT-style folder: flite speech with a .phn written from flite's own phone timings."""

import json

import pytest

from inference.audio import SAMPLE_RATE
from models.training.corpus import audio, flite
from models.training.evaluation.timit import bilabial_windows, main, non_labial_consonants

SENTENCE = "Bob may pay the man."   # flite kal: b aa b m ey p ey dh ax m ae n


def test_bilabial_windows_follow_timit_closures():
    phones = [("h#", 0.0, 0.2), ("p", 0.2, 0.25), ("ae", 0.25, 0.4), ("dcl", 0.4, 0.5), ("p", 0.5, 0.55),
              ("ih", 0.55, 0.6), ("bcl", 0.6, 0.7), ("b", 0.7, 0.72), ("m", 0.72, 0.8), ("bcl", 0.8, 0.9),
              ("p", 0.9, 0.95)]
    assert bilabial_windows(phones) == [(0.2, 0.25), (0.4, 0.55), (0.6, 0.7), (0.72, 0.8), (0.8, 0.9)]


def test_non_labial_consonants_join_closures_and_skip_labial_neighbours():
    phones = [("h#", 0.0, 0.1), ("tcl", 0.1, 0.15), ("t", 0.15, 0.2), ("ix", 0.2, 0.3), ("dx", 0.3, 0.35),
              ("ax", 0.35, 0.4), ("s", 0.4, 0.5), ("m", 0.5, 0.6), ("kcl", 0.6, 0.7), ("ih", 0.7, 0.8)]
    assert non_labial_consonants(phones) == [("t", 0.1, 0.2), ("d", 0.3, 0.35)]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    root = tmp_path_factory.mktemp("timit")
    folder = root / "timit"
    samples, phones = flite.synth(SENTENCE, "kal")
    audio.write(folder / "dr9-mkal0_sx1.wav", samples)
    (folder / "dr9-mkal0_sx1.phn").write_text("".join(
        f"{round(start * SAMPLE_RATE)} {round(end * SAMPLE_RATE)} {label}\n" for label, start, end in phones))
    (folder / "dr9-mkal0_sx1.txt").write_text(f"0 {len(samples)} {SENTENCE}\n")
    out = root / "out"
    assert main(["--timit", str(folder), "--out", str(out), "--plots", "1"]) == 0
    return phones, json.loads((out / "results.json").read_text()), out


def test_counts_every_labelled_event(scored):
    phones, results, _ = scored
    assert [label for label, _, _ in phones if label != "pau"] == "b aa b m ey p ey dh ax m ae n".split()
    for key, value in results["scores"].items():
        assert value["closure"][2] == 5, key   # b b m p m
        assert value["shut"][2] == 2, key      # dh (between ey and ax) and n (after ae); no labial beside them
        assert value["open"][2] == 2, key      # aa, ae
        assert value["parted"][2] == 4, key    # the vowels of 60 ms or more: aa ey ey ae (ax lasts 44 ms)
        assert list(value["speakers"]) == ["dr9-mkal0"], key


def test_lips_meet_at_the_bilabials_and_silence_rests(scored):
    _, results, out = scored
    sealed = results["scores"]["template | sealed | lip gap"]
    assert sealed["closure"][1] >= 4, sealed
    assert results["silence"]["template | sealed"] < 0.002
    assert (out / "plots" / "dr9-mkal0_sx1.png").stat().st_size > 1000
    assert "dr9-mkal0" in (out / "report.md").read_text()


def test_shut_non_labials_are_counted_by_consonant(scored):
    _, results, out = scored
    by_consonant = results["shut by consonant"]
    assert {mode: {label: count[1] for label, count in counts.items()} for mode, counts in by_consonant.items()} \
        == {mode: {"dh": 1, "n": 1} for mode in ("model only", "sealed")}
    sealed = results["scores"]["template | sealed | lip gap"]["shut"]
    assert sum(count[0] for count in by_consonant["sealed"].values()) == sealed[1]
    assert "| n | " in (out / "report.md").read_text()


def test_a_head_that_is_not_flame_is_refused_in_one_line(scored, tmp_path, capsys):
    head = tmp_path / "triangle.ply"
    head.write_text("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
                    "element face 1\nproperty list uchar int vertex_indices\nend_header\n"
                    "0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n")
    out = tmp_path / "out"
    folder = scored[2].parent / "timit"
    assert main(["--timit", str(folder), "--head", str(head), "--out", str(out)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: ") and "not a FLAME head" in error and "\n" not in error
    assert not out.exists()
