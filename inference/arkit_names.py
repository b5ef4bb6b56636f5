# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""ARKit's 52 blendshape names and how a character's shape keys are matched to them.

The names are Apple's ARFaceAnchor.BlendShapeLocation constants, in Apple's spelling and grouping (README,
"Characters with ARKit shape keys", cites the page). A shape key matches a name case-insensitively, ignoring
`_`, `.`, `-` and spaces, with a final `_L`/`_R` (or `.L`, `-R`, ...) read as Left/Right: `jawOpen`, `JawOpen`,
`JAW_OPEN`, `mouthSmile_L`, `MouthSmileLeft` and `mouth_smile_left` all name one blendshape.
"""

import re

from .errors import LipSyncError

ARKIT_BLENDSHAPES = (
    # left eye
    "eyeBlinkLeft", "eyeLookDownLeft", "eyeLookInLeft", "eyeLookOutLeft", "eyeLookUpLeft", "eyeSquintLeft",
    "eyeWideLeft",
    # right eye
    "eyeBlinkRight", "eyeLookDownRight", "eyeLookInRight", "eyeLookOutRight", "eyeLookUpRight", "eyeSquintRight",
    "eyeWideRight",
    # mouth and jaw
    "jawForward", "jawLeft", "jawRight", "jawOpen", "mouthClose", "mouthFunnel", "mouthPucker", "mouthLeft",
    "mouthRight", "mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft", "mouthFrownRight", "mouthDimpleLeft",
    "mouthDimpleRight", "mouthStretchLeft", "mouthStretchRight", "mouthRollLower", "mouthRollUpper",
    "mouthShrugLower", "mouthShrugUpper", "mouthPressLeft", "mouthPressRight", "mouthLowerDownLeft",
    "mouthLowerDownRight", "mouthUpperUpLeft", "mouthUpperUpRight",
    # eyebrows, cheeks and nose
    "browDownLeft", "browDownRight", "browInnerUp", "browOuterUpLeft", "browOuterUpRight", "cheekPuff",
    "cheekSquintLeft", "cheekSquintRight", "noseSneerLeft", "noseSneerRight",
    # tongue
    "tongueOut",
)

_SEPARATORS = re.compile(r"[_.\- ]")
_SIDE_SUFFIX = re.compile(r"[_.\- ]([LR])$", re.IGNORECASE)


def _folded(name):
    """The spelling-free form of a name: side suffix spelled out, separators dropped, lower case."""
    name = name.strip()
    side = _SIDE_SUFFIX.search(name)
    if side:
        name = name[:side.start()] + ("Left" if side.group(1).upper() == "L" else "Right")
    return _SEPARATORS.sub("", name).lower()


_BY_FOLDED = {_folded(name): name for name in ARKIT_BLENDSHAPES}


def arkit_name(name):
    """The ARKit blendshape (Apple's spelling) that `name` spells in any of the accepted conventions, else None."""
    return _BY_FOLDED.get(_folded(name))


def parse_key_map(text):
    """{ARKit name: shape key name} from `arkitName=Shape Key` entries, one a line or separated by `;`. The left
    side may be spelled in any accepted convention; an empty right side leaves that blendshape undriven ('')."""
    mapping = {}
    for entry in re.split(r"[;\n]", text or ""):
        if not entry.strip():
            continue
        ours, sep, theirs = entry.partition("=")
        if not sep:
            raise LipSyncError(f"Key map entry '{entry.strip()}' is not of the form arkitName=Shape Key.")
        name = arkit_name(ours)
        if name is None:
            raise LipSyncError(f"Key map: '{ours.strip()}' is not one of ARKit's 52 blendshape names "
                               "(e.g. jawOpen, mouthSmileLeft).")
        if name in mapping:
            raise LipSyncError(f"Key map: {name} is mapped twice.")
        mapping[name] = theirs.strip()
    return mapping


def match_keys(key_names, key_map, mesh):
    """{ARKit name: shape key name} for the shape keys `key_names` of the mesh called `mesh`: the user's `key_map`
    first (from parse_key_map), then each key that spells an ARKit name not mapped already. When several keys spell
    one name, the key in Apple's exact spelling wins, else the first. Raises LipSyncError for a mapping to a key the
    mesh lacks, or two names mapped to one key."""
    matched, claimed = {}, {}
    for name, key in key_map.items():
        if not key:
            continue
        if key not in key_names:
            raise LipSyncError(f"Key map: {name}={key}, but '{mesh}' has no shape key named '{key}'.")
        if key in claimed:
            raise LipSyncError(f"Key map: {claimed[key]} and {name} both go to '{key}'; a key can follow one name.")
        matched[name], claimed[key] = key, name
    for key in key_names:
        name = arkit_name(key)
        if name is None or name in key_map or key in claimed:
            continue
        if name not in matched or key == name:
            matched[name] = key
    return matched
