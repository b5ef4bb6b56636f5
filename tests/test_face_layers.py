# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""inference.face.layers: the contract of the whole face (seed, layers, emotion, style) with the real model."""

import numpy as np
import pytest
from face_speech import dialogue, model, mouth

from inference.face.emotion import EMOTIONS, LIP_SEAL
from inference.face.gaze import EYE_LOOK_NAMES
from inference.face.layers import LAYERS, face_layers, layer_of
from inference.ply import load_ply
from models.training.flame.distances import lip_aperture_series

FPS = 30


@pytest.fixture(scope="module")
def speech():
    weights, names, _ = mouth(FPS)
    return dialogue(), weights, names


def face(speech, **options):
    audio, weights, names = speech
    return face_layers(audio, FPS, weights, names, **options)


def lower_face(result):
    return result.weights[:, [k for k, name in enumerate(result.names) if layer_of(name) == "lips"]]


def test_names_are_the_models_then_the_eyes(speech):
    result = face(speech)
    names = speech[2]
    assert result.names[:len(names)] == tuple(names)
    assert set(EYE_LOOK_NAMES) <= set(result.names) and len(set(result.names)) == len(result.names)
    assert result.weights.shape == (len(speech[1]), len(result.names)) and result.weights.dtype == np.float32
    assert result.head_degrees.shape == (len(speech[1]), 3)
    assert result.weights.min() >= 0 and result.weights.max() <= 1


def test_same_seed_same_face_and_other_seed_other_motion_same_mouth(speech):
    for options in ({}, {"emotion": "happy", "strength": 0.8, "jaw": 1.5, "lips": 0.5}):
        first, again, other = face(speech, **options), face(speech, **options), face(speech, seed=7, **options)
        np.testing.assert_array_equal(first.weights, again.weights)
        np.testing.assert_array_equal(first.head_degrees, again.head_degrees)
        assert not np.allclose(first.blinks, other.blinks[:len(first.blinks)]) or len(first.blinks) != len(other.blinks)
        for k, name in enumerate(first.names):
            if name.startswith(("eyeBlink", "eyeLook", "browInnerUp")):
                assert np.abs(first.weights[:, k] - other.weights[:, k]).max() > 0.1, name
        assert np.abs(first.head_degrees - other.head_degrees).max() > 1.0
        np.testing.assert_allclose(lower_face(first), lower_face(other), atol=1e-4)


@pytest.mark.parametrize("left_out", LAYERS)
def test_a_layer_left_out_stays_at_rest_and_the_others_do_not_change(speech, left_out):
    everything = face(speech, emotion="surprised", strength=1.0)
    result = face(speech, emotion="surprised", strength=1.0, layers=set(LAYERS) - {left_out})
    for k, name in enumerate(result.names):
        if layer_of(name) == left_out:
            assert not result.weights[:, k].any(), name
        elif not (left_out == "head" and name.startswith("eyeLook")):  # the eyes no longer counter the head
            np.testing.assert_array_equal(result.weights[:, k], everything.weights[:, k])
    if left_out == "head":
        assert not result.head_degrees.any()
    else:
        np.testing.assert_array_equal(result.head_degrees, everything.head_degrees)


def test_neutral_face_keeps_the_models_mouth(speech):
    _, weights, names = speech
    for options in ({}, {"emotion": "angry", "strength": 0.0}):
        result = face(speech, **options)
        mouth_columns = [k for k, name in enumerate(names) if layer_of(name) == "lips"]
        np.testing.assert_allclose(result.weights[:, mouth_columns], weights[:, mouth_columns], atol=1e-6)


def test_jaw_and_lips_scale_independently(speech):
    _, weights, names = speech
    plain, more_jaw, no_lips = face(speech), face(speech, jaw=2.0), face(speech, lips=0.0)
    jaw, pucker, close = (names.index(n) for n in ("jawOpen", "mouthPucker", "mouthClose"))
    open_frames = ((weights[:, jaw] - weights[:, close]) > 0.4) & (more_jaw.weights[:, jaw] < 0.99)  # not clipped
    assert open_frames.sum() > 50
    gain = (more_jaw.weights[open_frames, jaw] - weights[open_frames, close] - LIP_SEAL) / \
           (plain.weights[open_frames, jaw] - weights[open_frames, close] - LIP_SEAL)
    assert np.median(gain) == pytest.approx(2.0, abs=0.05)
    np.testing.assert_array_equal(more_jaw.weights[:, pucker], plain.weights[:, pucker])
    np.testing.assert_array_equal(no_lips.weights[:, jaw], plain.weights[:, jaw])
    assert no_lips.weights[open_frames, pucker].max() < 0.01 < plain.weights[open_frames, pucker].max()
    for result in (more_jaw, no_lips):
        np.testing.assert_array_equal(result.weights[:, close], plain.weights[:, close])


@pytest.fixture(scope="module")
def template(template_path):
    return load_ply(template_path)[0]


def aperture(template, result, count):
    basis = model().basis.reshape(count, -1)
    return lip_aperture_series(template[None] + (result.weights[:, :count] @ basis).reshape(len(result.weights), -1, 3))


@pytest.mark.parametrize("emotion", sorted(EMOTIONS))
def test_closed_lips_stay_closed_under_every_emotion_and_style(speech, template, emotion):
    """Where the model decides the lips are shut and they meet on the mean head, they still meet: from the sealed
    jaw rule alone for nearly all such frames, and for every one when the model's closure decision is passed."""
    names, closure = speech[2], mouth(FPS)[2]
    closed = (aperture(template, face(speech), len(names)) < 0.001) & (closure > 0.5)
    assert closed.sum() > 100
    for jaw, lips in ((1.0, 1.0), (2.0, 2.0), (0.0, 2.0), (2.0, 0.0)):
        options = {"emotion": emotion, "strength": 1.0, "jaw": jaw, "lips": lips}
        alone = aperture(template, face(speech, **options), len(names))[closed]
        told = aperture(template, face(speech, closure=closure, **options), len(names))[closed]
        assert (alone < 0.001).mean() > 0.97 and (told < 0.001).all(), (jaw, lips)


def test_the_rig_keeps_its_lips_sealed_up_to_lip_seal(template):
    names = model().control_names
    weights = np.zeros((3, len(names)))
    weights[:, names.index("jawOpen")] = [LIP_SEAL, LIP_SEAL + 0.3, 0.6]
    weights[:, names.index("mouthClose")] = [0.0, 0.3, 0.0]
    gaps = lip_aperture_series(template[None] + np.tensordot(weights, model().basis, 1))
    assert gaps[0] < 0.0002 and gaps[1] < 0.0002 and gaps[2] > 0.003


# FACS action units each emotion must show (Ekman & Friesen): the controls that carry them.
SIGNATURES = {
    "happy": ("mouthSmileLeft", "cheekSquintLeft"),
    "sad": ("mouthFrownLeft", "browInnerUp"),
    "angry": ("browDownLeft", "eyeSquintLeft"),
    "surprised": ("browOuterUpLeft", "eyeWideLeft"),
    "afraid": ("browInnerUp", "eyeWideLeft"),
    "disgusted": ("noseSneerLeft", "browDownLeft"),
}


@pytest.mark.parametrize("emotion", sorted(SIGNATURES))
def test_each_emotion_shows_its_action_units_on_both_sides(speech, emotion):
    neutral, result = face(speech), face(speech, emotion=emotion, strength=1.0)
    for name in SIGNATURES[emotion]:
        for side in ({name, name.replace("Left", "Right")}):
            k = result.names.index(side)
            assert np.median(result.weights[:, k]) - np.median(neutral.weights[:, k]) > 0.15, side
    half = face(speech, emotion=emotion, strength=0.5)
    k = result.names.index(SIGNATURES[emotion][0])
    assert np.median(half.weights[:, k]) < np.median(result.weights[:, k])


def test_bad_options_get_a_clear_message(speech):
    audio, weights, names = speech
    cases = [({"emotion": "bored"}, "unknown emotion"), ({"emotion": "sad", "strength": 1.5}, "strength"),
             ({"jaw": 3.0}, "jaw must lie in"), ({"lips": -1.0}, "lips must lie in"),
             ({"layers": {"lips", "mouth"}}, "unknown layer"), ({"closure": np.zeros(3)}, "closure")]
    for options, message in cases:
        with pytest.raises(ValueError, match=message):
            face_layers(audio, FPS, weights, names, **options)
    with pytest.raises(ValueError, match="mouth weights must be"):
        face_layers(audio, FPS, weights[:, :5], names)
