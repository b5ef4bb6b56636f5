# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Characters that are not FLAME heads: the model's weights keyed on their own ARKit-named shape keys.

Their keys are the user's: we only key their values on our action (keyframes.bake_action), so Clear takes the
animation off and leaves every key as it was. The FLAME-only steps (our basis keys carried to the head) do not apply.
"""

import bpy
import numpy as np

from ..inference import arkit_names
from ..inference.errors import LipSyncError
from ..inference.face.layers import layer_of
from . import keyframes, target_mesh


def key_map_property():
    """Object.flame_lipsync_key_map, and the Generate operator's `key_map` argument."""
    return bpy.props.StringProperty(
        name="ARKit Key Map",
        description="For a character's shape keys not named after ARKit's blendshapes: arkitName=Shape Key "
                    "entries separated by ';' (e.g. jawOpen=Mouth Open; eyeBlinkLeft=Blink.L); "
                    "arkitName= leaves that blendshape undriven")


def character_keys(obj, key_map_text):
    """None for a FLAME head; for another mesh, {ARKit name: its shape key name}. Raises LipSyncError for a mesh
    that is neither a FLAME head nor has a shape key matching an ARKit name, or for a bad key map."""
    try:
        target_mesh.check_topology(obj.data)
        return None
    except LipSyncError as e:
        not_flame = e
    key = obj.data.shape_keys
    names = [block.name for block in key.key_blocks if block != key.reference_key] if key else []
    matched = arkit_names.match_keys(names, arkit_names.parse_key_map(key_map_text), obj.name)
    if not matched:
        raise LipSyncError(f"{not_flame} Nor does it have shape keys named after ARKit's blendshapes (jawOpen, "
                           "mouthSmileLeft, ...): use a FLAME head, or name its keys so (or map them in ARKit Key "
                           "Map).")
    return matched


def write(obj, result, matched, first_frame):
    """Key the model's weights on the matched shape keys, each within its own slider range (a key's range is the
    user's: Blender would clamp there anyway)."""
    columns = [k for k, name in enumerate(result.control_names) if name in matched]
    if not columns:
        raise LipSyncError(f"None of the model's controls has a shape key on '{obj.name}'.")
    key = obj.data.shape_keys
    blocks = [key.key_blocks[matched[result.control_names[k]]] for k in columns]
    low = np.array([block.slider_min for block in blocks], np.float32)
    high = np.array([block.slider_max for block in blocks], np.float32)
    weights = np.clip(result.weights[:, columns], low, high)
    groups = [keyframes.GROUPS[layer_of(result.control_names[k])] for k in columns]
    keyframes.bake_action(key, [block.name for block in blocks], first_frame, weights, f"{obj.name} Lip Sync",
                          groups)


def coverage(obj, control_names, matched):
    """The report's line on a character: how many of the model's controls were driven, and which had no key."""
    missing = [name for name in control_names if name not in matched]
    line = f"Lip Sync: {len(control_names) - len(missing)} of {len(control_names)} controls driven on '{obj.name}'"
    return line + (f" (no key for: {', '.join(missing)})" if missing else "")
