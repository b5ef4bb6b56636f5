# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where a sound strip's audio is and which part of it plays at which scene frame."""

import os
import tempfile
from typing import NamedTuple

import bpy

from ..inference.errors import LipSyncError
from ..inference.pipeline import AudioSource
from . import blender_compat


def scene_fps(scene):
    return scene.render.fps / scene.render.fps_base


def find_sound_strip(scene, name):
    """The sound strip called `name`; with no name, the active sound strip, else the only selected one."""
    strips = [s for s in blender_compat.all_strips(scene.sequence_editor) if s.type == 'SOUND']
    if name:
        for strip in strips:
            if strip.name == name:
                return strip
        raise LipSyncError(f"There is no sound strip named '{name}' in scene '{scene.name}'.")
    active = scene.sequence_editor.active_strip if scene.sequence_editor else None
    if active is not None and active.type == 'SOUND':
        return active
    selected = [s for s in strips if s.select]
    if len(selected) == 1:
        return selected[0]
    if not strips:
        raise LipSyncError("The scene has no sound strip: add one in the Video Sequencer, or give an audio file.")
    raise LipSyncError("Choose the sound strip to lip sync (make it active in the Video Sequencer or pick it "
                       "in the Lip Sync panel).")


def check_playable(scene, strip):
    """Raise LipSyncError when the strip plays no sound: muted, on a muted channel, or without a sound."""
    if strip.mute or _channel_muted(scene, strip):
        raise LipSyncError(f"The sound strip '{strip.name}' is muted; unmute it to lip sync it.")
    if strip.sound is None:
        raise LipSyncError(f"The sound strip '{strip.name}' has no sound.")


class StripSpan(NamedTuple):
    audio: AudioSource
    first_frame: int             # the scene frame of the first frame
    n_frames: int | None         # None: as many as the audio lasts


def strip_span(scene, strip, decode=None):
    """The StripSpan of the frames where the strip plays: its visible frames, within those of the meta strips
    around it. `decode`: how the audio is decoded (inference.pipeline.AudioSource.decode).

    The sound plays file time (f - frame_start + animation_offset_start) / fps - sound_offset at scene frame f,
    for f from frame_final_start up to (not including) frame_final_end, as Blender's audio mixer plays it.
    """
    check_playable(scene, strip)
    fps = scene_fps(scene)
    first, end = int(strip.frame_final_start), int(strip.frame_final_end)
    meta = strip.parent_meta()
    while meta is not None:  # a meta strip plays its contents only within its own (trimmed) range
        first, end = max(first, int(meta.frame_final_start)), min(end, int(meta.frame_final_end))
        meta = meta.parent_meta()
    if end <= first:
        raise LipSyncError(f"The sound strip '{strip.name}' is trimmed to nothing.")

    def file_time(frame):
        return ((frame - strip.frame_start + strip.animation_offset_start) / fps
                - blender_compat.sound_offset_seconds(strip))

    start_s, end_s = file_time(first), file_time(end)
    if end_s <= 0:
        raise LipSyncError(f"The sound of strip '{strip.name}' starts after the strip's end; nothing plays.")
    audio = AudioSource(sound_file(strip), max(start_s, 0.0), end_s, max(-start_s, 0.0),
                        f"The sound strip '{strip.name}'",
                        decode, temporary=strip.sound.packed_file is not None)
    return StripSpan(audio, first, end - first)


def sound_file(strip):
    """A readable path of the strip's sound: its file, or a temporary copy of packed audio."""
    sound = strip.sound
    if sound.packed_file is not None:
        suffix = os.path.splitext(sound.filepath)[1] or ".wav"
        handle, path = tempfile.mkstemp(prefix="flame_lipsync_", suffix=suffix)
        with os.fdopen(handle, "wb") as f:
            f.write(sound.packed_file.data)
        return path
    path = bpy.path.abspath(sound.filepath, library=sound.library)
    if not os.path.isfile(path):
        raise LipSyncError(f"The sound file of strip '{strip.name}' is missing: {path}")
    return path


def _channel_muted(scene, strip):
    channels = getattr(scene.sequence_editor, "channels", None)
    return channels is not None and strip.channel < len(channels) and channels[strip.channel].mute
