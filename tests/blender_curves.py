# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading the keys that Generate wrote, without changing the action."""

import numpy as np


def our_fcurves(obj):
    """The F-curves of the action on the head's shape keys, read-only."""
    from flame_lipsync.operators import blender_compat

    return blender_compat.find_fcurves(obj.data.shape_keys.animation_data.action)


def keyframes(fcurve):
    """(frames as ints, values) of an F-curve's keyframe points."""
    co = np.empty(len(fcurve.keyframe_points) * 2, np.float32)
    fcurve.keyframe_points.foreach_get("co", co)
    return co[0::2].round().astype(int), co[1::2]


def keyed_values(obj):
    """{data path: {frame: value}} of every curve of our action."""
    return {fcurve.data_path: dict(zip(*(part.tolist() for part in keyframes(fcurve)))) for fcurve in our_fcurves(obj)}
