# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sentences to synthesise: fortunes (English and, where Debian packages them, other languages),
random word sequences from the CMU dictionary, and pseudo-sentences in a language's orthography."""
import re
from pathlib import Path

import numpy as np

FORTUNES_ROOT = Path("/usr/share/games/fortunes")

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ATTRIBUTION = re.compile(r"\s+(--|—|~)\s*[^.!?]*$")
_ALLOWED_PUNCT = " ,.;:!?'-"


def cmudict_path():
    """The CMU dictionary shipped inside the installed pocketsphinx wheel."""
    import pocketsphinx

    return Path(pocketsphinx.__file__).parent / "model" / "en-us" / "cmudict-en-us.dict"


def _fortune_records(path):
    text = Path(path).read_bytes().decode("utf-8", "replace").replace("\r", "")
    for record in re.split(r"^%\s*$", text, flags=re.M):
        yield record


def _clean(record):
    text = " ".join(record.split())
    text = _ATTRIBUTION.sub("", text)
    text = text.replace("\u2019", "'").replace("`", "'").replace("\u201c", "").replace("\u201d", "")
    text = text.replace('"', "").replace("\u00ab", "").replace("\u00bb", "").replace("\u201e", "")
    return text


def _acceptable(sentence, ascii_only, min_words, max_words):
    words = sentence.split()
    if not min_words <= len(words) <= max_words:
        return False
    for ch in sentence:
        if ch.isalpha():
            if ascii_only and not ch.isascii():
                return False
        elif ch not in _ALLOWED_PUNCT:
            return False
    letters = sum(ch.isalpha() for ch in sentence)
    return letters >= 0.7 * len(sentence.replace(" ", ""))


def fortune_sentences(paths, ascii_only, min_words=3, max_words=28):
    """Unique sentences from fortune files, in a stable order, with attributions and odd symbols removed."""
    seen = set()
    out = []
    for path in paths:
        for record in _fortune_records(path):
            for sentence in _SENTENCE_END.split(_clean(record)):
                sentence = sentence.strip(" -:;,")
                if sentence and sentence not in seen and _acceptable(sentence, ascii_only, min_words, max_words):
                    seen.add(sentence)
                    out.append(sentence)
    return out


def fortune_files(subdir=None, exclude=()):
    """The plain fortune files (not .dat/.u8 indexes, not links, not the offensive sections) of one
    directory or file; `exclude` names files to leave out (other languages' packages put some at the top)."""
    root = FORTUNES_ROOT / subdir if subdir else FORTUNES_ROOT
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.iterdir()
        if p.is_file() and p.suffix not in (".dat", ".u8") and not p.is_symlink() and p.name not in exclude
    )


def cmudict_words(path=None):
    """Plain alphabetic head words of the CMU dictionary (no alternates, no abbreviations)."""
    words = []
    with open(path or cmudict_path(), encoding="utf-8", errors="replace") as f:
        for line in f:
            word = line.split(" ", 1)[0]
            if "(" not in word and re.fullmatch(r"[a-z]+('[a-z]+)?", word) and 2 <= len(word) <= 12:
                words.append(word)
    return words


def _join_words(words, rng):
    """A sentence from words with a capital, commas now and then and a final stop."""
    parts = []
    for i, word in enumerate(words):
        parts.append(word)
        if 0 < i < len(words) - 2 and rng.random() < 0.12:
            parts[-1] += ","
    sentence = " ".join(parts)
    return sentence[0].upper() + sentence[1:] + rng.choice([".", ".", ".", "?", "!"])


def word_sentences(words, count, rng, min_words=4, max_words=14):
    """Random word sequences: phonetically varied English that no fortune contains."""
    words = np.asarray(words)
    out = []
    for _ in range(count):
        n = int(rng.integers(min_words, max_words + 1))
        out.append(_join_words(list(rng.choice(words, n)), rng))
    return out


def pseudo_word(syllables, rng):
    onsets, vowels, codas = syllables
    n = int(rng.choice([1, 1, 2, 2, 2, 3, 3, 4]))
    parts = []
    for _ in range(n):
        parts.append(rng.choice(onsets) + rng.choice(vowels) + (rng.choice(codas) if rng.random() < 0.4 else ""))
    return "".join(parts)


def pseudo_sentences(syllables, count, rng, min_words=4, max_words=12):
    """Made-up sentences whose spelling follows a language's orthography (for languages without fortunes)."""
    out = []
    for _ in range(count):
        n = int(rng.integers(min_words, max_words + 1))
        out.append(_join_words([pseudo_word(syllables, rng) for _ in range(n)], rng))
    return out
