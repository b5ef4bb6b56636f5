# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs one task of the plan in a worker process: synthesise, fit timings, write wavs and variants,
return manifest records."""
from . import audio, festival, flite, phones, variants
from .espeak_events import PAUSE as ESPEAK_PAUSE

_espeak = None

# (phone inventory, pause label) of each engine's timings; festival's depend on the language.
INVENTORY_AND_PAUSE = {"flite": ("arpabet", flite.PAUSE), "espeak": ("espeak", ESPEAK_PAUSE)}


def _inventory_and_pause(utt):
    if utt.engine == "festival":
        return festival.timing_inventory(utt.language)
    return INVENTORY_AND_PAUSE[utt.engine]


def _espeak_synth(utt):
    global _espeak
    if _espeak is None:
        from .espeak_events import EspeakSynth

        _espeak = EspeakSynth()
    samples, rate, raw = _espeak.synth(utt.text, utt.voice, utt.rate, utt.pitch)
    return audio.resample(audio.to_float(samples), rate), raw


def synthesise(task):
    """[(utterance, audio, raw phones) or (utterance, None, None) when synthesis failed]."""
    engine = task[0].engine
    if engine == "festival":
        results = festival.synth_batch([u.text for u in task], task[0].voice, task[0].language)
        return [(u, *(r or (None, None))) for u, r in zip(task, results)]
    out = []
    for utt in task:
        try:
            samples, raw = flite.synth(utt.text, utt.voice) if engine == "flite" else _espeak_synth(utt)
        except (OSError, RuntimeError, ValueError) as exc:  # subprocess and library failures: skip this text
            samples, raw = None, str(exc)
        out.append((utt, samples, raw))
    return out


def _record(utt, uid, samples, timed, augment):
    duration = len(samples) / audio.SAMPLE_RATE
    inventory, pause = _inventory_and_pause(utt)
    return {
        "id": uid,
        "audio": f"wav/{utt.id.rsplit('-', 1)[0]}/{uid}.wav",
        "voice": utt.voice,
        "engine": utt.engine,
        "language": utt.language,
        "inventory": inventory,
        "phones": phones.fit_to_duration(timed, duration, pause),
        "split": utt.split,
        "augment": augment,
        "duration": round(duration, 5),
        "text": utt.text,
        "rate": utt.rate,
        "pitch": utt.pitch,
    }


def run_task(args):
    """(records written, ids that failed) for a task: each utterance and its variants."""
    task, out_dir = args
    records, failed = [], []
    for utt, samples, raw in synthesise(task):
        if samples is None or not raw or len(samples) < audio.SAMPLE_RATE // 10:
            failed.append(utt.id)
            continue
        todo = [(utt.id, None)] + [(utt.id + suffix, spec) for suffix, spec in utt.variants]
        for uid, spec in todo:
            if spec is None:
                y, factor, desc = samples, 1.0, None
            else:
                y, factor, desc = variants.apply(samples, spec)
            rec = _record(utt, uid, y, phones.scale(raw, factor), desc)
            audio.write(out_dir / rec["audio"], y)
            records.append(rec)
    return records, failed
