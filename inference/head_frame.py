# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A FLAME head's own frame (origin, axes, scale) from its landmarks, and carrying offsets between heads.

The frame depends only on the mesh, so a head imported Y-up or Z-up, rotated, in metres or centimetres (or with
another identity) gets the same frame relative to its face, and offsets made on the reference head can be carried
onto it without shipping the reference head.
"""

from dataclasses import dataclass

import numpy as np

from .errors import LipSyncError
from .flame_topology import CHIN_POINT, LEFT_EYEBALL, MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT, NOSE_TIP, RIGHT_EYEBALL


@dataclass(frozen=True)
class HeadFrame:
    origin: np.ndarray  # (3,) midpoint of the eyeball centres
    axes: np.ndarray    # (3, 3) rows: subject-left, up, forward unit vectors, in the mesh's coordinates
    scale: float        # distance between the eyeball centres, in the mesh's units

    def to_dict(self):
        return {"origin": [float(c) for c in self.origin],
                "axes": [[float(c) for c in row] for row in self.axes],
                "scale": float(self.scale)}

    @classmethod
    def from_dict(cls, d):
        return cls(np.asarray(d["origin"], np.float64), np.asarray(d["axes"], np.float64), float(d["scale"]))

    @property
    def handedness(self):
        """+1 for a head as FLAME makes it, -1 for a mirrored one."""
        return int(np.sign(np.linalg.det(self.axes)))


def head_frame(vertices):
    """The HeadFrame of a FLAME-topology mesh, from its eyeballs, nose tip, mouth corners and chin.

    Each axis comes from landmark directions alone (no cross products), so a mirrored mesh gets a mirrored frame
    and offsets carried onto it are mirrored too.
    """
    v = np.asarray(vertices, dtype=np.float64)
    if v.ndim != 2 or v.shape[0] < RIGHT_EYEBALL.stop or v.shape[1] != 3:
        raise LipSyncError(f"A FLAME head needs {RIGHT_EYEBALL.stop} vertices; this mesh has {len(v)}.")
    eye_left, eye_right = v[LEFT_EYEBALL].mean(axis=0), v[RIGHT_EYEBALL].mean(axis=0)
    eyes = (eye_left + eye_right) / 2
    scale = float(np.linalg.norm(eye_left - eye_right))
    if not scale > 0:
        raise LipSyncError("The head's eyeballs coincide, so its size and orientation cannot be measured.")
    left = _unit((eye_left - eye_right) + (v[MOUTH_CORNER_LEFT] - v[MOUTH_CORNER_RIGHT]))
    # From the chin to the nose bridge (a third of the way from nose tip to eyes): vertical on the FLAME template.
    up = _orthogonal((2 * v[NOSE_TIP] + eyes) / 3 - v[CHIN_POINT], left)
    forward = _orthogonal(_orthogonal(v[NOSE_TIP] - eyes, left), up)
    return HeadFrame(eyes, np.stack([left, up, forward]), scale)


def transfer_offsets(basis, reference_frame, target_vertices):
    """Carry offsets [..., 3] made on the reference head (whose frame is `reference_frame`, a HeadFrame or its
    dict) into the coordinates, orientation and units of the head `target_vertices`. Returns float32."""
    ref = reference_frame if isinstance(reference_frame, HeadFrame) else HeadFrame.from_dict(reference_frame)
    target = head_frame(target_vertices)
    # Offset components along the reference's (left, up, forward), in eye-distance units, re-expressed on the target.
    linear = target.axes.T @ ref.axes * (target.scale / ref.scale)
    return (np.asarray(basis, dtype=np.float32) @ linear.T.astype(np.float32)).astype(np.float32, copy=False)


def _unit(vector):
    length = np.linalg.norm(vector)
    if not length > 1e-12:
        raise LipSyncError("The head's landmarks are degenerate, so its orientation cannot be measured.")
    return vector / length


def _orthogonal(vector, axis):
    return _unit(vector - np.dot(vector, axis) * axis)
