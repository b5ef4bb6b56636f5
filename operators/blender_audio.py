# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Decode audio as the Video Sequencer plays it: every format Blender plays (AAC, Matroska, a movie file's sound, ...)
through Blender's own audio library (Audaspace, `aud`). Formats libsndfile reads (wav, flac, ogg vorbis, mp3) go through
soundfile instead: the same samples as Audaspace gives (a test checks it), five times faster and streamed in
blocks. Without `aud` (the bpy 4.2 wheel), soundfile reads what it can."""

import functools
import os

import bpy

from ..inference.audio import BLOCK_SECONDS, Decoded, decode_soundfile, mono, soundfile_reads
from ..inference.errors import LipSyncError
from . import blender_compat


def decoder():
    """The `decode` for inference.audio.load_audio: Audaspace where this Blender has it, else None (soundfile).
    Called on the main thread; what it returns runs on the worker thread and touches no Blender data."""
    aud = blender_compat.audaspace()
    if aud is None:
        return None
    return functools.partial(_decode, aud, bpy.app.build_options.codec_ffmpeg)


def _decode(aud, has_ffmpeg, path, start_s, end_s):
    if soundfile_reads(path):
        return decode_soundfile(path, start_s, end_s)
    return decode_audaspace(aud, has_ffmpeg, path, start_s, end_s)


def decode_audaspace(aud, has_ffmpeg, path, start_s, end_s):
    """inference.audio.Decoded through Audaspace; `has_ffmpeg`: this Blender was built with ffmpeg's decoders."""
    sound = aud.Sound(path)
    try:
        # Reading the specs first: an unreadable file raises aud.error here, where decoding it would abort.
        rate, _ = sound.specs
    except aud.error as e:
        name, extension = os.path.basename(path), os.path.splitext(path)[1].lower()
        if not has_ffmpeg:
            raise LipSyncError(f"Cannot decode {extension or 'extension-less'} files here ({name}): this Blender "
                               "has no ffmpeg decoder; use wav, flac, ogg or mp3.") from e
        raise LipSyncError(f"Cannot read audio file {name} (damaged, truncated or not audio): {e}") from e
    rate = int(rate)
    # (samples, channels) float32 from the file's start: Audaspace seeks compressed audio inexactly, so the start
    # is cut here; reading stops at the range's end, so a short strip of a long movie decodes only that far.
    data = (sound if end_s is None else sound.limit(0.0, end_s)).data()
    first = min(len(data), max(0, int(round(start_s * rate))))
    last = len(data) if end_s is None else min(len(data), max(first, int(round(end_s * rate))))
    return Decoded(rate, len(data) / rate, last - first, _blocks(data, first, last, BLOCK_SECONDS * rate))


def _blocks(data, first, last, size):
    for start in range(first, last, size):
        yield mono(data[start:min(start + size, last)])
