# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The model's basis as shape keys on the head: created once, reused, never on top of a key of the user's."""

import numpy as np

from . import ownership


def ensure_shape_keys(obj, control_names, shapes, slider_max):
    """Make or update our shape key per control: rest shape + `shapes[k]` (the basis carried to this head).

    Returns {control name: shape key name}. A name the user already has gets Blender's unique suffix (.001)."""
    made_basis = obj.data.shape_keys is None
    if made_basis:
        obj.shape_key_add(name="Basis", from_mix=False)
    key = obj.data.shape_keys
    record = ownership.read(key)
    record["made_basis"] = record["made_basis"] or made_basis
    rest_key = key.reference_key
    rest = np.empty(len(rest_key.points) * 3, np.float32)
    rest_key.points.foreach_get("co", rest)
    rest = rest.reshape(-1, 3)

    wanted = set(control_names)
    for control, name in list(record["keys"].items()):
        if control not in wanted:  # a control an older model had
            _remove(obj, key, name)
            del record["keys"][control]
    for control, shape in zip(control_names, shapes):
        block = key.key_blocks.get(record["keys"].get(control, ""))
        if block is None:
            block = obj.shape_key_add(name=control, from_mix=False)
            record["keys"][control] = block.name
        block.points.foreach_set("co", (rest + shape).ravel())
        block.relative_key = rest_key
        block.slider_min, block.slider_max = 0.0, slider_max
        block.value = 0.0
    ownership.write(key, record)
    obj.data.update()
    return dict(record["keys"])


def remove_shape_keys(obj):
    """Remove the shape keys we made (and the Basis, if we made it and nothing else is left)."""
    key = obj.data.shape_keys
    record = ownership.read(key)
    for name in record["keys"].values():
        _remove(obj, key, name)
    if record["made_basis"] and len(key.key_blocks) == 1 and key.animation_data is None:
        obj.shape_key_remove(key.key_blocks[0])
    else:
        ownership.forget(key)
    obj.data.update()


def _remove(obj, key, name):
    block = key.key_blocks.get(name)
    if block is not None:
        obj.shape_key_remove(block)
