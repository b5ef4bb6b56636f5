# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Our action on the head's shape keys: one action owned by the extension, keyframes written in bulk."""

import bpy
import numpy as np

from . import blender_compat, ownership

_LINEAR = bpy.types.Keyframe.bl_rna.properties["interpolation"].enum_items["LINEAR"].value
_USER_TRACK = "Before Lip Sync"
# The F-curve group of each face layer (inference.face.layers.layer_of).
GROUPS = {"lips": "Lip Sync", "eyes": "Eyes", "brows": "Brows"}


def bake_action(key, key_names, first_frame, weights, action_name, groups):
    """Key `weights` [n, K] on our action at frames `first_frame` .. `first_frame` + n - 1, one curve per shape key
    in `key_names`, a new curve in the F-curve group named in `groups` [K]. Our keys in that range are replaced;
    our keys outside it (other lines) stay. The user's own active action is pushed down to an NLA track. Returns the
    largest value our action keys."""
    record = ownership.read(key)
    if key.animation_data is None:
        key.animation_data_create()
        record["made_animation"] = True
    animation = key.animation_data
    action = animation.action
    if not ownership.is_ours(action):
        if action is not None:
            record["nla_tracks"].append(blender_compat.push_to_nla(animation, _USER_TRACK).name)
        action = bpy.data.actions.new(action_name)
        ownership.mark(action)
    channels, slot = blender_compat.ensure_channels(action, action_name)
    frames = first_frame + np.arange(len(weights), dtype=np.float32)
    peak = 0.0
    for k, name in enumerate(key_names):
        data_path = f'key_blocks["{bpy.utils.escape_identifier(name)}"].value'
        fcurve = channels.fcurves.find(data_path)
        if fcurve is None:
            fcurve = blender_compat.new_fcurve(channels, data_path, groups[k])
        peak = max(peak, merge_keys(fcurve, frames, weights[:, k]))
    blender_compat.assign_action(animation, action, slot)
    ownership.write(key, record)
    return peak


def merge_keys(fcurve, frames, values):
    """Replace the curve's keys from frames[0] to frames[-1] by `values`, keep its keys outside (other lines), with
    a rest key (0) beside each line that borders a gap; rewrite it in bulk. Returns the largest value it keys."""
    points = fcurve.keyframe_points
    old = np.empty(len(points) * 2, np.float32)
    points.foreach_get("co", old)
    old_interpolation = np.empty(len(points), np.int32)
    points.foreach_get("interpolation", old_interpolation)
    old = old.reshape(-1, 2)
    outside = (old[:, 0] < frames[0]) | (old[:, 0] > frames[-1])
    co, interpolation = _add_keys(old[outside], old_interpolation[outside], frames, values)
    rest = _rest_frames(co)
    co, interpolation = _add_keys(co, interpolation, rest, np.zeros_like(rest))
    points.clear()
    points.add(len(co))
    points.foreach_set("co", co.ravel())
    points.foreach_set("interpolation", interpolation)
    fcurve.update()
    return float(co[:, 1].max(initial=0.0))


def _add_keys(co, interpolation, frames, values):
    """Keys (co [n, 2], interpolation [n]) with linear keys at `frames` added, sorted by frame."""
    co = np.concatenate([co, np.column_stack([frames, values]).astype(np.float32)])
    interpolation = np.concatenate([interpolation, np.full(len(frames), _LINEAR, np.int32)])
    order = np.argsort(co[:, 0], kind="stable")
    return co[order], interpolation[order]


def _rest_frames(co):
    """Free frames for a rest key (0) next to each non-zero key that borders a gap between two lines, so the mouth
    closes between lines instead of gliding from the last shape of one to the first of the next. A key already at
    rest needs none, so a rerun adds no more."""
    gap = np.flatnonzero(np.diff(co[:, 0]) > 1)
    after_line = co[gap][co[gap, 1] != 0, 0] + 1
    before_line = co[gap + 1][co[gap + 1, 1] != 0, 0] - 1
    return np.unique(np.concatenate([after_line, before_line]))


def remove_action(key):
    """Remove our action and anything we made for it; the user's action pushed down by us comes back."""
    record = ownership.read(key)
    animation = key.animation_data
    if animation is None:
        return
    if ownership.is_ours(animation.action):
        action = animation.action
        animation.action = None
        bpy.data.actions.remove(action)
    track = animation.nla_tracks.get(record["nla_tracks"][-1]) if record["nla_tracks"] else None
    if track is not None and animation.action is None and len(track.strips) == 1:
        blender_compat.restore_from_nla(animation, track)
    record["nla_tracks"] = []
    if record["made_animation"] and animation.action is None and not animation.nla_tracks \
            and not animation.drivers:
        key.animation_data_clear()
        record["made_animation"] = False
    ownership.write(key, record)
