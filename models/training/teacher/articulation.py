# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Mouth targets and dominance of articulatory segments, in a small articulator space.

The teacher blends in this space and expands to ARKit controls at the end. Lip closure is a fraction of the jaw
opening (mouthClose = CLOSE * jawOpen), so a closure is exact whatever the jaw does: the rig defines jawOpen and
mouthClose at equal weights as lips together. Symmetric Left/Right controls share one articulator.
"""

import numpy as np

from .phonemes import Segment, is_closure, is_open, is_parted, is_tuck

ARTICULATORS = ("jaw", "close", "funnel", "pucker", "stretch", "lowerDown", "upperUp", "rollLower", "rollUpper",
                "press", "jawForward")
A = {name: i for i, name in enumerate(ARTICULATORS)}

# Dominance groups: articulators that move together share a dominance (Cohen & Massaro's per-parameter dominance).
GROUPS = ("jaw", "closure", "rounding", "spread", "vertical")
GROUP_OF = np.array([0, 1, 2, 2, 3, 4, 4, 4, 4, 1, 0])
# Reach of a segment's dominance beyond its hold (seconds), before (anticipation) and after (carry-over) it.
TAU_ANTICIPATION = np.array([0.06, 0.035, 0.09, 0.06, 0.045])
TAU_CARRYOVER = np.array([0.05, 0.03, 0.07, 0.05, 0.04])
ROUNDING_ANTICIPATION = 2.0  # rounded segments round the lips this many times further ahead

# Articulators scaled by speech rate and loudness (JALI's jaw and lip axes); closure and tuck are not.
SCALED = np.array([A[n] for n in ("jaw", "funnel", "pucker", "stretch", "lowerDown", "upperUp")])

CLASSES = ("parted", "tuck", "closure", "open")

# Jaw opening per consonant place. The lips of the rig's rest face touch until jawOpen is about 0.26, so
# consonants that keep the lips apart sit above that.
_JAW_BY_PLACE = {"bilabial": 0.25, "labiodental": 0.2, "dental": 0.42, "alveolar": 0.4, "postalveolar": 0.36,
                 "palatal": 0.38, "velar": 0.45, "uvular": 0.48, "pharyngeal": 0.5, "glottal": 0.5,
                 "labiovelar": 0.3, "unknown": 0.4}
SIBILANT_JAW = 0.33
_JAW_DOMINANCE = {"bilabial": 0.5, "labiodental": 0.6, "dental": 0.6, "alveolar": 0.4, "postalveolar": 0.5,
                  "palatal": 0.4, "velar": 0.3, "uvular": 0.2, "pharyngeal": 0.2, "glottal": 0.05,
                  "labiovelar": 0.4, "unknown": 0.1}


def _vowel(s: Segment):
    h, b, r = s.height, s.back, s.rounded
    t = np.zeros(len(ARTICULATORS))
    t[A["jaw"]] = 0.35 + 0.5 * h
    t[A["stretch"]] = (1 - r) * (1 - b) * (0.6 - 0.35 * h)
    t[A["pucker"]] = 0.85 * r * (1 - h)
    t[A["funnel"]] = r * (0.2 + 0.6 * h)
    t[A["lowerDown"]] = 0.3 * h * (1 - r)
    t[A["upperUp"]] = 0.15 * h * (1 - r)
    dominance = (1.0, 1.0, 0.8 + 0.2 * r, 0.8, 0.6)
    return t, dominance


def _consonant(s: Segment):
    t = np.zeros(len(ARTICULATORS))
    sibilant = s.manner in ("sibilant", "affricate")
    t[A["jaw"]] = SIBILANT_JAW if sibilant and s.place == "alveolar" else _JAW_BY_PLACE[s.place]
    jaw_dominance = 0.8 if sibilant else _JAW_DOMINANCE[s.place]
    closure_dominance, vertical_dominance, spread_dominance = 0.3, 0.2, 0.15
    if s.place == "bilabial":
        t[A["close"]] = 1.0 if is_closure(s) else 0.7
        t[A["press"]] = {"stop": 0.4, "nasal": 0.15}.get(s.manner, 0.0)
        closure_dominance, vertical_dominance = 1.0, 0.8
    elif is_tuck(s):
        t[A["rollLower"]], t[A["upperUp"]], t[A["jawForward"]] = 0.8, 0.3, 0.1
        closure_dominance, vertical_dominance = 0.7, 1.0
    elif s.place == "palatal" or (sibilant and s.place == "alveolar"):
        t[A["stretch"]] = 0.2
        spread_dominance = 0.4
    if s.place == "labiovelar":
        t[A["pucker"]], t[A["funnel"]] = 0.8 * s.rounded, 0.3 * s.rounded
    else:
        t[A["funnel"]], t[A["pucker"]] = 0.9 * s.rounded, 0.3 * s.rounded
    dominance = (jaw_dominance, closure_dominance, 0.1 + 0.9 * s.rounded, spread_dominance, vertical_dominance)
    if s.place == "unknown":
        dominance = (0.1,) * len(GROUPS)
    return t, dominance


def segment_table(segments):
    """Per segment: targets [S, articulators], dominance [S, groups], reach before/after [S, groups],
    hard-constraint class flags [S, CLASSES] and a pause flag [S]."""
    n = len(segments)
    targets = np.zeros((n, len(ARTICULATORS)))
    dominance = np.full((n, len(GROUPS)), 0.5)
    classes = np.zeros((n, len(CLASSES)), dtype=bool)
    pause = np.zeros(n, dtype=bool)
    tau_before = np.tile(TAU_ANTICIPATION, (n, 1))
    tau_after = np.tile(TAU_CARRYOVER, (n, 1))
    for i, s in enumerate(segments):
        if s.kind == "pause":
            pause[i] = True
            continue
        targets[i], dominance[i] = _vowel(s) if s.kind == "vowel" else _consonant(s)
        classes[i] = is_parted(s), is_tuck(s), is_closure(s), is_open(s)
        tau_before[i, GROUPS.index("rounding")] *= 1 + (ROUNDING_ANTICIPATION - 1) * s.rounded
    return targets, dominance, tau_before, tau_after, classes, pause
