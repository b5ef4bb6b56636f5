# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The README's headless command with the installed extension:
`blender -b shot.blend --python-exit-code 1 --python-expr "import bpy; bpy.ops.flame_lipsync.generate(...)"`."""

import pytest
from blender_cli import REPO, installed_extension, last_json_line, model_env, require_sound_strips, run_blender

MAKE_SHOT = """
import sys, bpy
template, wav, scripts, shot = sys.argv[sys.argv.index("--") + 1:]
sys.path.insert(0, scripts)
import blender_setup
bpy.context.scene.render.fps = 24
blender_setup.import_flame_head(template, "Head")
blender_setup.add_sound_strip(bpy.context.scene, "Voice", wav, frame_start=12)
bpy.ops.wm.save_as_mainfile(filepath=shot)
"""

BAKE = "import bpy; bpy.ops.flame_lipsync.generate(strip='Voice', target='Head'); bpy.ops.wm.save_mainfile()"

INSPECT = """
import json, bpy
key = bpy.data.objects["Head"].data.shape_keys
scene = bpy.context.scene
jaw = []
for frame in range(1, 12 + int(scene.flame_lipsync.report_frames)):
    scene.frame_set(frame)
    jaw.append(key.key_blocks["jawOpen"].value)
print(json.dumps({"jaw": jaw, "frames": scene.flame_lipsync.report_frames,
                  "first": scene.flame_lipsync.report_first_frame}))
"""


@pytest.fixture(scope="module")
def blender(tmp_path_factory):
    require_sound_strips()
    return installed_extension(tmp_path_factory)


@pytest.fixture
def shot(blender, template_path, speech_wav, tmp_path):
    zip_path, user_dir = blender
    path = tmp_path / "shot.blend"
    result = run_blender(user_dir, python_expr=MAKE_SHOT, python_exit_code=1,
                         args=[template_path, speech_wav, REPO / "scripts", path])
    assert result.returncode == 0, result.stdout + result.stderr
    return path


def test_headless_generate_bakes_and_saves(blender, shot):
    zip_path, user_dir = blender
    result = run_blender(user_dir, blend=shot, python_expr=BAKE, python_exit_code=1, env=model_env(zip_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lip sync:" in result.stdout + result.stderr

    result = run_blender(user_dir, blend=shot, python_expr=INSPECT, python_exit_code=1)
    assert result.returncode == 0, result.stdout + result.stderr
    saved = last_json_line(result.stdout)
    assert saved["first"] == 12 and saved["frames"] > 50
    jaw = saved["jaw"]
    assert max(jaw[11:]) - min(jaw[11:]) > 0.05  # the speech moves the jaw from the strip's first frame on


@pytest.mark.parametrize("call, message", [
    ("strip='Nope', target='Head'", "There is no sound strip named 'Nope'"),
    ("strip='Voice', target='Nobody'", "There is no object named 'Nobody'"),
])
def test_headless_failure_exits_non_zero_with_the_message(blender, shot, call, message):
    zip_path, user_dir = blender
    before = shot.read_bytes()
    result = run_blender(user_dir, blend=shot, python_exit_code=1, env=model_env(zip_path),
                         python_expr=f"import bpy; bpy.ops.flame_lipsync.generate({call}); "
                                     "bpy.ops.wm.save_mainfile()")
    assert result.returncode == 1
    assert message in result.stderr
    assert shot.read_bytes() == before
