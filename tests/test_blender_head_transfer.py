# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Any FLAME head gets the same motion relative to its size: Y-up or Z-up, metres or centimetres, moved,
rotated or scaled objects."""

import math

import bpy
import numpy as np
from blender_mesh import evaluated_displacements
from mathutils import Matrix

FRAMES = (20, 60, 100)


def _bake(obj, wav):
    bpy.context.scene.render.fps = 100
    bpy.ops.flame_lipsync.generate(filepath=str(wav), target=obj.name, smoothing=0.0, intensity=1.0)
    return evaluated_displacements(obj, FRAMES)


def test_z_up_centimetre_head_gets_the_same_motion(flame_head, speech_wav):
    reference = _bake(flame_head, speech_wav)
    bpy.ops.flame_lipsync.clear(target=flame_head.name)

    # Y-up metres -> Z-up centimetres, shifted: what an import with other axis and unit settings gives.
    transform = (Matrix.Translation((3.0, -2.0, 150.0)) @ Matrix.Scale(100.0, 4)
                 @ Matrix.Rotation(math.radians(90), 4, "X"))
    flame_head.data.transform(transform)
    moved = _bake(flame_head, speech_wav)

    linear = np.array(transform.to_3x3())
    expected = reference @ linear.T
    assert np.abs(reference).max() > 1e-4
    assert np.abs(moved - expected).max() < 100 * 1e-5  # 0.01 mm, in centimetres


def test_object_transform_is_left_to_blender(flame_head, speech_wav):
    """Shape keys live in the mesh's own space, so a rotated and scaled object moves with its transform."""
    reference = _bake(flame_head, speech_wav)
    bpy.ops.flame_lipsync.clear(target=flame_head.name)
    flame_head.rotation_euler = (0.3, -1.2, 2.0)
    flame_head.scale = (2.5, 2.5, 2.5)
    np.testing.assert_allclose(_bake(flame_head, speech_wav), reference, atol=1e-6)
