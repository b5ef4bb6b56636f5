# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The face layers on synthetic dialogue (espeak-ng sentences and pauses) against what people do, and the head's
sign conventions on the FLAME head."""

import numpy as np
import pytest
from face_speech import dialogue, mouth

from inference.face.head_motion import MAX_SPEED_DEG_S, head_rotation
from inference.face.layers import face_layers
from inference.face.statistics import blink_statistics, brow_statistics, gaze_statistics, head_statistics
from inference.head_frame import NOSE_TIP, head_frame
from inference.ply import load_ply

FPS = 100  # fine enough to time blinks to 10 ms
SEEDS = range(4)


@pytest.fixture(scope="module")
def faces():
    weights, names, _ = mouth(FPS)
    return [face_layers(dialogue(), FPS, weights, names, seed=seed) for seed in SEEDS]


def test_blinks_as_people_blink_while_talking(faces):
    stats = [blink_statistics(face, FPS) for face in faces]
    rates = [s["per_minute"] for s in stats]
    assert 20 < np.mean(rates) < 32 and all(12 < rate < 40 for rate in rates)  # about 26 (Bentivoglio 1997)
    durations = np.concatenate([s["durations_s"] for s in stats])
    assert durations.min() >= 0.1 and durations.max() <= 0.45
    for s in stats:
        assert (s["closing_s"] < s["opening_s"]).all()        # the lid closes faster than it opens
        np.testing.assert_array_equal(s["peak_weights"], 1.0)  # fully closed at the peak
        assert s["eyes_apart"] == 0.0                          # both eyes together
    share = np.mean([s["near_pause_share"] for s in stats])
    chance = np.mean([s["near_pause_chance"] for s in stats])
    assert share > 1.4 * chance  # preferably at pauses (Nakano & Kitazawa 2010)


def test_gaze_fixates_and_moves_both_eyes_together(faces):
    for face in faces:
        s = gaze_statistics(face, FPS)
        assert s["binocular_difference_deg"] < 1e-4
        assert np.median(s["fixation_s"]) == pytest.approx(1.2, abs=0.5)
        assert np.percentile(s["fixation_s"], 5) > 0.3 and np.percentile(s["fixation_s"], 95) < 3.5
        assert np.median(s["saccade_deg"]) < 6 and s["eye_range_deg"] < 20


def test_brows_rise_with_pitch_accents(faces):
    stats = [brow_statistics(face, FPS) for face in faces]
    at_rises = np.mean([s["raises_at_f0_rises"] for s in stats])
    assert at_rises > 0.6  # 71% in Cave et al. 1996
    after_accent = np.mean([s["raise_after_accent"] for s in stats])
    elsewhere = np.mean([s["raise_in_same_window_elsewhere"] for s in stats])
    assert after_accent > 3 * elsewhere
    assert all(2 < s["per_minute"] < 20 for s in stats)  # mostly still


def test_head_moves_a_few_degrees_slower_in_pauses_and_never_jumps(faces):
    for face in faces:
        s = head_statistics(face, FPS)
        assert 1.0 < s["rms_deg_speaking"] < 5.0
        assert s["speed_deg_s_pause"] < 0.8 * s["speed_deg_s_speech"]
        assert s["largest_speed_deg_s"] <= MAX_SPEED_DEG_S


def test_head_sign_conventions_on_the_flame_head(template_path):
    """pitch > 0 nods the nose down, yaw > 0 turns it to the subject's left (+X), roll > 0 tilts the top of the
    head to the subject's right (-X); all about the head's own axes."""
    vertices = load_ply(template_path)[0].astype(np.float64)
    frame = head_frame(vertices)
    neck = vertices[vertices[:, 1] < np.percentile(vertices[:, 1], 2)].mean(axis=0)
    top = int(np.argmax(vertices[:, 1]))

    def moved(degrees, vertex):
        rotation = frame.axes.T @ head_rotation([degrees])[0] @ frame.axes
        return (vertices[vertex] - neck) @ rotation.T + neck - vertices[vertex]

    assert moved((10, 0, 0), NOSE_TIP)[1] < -0.01
    assert moved((0, 10, 0), NOSE_TIP)[0] > 0.01
    assert moved((0, 0, 10), top)[0] < -0.01
    rotation = head_rotation(np.array([[3.0, -5.0, 2.0]]))[0]
    np.testing.assert_allclose(rotation @ rotation.T, np.eye(3), atol=1e-12)
