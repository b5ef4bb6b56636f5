# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""eyeLook{Up,Down,In,Out}{Left,Right} shapes for any FLAME-topology head, made from its own vertices.

Each shape turns one eyeball rigidly about its centre (the mean of its vertices) by EYE_LOOK_MAX_DEG, about the
head's own axes (inference.head_frame), so a head imported in any orientation, scale or handedness gets eyes that
look where its face points. A shape key interpolates linearly, so at a partial weight the eyeball's vertices move
along chords: at half weight its radius is 3% (cos 15 degrees) short of a true turn, which the lids hide.
The lids do not follow the gaze.
"""

import numpy as np

from ..head_frame import LEFT_EYEBALL, RIGHT_EYEBALL, head_frame
from .gaze import EYE_LOOK_MAX_DEG, EYE_LOOK_NAMES
from .head_motion import head_rotation

# (eyeball, pitch, yaw) at weight 1 for each name, in the head's conventions: pitch positive looks down, yaw
# positive looks to the subject's left; In is toward the nose.
_TURNS = {
    "eyeLookUpLeft": (LEFT_EYEBALL, -1, 0), "eyeLookUpRight": (RIGHT_EYEBALL, -1, 0),
    "eyeLookDownLeft": (LEFT_EYEBALL, 1, 0), "eyeLookDownRight": (RIGHT_EYEBALL, 1, 0),
    "eyeLookInLeft": (LEFT_EYEBALL, 0, -1), "eyeLookInRight": (RIGHT_EYEBALL, 0, 1),
    "eyeLookOutLeft": (LEFT_EYEBALL, 0, 1), "eyeLookOutRight": (RIGHT_EYEBALL, 0, -1),
}


def eye_look_offsets(vertices):
    """Offsets [8, V, 3] float32 (EYE_LOOK_NAMES order) in the mesh's own coordinates and units."""
    v = np.asarray(vertices, dtype=np.float64)
    frame = head_frame(v)
    offsets = np.zeros((len(EYE_LOOK_NAMES),) + v.shape, np.float32)
    for k, name in enumerate(EYE_LOOK_NAMES):
        ball, pitch, yaw = _TURNS[name]
        centre = v[ball].mean(axis=0)
        local = (v[ball] - centre) @ frame.axes.T  # coordinates along the head's left, up, forward
        turn = head_rotation([[pitch * EYE_LOOK_MAX_DEG, yaw * EYE_LOOK_MAX_DEG, 0.0]])[0]
        offsets[k, ball] = (local @ turn.T) @ frame.axes + centre - v[ball]
    return offsets
