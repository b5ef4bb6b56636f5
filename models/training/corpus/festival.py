# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""festival synthesis, many utterances per process (start-up dominates), with timings from the
Segment relation: each segment's name (ARPAbet-like for English, `pau` for pauses; other languages' phones
are given as espeak-ng mnemonics, `festival_phones`) and end time."""
import subprocess
import tempfile
from pathlib import Path

from . import audio, festival_phones, phones
from .espeak_events import PAUSE as ESPEAK_PAUSE

VOICES = ("kal_diphone", "ked_diphone", "cmu_us_slt_arctic_hts")
PAUSE = "pau"
_BEGIN, _END, _FAIL = "@@BEGIN", "@@END", "@@FAIL"


def _scheme_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def batch_script(voice, texts, wav_dir):
    """A festival script that synthesises every text to <wav_dir>/<i>.wav and prints its segments;
    an utterance that fails prints a failure marker and the others go on."""
    lines = [f"(voice_{voice})"]
    for i, text in enumerate(texts):
        wav = _scheme_string(str(Path(wav_dir) / f"{i}.wav"))
        lines.append(
            "(unwind-protect (begin"
            f" (set! u (SynthText {_scheme_string(text)}))"
            f" (utt.save.wave u {wav} 'riff)"
            f' (format t "{_BEGIN} {i}\\n")'
            ' (mapcar (lambda (s) (format t "%s %f\\n" (item.name s) (item.feat s "end")))'
            " (utt.relation.items u 'Segment))"
            f' (format t "{_END} {i}\\n"))'
            f' (format t "{_FAIL} {i}\\n"))'
        )
    return "\n".join(lines) + "\n"


def parse_segments(stdout):
    """{utterance index: [(label, end_s), ...]} for the utterances that completed."""
    done, current, pairs = {}, None, []
    for line in stdout.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0] == _BEGIN:
            current, pairs = int(fields[1]), []
        elif len(fields) == 2 and fields[0] == _END and current == int(fields[1]):
            done[current] = pairs
            current = None
        elif current is not None and len(fields) == 2:
            pairs.append((fields[0], float(fields[1])))
    return done


def timing_inventory(language):
    """(phone inventory, pause label) of the timings festival gives in a language: ARPAbet-like for English,
    espeak-ng mnemonics for the others."""
    return ("arpabet", PAUSE) if language == "en" else ("espeak", ESPEAK_PAUSE)


def _labelled(pairs, language):
    if timing_inventory(language)[0] == "arpabet":
        return pairs
    return [(festival_phones.espeak_mnemonic(label, language), end) for label, end in pairs]


def _run_batch(texts, voice, language):
    """Results for every text, or None for all of them if festival crashed (its output is then lost)."""
    results = [None] * len(texts)
    encoding = festival_phones.text_encoding(language)
    with tempfile.TemporaryDirectory(prefix="festival_") as tmp:
        script = Path(tmp) / "batch.scm"
        script.write_text(batch_script(voice, texts, tmp), encoding=encoding, errors="replace")
        run = subprocess.run(["festival", "-b", str(script)], capture_output=True, text=True, encoding=encoding,
                             errors="replace")
        if run.returncode != 0:
            return None
        for i, pairs in parse_segments(run.stdout).items():
            wav = Path(tmp) / f"{i}.wav"
            if not wav.exists() or not pairs:
                continue
            samples, rate = audio.read(wav)
            results[i] = (audio.resample(samples, rate), phones.from_ends(_labelled(pairs, language)))
    return results


def synth_batch(texts, voice, language="en"):
    """[(float32 audio at 16 kHz, phones as the synthesiser reported them) or None for a failed text]
    in the order of texts; language is the voice's. A batch that crashes festival is split until the culprit
    is alone."""
    if not texts:
        return []
    if not any(t.strip() for t in texts):
        return [None] * len(texts)
    results = _run_batch(texts, voice, language)
    if results is not None:
        return results
    if len(texts) == 1:
        return [None]
    half = len(texts) // 2
    return synth_batch(texts[:half], voice, language) + synth_batch(texts[half:], voice, language)
