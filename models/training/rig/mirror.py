# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Left/right mirroring of vertex offsets through the FLAME mirror map."""

import numpy as np

from ..flame.regions import REGIONS

_FLIP = np.array([-1.0, 1.0, 1.0])


def mirror_offsets(offsets: np.ndarray) -> np.ndarray:
    """The mirror image of a shape: vertex i takes the reflected offset of its mirror vertex.
    Works on (5023, 3) or (..., 5023, 3) arrays."""
    return np.asarray(offsets)[..., REGIONS["MIRROR"], :] * _FLIP


def right_name(left_name: str) -> str:
    """jawLeft -> jawRight, eyeBlinkLeft -> eyeBlinkRight."""
    if not left_name.endswith("Left"):
        raise ValueError(f"{left_name!r} is not a left-side control")
    return left_name[: -len("Left")] + "Right"
