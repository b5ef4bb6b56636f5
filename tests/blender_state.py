# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a run could change on a mesh's shape keys and their animation, comparable with ==."""

import bpy
import numpy as np


def shape_key_state(obj):
    """Everything of the mesh's shape keys and their animation that a run could touch."""
    key = obj.data.shape_keys
    if key is None:
        return None
    blocks = []
    for block in key.key_blocks:
        co = np.empty(len(block.points) * 3, np.float32)
        block.points.foreach_get("co", co)
        blocks.append((block.name, block.relative_key.name, round(block.slider_max, 6), co.tobytes()))
    animation = key.animation_data
    return {
        "blocks": blocks,
        "action": animation.action.name if animation and animation.action else None,
        "tracks": [(t.name, [(s.name, s.action.name, s.frame_start) for s in t.strips])
                   for t in animation.nla_tracks] if animation else [],
        "drivers": [(d.data_path, d.driver.expression) for d in animation.drivers] if animation else [],
        "actions": sorted(a.name for a in bpy.data.actions),
        "properties": sorted(key.keys()),
    }


def animate_key(key, name, values, action_name):
    """Key the user's shape key `name` at (frame, value) pairs on an action of theirs named `action_name`."""
    block = key.key_blocks[name]
    for frame, value in values:
        block.value = value
        block.keyframe_insert("value", frame=frame)
    key.animation_data.action.name = action_name
