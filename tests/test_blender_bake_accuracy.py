# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Baked shape keys + keyframes reproduce the model's own per-frame vertex offsets on the reference head."""

import bpy
import numpy as np
import pytest
from blender_mesh import evaluated_displacements

TOLERANCE_M = 1e-5  # 0.01 mm


@pytest.mark.parametrize("fps, fps_base", [(100, 1.0), (24000, 1001.0)], ids=["model rate", "23.976"])
def test_baked_motion_equals_model_offsets(flame_head, speech_wav, fps, fps_base):
    from flame_lipsync.inference.audio import load_audio
    from flame_lipsync.inference.model import LipSyncModel

    scene = bpy.context.scene
    scene.render.fps, scene.render.fps_base = fps, fps_base
    bpy.ops.flame_lipsync.generate(filepath=str(speech_wav), frame_start=1, target=flame_head.name,
                                   intensity=1.0, smoothing=0.0, layers={'LIPS'})

    model = LipSyncModel()
    audio = load_audio(speech_wav)
    scene_fps = fps / fps_base
    n_frames = int(round(len(audio) / model.sample_rate * scene_fps))
    steps = np.linspace(0, n_frames - 1, 12).round().astype(int)
    position = steps * model.frame_rate / scene_fps
    lower = np.floor(position).astype(int)
    fraction = (position - lower)[:, None, None]
    offsets = model.offsets(audio, np.concatenate([lower, lower + 1]))
    expected = offsets[:len(steps)] * (1 - fraction) + offsets[len(steps):] * fraction

    actual = evaluated_displacements(flame_head, 1 + steps)
    assert np.abs(expected).max() > 1e-4, "the clip should move the face"
    assert np.abs(actual - expected).max() < TOLERANCE_M
