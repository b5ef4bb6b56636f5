# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The heads lip closure is measured on: the mean head, the real people's heads of ../shared/eval/heads (by path,
never copied) and variants of the mean head (rig.head_variants)."""

from pathlib import Path

from inference.flame_topology import template_path
from inference.ply import load_ply

from ..rig.head_variants import Variants


def real_head_paths():
    """The real heads beside the FLAME template: ../shared/eval/heads/*.ply."""
    return sorted((Path(template_path()).parents[1] / "eval" / "heads").glob("*.ply"))


def heads(variants=None):
    """{name: (vertices, triangles)}: the mean head, each real head (named by its file), then the variants named in
    `variants` (all of Variants.family() when None)."""
    vertices, triangles = load_ply(template_path())
    found = {"mean head": (vertices, triangles), **{path.stem: load_ply(path) for path in real_head_paths()}}
    family = Variants(vertices, triangles).family()
    found.update({name: (family[name], triangles) for name in (family if variants is None else variants)})
    return found
