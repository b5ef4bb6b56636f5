# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Head motion on a FLAME head: an armature the extension owns, with a neck bone and a head bone placed from the
mesh's own geometry, skinning weights it makes, and the head's pitch/yaw/roll baked as keyframes on the head bone.

The head bone's axes are the head's own (inference.head_frame: X the subject's left, Y up, Z forward), and its
rotation mode is ZXY, so its Euler angles are inference.face.head_motion's (pitch about X, yaw about Y, roll about
Z, composed R = Ry Rx Rz). It turns about the neck joint: the middle of the head's cross-section at the level of
the mouth corners. The lower neck has no weight on the head bone and stays put; from a third of the way up the neck
to the joint the weight rises smoothly to 1.
"""

import bpy
import numpy as np

from ..inference.face.head_motion import AXES
from ..inference.head_frame import MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT, head_frame
from . import blender_compat, keyframes

PREFIX = "FLAME_LIPSYNC_"
HEAD, NECK = PREFIX + "head", PREFIX + "neck"
MODIFIER = PREFIX + "HeadRig"
GROUP = "Head"
BAND = 0.1           # cross-sections are this thick, in eye distances
STILL_SHARE = 0.35   # the lowest share of the neck (base to joint) that does not follow the head
HEAD_LENGTH = 1.5    # head bone length, in eye distances


def rig_name(obj):
    return f"{PREFIX}HeadRig {obj.name}"


def head_rig(obj):
    """The armature object we made for `obj`, or None."""
    modifier = obj.modifiers.get(MODIFIER)
    return modifier.object if modifier is not None else None


def joints(vertices):
    """(neck base, neck joint, head frame) in the mesh's coordinates, from its own vertices."""
    frame = head_frame(vertices)
    height = (vertices - frame.origin) @ frame.axes[1]
    band = BAND * frame.scale
    level = float(np.mean(height[[MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT]]))
    joint = _middle(vertices[np.abs(height - level) < band], frame)
    joint += (level - (joint - frame.origin) @ frame.axes[1]) * frame.axes[1]
    base = _middle(vertices[height < height.min() + band], frame)
    return base, joint, frame


def _middle(points, frame):
    """Centre of the points' extent along each of the head's axes (the face is meshed more densely than the back
    of the head, so the mean would lie too far forward)."""
    local = points @ frame.axes.T
    return 0.5 * (local.min(axis=0) + local.max(axis=0)) @ frame.axes


def head_weights(vertices, base, joint, frame):
    """Weight of the head bone per vertex: 0 on the lower neck, rising smoothly to 1 at the neck joint."""
    height = (vertices - base) @ frame.axes[1]
    top = (joint - base) @ frame.axes[1]
    u = np.clip((height - STILL_SHARE * top) / ((1 - STILL_SHARE) * top), 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def add_head_rig(obj):
    """Make the armature, the vertex groups and the Armature modifier for `obj` (once); returns the armature."""
    existing = head_rig(obj)
    if existing is not None:
        return existing
    mesh = obj.data
    vertices = np.empty(len(mesh.vertices) * 3, np.float64)
    mesh.vertices.foreach_get("co", vertices)
    vertices = vertices.reshape(-1, 3)
    base, joint, frame = joints(vertices)
    armature = bpy.data.armatures.new(rig_name(obj))
    rig = bpy.data.objects.new(rig_name(obj), armature)
    for collection in obj.users_collection:
        collection.objects.link(rig)
    rig.parent = obj.parent
    rig.matrix_world = obj.matrix_world.copy()
    _add_bones(rig, base, joint, frame)
    weights = head_weights(vertices, base, joint, frame)
    for name, weight in ((HEAD, weights), (NECK, 1.0 - weights)):
        group = obj.vertex_groups.new(name=name)
        for index in np.flatnonzero(weight > 0):
            group.add([int(index)], float(weight[index]), 'REPLACE')
    modifier = obj.modifiers.new(MODIFIER, 'ARMATURE')
    modifier.object = rig
    return rig


def _add_bones(rig, base, joint, frame):
    """Neck bone from the neck's base to the joint, head bone from the joint upward, both with the head's axes."""
    view_layer = bpy.context.view_layer
    active = view_layer.objects.active
    view_layer.objects.active = rig
    bpy.ops.object.mode_set(mode='EDIT')
    try:
        bones = rig.data.edit_bones
        neck, head = bones.new(NECK), bones.new(HEAD)
        neck.head, neck.tail = base, joint
        head.head, head.tail = joint, joint + HEAD_LENGTH * frame.scale * frame.axes[1]
        for bone in (neck, head):
            bone.align_roll(frame.axes[2])  # the bone's Z axis forward, so its X is the head's left
        head.parent = neck
        head.use_connect = True
    finally:
        bpy.ops.object.mode_set(mode='OBJECT')
        view_layer.objects.active = active
    rig.pose.bones[HEAD].rotation_mode = 'ZXY'


def bake_head_motion(obj, degrees, first_frame):
    """Key the head bone's rotation at frames first_frame, first_frame + 1, ... from degrees [T, 3] (pitch, yaw,
    roll); keys of ours outside that range stay (other lines), as for the shape keys (keyframes.merge_keys)."""
    rig = add_head_rig(obj)
    degrees = np.asarray(degrees, dtype=np.float64)
    bone = rig.pose.bones[HEAD]
    data_path = bone.path_from_id("rotation_euler")
    if rig.animation_data is None or rig.animation_data.action is None:
        # Blender makes the action, its slot and the F-curves in its version's way; the rest is written in bulk.
        bone.keyframe_insert("rotation_euler", frame=first_frame, group=GROUP)
    curves = {c.array_index: c for c in blender_compat.find_fcurves(rig.animation_data.action)
              if c.data_path == data_path}
    frames = first_frame + np.arange(len(degrees), dtype=np.float32)
    for axis, index in ((AXES.index("pitch"), 0), (AXES.index("yaw"), 1), (AXES.index("roll"), 2)):
        keyframes.merge_keys(curves[index], frames, np.radians(degrees[:, axis]))


def remove_head_rig(obj):
    """Remove everything add_head_rig and bake_head_motion made for `obj`."""
    rig = head_rig(obj)
    if obj.modifiers.get(MODIFIER) is not None:
        obj.modifiers.remove(obj.modifiers[MODIFIER])
    for name in (HEAD, NECK):
        group = obj.vertex_groups.get(name)
        if group is not None:
            obj.vertex_groups.remove(group)
    if rig is None:
        return
    action = rig.animation_data.action if rig.animation_data is not None else None
    armature = rig.data
    bpy.data.objects.remove(rig)
    bpy.data.armatures.remove(armature)
    if action is not None and action.users == 0:
        bpy.data.actions.remove(action)
