# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Decode an audio file to mono float32 at the model's 16 kHz, in blocks so long files need little memory."""

import itertools
import os
import re
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from .errors import LipSyncError
from .resample import half_length_in, ratio, resample

SAMPLE_RATE = 16000
BLOCK_SECONDS = 20


@dataclass
class Decoded:
    """A decoder's answer: the file's sample rate and length, and the requested range as mono float32 blocks."""
    rate: int
    length_s: float
    frames: int  # how many samples `blocks` should yield (an estimate for some codecs)
    blocks: Iterator[np.ndarray]


def load_audio(path, start_s=0.0, end_s=None, sample_rate=SAMPLE_RATE, decode=None):
    """Read [start_s, end_s) of `path` as mono float32 at `sample_rate`. `decode(path, start_s, end_s)` -> Decoded
    does the reading (default: soundfile, for wav, flac, ogg/vorbis, ogg/opus and mp3; Blender passes its own).
    Raises LipSyncError for missing, unreadable, empty or invalid (NaN or infinite) audio."""
    path = os.fspath(path)
    name = os.path.basename(path)
    if not os.path.isfile(path):
        raise LipSyncError(f"Audio file not found: {path}")
    if os.path.getsize(path) == 0:
        raise LipSyncError(f"Audio file {name} is empty (0 bytes).")
    if end_s is not None and end_s <= start_s:
        raise LipSyncError(f"Nothing to read from {name}: the range {start_s:g}-{end_s:g} s is empty.")
    decoded = (decode or decode_soundfile)(path, start_s, end_s)
    up, down = ratio(decoded.rate, sample_rate)
    # A damaged header may claim any length: reserve at most an hour up front, grow past it if real.
    expected = min(-(-decoded.frames * up // down), 3600 * sample_rate)
    invalid = [0]
    audio = _collect(_resample_stream(_finite(decoded.blocks, invalid), decoded.rate, sample_rate), expected)
    if invalid[0]:
        raise LipSyncError(f"Audio file {name} contains {invalid[0]} invalid (NaN or infinite) samples; "
                           "export it again from your audio editor.")
    if audio.size == 0:
        if start_s > 0:
            raise LipSyncError(f"Audio file {name} has no audio after {start_s:g} s "
                               f"(it lasts {decoded.length_s:g} s).")
        raise LipSyncError(f"Audio file {name} contains no audio.")
    return audio


def decode_soundfile(path, start_s, end_s):
    """Decoded through libsndfile (the soundfile package)."""
    import soundfile

    try:
        f = soundfile.SoundFile(path)
    except (RuntimeError, soundfile.LibsndfileError, ValueError) as e:
        raise _unreadable(path, e) from e
    rate = f.samplerate
    first = max(0, int(round(start_s * rate)))
    count = -1 if end_s is None else int(round(end_s * rate)) - first
    available = max(0, f.frames - first)
    return Decoded(rate, f.frames / rate, available if count < 0 else min(count, available),
                   _soundfile_blocks(f, path, first, count))


def _soundfile_blocks(f, path, first, count):
    import soundfile

    with f:
        try:
            if first:
                f.seek(min(first, f.frames))
            yield from _mono_blocks(f, count)
        except (RuntimeError, soundfile.LibsndfileError, ValueError) as e:
            raise _unreadable(path, e) from e


def soundfile_reads(path):
    """Whether libsndfile reads this kind of file (by its extension): wav, flac, ogg, mp3, aiff and the like."""
    import soundfile

    known = {f".{f.lower()}" for f in soundfile.available_formats()} | {".mp3", ".opus", ".oga", ".aif", ".aiff"}
    return os.path.splitext(path)[1].lower() in known


def _unreadable(path, error):
    """The message for a file libsndfile cannot read: a format it does not know is named as such."""
    name, extension = os.path.basename(path), os.path.splitext(path)[1].lower()
    if not soundfile_reads(path):
        return LipSyncError(f"Cannot decode {extension or 'extension-less'} files here ({name}): this reader "
                            "takes wav, flac, ogg (vorbis, opus) and mp3; convert it, e.g. ffmpeg -i IN OUT.wav.")
    return LipSyncError(f"Cannot read audio file {name} (damaged, truncated or not audio): {_reason(error)}.")


def _finite(blocks, invalid):
    """The blocks with NaN and infinite samples counted into invalid[0] (and zeroed, so resampling stays quiet)."""
    for block in blocks:
        bad = ~np.isfinite(block)
        if bad.any():
            invalid[0] += int(np.count_nonzero(bad))
            block = np.where(bad, np.float32(0), block)
        yield block


def _reason(error):
    """libsndfile's message without the "Error opening '<path>': " prefix or a trailing full stop."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return re.sub(r"^Error opening .*?: ", "", text).rstrip(".").strip() or type(error).__name__


def mono(data):
    """(n, channels) float32 -> (n,) the channels' mean."""
    channels = data.shape[1]
    # A matrix-vector product: numpy's mean along a short axis is ten times slower.
    return data @ np.full(channels, 1 / channels, np.float32) if channels > 1 else data[:, 0]


# Integer PCM read as integers and scaled here: the same values as libsndfile's float reads (which divide by
# 2 ** (bits - 1)), twice as fast.
_INTEGER_READS = {"PCM_16": ("int16", 2.0 ** -15), "PCM_24": ("int32", 2.0 ** -31), "PCM_32": ("int32", 2.0 ** -31)}


def _mono_blocks(f, count):
    """Yield float32 mono blocks of about BLOCK_SECONDS from the current position (`count` < 0: to the end)."""
    block = BLOCK_SECONDS * f.samplerate
    dtype, scale = _INTEGER_READS.get(f.subtype, ("float32", 1.0))
    remaining = count
    while remaining != 0:
        want = block if remaining < 0 else min(block, remaining)
        data = f.read(want, dtype=dtype, always_2d=True)
        if len(data) == 0:
            return
        if remaining > 0:
            remaining -= len(data)
        if scale != 1.0:
            data = data.astype(np.float32)
            data *= np.float32(scale)
        yield mono(data)


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
    blocks = iter(blocks)
    first = next(blocks, None)
    second = next(blocks, None) if first is not None else None
    if second is None:  # a short file is one block: resampled whole, as the pieces below would add up to
        if first is not None:
            yield resample(first, up, down)
        return
    pad = down * (int(half_length_in(up, down) // down) + 2)
    pending, left = np.zeros(0, np.float32), np.zeros(0, np.float32)
    for block in itertools.chain([first, second], blocks):
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
