# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The articulation rig: ARKit-named vertex-offset shapes on a FLAME-topology head.

`build_basis(vertices, triangles)` returns float32 offsets [43, 5023, 3] (metres, FLAME file frame) in the order of
`controls.CONTROL_NAMES`. The construction is procedural: jaw rotation about the jaw joint with smooth
skinning weights (jaw), handle-driven biharmonic deformation for lips, cheeks, brows and nose
(mouth, brows over deform), eyelids turning over each eyeball (eyes, built per eye from its own geometry so
that both close), and the subject's right side of every other one-sided shape as the mirror image of the left
(mirror).
"""

import numpy as np

from ..controls import CONTROL_NAMES
from .brows import UpperFace
from .eyes import Eyelids
from .head import Head
from .jaw import Jaw
from .mirror import mirror_offsets, right_name
from .mouth import MouthShapes


def build_shapes(vertices: np.ndarray, triangles: np.ndarray) -> dict:
    """Name -> (5023, 3) float64 offsets for every control."""
    head = Head(vertices, triangles)
    shapes = {}
    for part in (Jaw(head), MouthShapes(head), Eyelids(head, "LEFT"), Eyelids(head, "RIGHT"), UpperFace(head)):
        shapes.update(part.shapes())
    for name in [n for n in shapes if n.endswith("Left") and right_name(n) not in shapes]:
        shapes[right_name(name)] = mirror_offsets(shapes[name])
    missing = set(CONTROL_NAMES) - set(shapes)
    if missing:
        raise RuntimeError(f"rig lacks shapes for {sorted(missing)}")
    return shapes


def build_basis(vertices: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """Offsets [43, 5023, 3] float32 for a FLAME-topology head given in the file frame (metres)."""
    vertices = np.asarray(vertices, dtype=np.float64)
    if vertices.shape != (5023, 3):
        raise ValueError(f"expected FLAME vertices (5023, 3), got {vertices.shape}")
    shapes = build_shapes(vertices, triangles)
    return np.stack([shapes[name] for name in CONTROL_NAMES]).astype(np.float32)
