# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The demo: bake the shipped dialogue (a real voice, scripts/kathleen_dialogue.flac) onto a FLAME head with the
whole face (lips, eyes, brows, head motion), save a .blend and render a front-view preview.

    python scripts/demo.py [--head template.ply] [--audio clip.flac] [--out demo_output] [--stills 12,40]

Runs with the bpy wheel (scripts/demo.sh sets it up) or inside Blender
(`blender -b --python scripts/demo.py -- ...`). Writes <out>/demo.blend, <out>/preview.mp4
(Workbench, 400x400, the clip's audio muxed in) and <out>/frame_NNNN.png for each --stills frame.
"""

import argparse
import math
import sys
import time
from pathlib import Path

import bpy
import mathutils

sys.path.insert(0, str(Path(__file__).resolve().parent))
import blender_setup  # noqa: E402  (needs its directory on sys.path first)

from inference.flame_topology import LEFT_EYEBALL, MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT, RIGHT_EYEBALL  # noqa: E402  (blender_setup)

SAMPLE = Path(__file__).resolve().parent / "kathleen_dialogue.flac"
FPS = 25
SIZE = 400
SKIN = (0.80, 0.62, 0.52)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--head", type=Path, default=blender_setup.template_path(),
                        help="FLAME head PLY (default: $FLAME_TEMPLATE or ../shared/flame/template.ply)")
    parser.add_argument("--audio", type=Path, default=SAMPLE, help="speech to lip sync (default: the sample)")
    parser.add_argument("--out", type=Path, default=blender_setup.REPO / "demo_output", help="output folder")
    parser.add_argument("--stills", default="", help="comma-separated frames to render as PNG too")
    parser.add_argument("--no-video", action="store_true", help="skip preview.mp4")
    return parser.parse_args(argv)


def world_point(obj, index):
    return obj.matrix_world @ obj.data.vertices[index].co


def add_front_camera(scene, head):
    """An orthographic camera looking at the whole face from the front (brows to chin, with room for the head's
    motion), centred between the eyes and the mouth."""
    mouth = (world_point(head, MOUTH_CORNER_LEFT) + world_point(head, MOUTH_CORNER_RIGHT)) / 2
    eyes = sum((world_point(head, i) for i in range(LEFT_EYEBALL.start, RIGHT_EYEBALL.stop)), mathutils.Vector()) \
        / (RIGHT_EYEBALL.stop - LEFT_EYEBALL.start)
    target = (mouth + eyes) / 2
    camera_data = bpy.data.cameras.new("Front")
    camera_data.type = 'ORTHO'
    camera_data.ortho_scale = 0.24
    camera = bpy.data.objects.new("Front", camera_data)
    scene.collection.objects.link(camera)
    camera.location = (target.x, target.y - 1.0, target.z)
    camera.rotation_euler = (math.pi / 2, 0.0, 0.0)
    scene.camera = camera


def set_up_workbench(scene):
    scene.render.engine = 'BLENDER_WORKBENCH'
    scene.render.resolution_x = scene.render.resolution_y = SIZE
    scene.render.resolution_percentage = 100
    scene.display.render_aa = 'FXAA'
    scene.view_settings.view_transform = 'Standard'
    shading = scene.display.shading
    shading.light = 'STUDIO'
    shading.color_type = 'SINGLE'
    shading.single_color = SKIN
    shading.show_cavity = True
    # The mouth is a hole in the mesh: culling the inside of the head shows it as the dark background.
    shading.show_backface_culling = True
    world = bpy.data.worlds.new("Backdrop")
    world.color = (0.02, 0.02, 0.025)
    scene.world = world
    scene.render.use_stamp = True
    scene.render.use_stamp_frame = True
    scene.render.use_stamp_date = scene.render.use_stamp_time = scene.render.use_stamp_render_time = False
    scene.render.use_stamp_filename = scene.render.use_stamp_camera = scene.render.use_stamp_lens = False
    scene.render.use_stamp_scene = scene.render.use_stamp_memory = scene.render.use_stamp_hostname = False
    scene.render.use_stamp_frame_range = scene.render.use_stamp_marker = False
    scene.render.stamp_font_size = 14


def use_video_output(scene, path):
    settings = scene.render.image_settings
    if hasattr(settings, "media_type"):  # Blender 5.0 chooses image or video first
        settings.media_type = 'VIDEO'
    settings.file_format = 'FFMPEG'
    ffmpeg = scene.render.ffmpeg
    ffmpeg.format = 'MPEG4'
    ffmpeg.codec = 'H264'
    ffmpeg.constant_rate_factor = 'MEDIUM'
    ffmpeg.ffmpeg_preset = 'REALTIME'
    ffmpeg.audio_codec = 'AAC'
    ffmpeg.audio_channels = 'MONO'
    ffmpeg.audio_mixrate = 48000
    ffmpeg.audio_bitrate = 96
    scene.render.filepath = str(path)


def use_png_output(scene, path):
    settings = scene.render.image_settings
    if hasattr(settings, "media_type"):
        settings.media_type = 'IMAGE'
    settings.file_format = 'PNG'
    scene.render.filepath = str(path)


def build_scene(head_path, audio_path):
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.context.preferences.filepaths.save_version = 0  # no demo.blend1 when the demo runs again
    blender_setup.register_repo_extension()
    scene = bpy.context.scene
    scene.render.fps, scene.render.fps_base = FPS, 1.0
    head = blender_setup.import_flame_head(head_path)
    head.data.shade_smooth()
    strip = blender_setup.add_sound_strip(scene, "Dialogue", audio_path, frame_start=1)
    scene.frame_start, scene.frame_end = 1, strip.frame_final_end - 1
    return scene, head


def main(argv):
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    scene, head = build_scene(args.head, args.audio)

    started = time.perf_counter()
    bpy.ops.flame_lipsync.generate(strip="Dialogue", target=head.name)
    settings = scene.flame_lipsync
    print(f"demo: baked {settings.report_frames} frames ({settings.report_clip_seconds:.2f} s of audio) "
          f"on {settings.report_device} in {time.perf_counter() - started:.2f} s")

    add_front_camera(scene, head)
    set_up_workbench(scene)
    blend = args.out / "demo.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    print(f"demo: saved {blend}")

    for frame in [int(f) for f in args.stills.split(",") if f.strip()]:
        scene.frame_set(frame)
        use_png_output(scene, args.out / f"frame_{frame:04d}.png")
        bpy.ops.render.render(write_still=True)
        print(f"demo: rendered {scene.render.filepath}")

    if not args.no_video:
        video = args.out / "preview.mp4"
        use_video_output(scene, video)
        started = time.perf_counter()
        bpy.ops.render.render(animation=True)
        print(f"demo: rendered {video} ({scene.frame_end} frames in {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else sys.argv[1:])
