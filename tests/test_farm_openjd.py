# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""scripts/deadline/template.yaml, the Open Job Description job bundle, run by the real `openjd` CLI: its Bake step
shares a folder of shots out among tasks, each task bakes its shots with scripts/farm_bake.py (bpy wheel mode)
and saves them to OutputDir; a shot that fails fails its task."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from blender_cli import REPO, require_sound_strips
from test_farm import jaw_curve

TEMPLATE = REPO / "scripts" / "deadline" / "template.yaml"
SHOTS = ("a_shot", "b_shot", "c_shot")  # with Tasks=2: task 1 bakes a and c, task 2 bakes b


@pytest.fixture(autouse=True)
def sound_strips():
    require_sound_strips()


def openjd():
    """The openjd CLI of this environment (requirements-dev.txt), else the one on PATH."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("openjd", path=search)
    if found is None:
        pytest.fail("the openjd CLI is not installed: pip install -r requirements-dev.txt (openjd-cli)")
    return found


@pytest.fixture
def shots_dir(empty_scene, template_path, tmp_path, short_dialogue):
    """Three shots, each a FLAME head "Head" and its line "Head_line" (8 s of the demo's dialogue) at frame 1."""
    import bpy

    from scripts import blender_setup

    folder = tmp_path / "shots"
    folder.mkdir()
    for name in SHOTS:
        bpy.ops.wm.read_factory_settings(use_empty=True)
        blender_setup.import_flame_head(template_path, "Head")
        blender_setup.add_sound_strip(bpy.context.scene, "Head_line", short_dialogue)
        bpy.ops.wm.save_as_mainfile(filepath=str(folder / f"{name}.blend"))
    return folder


def run_bundle(shots_dir, out_dir):
    # Outside the checkout, as a farm worker runs it: the bundle finds farm_bake.py by itself.
    return subprocess.run([openjd(), "run", str(TEMPLATE), "--step", "Bake", "-p", f"ShotsDir={shots_dir}",
                           "-p", f"OutputDir={out_dir}", "-p", "Tasks=2", "-p", f"Blender={sys.executable}"],
                          capture_output=True, text=True, timeout=900, cwd=out_dir.parent)


def farm_lines(output):
    return [line.split("\t")[-1] for line in output.splitlines() if "flame_lipsync_farm:" in line]


def test_the_bundle_bakes_a_folder_of_shots_in_two_tasks(shots_dir, tmp_path):
    out_dir = tmp_path / "baked"
    result = run_bundle(shots_dir, out_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    log = farm_lines(result.stdout)
    for name in SHOTS:
        assert any(line.startswith(f"flame_lipsync_farm: OK shot='{name}.blend' strip='Head_line' head='Head' "
                                   "frames=1-") for line in log), log
        assert f"flame_lipsync_farm: 1 baked, 0 failed, 0 skipped in {shots_dir / name}.blend; saved " \
               f"{out_dir / name}.blend" in log
    assert "flame_lipsync_farm: 2 of 2 shots baked" in log  # task 1: a and c
    for name in SHOTS:
        assert jaw_curve(out_dir / f"{name}.blend", "Head", range(5, 180, 5)).max() > 0.1, name

    import bpy  # the shots themselves are as they were
    bpy.ops.wm.open_mainfile(filepath=str(shots_dir / "a_shot.blend"))
    assert bpy.data.objects["Head"].data.shape_keys is None


def test_a_shot_with_missing_audio_fails_its_task(shots_dir, tmp_path):
    import bpy
    from flame_lipsync.operators import blender_compat

    bpy.ops.wm.open_mainfile(filepath=str(shots_dir / "b_shot.blend"))
    lost = tmp_path / "lost.flac"
    blender_compat.all_strips(bpy.context.scene.sequence_editor)["Head_line"].sound.filepath = str(lost)
    bpy.ops.wm.save_mainfile()

    out_dir = tmp_path / "baked"
    result = run_bundle(shots_dir, out_dir)
    assert result.returncode != 0, result.stdout + result.stderr
    log = farm_lines(result.stdout)
    assert f"flame_lipsync_farm: FAIL shot='b_shot.blend' strip='Head_line' head='Head' The sound file of strip " \
           f"'Head_line' is missing: {lost}" in log, log
    assert f"flame_lipsync_farm: 0 baked, 1 failed, 0 skipped in {shots_dir / 'b_shot.blend'}; nothing saved" in log
    assert "exited with code: 1" in result.stdout
    assert sorted(p.name for p in out_dir.iterdir()) == ["a_shot.blend", "c_shot.blend"]
