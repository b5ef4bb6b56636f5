# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Everything a bake may change on a head, taken before it starts and put back if it fails, so that a failed Generate
leaves the file exactly as it was (Undo is not there for scripts and farms)."""

import bpy
import numpy as np

from . import blender_compat, head_rig, ownership


class BakeSnapshot:
    def __init__(self, obj):
        self.obj = obj
        key = obj.data.shape_keys
        self.had_key = key is not None
        self.actions = {action.as_pointer() for action in bpy.data.actions}
        self.blocks = [_block_state(block) for block in key.key_blocks] if key else []
        self.record = key[ownership.RECORD].to_dict() if key and ownership.RECORD in key else None
        animation = key.animation_data if key else None
        self.had_animation = animation is not None
        self.action = animation.action if animation else None
        self.slot = blender_compat.active_slot(animation) if animation else None
        self.tracks = {track.as_pointer() for track in animation.nla_tracks} if animation else set()
        self.curves = _curves_state(self.action) if ownership.is_ours(self.action) else None
        rig = head_rig.head_rig(obj)
        self.had_rig = rig is not None
        self.rig_curves = _rig_state(rig) if rig is not None else None

    def restore(self):
        obj = self.obj
        if not self.had_rig:
            head_rig.remove_head_rig(obj)
        elif self.rig_curves is not None:
            _restore_points(_rig_curves(head_rig.head_rig(obj)), self.rig_curves)
        key = obj.data.shape_keys
        animation = key.animation_data if key else None
        if animation is not None:
            for track in [t for t in animation.nla_tracks if t.as_pointer() not in self.tracks]:
                animation.nla_tracks.remove(track)
            blender_compat.assign_action(animation, self.action, self.slot)
            if not self.had_animation:
                key.animation_data_clear()
        for action in [a for a in bpy.data.actions if a.as_pointer() not in self.actions]:
            bpy.data.actions.remove(action)
        if self.curves is not None:
            _restore_curves(self.action, self.curves)
        if not self.had_key:
            if key is not None:
                obj.shape_key_clear()
            return
        names = {state["name"] for state in self.blocks}
        for block in [b for b in key.key_blocks if b.name not in names]:
            obj.shape_key_remove(block)
        for state in self.blocks:
            _restore_block(key, state)
        if self.record is None:
            ownership.forget(key)
        else:
            key[ownership.RECORD] = self.record
        obj.data.update()


def _block_state(block):
    co = np.empty(len(block.points) * 3, np.float32)
    block.points.foreach_get("co", co)
    return {"name": block.name, "co": co, "value": block.value, "slider_min": block.slider_min,
            "slider_max": block.slider_max, "relative_key": block.relative_key.name}


def _restore_block(key, state):
    block = key.key_blocks[state["name"]]
    block.points.foreach_set("co", state["co"])
    block.slider_min, block.slider_max = state["slider_min"], state["slider_max"]
    block.value = state["value"]
    block.relative_key = key.key_blocks[state["relative_key"]]


def _curves_state(action):
    """{data path: (co, interpolation)} of every F-curve of our action."""
    channels, _ = blender_compat.ensure_channels(action, action.name)
    return {fcurve.data_path: _points_state(fcurve) for fcurve in channels.fcurves}


def _rig_curves(rig):
    """{array index: F-curve} of the head rig's action (the head bone's three rotation curves)."""
    action = rig.animation_data.action if rig.animation_data is not None else None
    return {fcurve.array_index: fcurve for fcurve in blender_compat.find_fcurves(action)} if action else {}


def _rig_state(rig):
    return {index: _points_state(fcurve) for index, fcurve in _rig_curves(rig).items()}


def _points_state(fcurve):
    points = fcurve.keyframe_points
    co, interpolation = np.empty(len(points) * 2, np.float32), np.empty(len(points), np.int32)
    points.foreach_get("co", co)
    points.foreach_get("interpolation", interpolation)
    return co, interpolation


def _restore_curves(action, state):
    channels, _ = blender_compat.ensure_channels(action, action.name)
    for fcurve in [f for f in channels.fcurves if f.data_path not in state]:
        channels.fcurves.remove(fcurve)
    _restore_points({fcurve.data_path: fcurve for fcurve in channels.fcurves}, state)


def _restore_points(curves, state):
    """Put back the keys of each F-curve in `curves` ({id: F-curve}) from `state` ({id: (co, interpolation)})."""
    for name, fcurve in curves.items():
        co, interpolation = state[name]
        points = fcurve.keyframe_points
        points.clear()
        points.add(len(interpolation))
        points.foreach_set("co", co)
        points.foreach_set("interpolation", interpolation)
        fcurve.update()
