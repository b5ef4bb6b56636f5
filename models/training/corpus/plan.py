# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The build plan: every utterance to synthesise (text, engine, voice, rate, pitch, split, variants),
made deterministically from a seed, grouped into tasks that a worker runs in one go.

Each speaker (and each other language) draws from its own random stream, so asking for more hours
only appends utterances: the first n of a speaker are the same whatever the totals."""
import zlib
from dataclasses import dataclass, field

import numpy as np

from . import texts, variants, voices

# Characters of text per second of audio, measured on a full build (espeak-ng at 175 words per minute).
CHARS_PER_SECOND = {"festival": 14.7, "flite": 15.4, "espeak": 17.3}
ESPEAK_DEFAULT_RATE = 175
BATCH = {"festival": 40, "flite": 20, "espeak": 40}


@dataclass
class Utterance:
    id: str
    engine: str
    voice: str
    language: str
    text: str
    split: str
    rate: int = ESPEAK_DEFAULT_RATE
    pitch: int = 50
    variants: list = field(default_factory=list)  # (id suffix, spec for variants.apply)


def _speech_seconds(text, engine, rate):
    cps = CHARS_PER_SECOND[engine] * (rate / ESPEAK_DEFAULT_RATE if engine == "espeak" else 1.0)
    return len(text) / cps


def _grouped(sentences, rng, max_chars):
    """Consecutive sentences joined into utterances of a random length (one to a few sentences)."""
    i = 0
    while i < len(sentences):
        target = rng.uniform(30, max_chars)
        text = sentences[i]
        i += 1
        while i < len(sentences) and len(text) + len(sentences[i]) < target:
            text += " " + sentences[i]
            i += 1
        yield text


class TextStream:
    """An endless, deterministic supply of utterance texts for one language."""

    def __init__(self, sentences, rng, max_chars=200, word_sentences=None):
        self.rng = rng
        self.sentences = list(sentences)
        rng.shuffle(self.sentences)
        self.word_sentences = word_sentences
        self.max_chars = max_chars
        self._it = iter(())

    def _refill(self):
        pool = list(self.sentences)
        if self.word_sentences is not None:
            pool += self.word_sentences(len(pool) // 2 + 50)
            self.rng.shuffle(pool)
        self._it = _grouped(pool, self.rng, self.max_chars)

    def __next__(self):
        for _ in range(2):
            text = next(self._it, None)
            if text is not None:
                return text
            self._refill()
        raise RuntimeError("no sentences for this language")


def _slug(voice):
    return voice.replace("+", "_")


def _add_variants(utt, rng, fraction_warp, fraction_codec):
    if utt.split != "train":
        return utt
    if rng.random() < fraction_warp:
        utt.variants.append(("-w", variants.random_warp(rng)))
    if rng.random() < fraction_codec:
        utt.variants.append(("-c", variants.random_codec(rng)))
    return utt


def _fill(target_s, make, engine):
    out, total = [], 0.0
    while total < target_s or not out:
        utt = make(len(out))
        out.append(utt)
        total += _speech_seconds(utt.text, engine, utt.rate)
    return out


def _stream_rng(seed, key):
    return np.random.default_rng([seed, zlib.crc32(key.encode())])


def english_utterances(hours, engines, seed, fraction_warp, fraction_codec):
    other_sources = {source for _, source in voices.OTHER_LANGUAGES.values() if source}
    fortunes = texts.fortune_sentences(texts.fortune_files(exclude=other_sources), ascii_only=True)
    words = texts.cmudict_words()
    _stream_rng(seed, "english texts").shuffle(fortunes)
    held = max(1, len(fortunes) // 10)
    pools = {"train": fortunes[held:], "val": fortunes[:held]}
    per_speaker = []
    for spk in voices.ENGLISH:
        if spk.engine not in engines:
            continue
        rng = _stream_rng(seed, f"{spk.engine}/{spk.voice}")
        stream = TextStream(pools[spk.split], rng,
                            word_sentences=lambda n, rng=rng: texts.word_sentences(words, n, rng))

        def make(i, spk=spk, rng=rng, stream=stream):
            rate, pitch, voice = ESPEAK_DEFAULT_RATE, 50, spk.voice
            if spk.engine == "espeak":
                rate, pitch = int(rng.integers(130, 260)), int(rng.integers(25, 76))
                if spk.split == "train":
                    accent = rng.choice(voices.ESPEAK_ENGLISH_ACCENTS)
                    voice = voices.espeak_voice_name(accent, rng.choice(voices.ESPEAK_TRAIN_VARIANTS))
            uid = f"{spk.engine}-{_slug(spk.voice)}-{i:05d}"
            utt = Utterance(uid, spk.engine, voice, "en", next(stream), spk.split, rate, pitch)
            return _add_variants(utt, rng, fraction_warp, fraction_codec)

        per_speaker.append(_fill(spk.share * hours * 3600, make, spk.engine))
    return per_speaker


def _language_stream(lang, rng):
    """Fortunes of the language, or pseudo-sentences where Debian packages none."""
    source = voices.OTHER_LANGUAGES[lang][1]
    if source is None:
        syllables = voices.SYLLABLES[lang]
        return TextStream([], rng, word_sentences=lambda n: texts.pseudo_sentences(syllables, n, rng))
    return TextStream(texts.fortune_sentences(texts.fortune_files(source), ascii_only=False), rng)


def other_language_utterances(minutes, languages, seed, fraction_warp, fraction_codec):
    per_language = []
    for lang in languages:
        base = voices.OTHER_LANGUAGES[lang][0]
        rng = _stream_rng(seed, f"espeak/{lang}")
        stream = _language_stream(lang, rng)

        def make(i, lang=lang, base=base, stream=stream, rng=rng):
            held_out = rng.random() < voices.OTHER_LANGUAGE_VAL_SHARE
            variant = voices.VAL_ESPEAK_VARIANT if held_out else rng.choice(voices.ESPEAK_TRAIN_VARIANTS)
            utt = Utterance(
                f"espeak-{lang}-{i:05d}", "espeak", voices.espeak_voice_name(base, variant), lang, next(stream),
                "val" if held_out else "train", int(rng.integers(130, 260)), int(rng.integers(25, 76)),
            )
            return _add_variants(utt, rng, fraction_warp, fraction_codec)

        per_language.append(_fill(minutes * 60, make, "espeak"))
    return per_language


def festival_language_utterances(minutes, seed, fraction_warp, fraction_codec):
    """`minutes` of speech from each of festival's other-language voices (none for 0)."""
    if minutes <= 0:
        return []
    per_voice = []
    for voice, lang in voices.FESTIVAL_OTHER_LANGUAGES.items():
        rng = _stream_rng(seed, f"festival/{voice}")
        stream = _language_stream(lang, rng)

        def make(i, voice=voice, lang=lang, stream=stream, rng=rng):
            utt = Utterance(f"festival-{voice}-{i:05d}", "festival", voice, lang, next(stream), "train")
            return _add_variants(utt, rng, fraction_warp, fraction_codec)

        per_voice.append(_fill(minutes * 60, make, "festival"))
    return per_voice


def tasks(groups):
    """Batches of utterances of one engine (and one voice for festival), interleaved across groups so
    that a build stopped early is still balanced over voices and languages."""
    batched = []
    for group in groups:
        engine = group[0].engine
        size = BATCH[engine]
        batched.append([group[i:i + size] for i in range(0, len(group), size)])
    out = []
    for round_ in range(max((len(b) for b in batched), default=0)):
        out += [b[round_] for b in batched if round_ < len(b)]
    return out


def build_plan(hours_english, minutes_per_language, languages, engines, seed, fraction_warp, fraction_codec,
               minutes_per_festival_voice=0.0):
    groups = english_utterances(hours_english, engines, seed, fraction_warp, fraction_codec)
    if "espeak" in engines:
        groups += other_language_utterances(minutes_per_language, languages, seed, fraction_warp, fraction_codec)
    if "festival" in engines:
        groups += festival_language_utterances(minutes_per_festival_voice, seed, fraction_warp, fraction_codec)
    return tasks(groups)
