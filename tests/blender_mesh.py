# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading what Blender shows: evaluated vertex positions of a mesh over scene frames."""

import bpy
import numpy as np


def evaluated_displacements(obj, frames):
    """(len(frames), N, 3) evaluated vertex positions minus the rest shape, at scene frames `frames`."""
    rest = np.empty(len(obj.data.vertices) * 3, np.float32)
    obj.data.vertices.foreach_get("co", rest)
    result = []
    for frame in frames:
        bpy.context.scene.frame_set(int(frame))
        evaluated = obj.evaluated_get(bpy.context.evaluated_depsgraph_get())
        mesh = evaluated.to_mesh()
        co = np.empty(len(mesh.vertices) * 3, np.float32)
        mesh.vertices.foreach_get("co", co)
        evaluated.to_mesh_clear()
        result.append((co - rest).reshape(-1, 3))
    return np.stack(result)
