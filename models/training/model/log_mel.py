# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Log-mel front-end built from fixed convolutions, so it exports to ONNX as plain Conv/Mul/Log ops.

The STFT is a strided Conv1d whose kernels are Hann-windowed cosines and sines; the mel filterbank is a
1x1 convolution. Frames are centred: the audio is zero-padded by half a window on each side, which gives
T = N // HOP + 1 frames for N samples, frame t at time t * HOP / SAMPLE_RATE.
"""

import numpy as np
import torch
from torch import nn

from inference.audio import SAMPLE_RATE

HOP = 160
FRAME_RATE = SAMPLE_RATE // HOP


def hz_to_mel(hz):
    return 2595.0 * np.log10(1.0 + np.asarray(hz, dtype=np.float64) / 700.0)


def mel_to_hz(mel):
    return 700.0 * (10.0 ** (np.asarray(mel, dtype=np.float64) / 2595.0) - 1.0)


def mel_filterbank(n_fft, n_mels, sample_rate=SAMPLE_RATE, f_min=60.0, f_max=7600.0):
    """Triangular filters on the HTK mel scale, as a [n_mels, n_fft // 2 + 1] matrix (no area normalisation)."""
    bin_hz = np.arange(n_fft // 2 + 1) * sample_rate / n_fft
    edges_hz = mel_to_hz(np.linspace(hz_to_mel(f_min), hz_to_mel(f_max), n_mels + 2))
    lower, centre, upper = edges_hz[:-2, None], edges_hz[1:-1, None], edges_hz[2:, None]
    rising = (bin_hz[None] - lower) / (centre - lower)
    falling = (upper - bin_hz[None]) / (upper - centre)
    return np.clip(np.minimum(rising, falling), 0.0, None).astype(np.float32)


def dft_kernels(n_fft):
    """Hann-windowed real DFT as conv kernels [2 * bins, 1, n_fft]: cosines, then sines."""
    n = np.arange(n_fft)
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * n / n_fft)
    bins = np.arange(n_fft // 2 + 1)
    phase = 2.0 * np.pi * bins[:, None] * n[None] / n_fft
    kernels = np.concatenate([np.cos(phase), -np.sin(phase)]) * window[None]
    return kernels[:, None, :].astype(np.float32)


class LogMel(nn.Module):
    """[B, N] audio at 16 kHz -> [B, n_mels, N // HOP + 1] natural-log mel power."""

    def __init__(self, n_fft=256, n_mels=64, floor=1e-5):
        super().__init__()
        self.n_fft = n_fft
        self.floor = floor
        self.register_buffer("dft", torch.from_numpy(dft_kernels(n_fft)))
        # The mel filters act on squared cosine and squared sine outputs alike: their sum is the power.
        mel = torch.from_numpy(mel_filterbank(n_fft, n_mels))
        self.register_buffer("mel", torch.cat([mel, mel], dim=1)[:, :, None])

    def forward(self, audio):
        half = self.n_fft // 2
        padded = nn.functional.pad(audio[:, None, :], (half, half))
        spectrum = nn.functional.conv1d(padded, self.dft, stride=HOP)
        return torch.log(nn.functional.conv1d(spectrum * spectrum, self.mel) + self.floor)
