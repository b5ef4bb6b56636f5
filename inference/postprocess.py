# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Artistic controls applied to control weights: intensity and temporal smoothing."""

import numpy as np

GAUSSIAN_TRUNCATE = 4.0  # kernel radius in standard deviations, as scipy.ndimage


def apply_intensity(weights, intensity, columns=slice(None)):
    """Weights [T, K] with `columns` scaled by `intensity` (1 = as predicted; above 1 exaggerates past 1.0). Never
    negative."""
    if intensity < 0:
        raise ValueError("intensity must be non-negative")
    weights = np.array(weights, dtype=np.float32)
    weights[:, columns] = np.maximum(weights[:, columns] * np.float32(intensity), 0)
    return weights


def smooth(weights, fps, seconds):
    """Gaussian smoothing of weights [T, K] along time; `seconds` is the kernel's standard deviation (0 = off).
    Edges repeat the first and last frame. Equal to scipy.ndimage.gaussian_filter1d(mode="nearest"), in numpy."""
    weights = np.asarray(weights, dtype=np.float32)
    sigma = float(seconds) * float(fps)
    if sigma <= 0 or len(weights) < 2:
        return weights.copy()
    radius = int(GAUSSIAN_TRUNCATE * sigma + 0.5)
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    kernel = (kernel / kernel.sum()).astype(np.float32)
    # The edge rows repeated by hand: np.pad's generality costs more than the convolutions of a short clip.
    padded = np.concatenate([np.repeat(weights[:1], radius, axis=0), weights, np.repeat(weights[-1:], radius, axis=0)])
    return np.stack([np.convolve(column, kernel, mode="valid") for column in padded.T], axis=1)
