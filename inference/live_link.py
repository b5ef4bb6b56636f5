# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unreal's Live Link Face CSV: the take file the Live Link Face app records, one row a frame.

Layout (README, "Live Link Face CSV for Unreal", cites the sources): `Timecode,BlendShapeCount,`, the 52 ARKit
curves in PascalCase in the app's column order, then nine rotations (head, left eye, right eye; yaw, pitch, roll
each) as angle in degrees / 180, so -1..1 spans -180..180 degrees.
"""

import math
from fractions import Fraction

import numpy as np

# The app's column order: Unreal's EARFaceBlendShape order, except that the app writes JawRight before JawLeft
# and MouthRight before MouthLeft.
ARKIT_CURVES = (
    "EyeBlinkLeft", "EyeLookDownLeft", "EyeLookInLeft", "EyeLookOutLeft", "EyeLookUpLeft", "EyeSquintLeft",
    "EyeWideLeft", "EyeBlinkRight", "EyeLookDownRight", "EyeLookInRight", "EyeLookOutRight", "EyeLookUpRight",
    "EyeSquintRight", "EyeWideRight", "JawForward", "JawRight", "JawLeft", "JawOpen", "MouthClose", "MouthFunnel",
    "MouthPucker", "MouthRight", "MouthLeft", "MouthSmileLeft", "MouthSmileRight", "MouthFrownLeft",
    "MouthFrownRight", "MouthDimpleLeft", "MouthDimpleRight", "MouthStretchLeft", "MouthStretchRight",
    "MouthRollLower", "MouthRollUpper", "MouthShrugLower", "MouthShrugUpper", "MouthPressLeft", "MouthPressRight",
    "MouthLowerDownLeft", "MouthLowerDownRight", "MouthUpperUpLeft", "MouthUpperUpRight", "BrowDownLeft",
    "BrowDownRight", "BrowInnerUp", "BrowOuterUpLeft", "BrowOuterUpRight", "CheekPuff", "CheekSquintLeft",
    "CheekSquintRight", "NoseSneerLeft", "NoseSneerRight", "TongueOut",
)
ROTATIONS = ("HeadYaw", "HeadPitch", "HeadRoll", "LeftEyeYaw", "LeftEyePitch", "LeftEyeRoll",
             "RightEyeYaw", "RightEyePitch", "RightEyeRoll")
HEADER = ("Timecode", "BlendShapeCount") + ARKIT_CURVES + ROTATIONS
BLEND_SHAPE_COUNT = len(ARKIT_CURVES) + len(ROTATIONS)  # 61, as the app writes it
# Our angles come as (pitch, yaw, roll); the file wants (yaw, pitch, roll).
_YAW_PITCH_ROLL = [1, 0, 2]


def pascal_case(name):
    """ARKit's camelCase name (Apple's spelling, e.g. jawOpen) -> the CSV's PascalCase column (JawOpen)."""
    return name[:1].upper() + name[1:]


def timecode(frame, fps):
    """HH:MM:SS:FF.mmm of output frame `frame` (from 0), counted in frames of the nominal rate: for whole and NTSC
    rates (23.976, 29.97, ...) the frame itself with .000 (non-drop-frame, as SMPTE counts 23.976); for other
    rates (e.g. 12.5) the frame's time in frames of the next whole rate, with the sub-frame in thousandths."""
    fps = Fraction(fps)
    nominal = round(fps * Fraction(1001, 1000)) if fps.denominator == 1001 else math.ceil(fps)
    position = Fraction(frame) if fps.denominator in (1, 1001) else frame * nominal / fps
    thousandths = round(position * 1000)
    frames, sub = divmod(thousandths, 1000)
    seconds, ff = divmod(frames, nominal)
    minutes, ss = divmod(seconds, 60)
    hh, mm = divmod(minutes, 60)
    return f"{hh:02d}:{mm:02d}:{ss:02d}:{ff:02d}.{sub:03d}"


def write_live_link_csv(file, fps, names, weights, head=None, eyes=None):
    """Write the take to the open text `file`: one row a frame of `weights` [T, K] (columns `names`, ARKit
    camelCase); ARKit curves not in `names` are 0.

    head: optional [T, 3] head (pitch, yaw, roll) in degrees; eyes: optional [T, 2, 3] (left, right) x (pitch, yaw,
    roll) in degrees. Absent, their columns are 0. Signs are passed through: Live Link's own convention is Unreal's
    FRotator seen from the face (see README)."""
    weights = np.asarray(weights, dtype=np.float32)
    column = {pascal_case(name): k for k, name in enumerate(names)}
    unknown = sorted(set(column) - set(ARKIT_CURVES))
    if unknown:
        raise ValueError(f"not ARKit blendshape names: {', '.join(unknown)}")
    table = np.zeros((len(weights), len(ARKIT_CURVES) + len(ROTATIONS)), np.float64)
    for j, curve in enumerate(ARKIT_CURVES):
        if curve in column:
            table[:, j] = weights[:, column[curve]]
    first = len(ARKIT_CURVES)
    for offset, angles in ((0, head), (3, eyes)):
        if angles is not None:
            angles = np.asarray(angles, np.float64).reshape(len(weights), -1, 3)[:, :, _YAW_PITCH_ROLL]
            table[:, first + offset:first + offset + angles.shape[1] * 3] = angles.reshape(len(weights), -1) / 180
    file.write(",".join(HEADER) + "\n")
    row_format = f"%s,{BLEND_SHAPE_COUNT}," + ",".join(["%.6f"] * table.shape[1]) + "\n"
    for i, row in enumerate(table.tolist()):
        file.write(row_format % (timecode(i, fps), *row))
