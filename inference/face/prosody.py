# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The speech's prosody, frame by frame: loudness, pitch (F0), speech and pauses, phrase ends, pitch accents and
stressed syllables. Everything the face layers follow is measured here, once, in numpy only (importing scipy.signal
would cost more CPU than analysing ten minutes of speech).

Frames are at RATE per second, frame t at t / RATE seconds, as the model's frames (T = N // 160 + 1 at 16 kHz).
"""

from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16000
RATE = 100                 # analysis frames per second
HOP = SAMPLE_RATE // RATE

# Pitch: a YIN-style tracker (de Cheveigne & Kawahara 2002) on audio averaged down to 4 kHz, every 40 ms. F0 up to
# 400 Hz only needs its first harmonics; pitch accents last 100-300 ms, so 25 estimates a second resolve them.
PITCH_DECIMATION = 4
PITCH_RATE = SAMPLE_RATE // PITCH_DECIMATION
PITCH_STEP = 4             # analysis frames per pitch estimate
PITCH_WINDOW = 120         # samples at PITCH_RATE: 30 ms, two periods of the lowest F0
F0_MIN, F0_MAX = 65.0, 400.0
TAU_MIN = int(PITCH_RATE / F0_MAX)
TAU_MAX = int(np.ceil(PITCH_RATE / F0_MIN)) + 1
PITCH_FFT = 192            # >= PITCH_WINDOW + TAU_MAX + 1, and a fast FFT length
APERIODICITY_MAX = 0.25    # YIN threshold on the cumulative mean normalised difference
REFERENCE_SECONDS = 10.0   # the speaker's reference F0 is the median over blocks this long

# Speech and pauses.
SPEECH_DB_BELOW_PEAK = 30.0  # speech is within this many dB of the loud end of the clip...
SPEECH_FLOOR_SHARE = 0.5     # ...and above the middle between the quiet and the loud end
SILENCE_DB = -60.0           # nothing below this is speech, however quiet the whole clip is
STEADY_DB = 10.0             # a sound whose level hardly varies is all speech (or all noise: it is not voiced)
MIN_PAUSE_S = 0.25           # silences shorter than this are stop closures or hesitations inside speech
MIN_VOICED_S = 0.05          # a stretch of sound without this much voicing is a noise, not speech

# Accents and syllables.
ACCENT_RISE_ST = 1.5         # a pitch accent rises at least this many semitones...
ACCENT_RISE_S = 0.3          # ...within this long before its peak
ACCENT_GAP_S = 0.25
SYLLABLE_GAP_S = 0.12        # loudness peaks closer than this are one syllable
SYLLABLE_PROMINENCE_DB = 3.0
STRESS_SPREAD_DB = 8.0       # a syllable this much louder than its phrase's median syllable counts fully stressed
ACCENT_STRESS_BONUS = 0.3    # stress added to a syllable that carries a pitch accent


@dataclass(frozen=True)
class Prosody:
    loudness_db: np.ndarray   # [T] dB re full scale (RMS over 20 ms)
    f0: np.ndarray            # [T] Hz, 0 where unvoiced
    pitch_st: np.ndarray      # [T] semitones above the speaker's median F0, smoothed; NaN outside voiced stretches
    speech: np.ndarray        # [T] bool: inside a stretch of speech (pauses shorter than MIN_PAUSE_S bridged)
    pauses: np.ndarray        # [P, 2] (first, end) frames of each pause, leading and trailing silence included
    phrase_ends: np.ndarray   # [E] last speech frame before each pause or the end of the clip
    accents: np.ndarray       # [A, 2] (onset, peak) frames of each pitch accent (a local F0 rise)
    syllables: np.ndarray     # [S] frames of loudness peaks (syllable nuclei)
    stress: np.ndarray        # [S] 0..1 how stressed each syllable is (louder than its phrase, accented)
    phrase_final: np.ndarray  # [S] bool: the last syllable before a pause

    @property
    def rate(self):
        return RATE

    def __len__(self):
        return len(self.loudness_db)


def analyse(audio, sample_rate=SAMPLE_RATE, loudness=None):
    """Prosody of mono float32 audio at 16 kHz, RATE frames a second (T = N // 160 + 1); `loudness`: its
    loudness_db when already measured."""
    if sample_rate != SAMPLE_RATE:
        raise ValueError(f"prosody needs {SAMPLE_RATE} Hz audio, not {sample_rate} Hz")
    audio = np.asarray(audio, dtype=np.float32)
    if audio.ndim != 1:
        raise ValueError("audio must be mono: a 1-D array")
    frames = len(audio) // HOP + 1
    loudness = loudness_db(audio, frames) if loudness is None else loudness
    loud = loudness > speech_threshold(loudness)
    f0, periodic = pitch(audio, frames, loud)
    voiced = periodic & loud
    speech = speech_stretches(loud, voiced)
    f0 = np.where(voiced & speech, f0, 0.0).astype(np.float32)
    pitch_st = pitch_contour(f0)
    pauses = runs(~speech)
    phrase_ends = runs(speech)[:, 1] - 1
    accents = pitch_accents(pitch_st)
    syllables, stress, final = syllable_stress(loudness, speech, voiced, accents)
    return Prosody(loudness, f0, pitch_st, speech, pauses, phrase_ends, accents, syllables, stress, final)


def loudness_db(audio, frames):
    """RMS level in dB over 20 ms centred on each frame."""
    padded = np.zeros((frames + 1) * HOP, np.float32)
    take = min(len(audio), len(padded) - HOP // 2)
    padded[HOP // 2:HOP // 2 + take] = audio[:take]
    blocks = padded.reshape(-1, HOP)
    energy = np.einsum("ij,ij->i", blocks, blocks) / HOP  # block k covers frame k's first half and frame k-1's last
    power = 0.5 * (energy[:-1] + energy[1:])
    return (10.0 * np.log10(power + 1e-10)).astype(np.float32)


def speech_threshold(loudness):
    """A level between the clip's quiet and loud ends: speech lies above it, pauses and room noise below."""
    quiet, loud = np.percentile(loudness, [10, 95])
    between = min(quiet + SPEECH_FLOOR_SHARE * (loud - quiet), loud - STEADY_DB)
    return max(loud - SPEECH_DB_BELOW_PEAK, between, SILENCE_DB)


def pitch(audio, frames, loud):
    """(F0 in Hz [T], periodic [T] bool) from YIN's cumulative mean normalised difference on 4 kHz audio, estimated
    every PITCH_STEP frames where the frame is `loud` (elsewhere unvoiced)."""
    usable = len(audio) // PITCH_DECIMATION * PITCH_DECIMATION
    low = audio[:usable].reshape(-1, PITCH_DECIMATION) @ np.full(PITCH_DECIMATION, 1 / PITCH_DECIMATION, np.float32)
    hop = PITCH_STEP * HOP // PITCH_DECIMATION
    count = (frames - 1) // PITCH_STEP + 1
    span = PITCH_WINDOW + TAU_MAX + 1
    # Estimate j's window is centred on frame j * PITCH_STEP.
    padded = np.zeros(count * hop + span, np.float32)
    take = min(len(low), len(padded) - PITCH_WINDOW // 2)
    padded[PITCH_WINDOW // 2:PITCH_WINDOW // 2 + take] = low[:take]
    estimates = np.flatnonzero(loud[::PITCH_STEP])
    starts = estimates * hop
    segments = np.lib.stride_tricks.sliding_window_view(padded, span)[starts]
    spectrum = np.fft.rfft(segments, PITCH_FFT)
    head = np.fft.rfft(segments[:, :PITCH_WINDOW], PITCH_FFT)
    lags = np.arange(TAU_MAX + 2)
    correlation = np.fft.irfft(np.conj(head) * spectrum, PITCH_FFT)[:, lags]
    squares = np.concatenate([[0.0], np.cumsum(padded.astype(np.float64) ** 2)])
    energy = squares[starts[:, None] + lags + PITCH_WINDOW] - squares[starts[:, None] + lags]
    difference = np.maximum(energy[:, :1] + energy - 2.0 * correlation, 0.0)
    normalised = np.ones_like(difference)
    normalised[:, 1:] = difference[:, 1:] * lags[1:] / np.maximum(np.cumsum(difference[:, 1:], axis=1), 1e-12)
    before, inner, after = (normalised[:, TAU_MIN - 1 + k:TAU_MAX + k] for k in range(3))
    dips = (inner < APERIODICITY_MAX) & (inner <= before) & (inner <= after)
    found = dips.any(axis=1)
    first = dips.argmax(axis=1)
    rows = np.arange(len(estimates))
    # Parabolic interpolation of the dip for a period between samples.
    a, b, c = before[rows, first], inner[rows, first], after[rows, first]
    curvature = a - 2.0 * b + c
    shift = np.where(curvature > 1e-12, 0.5 * (a - c) / np.maximum(curvature, 1e-12), 0.0)
    f0 = np.zeros(count)
    f0[estimates] = np.where(found, PITCH_RATE / (TAU_MIN + first + np.clip(shift, -0.5, 0.5)), 0.0)
    f0 = remove_octave_jumps(f0)
    at = np.minimum(np.arange(frames) // PITCH_STEP, count - 1)
    return f0[at].astype(np.float32), f0[at] > 0


def remove_octave_jumps(f0):
    """Replace estimates more than half an octave from the median of their voiced neighbours by that median."""
    log_f0 = np.where(f0 > 0, np.log2(np.maximum(f0, 1e-9)), np.nan)
    padded = np.concatenate([[np.nan, np.nan], log_f0, [np.nan, np.nan]])
    ordered = np.sort(np.lib.stride_tricks.sliding_window_view(padded, 5), axis=1)  # NaNs sort last
    known = np.isfinite(ordered).sum(axis=1)
    median = ordered[np.arange(len(f0)), np.maximum(known - 1, 0) // 2]
    jump = np.isfinite(log_f0) & (known >= 3) & (np.abs(log_f0 - median) > 0.5)
    return np.where(jump, 2.0 ** median, f0)


def runs(mask):
    """[R, 2] (first, end) of each run of True in a bool array."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return np.stack([np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)], axis=1).astype(np.int64)


def speech_stretches(loud, voiced):
    """Loud frames, joined across silences shorter than MIN_PAUSE_S, keeping stretches with some voicing."""
    speech = loud.copy()
    stretches = runs(loud)
    for (_, end), (start, _) in zip(stretches[:-1], stretches[1:]):
        if start - end < MIN_PAUSE_S * RATE:
            speech[end:start] = True
    voiced_before = np.concatenate([[0], np.cumsum(voiced)])
    for start, end in runs(speech):
        if voiced_before[end] - voiced_before[start] < MIN_VOICED_S * RATE:
            speech[start:end] = False
    return speech


def moving_average(values, width):
    """Centred moving average over `width` frames of the finite values (NaN where none is finite)."""
    known = np.isfinite(values)
    kernel = np.ones(width) / width
    total = np.convolve(np.where(known, values, 0.0), kernel, mode="same")
    weight = np.convolve(known.astype(np.float64), kernel, mode="same")
    return np.where(weight > 0, total / np.maximum(weight, 1e-12), np.nan)


def bridge_gaps(values, longest):
    """Linear interpolation across runs of NaN of at most `longest` frames that have values on both sides."""
    known = np.isfinite(values)
    if not known.any():
        return values
    index = np.arange(len(values))
    before = np.maximum.accumulate(np.where(known, index, -1))
    after = np.minimum.accumulate(np.where(known, index, len(values))[::-1])[::-1]
    fill = ~known & (before >= 0) & (after < len(values)) & (after - before - 1 <= longest)
    lo, hi = before[fill], after[fill]
    share = (index[fill] - lo) / (hi - lo)
    out = values.copy()
    out[fill] = values[lo] + share * (values[hi] - values[lo])
    return out


def pitch_contour(f0):
    """Semitones above the speaker's reference F0 (the median over REFERENCE_SECONDS blocks, so a change of speaker
    over a long file moves the reference), bridged across short unvoiced gaps and smoothed over 50 ms."""
    voiced = f0 > 0
    if not voiced.any():
        return np.full(len(f0), np.nan, np.float32)
    block = int(REFERENCE_SECONDS * RATE)
    overall = np.median(f0[voiced])
    centres, references = [], []
    for start in range(0, len(f0), block):
        part = f0[start:start + block]
        part = part[part > 0]
        centres.append(start + block / 2)
        references.append(np.median(part) if len(part) >= block // 20 else overall)
    reference = np.interp(np.arange(len(f0)), centres, references)
    semitones = np.where(voiced, 12.0 * np.log2(np.maximum(f0, 1e-9) / reference), np.nan)
    bridged = bridge_gaps(semitones, int(MIN_PAUSE_S * RATE))
    return np.where(np.isfinite(bridged), moving_average(bridged, 5), np.nan).astype(np.float32)


def local_peaks(values, half_width):
    """Frames whose finite value is the maximum within +-half_width frames and above the frame before."""
    filled = np.where(np.isfinite(values), values, -np.inf)
    padded = np.concatenate([np.full(half_width, -np.inf), filled, np.full(half_width, -np.inf)])
    window_max = np.lib.stride_tricks.sliding_window_view(padded, 2 * half_width + 1).max(axis=1)
    rising = np.concatenate([[True], filled[1:] > filled[:-1]])
    return np.flatnonzero(np.isfinite(values) & (filled >= window_max) & rising)


def pitch_accents(contour):
    """[A, 2] (onset, peak): local F0 maxima reached by a rise of ACCENT_RISE_ST within ACCENT_RISE_S inside one
    voiced stretch; the onset is the low point the rise starts from."""
    reach = int(ACCENT_RISE_S * RATE)
    stretch_start = np.maximum.accumulate(np.where(np.isfinite(contour) & ~np.isfinite(np.roll(contour, 1)),
                                                   np.arange(len(contour)), 0))
    accents = []
    for peak in local_peaks(contour, int(ACCENT_GAP_S * RATE / 2)):
        first = max(peak - reach, stretch_start[peak], accents[-1][1] if accents else 0)  # a rise counts once
        window = contour[first:peak + 1]
        low = int(np.argmin(window))
        if contour[peak] - window[low] >= ACCENT_RISE_ST:
            accents.append((first + low, peak))
    return np.array(accents, dtype=np.int64).reshape(-1, 2)


def syllable_stress(loudness, speech, voiced, accents):
    """Syllable nuclei (voiced loudness peaks standing SYLLABLE_PROMINENCE_DB above the dips on both sides), how
    stressed each is, and which is the last before a pause."""
    smooth = moving_average(loudness.astype(np.float64), 5)
    half = int(SYLLABLE_GAP_S * RATE / 2)
    near_voiced = np.convolve(voiced.astype(np.float64), np.ones(5), mode="same") > 0
    candidates = local_peaks(np.where(speech & near_voiced, smooth, np.nan), half)
    reach = 3 * half
    padded = np.concatenate([np.full(reach, np.inf), smooth, np.full(reach, np.inf)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, reach + 1)
    dip_before = windows[candidates].min(axis=1)
    dip_after = windows[candidates + reach].min(axis=1)
    prominence = smooth[candidates] - np.maximum(dip_before, dip_after)
    syllables = candidates[prominence >= SYLLABLE_PROMINENCE_DB]
    phrase = np.cumsum(np.diff(np.concatenate([[0], speech.astype(np.int8)])) == 1)[syllables]
    level = smooth[syllables]
    stress = 0.5 + (level - _group_medians(phrase, level)) / STRESS_SPREAD_DB
    if len(accents) and len(syllables):
        nearest = np.abs(syllables[:, None] - accents[None, :, 1]).min(axis=1)
        stress += ACCENT_STRESS_BONUS * (nearest <= 0.15 * RATE)
    # Stretches of speech end at pauses (or the clip's end), so each one's last syllable is phrase-final.
    final = np.concatenate([phrase[1:] != phrase[:-1], [True]]) if len(syllables) else np.zeros(0, dtype=bool)
    return syllables.astype(np.int64), np.clip(stress, 0.0, 1.0).astype(np.float32), final


def _group_medians(groups, values):
    """Each value's group median, for a sorted array of group labels."""
    if not len(values):
        return values
    order = np.lexsort((values, groups))
    starts = np.flatnonzero(np.concatenate([[True], groups[order][1:] != groups[order][:-1]]))
    counts = np.diff(np.concatenate([starts, [len(values)]]))
    ordered = values[order]
    medians = 0.5 * (ordered[starts + (counts - 1) // 2] + ordered[starts + counts // 2])
    return medians[np.searchsorted(groups[order][starts], groups)]
