# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Forced alignment of an English transcript to real speech with pocketsphinx: words and ARPAbet phones with times.

pocketsphinx's wheel carries the US English acoustic model and CMU dictionary. Alignment runs two passes over the
same audio: the first decodes with the transcript as the only allowed word sequence, the second (after
`set_alignment`) yields the word and phone segments in 10 ms frames.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from inference.audio import SAMPLE_RATE

_FRAME_S = 0.01
_SILENCE = "sil"


@dataclass(frozen=True)
class AlignedWord:
    """A transcript word (or "sil" for silence) with its phones as (ARPAbet label, start_s, end_s)."""

    text: str
    start: float
    end: float
    phones: tuple


class AlignmentError(Exception):
    """The transcript cannot be aligned (unknown word that is no compound of known ones, or no alignment found)."""


def transcript_words(text: str) -> list[str]:
    """Lower-case words of letters and apostrophes, the only form pocketsphinx's align text accepts."""
    return re.findall(r"[a-z']+", text.lower())


@lru_cache(maxsize=1)
def _dictionary_words() -> frozenset:
    from pocketsphinx import get_model_path

    path = f"{get_model_path()}/en-us/cmudict-en-us.dict"
    with open(path, encoding="utf-8") as f:
        return frozenset(line.split(maxsplit=1)[0] for line in f if line.strip() and "(" not in line.split()[0])


def split_compound(word: str, known) -> list[str] | None:
    """The fewest dictionary words that spell `word` when joined ("thereunder" -> ["there", "under"]), or None."""
    best = [None] * (len(word) + 1)  # best[i]: fewest parts spelling word[:i]
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(end):
            part = word[start:end]
            if best[start] is not None and part in known and len(part) > 1:
                candidate = best[start] + [part]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[len(word)]


def _new_decoder():
    from pocketsphinx import Decoder

    return Decoder(samprate=SAMPLE_RATE, bestpath=False, loglevel="FATAL")


def _add_unknown_words(decoder, words):
    known = _dictionary_words()
    for word in sorted(set(words)):
        if word in known:
            continue
        parts = split_compound(word, known)
        if parts is None:
            raise AlignmentError(f"'{word}' is not in the pronunciation dictionary and is no compound of its words")
        phones = " ".join(decoder.lookup_word(part) for part in parts)
        decoder.add_word(word, phones, True)


def align(audio16k: np.ndarray, transcript: str) -> list[AlignedWord]:
    """Align `transcript` to mono float32 audio at 16 kHz; silences come back as words "sil" with one phone "sil"."""
    words = transcript_words(transcript)
    if not words:
        raise AlignmentError("the transcript has no words")
    pcm = (np.clip(np.asarray(audio16k, dtype=np.float64), -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
    decoder = _new_decoder()
    _add_unknown_words(decoder, words)
    decoder.set_align_text(" ".join(words))
    for pass_index in range(2):
        if pass_index == 1:
            decoder.set_alignment()
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
    segments = decoder.get_alignment()
    if segments is None:
        raise AlignmentError("pocketsphinx found no alignment of the transcript to the audio")
    aligned = []
    for segment in segments:
        is_word = not segment.name.startswith("<") and not segment.name.startswith("[")
        text = segment.name.split("(")[0] if is_word else _SILENCE  # "to(2)": the dictionary's second variant
        phones = tuple(
            (phone.name if is_word else _SILENCE, phone.start * _FRAME_S, (phone.start + phone.duration) * _FRAME_S)
            for phone in segment
        )
        aligned.append(AlignedWord(text, segment.start * _FRAME_S, (segment.start + segment.duration) * _FRAME_S,
                                   phones))
    return aligned


def phones_of(words: list[AlignedWord]) -> list[tuple[str, float, float]]:
    """The phones of aligned words in order, as the teacher and the metrics take them."""
    return [phone for word in words for phone in word.phones]
