# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Write a lip-sync result onto a head, or take it off again: shape keys first, then their animation, then the
head's motion on its rig."""

import numpy as np

from ..inference.face.layers import layer_of
from . import character_keys, head_rig, keyframes, ownership, shape_keys
from .bake_snapshot import BakeSnapshot


def bake(obj, result, first_frame, matched=None):
    """Key the result (an inference.pipeline.Result) from scene frame `first_frame` on. All or nothing: if any step
    fails, the head is put back as it was and the error goes on. `matched`: a character's {ARKit name: shape key
    name} (character_keys), None for a FLAME head."""
    snapshot = BakeSnapshot(obj)
    try:
        if matched is None:
            _write(obj, result, first_frame)
        else:
            character_keys.write(obj, result, matched, first_frame)
    except BaseException:
        snapshot.restore()
        raise


def _write(obj, result, first_frame):
    slider_max = max(1.0, float(result.weights.max(initial=0.0)))
    names = shape_keys.ensure_shape_keys(obj, result.control_names, result.shapes, slider_max)
    key = obj.data.shape_keys
    groups = [keyframes.GROUPS[layer_of(c)] for c in result.control_names]
    peak = keyframes.bake_action(key, [names[c] for c in result.control_names], first_frame, result.weights,
                                 f"{obj.name} Lip Sync", groups)
    if peak > slider_max:  # another line, baked with more intensity, keys beyond this run's range
        for name in names.values():
            key.key_blocks[name].slider_max = peak
    # Without head motion no rig is made; with a rig from another line, this line's range is keyed at rest.
    if np.any(result.head_degrees) or head_rig.head_rig(obj) is not None:
        head_rig.bake_head_motion(obj, result.head_degrees, first_frame)


def has_lipsync(obj):
    key = obj.data.shape_keys if obj.type == 'MESH' else None
    return key is not None and ownership.RECORD in key


def clear(obj):
    head_rig.remove_head_rig(obj)
    keyframes.remove_action(obj.data.shape_keys)
    shape_keys.remove_shape_keys(obj)
