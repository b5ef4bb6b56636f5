# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""inference.face.eye_shapes: eyeLook* shapes turn each eyeball rigidly about its centre, the way the gaze says."""

import numpy as np
import pytest
from test_inference_head_frame import POSES

from inference.face.eye_shapes import eye_look_offsets
from inference.face.gaze import EYE_LOOK_MAX_DEG, EYE_LOOK_NAMES, eye_look_weights
from inference.head_frame import LEFT_EYEBALL, RIGHT_EYEBALL
from inference.ply import load_ply


@pytest.fixture(scope="module")
def template(template_path):
    return load_ply(template_path)[0].astype(np.float64)


def pupil(vertices, ball):
    """The eyeball's most forward vertex (+Z is forward in the FLAME file frame)."""
    return int(np.arange(len(vertices))[ball][np.argmax(vertices[ball, 2])])


def test_left_eyeball_is_on_the_subjects_left(template):
    assert template[LEFT_EYEBALL, 0].mean() > 0.02 and template[RIGHT_EYEBALL, 0].mean() < -0.02


@pytest.mark.parametrize("k, name", list(enumerate(EYE_LOOK_NAMES)))
def test_each_shape_turns_one_eyeball_rigidly_by_the_maximum(template, k, name):
    offsets = eye_look_offsets(template)
    assert offsets.shape == (len(EYE_LOOK_NAMES),) + template.shape and offsets.dtype == np.float32
    ball = LEFT_EYEBALL if name.endswith("Left") else RIGHT_EYEBALL
    moved = template + offsets[k]
    still = np.ones(len(template), dtype=bool)
    still[ball] = False
    assert not offsets[k][still].any()
    before, after = template[ball], moved[ball]
    np.testing.assert_allclose(after.mean(axis=0), before.mean(axis=0), atol=1e-7)
    sample = np.random.default_rng(0).choice(len(before), 60, replace=False)
    distances = lambda p: np.linalg.norm(p[sample, None] - p[None, sample], axis=-1)  # noqa: E731
    np.testing.assert_allclose(distances(after), distances(before), atol=1e-6)
    front = pupil(template, ball)
    centre = before.mean(axis=0)
    old, new = template[front] - centre, moved[front] - centre
    angle = np.degrees(np.arccos(np.dot(old, new) / np.linalg.norm(old) / np.linalg.norm(new)))
    assert angle == pytest.approx(EYE_LOOK_MAX_DEG, abs=1.0)
    motion = new - old
    direction = {"Up": (1, 1), "Down": (1, -1), "OutLeft": (0, 1), "InLeft": (0, -1),
                 "InRight": (0, 1), "OutRight": (0, -1)}
    key = next(key for key in direction if key in name)
    axis, sign = direction[key]
    assert sign * motion[axis] > 0.6 * np.linalg.norm(motion)  # Out looks away from the nose, In toward it


def test_weights_from_gaze_turn_both_eyes_the_same_way(template):
    offsets = eye_look_offsets(template)
    for pitch, yaw in ((0.0, 12.0), (0.0, -12.0), (-10.0, 0.0), (8.0, 5.0)):
        weights = eye_look_weights(np.array([[pitch, yaw]]))[0]
        moved = template + np.tensordot(weights, offsets, 1)
        for ball in (LEFT_EYEBALL, RIGHT_EYEBALL):
            front = pupil(template, ball)
            motion = moved[front] - template[front]
            assert np.sign(motion[0]) == np.sign(yaw) or yaw == 0          # yaw > 0: to the subject's left (+X)
            assert np.sign(motion[1]) == -np.sign(pitch) or pitch == 0     # pitch > 0: looking down


@pytest.mark.parametrize("pose", sorted(POSES))
def test_shapes_follow_the_heads_own_frame(template, pose):
    rotation, scale, shift = POSES[pose]
    posed = template @ rotation.T * scale + shift
    np.testing.assert_allclose(eye_look_offsets(posed), eye_look_offsets(template) @ rotation.T * scale,
                               atol=2e-6 * scale)
