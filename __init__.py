# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""FLAME Lip Sync: speech in a sound strip becomes shape-key animation on a FLAME head (Blender extension)."""

from . import operators, panels

_packages = (operators, panels)


def register():
    for package in _packages:
        package.register()


def unregister():
    for package in reversed(_packages):
        package.unregister()
