"""Decode an audio file to mono float32 at the model's 16 kHz, in blocks so long files need little memory."""

import os
import re

import numpy as np

from .errors import LipSyncError
from .resample import half_length_in, ratio, resample

SAMPLE_RATE = 16000
BLOCK_SECONDS = 20


def load_audio(path, start_s=0.0, end_s=None, sample_rate=SAMPLE_RATE):
    """Read [start_s, end_s) of `path` (wav, flac, ogg/vorbis, ogg/opus, mp3; any channel count and rate)
    as mono float32 at `sample_rate`. Raises LipSyncError for missing, unreadable or empty files."""
    import soundfile

    path = os.fspath(path)
    name = os.path.basename(path)
    if not os.path.isfile(path):
        raise LipSyncError(f"Audio file not found: {path}")
    if os.path.getsize(path) == 0:
        raise LipSyncError(f"Audio file {name} is empty (0 bytes).")
    try:
        with soundfile.SoundFile(path) as f:
            rate = f.samplerate
            length_s = f.frames / rate
            first = max(0, int(round(start_s * rate)))
            last = None if end_s is None else int(round(end_s * rate))
            if last is not None and last <= first:
                raise LipSyncError(f"Nothing to read from {name}: the range {start_s:g}-{end_s:g} s is empty.")
            if first:
                f.seek(min(first, f.frames))
            count = -1 if last is None else last - first
            available = max(0, f.frames - first) if count < 0 else min(count, max(0, f.frames - first))
            up, down = ratio(rate, sample_rate)
            # A damaged header may claim any length: reserve at most an hour up front, grow past it if real.
            expected = min(-(-available * up // down), 3600 * sample_rate)
            audio = _collect(_resample_stream(_mono_blocks(f, count), rate, sample_rate), expected)
    except LipSyncError:
        raise
    except (RuntimeError, soundfile.LibsndfileError, ValueError) as e:
        raise LipSyncError(f"Cannot read audio file {name} (damaged, truncated or not audio): {_reason(e)}.") from e
    if audio.size == 0:
        if start_s > 0:
            raise LipSyncError(f"Audio file {name} has no audio after {start_s:g} s (it lasts {length_s:g} s).")
        raise LipSyncError(f"Audio file {name} contains no audio.")
    return audio


def _reason(error):
    """libsndfile's message without the "Error opening '<path>': " prefix or a trailing full stop."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return re.sub(r"^Error opening .*?: ", "", text).rstrip(".").strip() or type(error).__name__


def _mono_blocks(f, count):
    """Yield float32 mono blocks of about BLOCK_SECONDS from the current position (`count` < 0: to the end)."""
    block = BLOCK_SECONDS * f.samplerate
    remaining = count
    while remaining != 0:
        want = block if remaining < 0 else min(block, remaining)
        data = f.read(want, dtype="float32", always_2d=True)
        if len(data) == 0:
            return
        if remaining > 0:
            remaining -= len(data)
        channels = data.shape[1]
        # A matrix-vector product: numpy's mean along a short axis is ten times slower.
        yield data @ np.full(channels, 1 / channels, np.float32) if channels > 1 else data[:, 0]


def _collect(pieces, expected):
    """Concatenate pieces into one array allocated once at the expected length (grown if a codec's frame count
    was an estimate), so the result never exists twice in memory."""
    out, filled = np.empty(expected, np.float32), 0
    for piece in pieces:
        if filled + len(piece) > len(out):
            out = np.concatenate([out[:filled], np.empty(max(len(piece), len(out) // 2), np.float32)])
        out[filled:filled + len(piece)] = piece
        filled += len(piece)
    out.resize(filled, refcheck=False)
    return out


def _resample_stream(blocks, rate_in, rate_out):
    """Yield the polyphase resampling of a block stream in pieces, equal to resampling the whole signal at once.

    Every piece is cut at a multiple of `down` input samples (where the output grid meets the input grid) and
    resampled with `pad` samples of real signal on each side, more than the filter reaches, so seams are exact.
    """
    up, down = ratio(rate_in, rate_out)
    if up == down == 1:
        yield from blocks
        return
    pad = down * (int(half_length_in(up, down) // down) + 2)
    pending, left = np.zeros(0, np.float32), np.zeros(0, np.float32)
    for block in blocks:
        pending = np.concatenate([pending, block])
        ready = (len(pending) - pad) // down * down  # what can be emitted now, keeping `pad` of look-ahead
        if ready <= 0:
            continue
        yield _resample_piece(left, pending[:ready], pending[ready:ready + pad], up, down)
        left = pending[ready - pad:ready] if ready >= pad else np.concatenate([left, pending[:ready]])[-pad:]
        pending = pending[ready:]
    if len(pending):
        yield _resample_piece(left, pending, np.zeros(0, np.float32), up, down)


def _resample_piece(left, middle, right, up, down):
    y = resample(np.concatenate([left, middle, right]), up, down)
    skip = len(left) * up // down
    return y[skip:skip + -(-len(middle) * up // down)]
