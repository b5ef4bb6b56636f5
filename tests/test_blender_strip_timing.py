# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The strip's position, trims, sound offset, mute state and packed audio are honoured; keys cover exactly the
frames where the strip is visible."""

import glob
import os
import subprocess
import tempfile

import bpy
import numpy as np
import pytest
from blender_cli import require_sound_strips
from blender_curves import keyed_values

FPS = 24


@pytest.fixture(scope="module")
def long_speech(tmp_path_factory):
    """About 12 s of speech: long enough to compare frames further than the model's context from any cut."""
    path = tmp_path_factory.mktemp("speech") / "long.wav"
    text = ("Peter Piper picked a peck of pickled peppers. Where is the peck of pickled peppers Peter Piper picked? "
            "She sells sea shells by the sea shore, and the shells she sells are surely sea shells.")
    subprocess.run(["espeak-ng", "-w", str(path), text], check=True)
    return path


def _add_strip(path, frame_start, name="Voice"):
    from flame_lipsync.operators import blender_compat

    require_sound_strips()
    scene = bpy.context.scene
    scene.render.fps, scene.render.fps_base = FPS, 1.0
    return blender_compat.new_sound_strip(scene, name, str(path), 1, frame_start)


def _curve(obj, control="jawOpen"):
    """{frame: value} of our curve for `control`."""
    return next(keys for path, keys in keyed_values(obj).items() if f'"{control}"' in path)


def _generate(obj, **arguments):
    bpy.ops.flame_lipsync.generate(target=obj.name, smoothing=0.0, **arguments)
    return _curve(obj)


def _context_frames():
    from flame_lipsync.inference.model import LipSyncModel

    return int(np.ceil(LipSyncModel().context_s * FPS)) + 2


def _assert_same_where_both(a, b, skip_near=(), margin=0):
    frames = [f for f in a if f in b and all(abs(f - edge) > margin for edge in skip_near)]
    assert len(frames) > 20
    np.testing.assert_allclose([a[f] for f in frames], [b[f] for f in frames], atol=1e-4)


def test_active_strip_keys_exactly_its_visible_frames(flame_head, speech_wav):
    strip = _add_strip(speech_wav, 10)
    bpy.context.scene.sequence_editor.active_strip = strip
    curve = _generate(flame_head)
    assert sorted(curve) == list(range(strip.frame_final_start, strip.frame_final_end))


def test_moving_a_strip_moves_the_keys(flame_head, speech_wav):
    strip = _add_strip(speech_wav, 10)
    first = _generate(flame_head, strip="Voice")
    bpy.ops.flame_lipsync.clear(target=flame_head.name)  # a rerun keeps our keys outside its range
    strip.frame_start = 40
    moved = _generate(flame_head, strip="Voice")
    assert sorted(moved) == [f + 30 for f in sorted(first)]
    np.testing.assert_allclose([moved[f + 30] for f in first], list(first.values()), atol=1e-5)


def test_trims_keep_the_timing(flame_head, long_speech):
    strip = _add_strip(long_speech, 10)
    whole = _generate(flame_head, strip="Voice")
    bpy.ops.flame_lipsync.clear(target=flame_head.name)  # a rerun keeps our keys outside its range
    strip.frame_offset_start, strip.frame_offset_end = 12, 10
    trimmed = _generate(flame_head, strip="Voice")
    assert sorted(trimmed) == list(range(22, strip.frame_final_end))
    assert strip.frame_final_end == max(whole) + 1 - 10
    _assert_same_where_both(trimmed, whole, skip_near=(22, strip.frame_final_end), margin=_context_frames())


def test_sound_offset_delays_the_keys(flame_head, long_speech):
    strip = _add_strip(long_speech, 10)
    if not hasattr(strip, "sound_offset"):
        pytest.skip("sound strips have no sound_offset before Blender 4.3")
    plain = _generate(flame_head, strip="Voice")
    strip.sound_offset = 0.5
    delayed = _generate(flame_head, strip="Voice")
    assert sorted(delayed) == sorted(plain)
    shifted = {f + 12: v for f, v in plain.items()}
    _assert_same_where_both(delayed, shifted, skip_near=(22, max(plain)), margin=_context_frames())


@pytest.mark.parametrize("mute", ["strip", "channel"])
def test_muted_strip_is_refused(flame_head, speech_wav, mute):
    strip = _add_strip(speech_wav, 10)
    if mute == "strip":
        strip.mute = True
    else:
        bpy.context.scene.sequence_editor.channels[strip.channel].mute = True
    with pytest.raises(RuntimeError, match="is muted"):
        bpy.ops.flame_lipsync.generate(strip="Voice", target=flame_head.name)
    assert flame_head.data.shape_keys is None


def test_packed_sound_works_and_leaves_no_temporary_file(flame_head, speech_wav):
    strip = _add_strip(speech_wav, 10)
    unpacked = _generate(flame_head, strip="Voice")
    strip.sound.pack()
    leftovers = set(glob.glob(os.path.join(tempfile.gettempdir(), "flame_lipsync_*")))
    packed = _generate(flame_head, strip="Voice")
    assert packed.keys() == unpacked.keys()
    np.testing.assert_allclose(list(packed.values()), list(unpacked.values()), atol=1e-6)
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "flame_lipsync_*"))) == leftovers


def test_sound_in_a_trimmed_meta_strip_keys_only_what_the_meta_plays(flame_head, long_speech):
    """The same keys as the sound strip itself trimmed to the meta strip's range."""
    strip = _add_strip(long_speech, 10)
    strip.frame_final_end, strip.frame_final_start = 150, 16
    trimmed_strip = _generate(flame_head, strip="Voice")
    bpy.ops.flame_lipsync.clear(target=flame_head.name)
    strip.frame_offset_start = strip.frame_offset_end = 0
    editor = bpy.context.scene.sequence_editor
    meta = (editor.strips if hasattr(editor, "strips") else editor.sequences).new_meta("Dialogue", 2, 10)
    strip.move_to_meta(meta)
    meta.frame_final_end = 150  # trims the meta to frames 16-149, not the sound inside
    meta.frame_final_start = 16
    assert (strip.frame_final_start, meta.frame_final_start, meta.frame_final_end) == (10, 16, 150)
    assert strip.frame_final_end > 200
    in_meta = _generate(flame_head, strip="Voice")
    assert sorted(in_meta) == list(range(16, 150))
    np.testing.assert_allclose([in_meta[f] for f in range(16, 150)], [trimmed_strip[f] for f in range(16, 150)],
                               atol=1e-6)


def test_strip_volume_and_fades_are_ignored(flame_head, speech_wav):
    """Lip sync follows the speech, not the mix: a quiet or fading strip moves the mouth as much."""
    strip = _add_strip(speech_wav, 10)
    plain = _generate(flame_head, strip="Voice")
    strip.volume = 0.0
    strip.keyframe_insert("volume", frame=10)
    strip.volume = 0.1
    strip.keyframe_insert("volume", frame=40)
    faded = _generate(flame_head, strip="Voice")
    assert faded.keys() == plain.keys()
    np.testing.assert_allclose(list(faded.values()), list(plain.values()), atol=1e-6)
