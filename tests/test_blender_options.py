# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Options (intensity, smoothing; from the call or the panel's scene settings), audio formats, frame rates,
and silence, on the lips alone (the eyes blink and the head moves in silence too; tests/test_blender_face.py)."""

import bpy
import numpy as np
import pytest
import soundfile
from blender_curves import keyframes, our_fcurves


def _curves(obj):
    """(n_frames, K) our keyed values, and the first keyed frame."""
    values = []
    for fcurve in our_fcurves(obj):
        assert fcurve.group.name in ("Lip Sync", "Eyes", "Brows")
        assert {k.interpolation for k in fcurve.keyframe_points[:3]} == {'LINEAR'}
        frames, keyed = keyframes(fcurve)
        values.append(keyed)
    return np.stack(values, axis=1), int(frames[0])


def _generate(obj, wav, **options):
    bpy.ops.flame_lipsync.generate(filepath=str(wav), target=obj.name, layers={'LIPS'}, **options)
    return _curves(obj)[0]


def test_intensity_from_the_call_or_the_panel(flame_head, speech_wav):
    """Intensity scales every curve but mouthClose, which shuts the lips wherever the model says closed."""
    full = _generate(flame_head, speech_wav, intensity=1.0, smoothing=0.0)
    scaled = [i for i, f in enumerate(our_fcurves(flame_head)) if '"mouthClose"' not in f.data_path]
    assert len(scaled) == full.shape[1] - 1 and full.max() > 0.1
    half = _generate(flame_head, speech_wav, intensity=0.5, smoothing=0.0)
    np.testing.assert_allclose(half[:, scaled], full[:, scaled] / 2, atol=1e-6)
    settings = bpy.context.scene.flame_lipsync
    settings.intensity, settings.smoothing = 1.5, 0.0
    np.testing.assert_allclose(_generate(flame_head, speech_wav)[:, scaled], full[:, scaled] * 1.5, atol=1e-6)


def test_smoothing_calms_frame_to_frame_changes(flame_head, speech_wav):
    raw = _generate(flame_head, speech_wav, smoothing=0.0)
    smooth = _generate(flame_head, speech_wav, smoothing=0.08)
    assert np.abs(np.diff(smooth, axis=0)).mean() < 0.7 * np.abs(np.diff(raw, axis=0)).mean()


@pytest.mark.parametrize("fps, fps_base", [(120, 1.0), (30000, 1001.0)])
def test_stereo_48k_file_at_any_frame_rate(flame_head, speech_wav, tmp_path, fps, fps_base):
    from scipy.signal import resample_poly

    mono, rate = soundfile.read(speech_wav, dtype="float32")
    stereo_path = tmp_path / "stereo48k.flac"
    resampled = resample_poly(mono, 320, 147)  # 22050 Hz -> 48000 Hz
    soundfile.write(stereo_path, np.stack([resampled, 0.5 * resampled], axis=1), 48000)
    scene = bpy.context.scene
    scene.render.fps, scene.render.fps_base = fps, fps_base
    bpy.ops.flame_lipsync.generate(filepath=str(stereo_path), frame_start=5, target=flame_head.name, layers={'LIPS'})
    values, first = _curves(flame_head)
    assert first == 5
    assert len(values) == round(len(mono) / rate * fps / fps_base)
    assert scene.flame_lipsync.report_frames == len(values)


def test_silence_gives_a_face_at_rest(flame_head, tmp_path):
    silence = tmp_path / "silence.wav"
    soundfile.write(silence, np.zeros(3 * 16000, np.float32), 16000)
    bpy.ops.flame_lipsync.generate(filepath=str(silence), target=flame_head.name, layers={'LIPS'})
    from flame_lipsync.inference.model import LipSyncModel

    values, _ = _curves(flame_head)
    basis = LipSyncModel().basis
    largest_offset = np.abs(np.einsum("tk,kvc->tvc", values[::10, :len(basis)], basis)).max()
    assert largest_offset < 0.0001, f"silence moves a vertex by {largest_offset * 1000:.2f} mm"
