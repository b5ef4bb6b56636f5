# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Clear Lip Sync: remove exactly what Generate made on a head."""

import bpy

from ..inference.errors import LipSyncError
from . import bake, target_mesh


def _head_to_clear(context, name):
    obj = target_mesh.find_target(context, name, context.scene.flame_lipsync)
    if not bake.has_lipsync(obj):
        raise LipSyncError(f"'{obj.name}' has no lip sync to clear.")
    target_mesh.check_editable(obj)
    return obj


class FLAME_LIPSYNC_OT_clear(bpy.types.Operator):
    """Remove the lip sync shape keys and animation from the head; everything of yours stays"""
    bl_idname = "flame_lipsync.clear"
    bl_label = "Clear Lip Sync"
    bl_options = {'REGISTER', 'UNDO'}

    target: target_mesh.target_property()

    @classmethod
    def poll(cls, context):
        if context.area is None or context.area.type != 'VIEW_3D':
            return True
        try:
            _head_to_clear(context, "")
        except LipSyncError as e:
            cls.poll_message_set(str(e))
            return False
        return True

    def execute(self, context):
        try:
            obj = _head_to_clear(context, self.target)
        except LipSyncError as e:
            self.report({'ERROR'}, str(e))
            return {'CANCELLED'}
        bake.clear(obj)
        settings = context.scene.flame_lipsync
        if settings.report_target == obj.name:
            settings.has_report = False
        self.report({'INFO'}, f"Lip sync removed from '{obj.name}'.")
        return {'FINISHED'}


classes = (FLAME_LIPSYNC_OT_clear,)
