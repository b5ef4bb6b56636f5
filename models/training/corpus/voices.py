# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which voices speak how much of the corpus, and which are held out for validation.

English shares are fractions of --hours-english. espeak-ng English utterances each draw an
accent, a voice variant, a rate and a pitch; the variant m3 is held out in every language.
"""
from dataclasses import dataclass

VAL_ESPEAK_VARIANT = "m3"
VAL_FLITE_VOICE = "rms"


@dataclass(frozen=True)
class Speaker:
    engine: str
    voice: str  # festival/flite voice name, or an espeak-ng base voice (variant chosen per utterance)
    share: float
    split: str


ENGLISH = (
    Speaker("festival", "kal_diphone", 0.09, "train"),
    Speaker("festival", "ked_diphone", 0.09, "train"),
    Speaker("festival", "cmu_us_slt_arctic_hts", 0.12, "train"),
    Speaker("flite", "kal", 0.03, "train"),
    Speaker("flite", "kal16", 0.06, "train"),
    Speaker("flite", "awb", 0.10, "train"),
    Speaker("flite", "slt", 0.10, "train"),
    Speaker("flite", VAL_FLITE_VOICE, 0.05, "val"),
    Speaker("espeak", "en", 0.31, "train"),
    Speaker("espeak", "en-us+" + VAL_ESPEAK_VARIANT, 0.05, "val"),
)

ESPEAK_ENGLISH_ACCENTS = ("en-us", "en-us", "en-us", "en", "en-gb-x-rp", "en-gb-scotland", "en-029", "en-gb-x-gbclan")
ESPEAK_TRAIN_VARIANTS = ("", "m1", "m2", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5")

# Other languages: espeak-ng voice, text source (a fortunes directory/file, or None for generated
# pseudo-sentences), and the share of each language's minutes spoken by the held-out variant.
OTHER_LANGUAGES = {
    "de": ("de", "de"),
    "es": ("es", "es"),
    "it": ("it", "it"),
    "ru": ("ru", "ru"),
    "pl": ("pl", "pl"),
    "pt": ("pt-br", "brasil"),
    "cs": ("cs", "cs"),
    "bg": ("bg", "bg"),
    "eo": ("eo", "eo"),
    "fr": ("fr", None),
    "nl": ("nl", None),
    "fi": ("fi", None),
}
OTHER_LANGUAGE_VAL_SHARE = 0.1

# festival voices of other languages, made of units recorded from real speakers (Debian's festvox packages):
# voice -> language, whose texts are OTHER_LANGUAGES' source. All train.
FESTIVAL_OTHER_LANGUAGES = {
    "lp_diphone": "it", "pc_diphone": "it",
    "czech_dita": "cs", "czech_krb": "cs", "czech_machac": "cs", "czech_ph": "cs",
    "suo_fi_lj_diphone": "fi", "hy_fi_mv_diphone": "fi",
    "msu_ru_nsh_clunits": "ru",
}

# Syllable inventories (onsets, vowels, codas) for pseudo-sentences in each language's spelling.
SYLLABLES = {
    "fr": (
        ("", "b", "c", "ch", "d", "f", "g", "j", "l", "m", "n", "p", "qu", "r", "s", "t", "v",
         "br", "cr", "pl", "tr", "gn"),
        ("a", "e", "i", "o", "u", "é", "è", "ou", "ai", "au", "eau", "oi", "an", "en", "on", "in", "eu"),
        ("", "r", "l", "s", "t", "c", "x", "nt"),
    ),
    "nl": (
        ("", "b", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "sch", "st", "br", "kl"),
        ("a", "e", "i", "o", "u", "aa", "ee", "oo", "uu", "ie", "oe", "ij", "ui", "eu", "ou"),
        ("", "n", "k", "t", "s", "l", "r", "ng", "cht", "rd"),
    ),
    "fi": (
        ("", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v"),
        ("a", "e", "i", "o", "u", "y", "ä", "ö", "aa", "ii", "uu", "ää", "ai", "ei", "oi", "uo", "ie"),
        ("", "n", "s", "t", "l", "r", "k"),
    ),
}


def espeak_voice_name(base, variant):
    return f"{base}+{variant}" if variant else base
