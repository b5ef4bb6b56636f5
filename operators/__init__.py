# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Operators of FLAME Lip Sync and the scene settings they read."""

import bpy

from . import clear, generate, settings

classes = settings.classes + generate.classes + clear.classes


def register():
    for cls in classes:
        bpy.utils.register_class(cls)
    settings.register()


def unregister():
    settings.unregister()
    for cls in reversed(classes):
        bpy.utils.unregister_class(cls)
