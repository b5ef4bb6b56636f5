# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Render every rig shape at weight 1 (front and three-quarter view, Workbench) into one labelled PNG.

The three-quarter view looks at the subject's left, or at the right for shapes named ...Right.

    python -m models.training.rig.contact_sheet --out models/rig_contact_sheet.png
    python -m models.training.rig.contact_sheet --out /tmp/mouth.png --view mouth --shapes jawOpen,jawOpen+mouthClose

Skin is tinted by how far each vertex moves (grey = still, through blue and green to yellow at
TINT_FULL_MM or more), so falloff and still regions are visible at a glance.
"""

import argparse
import tempfile
from pathlib import Path

import numpy as np

from inference.flame_topology import template_path
from inference.ply import load_ply

from ..controls import CONTROL_NAMES
from .basis import build_basis

TINT_FULL_MM = 6.0
# Views: (camera azimuth in degrees about the vertical axis, 0 = straight on, positive towards the subject's
# left; centre in the FLAME frame; orthographic height in metres).
VIEWS = {
    "face": [(0.0, (0.0, -0.025, 0.0), 0.20), (40.0, (0.0, -0.025, 0.0), 0.20)],
    "mouth": [(0.0, (0.0, -0.048, 0.05), 0.07), (50.0, (0.0, -0.048, 0.05), 0.07)],
    "lips": [(0.0, (0.0, -0.046, 0.055), 0.035), (90.0, (0.0, -0.046, 0.055), 0.035)],
    "corner": [(60.0, (0.029, -0.045, 0.046), 0.03), (20.0, (0.029, -0.045, 0.046), 0.03)],
    "eyes": [(0.0, (0.0, 0.022, 0.026), 0.07), (45.0, (0.032, 0.022, 0.026), 0.045)],
}


def _to_blender(points: np.ndarray) -> np.ndarray:
    """FLAME file frame (+Y up, +Z forward) to Blender's (+Z up, -Y forward)."""
    return np.stack([points[:, 0], -points[:, 2], points[:, 1]], axis=1)


def _tint(offsets: np.ndarray) -> np.ndarray:
    t = np.clip(np.linalg.norm(offsets, axis=1) * 1e3 / TINT_FULL_MM, 0.0, 1.0)[:, None]
    grey, blue, green, yellow = (np.array(c) for c in ([0.8, 0.8, 0.8], [0.3, 0.5, 1.0], [0.3, 0.9, 0.4],
                                                       [1.0, 0.9, 0.2]))
    low = grey + (blue - grey) * np.clip(t * 3, 0, 1)
    mid = blue + (green - blue) * np.clip(t * 3 - 1, 0, 1)
    high = green + (yellow - green) * np.clip(t * 3 - 2, 0, 1)
    # Half tint keeps the shading readable.
    rgb = 0.5 * grey + 0.5 * np.where(t < 1 / 3, low, np.where(t < 2 / 3, mid, high))
    return np.concatenate([rgb, np.ones((len(rgb), 1))], axis=1)


class MeshScene:
    """A Workbench scene with one mesh, posed by vertex offsets (tinted by how far they move), and an orthographic
    camera."""

    def __init__(self, vertices, triangles, size):
        import bpy

        self.bpy = bpy
        bpy.ops.wm.read_factory_settings(use_empty=True)
        scene = bpy.context.scene
        scene.render.engine = "BLENDER_WORKBENCH"
        scene.render.resolution_x, scene.render.resolution_y = size
        scene.render.resolution_percentage = 100
        scene.render.image_settings.file_format = "PNG"
        shading = scene.display.shading
        shading.light = "STUDIO"
        shading.color_type = "VERTEX"
        shading.show_specular_highlight = False
        shading.show_cavity = False
        scene.display.render_aa = "8"
        mesh = bpy.data.meshes.new("head")
        mesh.from_pydata(_to_blender(vertices).tolist(), [], triangles.tolist())
        mesh.polygons.foreach_set("use_smooth", np.ones(len(mesh.polygons), dtype=bool))
        self.colour = mesh.color_attributes.new("offset", "FLOAT_COLOR", "POINT")
        mesh.color_attributes.active_color = self.colour
        self.mesh = mesh
        self.rest = vertices
        scene.collection.objects.link(bpy.data.objects.new("head", mesh))
        camera = bpy.data.cameras.new("camera")
        camera.type = "ORTHO"
        self.camera = bpy.data.objects.new("camera", camera)
        scene.collection.objects.link(self.camera)
        scene.camera = self.camera
        scene.world = bpy.data.worlds.new("world")
        scene.world.color = (1.0, 1.0, 1.0)
        self.scene = scene

    def pose(self, offsets):
        self.mesh.vertices.foreach_set("co", _to_blender(self.rest + offsets).astype(np.float32).ravel())
        self.colour.data.foreach_set("color", _tint(offsets).astype(np.float32).ravel())
        self.mesh.update()

    def render(self, view, path):
        azimuth, centre, height = view
        a = np.radians(azimuth)
        target = _to_blender(np.array([centre]))[0]
        direction = np.array([np.sin(a), -np.cos(a), 0.0])
        self.camera.location = target + 0.5 * direction
        self.camera.rotation_euler = (np.pi / 2, 0.0, a)
        self.camera.data.ortho_scale = height * max(self.scene.render.resolution_x,
                                                    self.scene.render.resolution_y) / self.scene.render.resolution_y
        self.scene.render.filepath = str(path)
        self.bpy.ops.render.render(write_still=True)


def render_sheet(out: Path, names, view="face", tile=(170, 190), columns=4):
    from PIL import Image, ImageDraw, ImageFont

    vertices, triangles = load_ply(template_path())
    basis = build_basis(vertices, triangles).astype(np.float64)
    shapes = [("neutral", np.zeros_like(vertices))]
    shapes += [(n, sum(basis[CONTROL_NAMES.index(part)] for part in n.split("+"))) for n in names]
    scene = MeshScene(vertices, triangles, tile)
    label_h = 18
    cell_w, cell_h = 2 * tile[0], tile[1] + label_h
    rows = -(-len(shapes) // columns)
    sheet = Image.new("RGB", (columns * cell_w, rows * cell_h), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=14)
    with tempfile.TemporaryDirectory() as tmp:
        for k, (name, offsets) in enumerate(shapes):
            scene.pose(offsets)
            x0, y0 = (k % columns) * cell_w, (k // columns) * cell_h
            for j, (azimuth, centre, height) in enumerate(VIEWS[view]):
                if name.endswith("Right"):  # show one-sided shapes from their own side
                    azimuth, centre = -azimuth, (-centre[0], *centre[1:])
                path = Path(tmp) / f"{k}_{j}.png"
                scene.render((azimuth, centre, height), path)
                sheet.paste(Image.open(path).convert("RGB"), (x0 + j * tile[0], y0 + label_h))
            draw.text((x0 + 4, y0 + 2), name, fill="black", font=font)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.quantize(colors=256, dither=Image.Dither.NONE).save(out, optimize=True)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--view", choices=sorted(VIEWS), default="face")
    parser.add_argument("--shapes", help="comma-separated control names, a+b for a sum (default: all)")
    parser.add_argument("--tile", type=int, nargs=2, default=(170, 190), metavar=("W", "H"))
    parser.add_argument("--columns", type=int, default=4)
    args = parser.parse_args(argv)
    names = args.shapes.split(",") if args.shapes else list(CONTROL_NAMES)
    unknown = [part for n in names for part in n.split("+") if part not in CONTROL_NAMES]
    if unknown:
        parser.error(f"unknown controls: {', '.join(unknown)}")
    print(render_sheet(args.out, names, args.view, tuple(args.tile), args.columns))


if __name__ == "__main__":
    main()
