# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The head to animate: which object, whether we may and can animate it, and its rest shape."""

import bpy
import numpy as np

from ..inference.errors import LipSyncError
from ..inference.flame_topology import check_flame_topology


def target_property():
    """The operators' `target` argument, read by find_target."""
    return bpy.props.StringProperty(name="Head", description="Mesh object by name; empty: the panel's head, "
                                                              "else the active object")


def find_target(context, name, settings):
    """The object called `name`; with no name, the panel's head, else the active object."""
    if name:
        obj = bpy.data.objects.get(name)
        if obj is None:
            raise LipSyncError(f"There is no object named '{name}'.")
        return obj
    obj = settings.target or context.view_layer.objects.active
    if obj is None:
        raise LipSyncError("Select the FLAME head mesh (or pick it in the Lip Sync panel).")
    return obj


def check_editable(obj):
    """Raise unless we may write shape keys and animation on this object's mesh."""
    if obj.type != 'MESH':
        raise LipSyncError(f"'{obj.name}' is not a mesh; pick the FLAME head mesh.")
    for datablock in (obj, obj.data, obj.data.shape_keys):
        if datablock is None:
            continue
        if datablock.library is not None:
            raise LipSyncError(f"'{obj.name}' uses data linked from the library {datablock.library.name}; "
                               "make it local (Object > Relations > Make Local) to lip sync it.")
        if datablock.override_library is not None:
            raise LipSyncError(f"'{obj.name}' is a library override; make its mesh local to lip sync it.")
    if obj.mode == 'EDIT':
        raise LipSyncError(f"'{obj.name}' is in Edit Mode; switch to Object Mode first.")
    animation = obj.data.shape_keys.animation_data if obj.data.shape_keys else None
    if animation is not None and animation.use_tweak_mode:
        raise LipSyncError(f"The shape key animation of '{obj.name}' is in NLA tweak mode; leave it first.")


def check_animatable(obj):
    """Raise unless Generate can animate this object: check_editable, and shape keys that are relative."""
    check_editable(obj)
    key = obj.data.shape_keys
    if key is not None and not key.use_relative:
        raise LipSyncError(f"The shape keys of '{obj.name}' are absolute (Relative is off in the Shape Keys "
                           "panel), so lip sync keys would not move it; turn Relative on.")


def check_topology(mesh):
    corners = np.empty(len(mesh.loops), np.int32)
    mesh.loops.foreach_get("vertex_index", corners)
    sizes = np.empty(len(mesh.polygons), np.int32)
    mesh.polygons.foreach_get("loop_total", sizes)
    polygons = corners.reshape(-1, 3) if np.all(sizes == 3) else np.split(corners, np.cumsum(sizes)[:-1])
    check_flame_topology(len(mesh.vertices), polygons)


def rest_vertices(mesh):
    """(N, 3) the rest shape our shape keys are relative to: the reference shape key, else the mesh itself."""
    source = mesh.shape_keys.reference_key.points if mesh.shape_keys else mesh.vertices
    co = np.empty(len(mesh.vertices) * 3, np.float32)
    source.foreach_get("co", co)
    return co.reshape(-1, 3)
