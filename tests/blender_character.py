# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A small character that is not a FLAME head, with shape keys of the given names."""

import bpy
import numpy as np


def character(keys):
    """A UV sphere named 'Character' with a Basis and a shape key per name in `keys`, each moving it a little."""
    bpy.ops.mesh.primitive_uv_sphere_add(segments=16, ring_count=8)
    obj = bpy.context.view_layer.objects.active
    obj.name = "Character"
    obj.shape_key_add(name="Basis", from_mix=False)
    for i, name in enumerate(keys):
        block = obj.shape_key_add(name=name, from_mix=False)
        co = np.empty(len(block.points) * 3, np.float32)
        block.points.foreach_get("co", co)
        co[i % 3::3] += 0.01 * (i + 1)
        block.points.foreach_set("co", co)
    return obj
