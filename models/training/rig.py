"""The articulation rig: ARKit-named vertex-offset shapes on a FLAME-topology head.

`build_basis(vertices)` returns float32 offsets [43, 5023, 3] (metres, FLAME file frame) in the order of
`controls.CONTROL_NAMES`. The construction is procedural: jaw rotation about the jaw joint with smooth
skinning weights (rig_jaw), handle-driven biharmonic deformation for lips, cheeks, brows and nose
(rig_mouth, rig_brows over rig_deform), eyelids turning over each eyeball (rig_eyes, built per eye from
its own geometry so that both close), and the subject's right side of every other one-sided shape as the
mirror image of the left (rig_mirror).
"""

import numpy as np

from .controls import CONTROL_NAMES
from .flame_mesh import load_ply, template_path
from .rig_brows import UpperFace
from .rig_eyes import Eyelids
from .rig_head import Head
from .rig_jaw import Jaw
from .rig_mirror import mirror_offsets, right_name
from .rig_mouth import Mouth


def build_shapes(vertices: np.ndarray) -> dict:
    """Name -> (5023, 3) float64 offsets for every control."""
    _, triangles = load_ply(template_path())
    head = Head(vertices, triangles)
    shapes = {}
    for part in (Jaw(head), Mouth(head), Eyelids(head, "LEFT"), Eyelids(head, "RIGHT"), UpperFace(head)):
        shapes.update(part.shapes())
    for name in [n for n in shapes if n.endswith("Left") and right_name(n) not in shapes]:
        shapes[right_name(name)] = mirror_offsets(shapes[name])
    missing = set(CONTROL_NAMES) - set(shapes)
    if missing:
        raise RuntimeError(f"rig lacks shapes for {sorted(missing)}")
    return shapes


def build_basis(vertices: np.ndarray) -> np.ndarray:
    """Offsets [43, 5023, 3] float32 for a FLAME-topology head given in the file frame (metres)."""
    vertices = np.asarray(vertices, dtype=np.float64)
    if vertices.shape != (5023, 3):
        raise ValueError(f"expected FLAME vertices (5023, 3), got {vertices.shape}")
    shapes = build_shapes(vertices)
    return np.stack([shapes[name] for name in CONTROL_NAMES]).astype(np.float32)
