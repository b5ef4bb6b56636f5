# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Articulatory features of phonemes, for ARPAbet labels and espeak-ng phoneme mnemonics.

A phone label becomes a tuple of `Segment`s (two or three for diphthongs, one otherwise). Vowels carry height,
backness and rounding; consonants carry place, manner and rounding. The teacher derives its mouth targets from
these features alone, so any language espeak-ng speaks gets targets without a per-language table: the espeak-ng
mnemonics (Kirshenbaum-style ASCII, with X-SAMPA-like backslash variants) are parsed character by character.
Only where a mnemonic means different sounds in different languages' tables does the language matter
(`_LANGUAGE_VOWELS`, used when the inventory names it: "espeak:pl").
"""

from functools import lru_cache
from typing import NamedTuple

INVENTORIES = ("arpabet", "espeak")


class Segment(NamedTuple):
    kind: str               # "vowel", "consonant" or "pause"
    place: str = ""         # consonants: bilabial, labiodental, dental, alveolar, postalveolar, palatal, velar,
                            # uvular, pharyngeal, glottal, labiovelar, unknown
    manner: str = ""        # consonants: stop, nasal, fricative, sibilant, affricate, approximant, lateral, tap, trill
    height: float = 0.0     # vowels: 0 close .. 1 open
    back: float = 0.5       # vowels: 0 front .. 1 back
    rounded: float = 0.0    # 0 spread or neutral .. 1 fully rounded (vowels and consonants)


PAUSE = Segment("pause")
UNKNOWN = Segment("consonant", "unknown", "approximant")


def _v(height, back, rounded=0.0):
    return Segment("vowel", height=height, back=back, rounded=rounded)


def _c(place, manner, rounded=0.0):
    return Segment("consonant", place, manner, rounded=rounded)


# Kirshenbaum / espeak-ng vowel letters: (height, back, rounded).
_VOWELS = {
    "i": _v(0.0, 0.0), "I": _v(0.15, 0.15), "e": _v(0.3, 0.0), "E": _v(0.6, 0.0), "&": _v(0.85, 0.1),
    "a": _v(1.0, 0.35), "A": _v(1.0, 0.9), "0": _v(0.95, 0.9, 0.6), "O": _v(0.65, 0.9, 0.7),
    "o": _v(0.3, 1.0, 0.85), "U": _v(0.15, 0.8, 0.4), "u": _v(0.0, 1.0, 1.0), "V": _v(0.65, 0.75),
    "@": _v(0.45, 0.5), "3": _v(0.55, 0.5), "y": _v(0.0, 0.0, 0.9), "Y": _v(0.3, 0.1, 0.8),
    "W": _v(0.6, 0.1, 0.75), "8": _v(0.35, 0.5, 0.7),
}

# A few mnemonics mean another vowel in some languages' espeak-ng tables: "y" is the close central unrounded
# vowel (Polish ryba -> R'yba, Russian мы -> m'y, European Portuguese final e), not the front rounded one.
_CLOSE_CENTRAL = _v(0.05, 0.5)
_LANGUAGE_VOWELS = {language: {"y": _CLOSE_CENTRAL}
                    for language in ("pl", "pt", "pt-pt", "ru", "bg", "cs", "sk", "ro", "sr", "hr")}

# espeak-ng consonant letters (a trailing backslash is part of the symbol, as in X-SAMPA).
_CONSONANTS = {
    "p": _c("bilabial", "stop"), "b": _c("bilabial", "stop"), "m": _c("bilabial", "nasal"),
    "B": _c("bilabial", "fricative"), "p\\": _c("bilabial", "fricative"), "F": _c("bilabial", "fricative"),
    "f": _c("labiodental", "fricative"), "v": _c("labiodental", "fricative"), "M": _c("labiodental", "nasal"),
    "T": _c("dental", "fricative"), "D": _c("dental", "fricative"),
    "t": _c("alveolar", "stop"), "d": _c("alveolar", "stop"), "n": _c("alveolar", "nasal"),
    "s": _c("alveolar", "sibilant"), "z": _c("alveolar", "sibilant"), "l": _c("alveolar", "lateral"),
    "L": _c("alveolar", "lateral"), "K": _c("alveolar", "lateral"), "r": _c("alveolar", "approximant", 0.15),
    "*": _c("alveolar", "tap"),
    "S": _c("postalveolar", "sibilant", 0.5), "Z": _c("postalveolar", "sibilant", 0.5),
    "s\\": _c("palatal", "sibilant"), "z\\": _c("palatal", "sibilant"),
    "c": _c("palatal", "stop"), "J": _c("palatal", "stop"), "C": _c("palatal", "fricative"),
    "j": _c("palatal", "approximant"), ";": _c("palatal", "approximant"),
    "k": _c("velar", "stop"), "g": _c("velar", "stop"), "N": _c("velar", "nasal"),
    "x": _c("velar", "fricative"), "G": _c("velar", "fricative"),
    "q": _c("uvular", "stop"), "X": _c("uvular", "fricative"), "R": _c("uvular", "trill"),
    "N\\": _c("uvular", "nasal"), "H": _c("pharyngeal", "fricative"), "Q": _c("pharyngeal", "fricative"),
    "h": _c("glottal", "fricative"), "?": _c("glottal", "stop"), "!": _c("glottal", "stop"),
    "w": _c("labiovelar", "approximant", 1.0),
}

# Modifiers that change a consonant's place: palatal (n^ l^), retroflex (r` t.) counts as alveolar for the lips.
_PLACE_MODIFIERS = {"^": "palatal"}
_AFFRICATE_STOPS = ("t", "d")
_LEADING_ONLY = set("038!")  # phonemes at the start of a label; after a letter they are variant or tone marks


def _parse_espeak(label: str, language: str = "") -> tuple[Segment, ...]:
    text = label.strip()
    if not text or text[0] in "_|" or (text[0] == "(" and text.endswith(")")):
        return (PAUSE,)
    segments: list[Segment] = []
    symbol = ""
    i = 0
    while i < len(text):
        previous_symbol, previous = symbol, (segments[-1] if segments else None)
        symbol = text[i:i + 2] if text[i:i + 2] in _CONSONANTS else text[i]
        i += len(symbol)
        leading = previous is None or symbol not in _LEADING_ONLY
        if symbol in _VOWELS and leading:
            segment = _LANGUAGE_VOWELS.get(language, {}).get(symbol, _VOWELS[symbol])
        elif symbol in _CONSONANTS and leading and not (symbol == ";" and previous is not None):
            segment = _CONSONANTS[symbol]
        elif symbol == "#" and previous is not None and previous.kind == "vowel":
            segments[-1] = previous._replace(back=0.5, height=min(previous.height, 0.85))  # centralised: a# I#
            continue
        elif symbol in _PLACE_MODIFIERS and previous is not None and previous.kind == "consonant":
            segments[-1] = previous._replace(place=_PLACE_MODIFIERS[symbol])
            continue
        else:                                       # length, nasalisation, stress, tone, variant marks
            symbol = previous_symbol
            continue
        if previous is not None and previous.kind == "consonant" and segment.kind == "consonant":
            if segment.place == "glottal" and segment.manner == "fricative":
                continue                            # aspiration: ph th kh
            if segment.manner == "sibilant" and previous_symbol in _AFFRICATE_STOPS:
                segments[-1] = segment._replace(manner="affricate")
                continue
        if segment != previous:                     # geminates and trills written twice: nn **
            segments.append(segment)
    return tuple(segments) or (UNKNOWN,)


_ARPABET_PAUSES = {"", "pau", "sil", "h#", "sp", "spn", "epi", "ssil", "brth", "noise"}
_ARPABET = {
    "aa": "A", "ae": "&", "ah": "V", "ao": "O", "aw": "aU", "ay": "aI", "ax": "@", "ax-h": "@", "axr": "@r",
    "eh": "E", "er": "3", "ey": "eI", "ih": "I", "ix": "I#", "iy": "i", "ow": "oU", "oy": "OI", "uh": "U",
    "uw": "u", "ux": "u#", "el": "l", "em": "m", "en": "n", "eng": "N",
    "b": "b", "bcl": "b", "p": "p", "pcl": "p", "m": "m", "f": "f", "v": "v", "th": "T", "dh": "D",
    "t": "t", "tcl": "t", "d": "d", "dcl": "d", "dx": "*", "n": "n", "nx": "n", "s": "s", "z": "z", "l": "l",
    "r": "r", "sh": "S", "zh": "Z", "ch": "tS", "jh": "dZ", "y": "j", "k": "k", "kcl": "k", "g": "g",
    "gcl": "g", "ng": "N", "hh": "h", "h": "h", "hv": "h", "q": "?", "w": "w", "wh": "w",
}


def _parse_arpabet(label: str) -> tuple[Segment, ...]:
    key = label.strip().lower().rstrip("012")
    if key in _ARPABET_PAUSES or key[:1] in "+<[":
        return (PAUSE,)
    if key in _ARPABET:
        return _parse_espeak(_ARPABET[key])
    return (UNKNOWN,)


@lru_cache(maxsize=65536)
def segments(label: str, inventory: str) -> tuple[Segment, ...]:
    """The articulatory segments of one phone label (a diphthong gives one segment per vowel quality).

    inventory: "arpabet", or "espeak" optionally qualified by the espeak-ng voice's language ("espeak:pl"),
    which settles the few mnemonics whose meaning differs between languages."""
    if inventory == "arpabet":
        return _parse_arpabet(label)
    name, _, language = inventory.partition(":")
    if name == "espeak":
        return _parse_espeak(label, language.split("+")[0].lower())
    raise ValueError(f"unknown phoneme inventory {inventory!r}; expected one of {INVENTORIES}")


def is_closure(segment: Segment) -> bool:
    """Lips meet: bilabial stops and nasals."""
    return segment.place == "bilabial" and segment.manner in ("stop", "nasal")


def is_tuck(segment: Segment) -> bool:
    """Lower lip tucked against the upper teeth: labiodentals."""
    return segment.place == "labiodental"


LIP_PLACES = ("bilabial", "labiodental", "labiovelar")


def is_labial(segment: Segment) -> bool:
    """A consonant the lips make: /p b m f v w/."""
    return segment.kind == "consonant" and segment.place in LIP_PLACES


def is_parted(segment: Segment) -> bool:
    """Lips apart: consonants that no lip takes part in (alveolars, velars, glottals and the rest)."""
    return segment.kind == "consonant" and segment.place not in LIP_PLACES + ("unknown",)


def is_open(segment: Segment) -> bool:
    """Open vowels: near-open and open, and open-mid back (ARPAbet aa ae ah ao aw ay)."""
    return segment.kind == "vowel" and (segment.height >= 0.75 or (segment.height >= 0.6 and segment.back >= 0.7))


def is_rounded(segment: Segment) -> bool:
    """Clearly rounded: close and mid rounded vowels, /w/ (ARPAbet uw ow w)."""
    if segment.kind == "vowel":
        return segment.rounded >= 0.6 and segment.height <= 0.45
    return segment.rounded >= 0.8


@lru_cache(maxsize=65536)
def phone_class(label: str, inventory: str) -> frozenset:
    """Classes of a phone label, judged on its first segment (a diphthong's nucleus).

    Members: "pause", "vowel", "consonant", "bilabial" (lips close: /p b m/), "labiodental" (/f v/),
    "open" (/aa ae ah ao aw ay/), "rounded" (/uw ow w/), "nasal".
    """
    segment = segments(label, inventory)[0]
    classes = {segment.kind}
    if is_closure(segment):
        classes.add("bilabial")
    if is_tuck(segment):
        classes.add("labiodental")
    if is_open(segment):
        classes.add("open")
    if is_rounded(segment):
        classes.add("rounded")
    if segment.manner == "nasal":
        classes.add("nasal")
    return frozenset(classes)
