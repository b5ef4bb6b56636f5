# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Each emotion at strength 1 on the mean FLAME head, on one speaking frame, rendered (Workbench, front view) into
one labelled PNG.

    python scripts/emotion_contact_sheet.py --out models/emotion_contact_sheet.png

The frame comes from the demo's dialogue (scripts/kathleen_dialogue.flac) through the pipeline the CLI and Generate
run, with the lips, eyes and brows on (no head motion, so every tile looks straight on): the frame where the
neutral mouth is a little open (jawOpen nearest OPEN) with the eyes open and the brows at rest, so what differs
between the tiles is the emotion.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inference import pipeline  # noqa: E402  (the checkout on the path first)
from inference.face.emotion import EMOTIONS  # noqa: E402
from inference.face.layers import FaceOptions  # noqa: E402
from inference.flame_topology import template_path  # noqa: E402
from inference.ply import load_ply  # noqa: E402

VOICE = ROOT / "scripts" / "kathleen_dialogue.flac"
FPS = 25
OPEN = 0.15
TILE = 300
SKIN = (0.80, 0.62, 0.52)


def emotion_poses(vertices):
    """{emotion: vertex offsets [N, 3]} at the chosen frame, and the frame."""
    model = pipeline.cached_model('CPU')
    results = {}
    for emotion in EMOTIONS:
        face = FaceOptions(emotion=emotion, strength=1.0, layers=("lips", "eyes", "brows"))
        job = pipeline.Job(pipeline.AudioSource(str(VOICE)), FPS, head_vertices=vertices, face=face)
        results[emotion] = pipeline.run(job, model)
    neutral = results["neutral"]
    names = list(neutral.control_names)
    weights = neutral.weights
    quiet_upper = (weights[:, names.index("eyeBlinkLeft")] < 0.02) & (weights[:, names.index("browInnerUp")] < 0.02)
    frame = int(np.argmin(np.abs(weights[:, names.index("jawOpen")] - OPEN) + 10.0 * ~quiet_upper))
    return {e: np.tensordot(r.weights[frame], r.shapes, 1) for e, r in results.items()}, frame


def render_tiles(vertices, triangles, poses, folder):
    import bpy

    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    scene.render.engine = 'BLENDER_WORKBENCH'
    scene.render.resolution_x = scene.render.resolution_y = TILE
    scene.render.image_settings.file_format = 'PNG'
    scene.display.render_aa = 'FXAA'
    scene.view_settings.view_transform = 'Standard'
    shading = scene.display.shading
    shading.light, shading.color_type, shading.single_color = 'STUDIO', 'SINGLE', SKIN
    shading.show_cavity = True
    shading.show_backface_culling = True  # the mouth's hole shows the dark backdrop
    scene.world = bpy.data.worlds.new("Backdrop")
    scene.world.color = (0.02, 0.02, 0.025)
    mesh = bpy.data.meshes.new("head")
    # FLAME's frame (+Y up, +Z forward) to Blender's (+Z up, -Y forward).
    to_blender = np.array([[1, 0, 0], [0, 0, 1], [0, -1, 0]], np.float64)
    mesh.from_pydata((vertices @ to_blender).tolist(), [], triangles.tolist())
    mesh.shade_smooth()
    scene.collection.objects.link(bpy.data.objects.new("head", mesh))
    camera = bpy.data.objects.new("camera", bpy.data.cameras.new("camera"))
    camera.data.type, camera.data.ortho_scale = 'ORTHO', 0.14
    centre = vertices[3931:5023].mean(axis=0) * [0, 1, 1] + [0, -0.022, 0]
    camera.location = tuple(centre @ to_blender + [0, -1.0, 0])
    camera.rotation_euler = (np.pi / 2, 0.0, 0.0)
    scene.collection.objects.link(camera)
    scene.camera = camera
    paths = {}
    for emotion, offsets in poses.items():
        mesh.vertices.foreach_set("co", ((vertices + offsets) @ to_blender).astype(np.float32).ravel())
        mesh.update()
        paths[emotion] = folder / f"{emotion}.png"
        scene.render.filepath = str(paths[emotion])
        bpy.ops.render.render(write_still=True)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "emotion_contact_sheet.png")
    args = parser.parse_args(argv)
    from PIL import Image, ImageDraw, ImageFont

    vertices, triangles = load_ply(template_path())
    vertices = vertices.astype(np.float64)
    poses, frame = emotion_poses(vertices)
    label = 20
    sheet = Image.new("RGB", (4 * TILE, 2 * (TILE + label)), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=15)
    with tempfile.TemporaryDirectory() as folder:
        for k, (emotion, path) in enumerate(render_tiles(vertices, triangles, poses, Path(folder)).items()):
            x, y = (k % 4) * TILE, (k // 4) * (TILE + label)
            sheet.paste(Image.open(path).convert("RGB"), (x, y + label))
            draw.text((x + 6, y + 2), f"{emotion} (strength 1)", fill="black", font=font)
    draw.text((3 * TILE + 6, TILE + label + 40), f"{VOICE.name}\nframe {frame} at {FPS} fps\nmean FLAME head",
              fill="black", font=font)
    sheet.quantize(64).save(args.out, optimize=True)  # greys: 64 colours keep it small
    print(f"wrote {args.out} (frame {frame})")


if __name__ == "__main__":
    main()
