"""Our action on the head's shape keys: one action owned by the extension, keyframes written in bulk."""

import bpy
import numpy as np

from . import blender_compat, ownership

_LINEAR = bpy.types.Keyframe.bl_rna.properties["interpolation"].enum_items["LINEAR"].value
_USER_TRACK = "Before Lip Sync"
_GROUP = "Lip Sync"


def bake_action(key, key_names, first_frame, weights, action_name):
    """Replace our action on `key` with one curve per shape key in `key_names` ([K] names for weights [n, K]),
    keyed at every frame from `first_frame`. The user's own active action is pushed down to an NLA track."""
    record = ownership.read(key)
    if key.animation_data is None:
        key.animation_data_create()
        record["made_animation"] = True
    animation = key.animation_data
    previous = animation.action
    if ownership.is_ours(previous):
        animation.action = None
        bpy.data.actions.remove(previous)
    elif previous is not None:
        record["nla_tracks"].append(blender_compat.push_to_nla(animation, _USER_TRACK).name)

    action = bpy.data.actions.new(action_name)
    ownership.mark(action)
    fcurves, slot = blender_compat.ensure_fcurves(action, action_name)
    frames = first_frame + np.arange(len(weights), dtype=np.float32)
    points = np.empty((len(weights), 2), np.float32)
    points[:, 0] = frames
    interpolation = np.full(len(weights), _LINEAR, np.int32)
    for k, name in enumerate(key_names):
        data_path = f'key_blocks["{bpy.utils.escape_identifier(name)}"].value'
        fcurve = blender_compat.new_fcurve(fcurves, data_path, _GROUP)
        points[:, 1] = weights[:, k]
        fcurve.keyframe_points.add(len(weights))
        fcurve.keyframe_points.foreach_set("co", points.ravel())
        fcurve.keyframe_points.foreach_set("interpolation", interpolation)
        fcurve.update()
    blender_compat.assign_action(animation, action, slot)
    ownership.write(key, record)
    return action


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
