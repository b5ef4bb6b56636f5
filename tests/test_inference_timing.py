# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""inference.timing and inference.postprocess: scene frame rates and artistic controls."""

from fractions import Fraction

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter1d

from inference.postprocess import apply_intensity, smooth
from inference.timing import frame_count, weights_at_fps


def ramp(frames=1001, model_rate=100):
    """Weights whose value is the model frame's time in seconds, and its negation."""
    t = np.arange(frames) / model_rate
    return np.stack([t, -t], axis=1).astype(np.float32)


@pytest.mark.parametrize("fps", [Fraction(24000, 1001), 24000 / 1001, 25, 120, Fraction(30000, 1001), 60])
def test_output_frame_i_is_at_i_over_fps(fps):
    n = frame_count(10.0, fps)
    out = weights_at_fps(ramp(), 100, fps, n)
    assert out.shape == (n, 2)
    np.testing.assert_allclose(out[:, 0], np.arange(n) / float(fps), atol=1e-5)
    np.testing.assert_allclose(out[:, 1], -out[:, 0])


def test_frame_counts_and_ntsc_drift():
    assert frame_count(10.0, 25) == 250
    assert frame_count(10.0, 120) == 1200
    assert frame_count(3600.0, Fraction(24000, 1001)) == 86314  # not 86400: 23.976 is not 24
    out = weights_at_fps(ramp(360001), 100, Fraction(24000, 1001), 86314)
    assert out[-1, 0] == pytest.approx(86313 * 1001 / 24000, abs=1e-3)


def test_values_between_model_frames_interpolate_and_hold_at_the_end():
    weights = np.array([[0.0], [1.0]], np.float32)
    out = weights_at_fps(weights, 100, 400, 8)
    np.testing.assert_allclose(out[:, 0], [0, 0.25, 0.5, 0.75, 1, 1, 1, 1])


def test_intensity_and_smoothing():
    weights = np.zeros((200, 3), np.float32)
    weights[100] = 1.0
    np.testing.assert_allclose(apply_intensity(weights, 0.5)[100], 0.5)
    assert apply_intensity(-weights, 2.0).min() == 0.0
    np.testing.assert_array_equal(smooth(weights, 100, 0.0), weights)
    smoothed = smooth(weights, 100, 0.05)  # sigma 5 frames
    assert smoothed[100, 0] == pytest.approx(1 / (np.sqrt(2 * np.pi) * 5), rel=0.01)
    assert smoothed[:, 0].sum() == pytest.approx(1.0, rel=1e-3)
    # The same smoothing in seconds at another frame rate has the same width in time.
    assert smooth(weights[::4], 25, 0.05)[25, 0] == pytest.approx(1 / (np.sqrt(2 * np.pi) * 1.25), rel=0.05)


@pytest.mark.parametrize("seconds", [0.004, 0.02, 0.1, 2.0])
def test_smoothing_equals_scipy_gaussian_filter(seconds):
    weights = np.random.default_rng(3).random((300, 5)).astype(np.float32)
    expected = gaussian_filter1d(weights, seconds * 100, axis=0, mode="nearest")
    np.testing.assert_allclose(smooth(weights, 100, seconds), expected, atol=1e-6)
