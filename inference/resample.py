# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Polyphase resampling in numpy, equal to scipy.signal.resample_poly with its default Kaiser filter.

numpy only because importing scipy.signal costs about a second of CPU, most of an animator's budget for a one-minute
clip; tests check the equality with scipy.
"""

import math
from functools import lru_cache

import numpy as np

KAISER_BETA = 5.0
ROWS = 8192
OUTPUTS_PER_ROW = 16    # outputs per matrix row when decimating by an integer
HALF_LEN_PER_RATE = 10  # scipy's half filter length: 10 x max(up, down) taps of the upsampled signal


def ratio(rate_in, rate_out):
    """(up, down) in lowest terms."""
    g = math.gcd(int(rate_in), int(rate_out))
    return int(rate_out) // g, int(rate_in) // g


def half_length_in(up, down):
    """How many input samples on each side of an output sample the filter reaches."""
    return HALF_LEN_PER_RATE * max(up, down) / up


@lru_cache(maxsize=8)
def _lowpass(up, down):
    """scipy's firwin(2 * half_len + 1, 1 / max(up, down), window=("kaiser", 5.0)) * up; read-only, as it is cached."""
    half_len = HALF_LEN_PER_RATE * max(up, down)
    cutoff = 1.0 / max(up, down)
    taps = cutoff * np.sinc(cutoff * np.arange(-half_len, half_len + 1)) * np.kaiser(2 * half_len + 1, KAISER_BETA)
    taps = taps / taps.sum() * up
    taps.flags.writeable = False
    return taps, half_len


def resample(x, up, down):
    """x (1-D) resampled by up/down: y[k] = sum_n x[n] h[half_len + k*down - n*up], ceil(len(x)*up/down) samples,
    float32. Memory beyond input and output: one output-sized accumulator."""
    x = np.asarray(x, dtype=np.float32)
    if up == down == 1:
        return x.copy()
    n_out = -(-len(x) * up // down)
    h, half_len = _lowpass(up, down)
    if up == 1:
        return _decimate(x, down, h.astype(np.float32), half_len, n_out)
    per_phase = -(-len(h) // up)
    # bank[r, t] = h[r + t*up]: the taps met by an output whose filter index modulo up is r, newest input first.
    bank = np.zeros(per_phase * up)
    bank[:len(h)] = h
    bank = bank.reshape(per_phase, up).T[:, ::-1].astype(np.float32)
    pad = per_phase + down + 1
    padded = np.concatenate([np.zeros(pad, np.float32), x, np.zeros(pad, np.float32)])
    y = np.empty(n_out, np.float32)
    item = padded.strides[0]
    # Outputs k0, k0 + up, k0 + 2 up, ... share one phase and step `down` inputs at a time: matrix-vector products
    # over a strided view of the input, ROWS outputs at a time so any copy numpy makes stays small.
    for k0 in range(min(up, n_out)):
        taps = bank[(k0 * down + half_len) % up]
        first = pad + (k0 * down + half_len) // up - (per_phase - 1)
        count = len(range(k0, n_out, up))
        for row in range(0, count, ROWS):
            rows = min(ROWS, count - row)
            start = first + row * down
            window = np.lib.stride_tricks.as_strided(padded[start:], shape=(rows, per_phase),
                                                     strides=(down * item, item), writeable=False)
            y[k0 + row * up:k0 + (row + rows - 1) * up + 1:up] = window @ taps
    return y


def _decimate(x, down, h, half_len, n_out):
    """resample(x, 1, down) as a few matrix products. The input is cut into rows of OUTPUTS_PER_ROW * down samples;
    the outputs of row i come from rows i + j (j a few steps either side), each through a fixed (row, outputs)
    matrix of taps: y[R i + r] = sum over j of row[i + j] @ G_j[:, r], G_j[q, r] = h[half_len + down r - S j - q]
    (R = OUTPUTS_PER_ROW, S = R * down samples a row).
    (The strided window of the general case overlaps itself when down < the filter's length, which BLAS cannot
    take, and is slow.)"""
    per_row = OUTPUTS_PER_ROW * down
    first = -((per_row - 1 + half_len) // per_row)
    last = -(-(down * (OUTPUTS_PER_ROW - 1) + half_len) // per_row)
    shifts = np.arange(first, last + 1)
    index = (half_len + down * np.arange(OUTPUTS_PER_ROW)[None, None, :] - per_row * shifts[:, None, None]
             - np.arange(per_row)[None, :, None])
    taps = np.where((index >= 0) & (index < len(h)), h[np.clip(index, 0, len(h) - 1)], 0).astype(np.float32)
    n_rows = -(-n_out // OUTPUTS_PER_ROW)
    padded = np.zeros((n_rows + len(shifts)) * per_row, np.float32)
    padded[-first * per_row:-first * per_row + len(x)] = x
    rows = padded.reshape(-1, per_row)
    y = np.zeros((n_rows, OUTPUTS_PER_ROW), np.float32)
    for k, g in enumerate(taps):
        y += rows[k:k + n_rows] @ g
    return y.ravel()[:n_out]
