# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Measurements of a Face's curves against what people do: blink rate and shape, gaze, brow raises, head motion.

They read the output curves (not the generators' own event lists), so they measure what an animator gets. Use a
fine frame rate (e.g. 100) for durations.
"""

import numpy as np

from ..timing import weights_at_fps
from .gaze import EYE_LOOK_MAX_DEG
from .prosody import RATE, runs

NEAR_PAUSE_S = 0.3       # a blink "at a pause" peaks inside one or this close to its edges
SACCADE_DEG_S = 20.0     # the world gaze moves faster than this only in a saccade
COINCIDE_S = 0.25        # a brow raise coincides with an F0 rise starting this close
AFTER_ACCENT_S = 0.5     # window after an accent's onset in which a raise counts as following it


def speaking(face, frame_rate):
    """Bool [T]: output frames inside speech."""
    inside = face.prosody.speech.astype(np.float32)[:, None]
    return weights_at_fps(inside, RATE, frame_rate, len(face.weights))[:, 0] > 0.5


def _column(face, name):
    return face.weights[:, face.names.index(name)].astype(np.float64)


def _rises(curve, above):
    """[(first, end)] frame runs where the curve stands more than `above` over its minimum."""
    return runs(curve > curve.min() + above)


def blink_statistics(face, frame_rate):
    left, right = _column(face, "eyeBlinkLeft"), _column(face, "eyeBlinkRight")
    blinks = []
    for first, end in _rises(left, 0.01):
        peak = first + int(np.argmax(left[first:end]))
        blinks.append((first - 1, peak, end))  # from the last frame at rest to the first back at rest
    blinks = np.array(blinks, dtype=np.float64).reshape(-1, 3) / float(frame_rate)
    minutes = len(left) / float(frame_rate) / 60.0
    pause = ~speaking(face, frame_rate)
    reach = int(round(NEAR_PAUSE_S * float(frame_rate)))
    near_pause = np.convolve(pause.astype(np.float64), np.ones(2 * reach + 1), mode="same") > 0
    at_peak = np.minimum(np.round(blinks[:, 1] * float(frame_rate)).astype(np.int64), len(left) - 1)
    peaks_closed = left[at_peak] if len(at_peak) else np.zeros(0)
    return {
        "count": len(blinks),
        "per_minute": len(blinks) / minutes,
        "durations_s": blinks[:, 2] - blinks[:, 0],
        "closing_s": blinks[:, 1] - blinks[:, 0],
        "opening_s": blinks[:, 2] - blinks[:, 1],
        "peak_weights": peaks_closed,
        "eyes_apart": float(np.abs(left - right).max()),
        "near_pause_share": float(near_pause[at_peak].mean()) if len(at_peak) else float("nan"),
        "near_pause_chance": float(near_pause.mean()),
    }


def eye_angles_from_weights(face, side):
    """(pitch, yaw) [T, 2] in degrees of one eye, read back from its eyeLook* weights."""
    up, down = _column(face, f"eyeLookUp{side}"), _column(face, f"eyeLookDown{side}")
    inward, outward = _column(face, f"eyeLookIn{side}"), _column(face, f"eyeLookOut{side}")
    to_left = outward - inward if side == "Left" else inward - outward
    return EYE_LOOK_MAX_DEG * np.stack([down - up, to_left], axis=1)


def gaze_statistics(face, frame_rate):
    left, right = eye_angles_from_weights(face, "Left"), eye_angles_from_weights(face, "Right")
    world = left + face.head_degrees[:, :2]
    speed = np.linalg.norm(np.diff(world, axis=0), axis=1) * float(frame_rate)
    saccades = runs(speed > SACCADE_DEG_S)
    fixations = np.diff(saccades[:, 0]) / float(frame_rate) if len(saccades) > 1 else np.zeros(0)
    amplitudes = np.array([np.linalg.norm(world[min(end + 1, len(world) - 1)] - world[first])
                           for first, end in saccades])
    return {
        "binocular_difference_deg": float(np.abs(left - right).max()),
        "fixation_s": fixations,
        "saccade_deg": amplitudes,
        "eye_range_deg": float(np.abs(left).max()),
    }


def brow_statistics(face, frame_rate):
    inner = _column(face, "browInnerUp")
    onsets = (_rises(inner, 0.02)[:, 0] - 1) / float(frame_rate)
    accents = face.prosody.accents[:, 0] / RATE
    speech = speaking(face, frame_rate)
    speech_s = speech.sum() / float(frame_rate)
    if not len(onsets) or not len(accents):
        return {"raises": len(onsets), "accents": len(accents)}
    gaps = onsets[:, None] - accents[None, :]
    coincide = (np.abs(gaps) <= COINCIDE_S).any(axis=1)
    followed = ((gaps >= -COINCIDE_S) & (gaps <= AFTER_ACCENT_S)).any(axis=0)
    window = AFTER_ACCENT_S + COINCIDE_S
    elsewhere = (~coincide).sum() / max(speech_s - len(accents) * window, 1e-9) * window
    return {
        "raises": len(onsets),
        "per_minute": len(onsets) / (len(inner) / float(frame_rate) / 60.0),
        "accents": len(accents),
        "raises_at_f0_rises": float(coincide.mean()),
        "raise_after_accent": float(followed.mean()),
        "raise_in_same_window_elsewhere": float(elsewhere),
    }


def head_statistics(face, frame_rate):
    head = face.head_degrees.astype(np.float64)
    speech = speaking(face, frame_rate)
    step = np.abs(np.diff(head, axis=0))
    speed = np.linalg.norm(np.diff(head, axis=0), axis=1) * float(frame_rate)
    pose = head - head.mean(axis=0)
    return {
        "rms_deg_speaking": float(np.sqrt((pose[speech] ** 2).sum(axis=1).mean())),
        "rms_deg_per_axis": np.sqrt((pose[speech] ** 2).mean(axis=0)),
        "speed_deg_s_speech": float(speed[speech[1:]].mean()),
        "speed_deg_s_pause": float(speed[~speech[1:]].mean()) if (~speech[1:]).any() else float("nan"),
        "largest_step_deg": float(step.max()),
        "largest_speed_deg_s": float(step.max() * float(frame_rate)),
    }
