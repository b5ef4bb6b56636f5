# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Head motion while speaking: pitch, yaw and roll in degrees, one row a frame, about the neck joint.

Conventions, in the head's own frame (the FLAME file frame: +X the subject's left, +Y up, +Z forward). Each angle is
a right-handed rotation about one of the head's own axes:
- pitch about +X: positive nods down (the nose and chin go down, the top of the head forward);
- yaw about +Y: positive turns the face to the subject's left;
- roll about +Z: positive tilts the top of the head to the subject's right (right ear toward right shoulder).
head_rotation() composes them (roll, then pitch, then yaw); the eyes use the same pitch and yaw signs (gaze).

What people do (and what this follows): the head moves a few degrees while talking, following loudness and pitch
(Yehia et al. 2002: the head rises with F0), nods on stressed and phrase-final syllables (Munhall et al. 2004;
Ishi et al. 2008), and slows down in pauses. Three parts add up:
- a slow wander on every axis: smooth random poses every WANDER_STEP_S of "speaking time", a clock that runs at
  PAUSE_PACE in pauses, so the head drifts slower when the voice stops, and with a smaller amplitude;
- the pitch contour on the pitch axis, F0_GAIN degrees up per semitone above the speaker's median;
- a nod (down and back, NOD_S long) on each stressed syllable, larger on the last syllable of a phrase.
Every part has a bounded slope by construction (bounded poses, cosine and Gaussian transitions), and their sum
stays under MAX_SPEED_DEG_S, so a frame never jumps: at 24 fps a frame moves at most 2.5 degrees.
"""

import numpy as np

from ..postprocess import smooth
from ..timing import weights_at_fps
from .prosody import RATE

AXES = ("pitch", "yaw", "roll")
WANDER_DEG = np.array([1.0, 1.5, 0.7])   # standard deviation of the wander poses (pitch, yaw, roll)
WANDER_STEP_S = 0.8
PAUSE_PACE = 0.3
PAUSE_AMPLITUDE = 0.5
ACTIVITY_SMOOTH_S = 0.15
F0_GAIN = 0.25                           # degrees of chin-up per semitone
F0_RANGE_ST = 6.0
F0_SMOOTH_S = 0.12
NOD_DEG = 1.5                            # a fully stressed syllable
FINAL_NOD_DEG = 2.5                      # the last syllable of a phrase
NOD_S = 0.4
NOD_LEAD_S = 0.15                        # a nod starts this long before the syllable's loudness peak
STRESSED = 0.6
FINAL_SMOOTH_S = 0.03
MAX_SPEED_DEG_S = 60.0


def head_motion(prosody, frame_rate, n_frames, rng, energy=1.0, posture=(0.0, 0.0, 0.0)):
    """Head angles [n_frames, 3] (pitch, yaw, roll) in degrees at the output frames.

    `energy` scales the motion (1 = as people move while talking calmly); `posture` is a held pose added to it."""
    activity = smooth(prosody.speech.astype(np.float32)[:, None], RATE, ACTIVITY_SMOOTH_S)[:, 0].astype(np.float64)
    angles = wander(activity, rng)
    angles[:, 0] += following_pitch(prosody) + nods(prosody, rng)
    angles = smooth(angles * energy, RATE, FINAL_SMOOTH_S) + np.asarray(posture, dtype=np.float32)
    return weights_at_fps(angles, RATE, frame_rate, n_frames).astype(np.float64)


def wander(activity, rng):
    """[T, 3] smooth random poses, cosine-interpolated between knots evenly spaced in speaking time."""
    clock = np.cumsum(PAUSE_PACE + (1.0 - PAUSE_PACE) * activity) / RATE / WANDER_STEP_S
    knots = np.clip(rng.standard_normal((int(clock[-1]) + 2, 3)), -2.0, 2.0) * WANDER_DEG
    index = np.floor(clock).astype(np.int64)
    ease = (0.5 - 0.5 * np.cos(np.pi * (clock - index)))[:, None]
    poses = knots[index] * (1.0 - ease) + knots[index + 1] * ease
    return poses * (PAUSE_AMPLITUDE + (1.0 - PAUSE_AMPLITUDE) * activity)[:, None]


def following_pitch(prosody):
    """Chin up with the voice's pitch (negative pitch degrees), held at 0 where there is no pitch."""
    semitones = np.clip(np.nan_to_num(prosody.pitch_st, nan=0.0), -F0_RANGE_ST, F0_RANGE_ST)
    return -F0_GAIN * smooth(semitones.astype(np.float32)[:, None], RATE, F0_SMOOTH_S)[:, 0]


def nods(prosody, rng):
    """Pitch degrees [T]: a raised-cosine nod down on each stressed syllable, none overlapping another."""
    out = np.zeros(len(prosody))
    chosen = (prosody.stress >= STRESSED) | prosody.phrase_final
    length = int(NOD_S * RATE)
    shape = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(length) / length)
    free_from = 0
    for frame, stress, final in zip(prosody.syllables[chosen], prosody.stress[chosen], prosody.phrase_final[chosen]):
        start = frame - int(NOD_LEAD_S * RATE)
        if start < free_from:
            continue
        size = FINAL_NOD_DEG * max(stress, 0.5) if final else NOD_DEG * stress
        piece = shape[:len(out) - max(start, 0)][max(0, -start):]
        out[max(start, 0):max(start, 0) + len(piece)] += size * rng.uniform(0.7, 1.0) * piece
        free_from = start + length
    return out


def head_rotation(degrees):
    """Rotation matrices [T, 3, 3] in the head's frame (x left, y up, z forward) for angles [T, 3] (pitch, yaw,
    roll): R = Ry(yaw) @ Rx(pitch) @ Rz(roll), applied to column vectors (roll first, yaw last)."""
    pitch, yaw, roll = np.radians(np.asarray(degrees, dtype=np.float64)).T
    zero, one = np.zeros_like(pitch), np.ones_like(pitch)

    def matrix(rows):
        return np.stack([np.stack(row, axis=-1) for row in rows], axis=-2)

    cp, sp, cy, sy, cr, sr = np.cos(pitch), np.sin(pitch), np.cos(yaw), np.sin(yaw), np.cos(roll), np.sin(roll)
    rx = matrix([[one, zero, zero], [zero, cp, -sp], [zero, sp, cp]])
    ry = matrix([[cy, zero, sy], [zero, one, zero], [-sy, zero, cy]])
    rz = matrix([[cr, -sr, zero], [sr, cr, zero], [zero, zero, one]])
    return ry @ rx @ rz

