# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The teacher: timed phonemes -> ARKit weight curves, the targets the network learns from.

    teacher_curves(phones, inventory, fps=100, duration=None, loudness=None) -> float32 [T, 43] in [0, 1]

Phones are (label, start_s, end_s) in ARPAbet ("arpabet") or espeak-ng mnemonics ("espeak"). Each label becomes
articulatory segments (phonemes.py) with mouth targets and dominance (articulation.py), blended over time with
dominance functions (coarticulation.py). Then, in order: loudness scales jaw and lip amplitude per frame (speech
rate already scaled each segment's targets), hard constraints (optionally) keep the lips apart at every consonant
no lip takes part in (unless a labial is next to it), make every /p b m/ close the lips, every /f v/ tuck the lower
lip and every open vowel open the jaw, and pauses of PAUSE_REST_S or more return to rest.
"""

import numpy as np

from ..controls import CONTROL_NAMES
from .articulation import SCALED, A, segment_table
from .coarticulation import blend, constraint_weights, frame_segments
from .phonemes import PAUSE, is_labial, phone_class, segments

__all__ = ["teacher_curves", "phone_class"]

REFERENCE_PHONE_S = 0.08      # mean phone duration at which speech rate leaves amplitudes unchanged
RATE_WINDOW = 4               # speech phones on each side that define the local rate
RATE_SCALE = (0.75, 1.2)
LOUDNESS_DB_PER_UNIT = 24.0   # +24 dB over the utterance's median doubles jaw and lip amplitude (then clipped)
LOUDNESS_SCALE = (0.7, 1.3)
LOUDNESS_SMOOTH_S = 0.05
PAUSE_REST_S = 0.15           # pauses at least this long relax to rest ...
REST_RAMP_S = 0.08            # ... reached this far inside the pause from either edge
CLOSURE_JAW = (0.1, 0.3)      # jaw range while the lips are closed
TUCK_JAW = (0.1, 0.3)
TUCK = {"rollLower": 0.8, "upperUp": 0.3}
OPEN_JAW = 0.7                # an open vowel opens the jaw at least this much at its centre (6.7 mm on the rig)
# A consonant no lip takes part in, with no labial next to it, keeps the lips apart, however fast or quiet the
# speech: the mean head's lips rest pressed 3.7 mm together and meet until jawOpen is about 0.23; this leaves them
# about 2 mm apart.
PARTED_JAW = 0.36
CONSTRAINT_HOLD = np.array([0.5, 0.5, 0.5, 0.25])  # fraction of the segment held: parted, tuck, closure, open
CONSTRAINT_RAMP_S = np.array([0.015, 0.015, 0.015, 0.015])  # fall-off outside the hold

_SUB_FRACTIONS = {1: (1.0,), 2: (0.7, 0.3), 3: (0.7, 0.2, 0.1)}  # the nucleus holds over the centre

_OUTPUT = {  # control -> articulator; mouthClose and mouthPress* are products, set separately
    "jawOpen": "jaw", "jawForward": "jawForward", "mouthFunnel": "funnel", "mouthPucker": "pucker",
    "mouthRollLower": "rollLower", "mouthRollUpper": "rollUpper",
    "mouthLowerDownLeft": "lowerDown", "mouthLowerDownRight": "lowerDown",
    "mouthUpperUpLeft": "upperUp", "mouthUpperUpRight": "upperUp",
    "mouthStretchLeft": "stretch", "mouthStretchRight": "stretch",
}
_OUT_COLUMNS = np.array([CONTROL_NAMES.index(c) for c in _OUTPUT])
_OUT_SOURCES = np.array([A[a] for a in _OUTPUT.values()])
_CLOSE_COLUMN = CONTROL_NAMES.index("mouthClose")
_PRESS_COLUMNS = np.array([CONTROL_NAMES.index("mouthPressLeft"), CONTROL_NAMES.index("mouthPressRight")])


def _timeline(phones, duration, inventory):
    """Sorted, non-overlapping phones; every gap (and the time before and after) is a pause, and each run of
    pauses becomes one pause. Returns labels (None for a pause), starts, ends."""
    labels = [str(p[0]) for p in phones]
    starts = np.array([float(p[1]) for p in phones])
    ends = np.array([float(p[2]) for p in phones])
    order = np.argsort(starts, kind="stable")
    labels = [None if "pause" in phone_class(labels[i], inventory) else labels[i] for i in order]
    starts, ends = starts[order], np.maximum(ends[order], starts[order])
    ends[:-1] = np.minimum(ends[:-1], starts[1:])
    gap_starts = np.concatenate([[0.0], ends])
    gap_ends = np.concatenate([starts, [max(duration, ends[-1])]])
    gaps = np.flatnonzero(gap_ends - gap_starts > 1e-4)
    labels = np.array(labels + [None] * len(gaps), dtype=object)
    starts = np.concatenate([starts, gap_starts[gaps]])
    ends = np.concatenate([ends, gap_ends[gaps]])
    order = np.argsort(starts, kind="stable")
    labels, starts, ends = labels[order], starts[order], ends[order]
    pause = np.array([label is None for label in labels])
    kept = np.flatnonzero(~pause | ~np.concatenate([[False], pause[:-1]]))
    ends = ends[np.append(kept[1:], len(ends)) - 1]
    labels, starts = labels[kept], starts[kept]
    spoken = ~pause[kept] | (ends > starts)
    return labels[spoken], starts[spoken], ends[spoken]


def _segments(labels, starts, ends, inventory):
    """Split phones into articulatory segments. Returns per segment: table row, start, end, phone index."""
    unique_labels, label_index = np.unique(np.array([l if l is not None else "" for l in labels]),
                                           return_inverse=True)
    inserted = np.array([l is None for l in labels])
    per_label = [segments(l, inventory) for l in unique_labels]
    table_rows = {}
    rows, fractions = [], []
    for segs in per_label + [(PAUSE,)]:
        rows.append([table_rows.setdefault(s, len(table_rows)) for s in segs] + [0] * (3 - len(segs)))
        fractions.append(list(_SUB_FRACTIONS[len(segs)]) + [0.0] * (3 - len(segs)))
    label_index = np.where(inserted, len(per_label), label_index)
    rows, fractions = np.array(rows), np.array(fractions)
    counts = np.array([len(s) for s in per_label] + [1])[label_index]
    phone = np.repeat(np.arange(len(labels)), counts)
    position = np.arange(len(phone)) - np.repeat(np.cumsum(counts) - counts, counts)
    cumulative = np.cumsum(fractions, axis=1) - fractions
    duration = (ends - starts)[phone]
    seg_start = starts[phone] + cumulative[label_index[phone], position] * duration
    seg_end = seg_start + fractions[label_index[phone], position] * duration
    return list(table_rows), rows[label_index[phone], position], seg_start, seg_end, phone


def _rate_scale(starts, ends, pause):
    """JALI's rate axis per phone: fast speech (short phones) shrinks jaw and lip amplitude, slow speech grows it."""
    scale = np.ones(len(starts))
    speech = np.flatnonzero(~pause)
    if len(speech) == 0:
        return scale
    cumulative = np.concatenate([[0.0], np.cumsum(ends[speech] - starts[speech])])
    i = np.arange(len(speech))
    lo, hi = np.maximum(i - RATE_WINDOW, 0), np.minimum(i + RATE_WINDOW + 1, len(speech))
    mean = (cumulative[hi] - cumulative[lo]) / (hi - lo)
    scale[speech] = np.clip(np.sqrt(mean / REFERENCE_PHONE_S), *RATE_SCALE)
    return scale


def _loudness_scale(loudness, n_frames, fps, speech_frames):
    """JALI's loudness axis per frame, relative to the utterance's median loudness in speech (so recording gain
    does not matter, only the speaker's dynamics)."""
    level = np.asarray(loudness, dtype=np.float64).ravel()[:n_frames]
    level = np.pad(level, (0, n_frames - len(level)), mode="edge") if 0 < len(level) < n_frames else level
    if len(level) != n_frames:
        return np.ones(n_frames)
    width = max(int(round(LOUDNESS_SMOOTH_S * fps)), 1)
    level = np.convolve(np.pad(np.abs(level), (width // 2, width - 1 - width // 2), mode="edge"),
                        np.full(width, 1.0 / width), mode="valid")
    voiced = level[speech_frames & (level > 0)]
    if len(voiced) == 0:
        return np.ones(n_frames)
    decibels = 20 * np.log10(np.maximum(level, 1e-9) / np.median(voiced))
    return np.clip(1 + decibels / LOUDNESS_DB_PER_UNIT, *LOUDNESS_SCALE)


def _next_to_labial(table, rows, phone, n_phones):
    """Per segment: whether its phone has a labial phone right before or after it. Such a consonant's lips follow
    the labial's gesture (in "spin" they close during the /s/), so it is not held apart."""
    labial = np.zeros(n_phones, dtype=bool)
    np.logical_or.at(labial, phone, np.array([is_labial(s) for s in table])[rows])
    return (np.concatenate([[False], labial[:-1]]) | np.concatenate([labial[1:], [False]]))[phone]


def _apply_constraints(params, weights):
    """Parting, tuck, then closure, then opening: later ones win where they overlap, so an open vowel's centre frame
    is always open and a bilabial, held closed over its whole duration, is closed on every frame the vowel spares."""
    parted, tuck, closure, opening = (weights[:, i] for i in range(4))
    jaw, close = params[:, A["jaw"]], params[:, A["close"]]
    jaw += parted * (np.maximum(jaw, PARTED_JAW) - jaw)
    close *= 1 - parted
    jaw += tuck * (np.clip(jaw, *TUCK_JAW) - jaw)
    close *= 1 - tuck
    for articulator, value in TUCK.items():
        params[:, A[articulator]] += tuck * (value - params[:, A[articulator]])
    params[:, A["lowerDown"]] *= 1 - tuck
    params[:, [A["funnel"], A["pucker"]]] *= 1 - 0.5 * tuck[:, None]
    jaw += closure * (np.clip(jaw, *CLOSURE_JAW) - jaw)
    close += closure * (1 - close)
    lips_apart = [A[a] for a in ("funnel", "lowerDown", "upperUp", "rollLower", "rollUpper")]
    params[:, lips_apart] *= 1 - closure[:, None]
    jaw += opening * (np.maximum(jaw, OPEN_JAW) - jaw)
    close *= 1 - opening
    params[:, [A["rollLower"], A["rollUpper"]]] *= 1 - opening[:, None]


def _rest_weight(times, own, starts, ends, pause):
    """1 where the face rests: inside pauses of PAUSE_REST_S or more, REST_RAMP_S in from their edges with speech
    (the start and end of the utterance are no such edges)."""
    long_pause = pause & (ends - starts >= PAUSE_REST_S)
    after_speech = np.where(own > 0, times - starts[own], np.inf)
    before_speech = np.where(own < len(starts) - 1, ends[own] - times, np.inf)
    x = np.clip(np.minimum(after_speech, before_speech) / REST_RAMP_S, 0.0, 1.0)
    return np.where(long_pause[own], x * x * (3 - 2 * x), 0.0).astype(np.float32)


def teacher_curves(phones, inventory, fps=100, duration=None, loudness=None, parted=False) -> np.ndarray:
    """ARKit weight curves [round(duration * fps), 43] (CONTROL_NAMES order) in [0, 1] for timed phones.

    phones: sequence of (label, start_s, end_s). inventory: "arpabet" or "espeak" (or "espeak:<language>", e.g.
    "espeak:pl", where the voice's language is known: see phonemes.segments). duration defaults to the last
    phone's end. loudness: optional per-frame RMS envelope at fps (any gain; only its dynamics count). parted: hold
    the lips apart (PARTED_JAW) at consonants no lip takes part in, as the 2.3 and 2.4 runs were trained (off in the
    shipped model's recipe).
    """
    phones = list(phones)
    if duration is None:
        duration = max((float(p[2]) for p in phones), default=0.0)
    n_frames = int(round(duration * fps))
    curves = np.zeros((n_frames, len(CONTROL_NAMES)), dtype=np.float32)
    if n_frames == 0 or not phones:
        return curves

    labels, starts, ends = _timeline(phones, duration, inventory)
    table, rows, seg_start, seg_end, phone = _segments(labels, starts, ends, inventory)
    targets, dominance, tau_before, tau_after, classes, pause = segment_table(table)
    classes = classes[rows]
    classes[:, 0] = parted and classes[:, 0] & ~_next_to_labial(table, rows, phone, len(labels))
    phone_pause = pause[rows][np.searchsorted(phone, np.arange(len(labels)))]
    targets = targets[rows]
    targets[:, SCALED] *= _rate_scale(starts, ends, phone_pause)[phone][:, None]

    times = np.arange(n_frames) / fps
    own = frame_segments(times, seg_start)
    params = blend(times, own, seg_start, seg_end, targets.astype(np.float32), dominance[rows],
                   tau_before[rows], tau_after[rows])
    if loudness is not None:
        params[:, SCALED] *= _loudness_scale(loudness, n_frames, fps, ~pause[rows][own])[:, None]
    _apply_constraints(params, constraint_weights(times, own, seg_start, seg_end, classes, CONSTRAINT_HOLD,
                                                  CONSTRAINT_RAMP_S, min_hold=0.5 / fps))
    rest = _rest_weight(times, own, seg_start, seg_end, pause[rows])[:, None]
    close = np.clip(params[:, A["close"]], 0.0, 1.0)
    params *= 1 - rest
    np.clip(params, 0.0, 1.0, out=params)

    curves[:, _OUT_COLUMNS] = params[:, _OUT_SOURCES]
    curves[:, _CLOSE_COLUMN] = close * params[:, A["jaw"]]     # never above jawOpen: lips meet, never cross
    curves[:, _PRESS_COLUMNS] = (close * params[:, A["press"]])[:, None]
    return curves

