# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""View3D > Sidebar > Lip Sync: choose strip and head, generate or clear, and see what the last run did."""

import bpy

from ..inference.flame_topology import VERTEX_COUNT
from ..operators import blender_compat
from ..operators.generate import why_not_ready


class VIEW3D_PT_flame_lipsync(bpy.types.Panel):
    bl_space_type = 'VIEW_3D'
    bl_region_type = 'UI'
    bl_category = "Lip Sync"
    bl_label = "FLAME Lip Sync"

    def draw(self, context):
        scene = context.scene
        settings = scene.flame_lipsync
        layout = self.layout
        layout.use_property_split = True
        layout.use_property_decorate = False

        editor = scene.sequence_editor
        if editor is not None:
            layout.prop_search(settings, "strip", editor, blender_compat.all_strips_property(editor), icon='SOUND')
        else:
            layout.prop(settings, "strip", icon='SOUND')
        layout.prop(settings, "target")
        head = settings.target or context.view_layer.objects.active
        if head is not None and head.type == 'MESH' and len(head.data.vertices) != VERTEX_COUNT:
            layout.prop(head, "flame_lipsync_key_map")  # a character: its keys may need mapping
        layout.prop(settings, "intensity")
        layout.prop(settings, "smoothing")
        layout.prop(settings, "device")
        face = layout.column(heading="Face")
        face.prop(settings, "layers")
        for name in ("emotion", "emotion_strength", "jaw", "lips", "seed"):
            face.prop(settings, name)

        column = layout.column()
        column.scale_y = 1.5
        column.operator("flame_lipsync.generate", icon='PLAY_SOUND')
        reason = why_not_ready(context)
        if reason:
            layout.label(text=reason, icon='INFO')
        layout.operator("flame_lipsync.clear", icon='TRASH')

        if settings.has_report:
            self._draw_report(layout.box(), settings)

    @staticmethod
    def _draw_report(box, settings):
        box.label(text=f"Last run: '{settings.report_source}' on '{settings.report_target}'")
        box.label(text=f"Clip length: {settings.report_clip_seconds:.2f} s")
        box.label(text=f"Frames written: {settings.report_frames} (from frame {settings.report_first_frame})")
        box.label(text=f"Device: {settings.report_device}")
        if settings.report_keys:
            box.label(text=settings.report_keys)
        if settings.report_note:
            box.label(text=settings.report_note, icon='ERROR')
        box.label(text=f"Time taken: {settings.report_seconds:.2f} s")


classes = (VIEW3D_PT_flame_lipsync,)
