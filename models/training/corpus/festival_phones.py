# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""festival's other-language phone sets as espeak-ng mnemonics, and the text encoding each front end reads.

The Debian festvox voices for Italian, Czech, Finnish and Russian are made of units recorded from real
speakers; each language has its own phone set (`PhoneSet.description` of the voice). The corpus stores their
timings in the espeak-ng inventory that the teacher already reads (`teacher.phonemes`), so no new inventory is
needed. Stress digits (Italian `a1`) and length marks (`a:`, `k:`) are dropped: they do not change the lips.
"""
from .espeak_events import PAUSE as ESPEAK_PAUSE

FESTIVAL_PAUSES = {"#", "##", "pau"}


def _same(names):
    return {name: name for name in names.split()}


PHONES = {
    "it": {**_same("i e E a o O u j w p t k b d g f s S v z Z ts tS dz dZ m n l r"),
           "J": "n^", "ng": "N", "nf": "M", "L": "l^"},
    # c = ts, c~ = tS, d~ t~ = palatal stops, n~ = palatal nasal, n* = velar nasal, r~ = the fricative trill of
    # "ř", "_" = the glottal stroke between vowels.
    "cs": {**_same("a b d e f g h i j k l m n o p r s t u v z dz"),
           "c": "ts", "c~": "tS", "ch": "x", "d~": "J", "dz~": "dZ", "n*": "N", "n~": "n^", "r~": "r", "r~*": "r",
           "s~": "S", "t~": "c", "z~": "Z", "_": "?"},
    # @ = "ä", 7 = "ö", & = schwa (foreign words), L = the palatal lateral.
    "fi": {**_same("a e i o u y p t k b d g f T D s z S Z h v m n N l r j w"), "@": "&", "7": "Y", "&": "@",
           "L": "l^"},
    # Doubled consonants are palatalised (pp = p'); doubled vowels are stressed; y yy = "ы"; ae ay ur are the
    # reduced vowels after hard and soft consonants and reduced u; sch = "щ", h = "х".
    "ru": {**_same("a e i u p b t d k g f v s z m n l r j"),
           **{name * 2: name for name in "a e i u p b t d k g f v s z m n l r".split()},
           "oo": "o", "y": "i#", "yy": "i#", "ae": "V", "ay": "I", "ur": "U", "c": "ts", "ch": "tS", "sh": "S",
           "sch": "S", "zh": "Z", "h": "x", "hh": "x"},
}

# What each language's festival front end reads; the Russian one reads UTF-8.
TEXT_ENCODING = {"it": "iso-8859-1", "cs": "iso-8859-2", "fi": "iso-8859-1"}


def text_encoding(language):
    return TEXT_ENCODING.get(language, "utf-8")


def espeak_mnemonic(label, language):
    """The espeak-ng mnemonic of one festival phone of a language (a pause becomes espeak-ng's pause)."""
    if label in FESTIVAL_PAUSES:
        return ESPEAK_PAUSE
    try:
        return PHONES[language][label.rstrip("1:")]
    except KeyError:
        raise ValueError(f"festival phone {label!r} of language {language!r} has no espeak-ng mnemonic") from None
