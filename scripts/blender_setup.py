# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Scene set-up shared by the demo, the farm script and the Blender benchmark (bpy wheel or Blender).

Import this after bpy. `register_repo_extension()` loads this checkout as the extension package
`flame_lipsync`, the way Blender loads an installed extension.
"""

import importlib
import importlib.util
import sys
from pathlib import Path

import bpy

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "flame_lipsync"

# The runtime's pure modules (FLAME facts, the template's path) as the CLI imports them.
sys.path.insert(0, str(REPO))
from inference.flame_topology import template_path  # noqa: E402,F401  (re-exported for the scripts)


def extension_package():
    """The extension's package already registered in this Blender (installed or from the repo), or None."""
    operator = getattr(bpy.types, "FLAME_LIPSYNC_OT_generate", None)
    if operator is None:
        return None
    return sys.modules[operator.__module__.rsplit(".operators.", 1)[0]]


def register_repo_extension():
    """Register this checkout as the extension unless one is registered already; return its package."""
    package = extension_package()
    if package is not None:
        return package
    spec = importlib.util.spec_from_file_location(PACKAGE, REPO / "__init__.py",
                                                  submodule_search_locations=[str(REPO)])
    package = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = package
    spec.loader.exec_module(package)
    package.register()
    return package


def import_flame_head(path, name="Head"):
    """Import a FLAME PLY (file +Y up, +Z forward) as a Z-up object facing -Y (rotation on the object); return it."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"FLAME head not found: {path} (set FLAME_TEMPLATE)")
    before = set(bpy.data.objects)
    bpy.ops.wm.ply_import(filepath=str(path), forward_axis='NEGATIVE_Z', up_axis='Y')
    obj = next(o for o in bpy.data.objects if o not in before)
    obj.name = name
    obj.data.name = name
    return obj


def add_sound_strip(scene, name, filepath, frame_start=1, channel=1):
    compat = importlib.import_module(extension_package().__name__ + ".operators.blender_compat")
    return compat.new_sound_strip(scene, name, str(filepath), channel, frame_start)
