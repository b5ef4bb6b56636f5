# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Each synthesiser speaks one short utterance; its phone timings must describe the audio."""
import subprocess

import numpy as np
import pytest

from models.training.corpus import audio, festival, festival_phones, flite, phones, voices
from models.training.corpus.espeak_events import PAUSE as ESPEAK_PAUSE
from models.training.corpus.espeak_events import EspeakSynth
from models.training.teacher.phonemes import UNKNOWN, phone_class, segments

TEXT = "Bob made a map of the moon."
ARPABET_BILABIALS = {"b", "m", "p"}


def _frame_level_db(x):
    frames = x[: len(x) // 160 * 160].reshape(-1, 160)
    return 20 * np.log10(np.sqrt(np.mean(frames**2, axis=1)) + 1e-9)


def _check_speech_inside(samples, raw, pause):
    """Speech energy lies within the non-pause phones, and the last phone ends with the audio."""
    duration = len(samples) / audio.SAMPLE_RATE
    spoken = [p for p in raw if p[0] != pause]
    level = _frame_level_db(samples)
    loud = np.flatnonzero(level > level.max() - 30) / 100
    assert spoken[0][1] - 0.05 <= loud[0] and loud[-1] <= spoken[-1][2] + 0.05
    fitted = phones.fit_to_duration(raw, duration, pause)
    assert fitted[0][1] == 0.0 and fitted[-1][2] == pytest.approx(duration, abs=1e-4)
    assert all(a[2] == b[1] for a, b in zip(fitted, fitted[1:]))
    return duration


@pytest.mark.parametrize("voice", ["kal_diphone", "cmu_us_slt_arctic_hts"])
def test_festival_timings_match_audio(voice):
    (samples, raw), = festival.synth_batch([TEXT], voice)
    duration = _check_speech_inside(samples, raw, festival.PAUSE)
    assert abs(raw[-1][2] - duration) < 0.05
    labels = [p[0] for p in raw]
    assert labels[0] == labels[-1] == "pau"
    assert ARPABET_BILABIALS <= set(labels)


def test_festival_batch_survives_a_bad_utterance():
    results = festival.synth_batch(["One.", "", "Two words."], "kal_diphone")
    assert results[0] is not None and results[2] is not None


# Each begins with a bilabial and has letters outside ASCII (the Czech and Finnish front ends read Latin-2 and
# Latin-1, not UTF-8).
OTHER_LANGUAGE_TEXTS = {"it": "Mamma mia, perché non posso parlare adesso?", "cs": "Máma nemá peníze, řekl děda.",
                        "fi": "Minun nimeni on Pekka, hyvää päivää.", "ru": "Мама мыла раму щёткой."}


def _phone_set(voice, tmp_path):
    script = tmp_path / "phones.scm"
    script.write_text(f"(voice_{voice})\n(mapcar (lambda (p) (format t \"%s\\n\" (car p)))"
                      " (cadr (assoc 'phones (PhoneSet.description '(phones)))))\n", encoding="ascii")
    run = subprocess.run(["festival", "-b", str(script)], capture_output=True, text=True, check=True)
    return run.stdout.split()


@pytest.mark.parametrize("voice", ["pc_diphone", "czech_dita", "suo_fi_lj_diphone", "msu_ru_nsh_clunits"])
def test_festival_other_languages_give_espeak_phones_that_match_audio(voice, tmp_path):
    language = voices.FESTIVAL_OTHER_LANGUAGES[voice]
    every_phone = _phone_set(voice, tmp_path)
    assert len(every_phone) > 25
    unmapped = [p for p in every_phone
                if segments(festival_phones.espeak_mnemonic(p, language), "espeak") == (UNKNOWN,)]
    assert not unmapped

    (samples, raw), = festival.synth_batch([OTHER_LANGUAGE_TEXTS[language]], voice, language)
    _check_speech_inside(samples, raw, ESPEAK_PAUSE)
    spoken = [phone_class(p[0], "espeak") for p in raw if p[0] != ESPEAK_PAUSE]
    assert "bilabial" in spoken[0] and "vowel" in spoken[1]
    assert sum("vowel" in c for c in spoken) >= 8


@pytest.mark.parametrize("voice", ["slt", "awb"])
def test_flite_timings_match_audio(voice):
    samples, raw = flite.synth(TEXT, voice)
    duration = _check_speech_inside(samples, raw, flite.PAUSE)
    assert abs(raw[-1][2] - duration) < 0.05
    assert ARPABET_BILABIALS <= {p[0] for p in raw}


def test_flite_kal_only_cuts_the_final_pause():
    samples, raw = flite.synth(TEXT, "kal16")
    duration = _check_speech_inside(samples, raw, flite.PAUSE)
    assert raw[-1][0] == "pau" and raw[-2][2] <= duration


@pytest.fixture(scope="module")
def espeak():
    return EspeakSynth()


@pytest.mark.parametrize("voice,text,expected", [
    ("en-us+f3", TEXT, {"b", "m", "p"}),
    ("de", "Papa malt bunte Bilder.", {"p", "m", "b"}),
    ("ru+m1", "Мама мыла раму.", {"m"}),
])
def test_espeak_events_give_timings(espeak, voice, text, expected):
    samples, rate, raw = espeak.synth(text, voice, rate=170, pitch=50)
    assert rate == 22050 and samples.dtype == np.int16
    x = audio.resample(audio.to_float(samples), rate)
    _check_speech_inside(x, raw, ESPEAK_PAUSE)
    assert raw[-1][2] == pytest.approx(len(samples) / rate)
    assert expected <= {p[0] for p in raw}


def test_espeak_stop_closure_belongs_to_the_stop(espeak):
    samples, rate, raw = espeak.synth("a paper", "en-us", rate=150)
    x = audio.to_float(samples)
    p_start, p_end = next((s, e) for label, s, e in raw if label == "p")
    before = x[int((p_start - 0.02) * rate):int(p_start * rate)]
    inside = x[int(p_start * rate):int(p_end * rate)]
    assert np.any(inside == 0) and np.any(before != 0)


def test_espeak_rejects_unknown_voice(espeak):
    with pytest.raises(ValueError):
        espeak.synth("hello", "no-such-voice")
