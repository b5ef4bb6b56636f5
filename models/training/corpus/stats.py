# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Hours of speech in a manifest, by engine, voice, language, split and augmentation."""
from collections import defaultdict


def hours_by(records, key):
    totals = defaultdict(float)
    for rec in records:
        totals[key(rec)] += rec["duration"] / 3600
    return dict(sorted(totals.items()))


def _voice_key(rec):
    voice = rec["voice"]
    if rec["engine"] == "espeak" and rec["language"] == "en":
        voice = voice.split("+")[-1] if "+" in voice else "(default variant)"
        voice = f"en variant {voice}"
    if rec["engine"] != "espeak" or rec["language"] == "en":
        return f"{rec['engine']}:{voice}"
    return f"espeak:{rec['language']}"


def summary(records):
    base = [r for r in records if r["augment"] is None]
    return {
        "utterances": len(records),
        "hours_total": round(sum(r["duration"] for r in records) / 3600, 3),
        "hours_unaugmented": round(sum(r["duration"] for r in base) / 3600, 3),
        "unaugmented_hours_by_engine": hours_by(base, lambda r: r["engine"]),
        "unaugmented_hours_by_voice": hours_by(base, _voice_key),
        "unaugmented_hours_by_language": hours_by(base, lambda r: r["language"]),
        "unaugmented_espeak_english_hours_by_accent": hours_by(
            [r for r in base if r["engine"] == "espeak" and r["language"] == "en"], lambda r: r["voice"].split("+")[0]),
        "hours_by_split": hours_by(records, lambda r: r["split"]),
        "val_voices": sorted({r["voice"] for r in records if r["split"] == "val"}),
        "hours_by_augment": hours_by(records, lambda r: (r["augment"] or "none").split(" ")[0]),
        "distinct_english_voices": len({r["voice"] for r in base if r["language"] == "en"}),
    }


def format_summary(s):
    lines = [f"{s['utterances']} utterances, {s['hours_total']:.2f} h in all, "
             f"{s['hours_unaugmented']:.2f} h unaugmented"]
    for title in ("unaugmented_hours_by_engine", "unaugmented_hours_by_voice", "unaugmented_hours_by_language",
                  "unaugmented_espeak_english_hours_by_accent", "hours_by_split", "hours_by_augment"):
        lines.append(title.replace("_", " ") + ":")
        lines += [f"  {k:40s} {v:7.3f} h" for k, v in s[title].items()]
    lines.append(f"val voices: {', '.join(s['val_voices'])}")
    lines.append(f"distinct English voices: {s['distinct_english_voices']}")
    return "\n".join(lines)
