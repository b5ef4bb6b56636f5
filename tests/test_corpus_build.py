# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A tiny corpus build writes a valid manifest and resumes without redoing finished utterances."""
import json

import numpy as np
import pytest
import soundfile as sf

from models.training.corpus import build

# festival has its own tests; here its three process start-ups would only slow the build down
ARGS = ["--hours-english", "0.002", "--minutes-per-language", "0.05", "--languages", "de", "--engines", "flite,espeak",
        "--jobs", "2", "--warp-fraction", "1", "--codec-fraction", "0.5"]
KEYS = {"id", "audio", "voice", "engine", "language", "inventory", "phones", "split", "augment", "duration"}


def _records(out):
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    build.main(["--out", str(out), *ARGS])
    return out


def test_manifest_is_valid(corpus):
    records = _records(corpus)
    assert len({r["id"] for r in records}) == len(records)
    for rec in records:
        assert KEYS <= rec.keys()
        info = sf.info(str(corpus / rec["audio"]))
        assert (info.samplerate, info.channels, info.subtype) == (16000, 1, "PCM_16")
        assert rec["duration"] == pytest.approx(info.frames / 16000, abs=1e-4)
        starts = np.array([p[1] for p in rec["phones"]])
        ends = np.array([p[2] for p in rec["phones"]])
        assert starts[0] == 0.0 and ends[-1] == pytest.approx(rec["duration"], abs=1e-4)
        assert np.all(ends > starts) and np.allclose(starts[1:], ends[:-1])
        assert rec["inventory"] == ("espeak" if rec["engine"] == "espeak" else "arpabet")
        assert rec["split"] in ("train", "val")


def test_engines_languages_splits_and_variants(corpus):
    records = _records(corpus)
    assert {r["engine"] for r in records} == {"flite", "espeak"}
    assert {r["language"] for r in records} == {"en", "de"}
    val_voices = {r["voice"] for r in records if r["split"] == "val"}
    train_voices = {r["voice"] for r in records if r["split"] == "train"}
    assert {"rms", "en-us+m3"} <= val_voices and not val_voices & train_voices
    assert all(r["augment"] is None for r in records if r["split"] == "val")
    augments = {r["augment"].split()[0] for r in records if r["augment"]}
    assert "tempo" in augments and augments & {"mp3", "opus"}
    base = {r["id"]: r for r in records}
    for rec in records:
        if rec["augment"] and rec["augment"].startswith("tempo"):
            tempo = float(rec["augment"].split()[1])
            original = base[rec["id"][:-2]]
            assert rec["duration"] == pytest.approx(original["duration"] / tempo, abs=0.01)
            assert rec["phones"][-2][1] == pytest.approx(original["phones"][-2][1] / tempo, abs=0.01)
    assert (corpus / "babble.wav").exists() and (corpus / "stats.json").exists()


def test_resume_redoes_only_what_is_missing(corpus):
    """As after a kill mid-task: one utterance's records missing, a torn line, its audio gone."""
    records = _records(corpus)
    stamps = {r["id"]: (corpus / r["audio"]).stat().st_mtime_ns for r in records}
    lost = next(r for r in reversed(records) if r["augment"] is None and r["split"] == "train")
    family = {r["id"] for r in records if r["id"] == lost["id"] or r["id"][:-2] == lost["id"]}
    (corpus / lost["audio"]).unlink()
    kept = [json.dumps(r, ensure_ascii=False) + "\n" for r in records if r["id"] not in family]
    torn = json.dumps(lost)[:60]
    (corpus / "manifest.jsonl").write_text("".join(kept) + torn, encoding="utf-8")

    build.main(["--out", str(corpus), *ARGS])

    again = _records(corpus)
    assert sorted(r["id"] for r in again) == sorted(stamps)
    redone = {r["id"] for r in again if (corpus / r["audio"]).stat().st_mtime_ns != stamps[r["id"]]}
    assert redone == family
    assert next(r for r in again if r["id"] == lost["id"])["phones"] == lost["phones"]


def test_more_hours_only_append_to_the_plan():
    from models.training.corpus import plan

    def utterances(hours, minutes):
        tasks = plan.build_plan(hours, minutes, ["de", "fr"], {"flite", "espeak"}, 0, 0.35, 0.15)
        return {u.id: u for t in tasks for u in t}

    small, large = utterances(0.01, 0.2), utterances(0.03, 0.5)
    assert len(large) > len(small)
    assert all(large[uid] == utt for uid, utt in small.items())


def test_festival_other_language_voices_are_added_only_when_asked_for():
    from models.training.corpus import plan, voices

    def utterances(minutes_per_festival_voice):
        tasks = plan.build_plan(0.01, 0.2, ["de"], {"festival", "flite", "espeak"}, 0, 0.35, 0.15,
                                minutes_per_festival_voice)
        return {u.id: u for t in tasks for u in t}

    without, added = utterances(0), utterances(0.5)
    new = [u for uid, u in added.items() if uid not in without]
    assert all(added[uid] == utt for uid, utt in without.items())
    assert {u.voice for u in new} == set(voices.FESTIVAL_OTHER_LANGUAGES)
    assert all(u.engine == "festival" and u.split == "train" for u in new)
    assert all(u.language == voices.FESTIVAL_OTHER_LANGUAGES[u.voice] for u in new)
    czech = [u.text for u in new if u.language == "cs"]
    assert any(ch in "ěščřžýáíéůú" for text in czech for ch in text)
