# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""operators.head_rig: the head turns about the neck joint, the lower neck stays put, and removal leaves the head
as it was."""

import bpy
import numpy as np
from blender_curves import keyframes
from blender_mesh import evaluated_displacements

from inference.head_frame import NOSE_TIP, head_frame


def rest(obj):
    co = np.empty(len(obj.data.vertices) * 3)
    obj.data.vertices.foreach_get("co", co)
    return co.reshape(-1, 3)


def test_head_turns_about_the_neck_and_the_lower_neck_stays(extension, flame_head):
    from flame_lipsync.operators import head_rig

    vertices = rest(flame_head)
    frame = head_frame(vertices)
    height = (vertices - frame.origin) @ frame.axes[1]
    lowest = height < height.min() + 0.01  # the bottom centimetre of the neck
    head_rig.bake_head_motion(flame_head, [[0, 0, 0], [10, 0, 0], [0, 20, 0], [0, 0, 10]], first_frame=1)
    moved = evaluated_displacements(flame_head, (1, 2, 3, 4))
    assert np.abs(moved[0]).max() < 1e-6
    left, up, _ = frame.axes
    assert moved[1, NOSE_TIP] @ up < -0.008       # pitch 10: the nose goes down
    assert moved[2, NOSE_TIP] @ left > 0.02       # yaw 20: the face turns to the subject's left
    top = int(np.argmax(height))
    assert moved[3, top] @ left < -0.01           # roll 10: the top of the head tilts to the subject's right
    assert np.abs(moved[:, lowest]).max() < 1e-6  # the lower neck stays put
    eyes = np.arange(3931, 5023)
    distances = lambda p: np.linalg.norm(p[eyes[::50], None] - p[None, eyes[::50]], axis=-1)  # noqa: E731
    np.testing.assert_allclose(distances(vertices + moved[2]), distances(vertices), atol=1e-6)  # the head is rigid


def test_rebaking_keeps_other_lines_and_removal_leaves_the_head_as_before(extension, flame_head):
    from flame_lipsync.operators import blender_compat, head_rig

    vertices = rest(flame_head)
    objects, armatures, actions = len(bpy.data.objects), len(bpy.data.armatures), len(bpy.data.actions)
    head_rig.bake_head_motion(flame_head, np.full((5, 3), 4.0), first_frame=10)
    head_rig.bake_head_motion(flame_head, np.full((5, 3), -3.0), first_frame=30)
    rig = head_rig.head_rig(flame_head)
    curves = blender_compat.find_fcurves(rig.animation_data.action)
    moved = evaluated_displacements(flame_head, (12, 32))
    assert np.abs(moved[0, NOSE_TIP]).max() > 0.003 and np.abs(moved[1, NOSE_TIP]).max() > 0.003
    # Two lines of 5 keys, and a rest key after the first and before the second, as the shape keys get.
    assert len(curves) == 3 and all(keyframes(curve)[0].tolist() == [10, 11, 12, 13, 14, 15, 29, 30, 31, 32, 33, 34]
                                    for curve in curves)
    assert all(keyframes(curve)[1][[5, 6]].tolist() == [0, 0] for curve in curves)
    head_rig.remove_head_rig(flame_head)
    assert len(bpy.data.objects) == objects and len(bpy.data.armatures) == armatures
    assert len(bpy.data.actions) == actions
    assert not flame_head.vertex_groups and not flame_head.modifiers
    np.testing.assert_array_equal(rest(flame_head), vertices)
    assert np.abs(evaluated_displacements(flame_head, (12,))).max() == 0
