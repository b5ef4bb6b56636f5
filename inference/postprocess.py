"""Artistic controls applied to control weights: intensity and temporal smoothing."""

import numpy as np


def apply_intensity(weights, intensity):
    """Scale weights [T, K] by `intensity` (1 = as predicted; above 1 exaggerates past 1.0). Never negative."""
    if intensity < 0:
        raise ValueError("intensity must be non-negative")
    return np.maximum(np.asarray(weights, dtype=np.float32) * np.float32(intensity), 0)


def smooth(weights, fps, seconds):
    """Gaussian smoothing of weights [T, K] along time; `seconds` is the kernel's standard deviation (0 = off)."""
    weights = np.asarray(weights, dtype=np.float32)
    sigma = float(seconds) * float(fps)
    if sigma <= 0 or len(weights) < 2:
        return weights.copy()
    from scipy.ndimage import gaussian_filter1d

    return gaussian_filter1d(weights, sigma, axis=0, mode="nearest")
