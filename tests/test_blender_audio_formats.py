# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the sequencer plays can be lip synced: AAC (.m4a), Matroska audio (.mka) and a movie file's sound, from
a file or a strip, decoded by Blender's own audio library; audio that cannot be used changes nothing."""

import subprocess

import bpy
import numpy as np
import pytest
import soundfile
from blender_cli import require_sound_strips

FPS = 24
# ffmpeg arguments that make each fixture from the speech wav; the movie gets a test picture as its video.
FORMATS = {
    "voice.m4a": ["-c:a", "aac", "-b:a", "192k"],
    "voice.mka": ["-c:a", "flac"],
    "shot.mp4": ["-f", "lavfi", "-i", "testsrc=size=64x64:rate=24", "-map", "1:v", "-map", "0:a", "-shortest",
                 "-c:v", "mpeg4", "-c:a", "aac", "-b:a", "192k"],
}


def _convert(speech_wav, folder, name):
    path = folder / name
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(speech_wav), *FORMATS[name], str(path)],
                   check=True)
    return path


def _keys(obj):
    from flame_lipsync.operators import blender_compat

    action = obj.data.shape_keys.animation_data.action
    fcurves = blender_compat.ensure_channels(action, action.name)[0].fcurves
    jaw = next(f for f in fcurves if '"jawOpen"' in f.data_path)
    co = np.empty(len(jaw.keyframe_points) * 2, np.float32)
    jaw.keyframe_points.foreach_get("co", co)
    return co[0::2], co[1::2]


def _bake(head, **source):
    bpy.context.scene.render.fps, bpy.context.scene.render.fps_base = FPS, 1.0
    bpy.ops.flame_lipsync.generate(target=head.name, smoothing=0.0, device='CPU', **source)
    keys = _keys(head)
    bpy.ops.flame_lipsync.clear(target=head.name)
    return keys


def _assert_like(keys, reference):
    (frames, jaw), (reference_frames, reference_jaw) = keys, reference
    assert abs(len(frames) - len(reference_frames)) <= 1
    n = min(len(jaw), len(reference_jaw))
    assert np.corrcoef(jaw[:n], reference_jaw[:n])[0, 1] > 0.95
    assert np.abs(jaw[:n] - reference_jaw[:n]).max() < 0.15


@pytest.mark.parametrize("name", FORMATS)
def test_file_formats_blender_plays(flame_head, speech_wav, tmp_path, name):
    from flame_lipsync.operators import blender_compat

    path = _convert(speech_wav, tmp_path, name)
    if blender_compat.audaspace() is None:  # the bpy 4.2 wheel: soundfile reads, and names what it cannot
        with pytest.raises(RuntimeError, match=rf"Cannot decode \{path.suffix} files here"):
            bpy.ops.flame_lipsync.generate(filepath=str(path), target=flame_head.name)
        assert flame_head.data.shape_keys is None
        return
    _assert_like(_bake(flame_head, filepath=str(path)), _bake(flame_head, filepath=str(speech_wav)))


@pytest.mark.parametrize("name", FORMATS)
def test_sound_strips_of_those_formats(flame_head, speech_wav, tmp_path, name):
    """A movie's sound is a sound strip of the movie file next to its movie strip, as the sequencer adds it."""
    from flame_lipsync.operators import blender_compat

    require_sound_strips()
    path = _convert(speech_wav, tmp_path, name)
    scene = bpy.context.scene
    reference = blender_compat.new_sound_strip(scene, "Reference", str(speech_wav), 1, 10)
    strip = blender_compat.new_sound_strip(scene, "Voice", str(path), 2, 10)
    if path.suffix == ".mp4":
        editor = scene.sequence_editor
        (editor.strips if hasattr(editor, "strips") else editor.sequences).new_movie("Shot", str(path), 3, 10)
    assert strip.frame_final_start == reference.frame_final_start == 10
    _assert_like(_bake(flame_head, strip="Voice"), _bake(flame_head, strip="Reference"))


@pytest.mark.parametrize("name, codec", [("a.wav", "pcm_s16le"), ("a.flac", "flac"), ("a.ogg", "libvorbis"),
                                         ("a.mp3", "libmp3lame")])
def test_soundfile_decodes_its_formats_as_blender_plays_them(speech_wav, tmp_path, name, codec):
    """Why Generate reads these through soundfile: the same samples as Blender's own decoder, faster."""
    from flame_lipsync.inference.audio import load_audio
    from flame_lipsync.operators import blender_audio, blender_compat

    aud = blender_compat.audaspace()
    if aud is None:
        pytest.skip("this bpy wheel is built without Audaspace")
    path = tmp_path / name
    subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(speech_wav), "-c:a", codec, str(path)], check=True)
    blenders = load_audio(path, 0.5, 3.0, decode=lambda *a: blender_audio.decode_audaspace(aud, True, *a))
    np.testing.assert_allclose(load_audio(path, 0.5, 3.0), blenders, atol=1e-4)


def _state():
    return (sorted(bpy.data.shape_keys.keys()), sorted(bpy.data.actions.keys()),
            bpy.context.scene.flame_lipsync.has_report)


@pytest.mark.parametrize("problem, expected", [
    ("nan", "bad.wav contains 16 invalid \\(NaN or infinite\\) samples"),
    ("short", "bad.wav lasts 20 ms, less than one frame at 24 fps"),
    ("not audio", r"Cannot (read audio file |decode \.m4a files here \()bad\.m4a"),
])
def test_unusable_audio_changes_nothing(flame_head, tmp_path, problem, expected):
    path = tmp_path / ("bad.m4a" if problem == "not audio" else "bad.wav")
    audio = np.random.default_rng(0).standard_normal(16000).astype(np.float32) * 0.1
    if problem == "nan":
        audio[5000:5016] = np.nan
    if problem == "not audio":
        path.write_text("not audio\n" * 100)
    else:
        soundfile.write(path, audio[:320] if problem == "short" else audio, 16000, subtype="FLOAT")
    bpy.context.scene.render.fps = FPS
    before = _state()
    with pytest.raises(RuntimeError, match=expected):
        bpy.ops.flame_lipsync.generate(filepath=str(path), target=flame_head.name)
    assert _state() == before and flame_head.data.shape_keys is None
