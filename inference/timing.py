# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Frame counts, and model-rate control weights resampled to a scene's frame rate, aligned to the strip's frames."""

import numpy as np

from .errors import LipSyncError


def model_frame_count(samples, hop):
    """Number of frames the model emits for `samples` of audio at `hop` samples per frame (the model contract)."""
    return samples // hop + 1


def weights_at_fps(weights, model_rate, fps, n_frames):
    """Weights [T, K] sampled at `model_rate` (frame t at t / model_rate s) -> [n_frames, K] at `fps`.

    Output frame i (scene frame strip_start + i) is at i / fps seconds into the audio; values are linearly
    interpolated and held at the last model frame beyond the end. `fps` may be a float or a Fraction
    (pass scene fps / fps_base, e.g. 24000/1001 for 23.976).
    """
    weights = np.asarray(weights, dtype=np.float32)
    if weights.ndim != 2 or len(weights) == 0:
        raise ValueError("weights must be a non-empty [T, K] array")
    if fps <= 0 or n_frames < 0:
        raise ValueError("fps must be positive and n_frames non-negative")
    position = np.arange(n_frames, dtype=np.float64) * (float(model_rate) / float(fps))
    position = np.minimum(position, len(weights) - 1)
    lower = np.floor(position).astype(np.int64)
    upper = np.minimum(lower + 1, len(weights) - 1)
    frac = (position - lower)[:, None].astype(np.float32)
    return weights[lower] * (1 - frac) + weights[upper] * frac


def frame_count(duration_s, fps, source="The audio"):
    """Number of scene frames for `duration_s` of audio at `fps`: round(duration x fps); at least one, else
    LipSyncError (`source` names the audio in the message)."""
    n = int(round(float(duration_s) * float(fps)))
    if n < 1:
        raise LipSyncError(f"{source} lasts {float(duration_s) * 1000:.0f} ms, less than one frame at "
                           f"{float(fps):.6g} fps: nothing to animate.")
    return n
