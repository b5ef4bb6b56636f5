# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Baked shape keys + keyframes reproduce the pipeline's own per-frame vertex offsets on the head (the model's motion
after rest in silence, the head's closure and its lip speed limit)."""

import bpy
import numpy as np
import pytest
from blender_mesh import evaluated_displacements

TOLERANCE_M = 1e-5  # 0.01 mm


@pytest.mark.parametrize("fps, fps_base", [(100, 1.0), (24000, 1001.0)], ids=["model rate", "23.976"])
def test_baked_motion_equals_the_pipelines_offsets(flame_head, speech_wav, fps, fps_base):
    from flame_lipsync.inference import pipeline
    from flame_lipsync.inference.face.layers import FaceOptions

    scene = bpy.context.scene
    scene.render.fps, scene.render.fps_base = fps, fps_base
    rest = np.array([v.co for v in flame_head.data.vertices], np.float32)
    bpy.ops.flame_lipsync.generate(filepath=str(speech_wav), frame_start=1, target=flame_head.name,
                                   intensity=1.0, smoothing=0.0, layers={'LIPS'})

    job = pipeline.Job(pipeline.AudioSource(str(speech_wav)), fps / fps_base, head_vertices=rest,
                       face=FaceOptions(layers=("lips",)))
    result = pipeline.run(job, pipeline.cached_model('CPU'))
    steps = np.linspace(0, len(result.weights) - 1, 12).round().astype(int)
    expected = np.einsum("tk,kvc->tvc", result.weights[steps], result.shapes)

    actual = evaluated_displacements(flame_head, 1 + steps)
    assert np.abs(expected).max() > 1e-4, "the clip should move the face"
    assert np.abs(actual - expected).max() < TOLERANCE_M
