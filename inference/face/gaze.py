# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Gaze: fixations of about 0.5-3 s joined by small saccades of both eyes together, drifting back to the centre
(the camera, or whoever is listening), and the ARKit eyeLook* weights that turn the eyes.

Angles are in degrees in the head's own frame, with the head's conventions (see head_motion): pitch positive looks
down, yaw positive looks to the subject's left. Both eyes take the same angles (conjugate gaze; vergence on a near
target is not modelled).

ARKit names each eye by the subject's side, and In/Out by the nose: eyeLookInLeft turns the left eye toward the
nose, i.e. to the subject's right, and eyeLookOutLeft turns it to the subject's left. So looking to the subject's
left is eyeLookOutLeft + eyeLookInRight, and to the right eyeLookInLeft + eyeLookOutRight. Weight 1 is a turn of
EYE_LOOK_MAX_DEG (our choice; ARKit does not publish angles) and eye_shapes builds the shapes to match.
"""

import numpy as np

from .curves import frame_times, smoothstep

EYE_LOOK_NAMES = ("eyeLookUpLeft", "eyeLookUpRight", "eyeLookDownLeft", "eyeLookDownRight",
                  "eyeLookInLeft", "eyeLookInRight", "eyeLookOutLeft", "eyeLookOutRight")
EYE_LOOK_MAX_DEG = 30.0

FIXATION_MEDIAN_S = 1.2
FIXATION_SPREAD = 0.5              # standard deviation of log duration
FIXATION_RANGE_S = (0.5, 3.0)
SACCADE_DEG = (1.5, 6.0)           # amplitude of a saccade away from the current fixation
VERTICAL_SHARE = 0.5               # vertical saccades are smaller than horizontal ones
CENTRE_PULL = 0.5                  # each new fixation keeps this share of the old one's offset from the centre
RETURN_CHANCE = 0.3                # and this share of fixations go straight back to the centre
LIMIT_DEG = (6.0, 10.0)            # pitch, yaw
# Saccade duration from its amplitude (the main sequence, Carpenter 1988): about 21 ms + 2.2 ms per degree.
SACCADE_BASE_S, SACCADE_PER_DEG_S = 0.021, 0.0022


def gaze(duration_s, frame_rate, n_frames, rng):
    """Eye angles [n_frames, 2] (pitch, yaw) in degrees, and the fixation onsets in seconds."""
    onsets, targets = [0.0], [np.zeros(2)]
    while onsets[-1] < duration_s:
        length = np.clip(np.exp(np.log(FIXATION_MEDIAN_S) + FIXATION_SPREAD * rng.standard_normal()),
                         *FIXATION_RANGE_S)
        if rng.uniform() < RETURN_CHANCE:
            target = np.zeros(2)
        else:
            direction = rng.uniform(0, 2 * np.pi)
            step = rng.uniform(*SACCADE_DEG) * np.array([VERTICAL_SHARE * np.sin(direction), np.cos(direction)])
            target = np.clip(CENTRE_PULL * targets[-1] + step, -np.array(LIMIT_DEG), LIMIT_DEG)
        onsets.append(onsets[-1] + length)
        targets.append(target)
    onsets, targets = np.array(onsets[1:]), np.array(targets)
    times = frame_times(frame_rate, n_frames)
    current = np.searchsorted(onsets, times, side="right")  # fixation index: targets[current] is being reached
    previous = targets[np.maximum(current - 1, 0)]
    target = targets[current]
    amplitude = np.linalg.norm(target - previous, axis=1)
    started = np.where(current > 0, onsets[np.maximum(current - 1, 0)], 0.0)
    progress = smoothstep((times - started) / (SACCADE_BASE_S + SACCADE_PER_DEG_S * amplitude))
    angles = np.where(current[:, None] > 0, previous + (target - previous) * progress[:, None], targets[0])
    return angles, onsets[onsets < duration_s]


def eye_look_weights(angles):
    """Eye angles [T, 2] (pitch, yaw; degrees, both eyes) -> weights [T, 8] in EYE_LOOK_NAMES order."""
    pitch, yaw = (np.clip(np.asarray(angles, dtype=np.float64)[:, k] / EYE_LOOK_MAX_DEG, -1.0, 1.0) for k in (0, 1))
    up, down, left, right = np.maximum(-pitch, 0), np.maximum(pitch, 0), np.maximum(yaw, 0), np.maximum(-yaw, 0)
    # Up, Up, Down, Down, InLeft (to the right), InRight (to the left), OutLeft (to the left), OutRight (to the right)
    return np.stack([up, up, down, down, right, left, left, right], axis=1)
