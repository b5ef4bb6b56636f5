# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""scripts/farm_bake.py: which strip goes onto which head, and whole farm runs on a saved shot (bpy wheel mode
and `blender -b shot.blend --python scripts/farm_bake.py -- ...` with the installed extension)."""

import argparse
import os
import subprocess
import sys

import numpy as np
import pytest
from blender_cli import REPO, installed_extension, model_env, require_sound_strips, run_blender

FARM = REPO / "scripts" / "farm_bake.py"
FPS = 25


def farm_args(**overrides):
    values = dict(shots=[], pairs=[], rule=None, skip_unmatched=False, save=False, output=None, output_dir=None,
                  part=None, intensity=None, smoothing=None, device=None)
    values.update(overrides)
    return argparse.Namespace(**values)


@pytest.fixture(autouse=True)
def sound_strips():
    require_sound_strips()


@pytest.fixture
def farm(extension):
    from scripts import farm_bake
    return farm_bake


@pytest.fixture
def named_scene(empty_scene, short_dialogue):
    """Meshes Anna, Ben, Ben_stand_in and a camera called Carl; one sound strip per naming case."""
    import bpy

    from scripts import blender_setup

    for name in ("Anna", "Ben", "Ben_stand_in"):
        mesh = bpy.data.meshes.new(name)
        empty_scene.collection.objects.link(bpy.data.objects.new(name, mesh))
    empty_scene.collection.objects.link(bpy.data.objects.new("Carl", bpy.data.cameras.new("Carl")))
    wav = short_dialogue
    for frame, name in enumerate(("Anna", "Anna_take2.001", "Ben_stand_in_03", "Carl_line", "Dora", "Voice")):
        blender_setup.add_sound_strip(empty_scene, name, wav, frame_start=1 + 300 * frame, channel=1 + frame)
    return empty_scene


def all_strips(scene):
    from flame_lipsync.operators import blender_compat
    return blender_compat.all_strips(scene.sequence_editor)


def heads(farm, scene, **overrides):
    return {strip: (head, skip) for strip, head, skip in farm.plan(scene, farm_args(**overrides))}


def test_default_rule_takes_the_longest_name_prefix_that_is_a_mesh(farm, named_scene):
    found = heads(farm, named_scene)
    assert found["Anna"] == ("Anna", None)
    assert found["Anna_take2.001"] == ("Anna", None)
    assert found["Ben_stand_in_03"] == ("Ben_stand_in", None)
    assert found["Carl_line"] == (None, None)  # Carl is a camera, not a head
    assert found["Dora"] == (None, None)


def test_custom_property_rule_pairs_and_mutes(farm, named_scene):
    strips = all_strips(named_scene)
    strips["Voice"][farm.HEAD_PROPERTY] = "Ben"
    strips["Dora"].mute = True
    found = heads(farm, named_scene)
    assert found["Voice"] == ("Ben", None)
    assert found["Dora"] == (None, "muted")

    import re
    by_rule = heads(farm, named_scene, rule=re.compile(r"^(?P<head>[A-Za-z]+)_"))
    assert by_rule["Ben_stand_in_03"] == ("Ben", None) and by_rule["Anna"] == (None, None)
    assert farm.plan(named_scene, farm_args(pairs=["Dora=Anna", "Voice=Ben"])) == \
        [("Dora", "Anna", None), ("Voice", "Ben", None)]


@pytest.fixture
def shot(empty_scene, template_path, tmp_path, short_dialogue):
    """shot.blend: heads Anna and Ben; Anna speaks twice (two strips, the second quiet and fading in), Ben once;
    a muted music strip."""
    import bpy

    from scripts import blender_setup

    empty_scene.render.fps, empty_scene.render.fps_base = FPS, 1.0
    blender_setup.import_flame_head(template_path, "Anna")
    blender_setup.import_flame_head(template_path, "Ben").location.x = 0.4
    wav = short_dialogue
    blender_setup.add_sound_strip(empty_scene, "Anna_line01", wav, frame_start=1, channel=1)
    quiet = blender_setup.add_sound_strip(empty_scene, "Anna_line02", wav, frame_start=401, channel=1)
    quiet.volume = 0.0  # a slow fade-in to a low volume: lip sync follows the speech, not the mix
    quiet.keyframe_insert("volume", frame=401)
    quiet.volume = 0.05
    quiet.keyframe_insert("volume", frame=560)
    blender_setup.add_sound_strip(empty_scene, "Ben.001", wav, frame_start=201, channel=2)
    blender_setup.add_sound_strip(empty_scene, "Music", wav, frame_start=1, channel=3).mute = True
    path = tmp_path / "shot.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(path))
    return path


def run_farm(*args, env=None):
    return subprocess.run([sys.executable, str(FARM), *map(str, args)], capture_output=True, text=True,
                          timeout=900, env=env)


def jaw_curve(blend, head, frames):
    """jawOpen of `head` at `frames` in the saved file."""
    import bpy

    bpy.ops.wm.open_mainfile(filepath=str(blend))
    scene, key = bpy.context.scene, bpy.data.objects[head].data.shape_keys
    values = []
    for frame in frames:
        scene.frame_set(frame)
        values.append(key.key_blocks["jawOpen"].value)
    return np.array(values)


def test_farm_bakes_every_strip_onto_its_head_and_saves(shot, extension):
    result = run_farm(shot, "--save")
    assert result.returncode == 0, result.stdout + result.stderr
    log = [line for line in result.stdout.splitlines() if line.startswith("flame_lipsync_farm:")]
    assert any(line.startswith("flame_lipsync_farm: OK shot='shot.blend' strip='Anna_line01,Anna_line02' "
                               "head='Anna' frames=1-") for line in log), log
    assert any(line.startswith("flame_lipsync_farm: OK shot='shot.blend' strip='Ben.001' head='Ben' frames=201-")
               for line in log), log
    assert "flame_lipsync_farm: SKIP shot='shot.blend' strip='Music': muted" in log
    assert log[-1] == f"flame_lipsync_farm: 2 baked, 0 failed, 1 skipped in {shot}; saved {shot}"

    # Anna's two strips hold the same audio 400 frames apart: the mixdown must keep both, in place, and the
    # second one's low volume and fade must not make it a smaller mouth.
    line = range(10, 180, 2)
    anna = jaw_curve(shot, "Anna", [*line, *(f + 400 for f in line)])
    first, second = anna[:len(line)], anna[len(line):]
    assert first.std() > 0.02
    assert np.abs(first - second).mean() < 0.01 and np.corrcoef(first, second)[0, 1] > 0.95
    ben = jaw_curve(shot, "Ben", [*range(201, 400, 2)])
    assert ben.max() > 0.1

    import bpy  # the mix itself is saved as it was: volume and fade kept
    quiet = all_strips(bpy.context.scene)["Anna_line02"]
    bpy.context.scene.frame_set(401)
    assert quiet.volume == pytest.approx(0.0)
    bpy.context.scene.frame_set(560)
    assert quiet.volume == pytest.approx(0.05)


def test_farm_fails_without_saving_when_a_strip_has_no_head(shot, extension, short_dialogue):
    import bpy

    bpy.ops.wm.open_mainfile(filepath=str(shot))
    from scripts import blender_setup
    blender_setup.add_sound_strip(bpy.context.scene, "Carl_line", short_dialogue,
                                  frame_start=1, channel=4)
    bpy.ops.wm.save_mainfile()
    before = shot.read_bytes()

    result = run_farm(shot, "--save")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "flame_lipsync_farm: FAIL shot='shot.blend' strip='Carl_line': no head found" in result.stdout
    assert "1 failed" in result.stdout and "nothing saved" in result.stdout
    assert shot.read_bytes() == before

    all_strips(bpy.context.scene)["Anna_line02"].sound.filepath = str(shot.parent / "lost.wav")
    bpy.ops.wm.save_mainfile()
    result = run_farm(shot, "--skip-unmatched")
    assert result.returncode == 1
    assert (f"FAIL shot='shot.blend' strip='Anna_line01,Anna_line02' head='Anna' The sound file of strip "
            f"'Anna_line02' is missing: {shot.parent / 'lost.wav'}") in result.stdout

    result = run_farm(shot, "--pairs", "Anna_line01=Nobody")
    assert result.returncode == 1
    assert ("FAIL shot='shot.blend' strip='Anna_line01' head='Nobody' There is no object named 'Nobody'."
            in result.stdout)


def test_farm_script_in_blender_with_the_installed_extension(shot, tmp_path_factory, tmp_path):
    zip_path, user_dir = installed_extension(tmp_path_factory)
    out = tmp_path / "baked.blend"
    result = run_blender(user_dir, blend=shot, python=FARM, python_exit_code=1, env=model_env(zip_path),
                         args=["--pairs", "Ben.001=Ben", "--output", out])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"flame_lipsync_farm: 1 baked, 0 failed, 0 skipped in {shot}; saved {out}" in result.stdout
    assert out.is_file() and os.path.getsize(out) > 0
    assert jaw_curve(out, "Ben", range(201, 400, 2)).max() > 0.1

    # blender -b --python farm_bake.py -- SHOT --output-dir DIR: the script opens the shot itself
    out_dir = tmp_path / "baked"
    result = run_blender(user_dir, python=FARM, python_exit_code=1, env=model_env(zip_path),
                         args=[shot, "--pairs", "Ben.001=Ben", "--output-dir", out_dir])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"flame_lipsync_farm: 1 baked, 0 failed, 0 skipped in {shot}; saved {out_dir / 'shot.blend'}" \
        in result.stdout
    assert jaw_curve(out_dir / "shot.blend", "Ben", range(201, 400, 2)).max() > 0.1


@pytest.mark.parametrize("args, message", [
    (["--rule", "("], "argument --rule: '(' is not a regular expression"),
    (["--rule", "^[A-Z][a-z]+_"], "argument --rule: '^[A-Z][a-z]+_' has no group to name the head"),
    (["--intensity", "-1"], "argument --intensity: -1 is outside 0 to 2"),
    (["--smoothing", "10"], "argument --smoothing: 10 is outside 0 to 0.5"),
    (["--part", "3/2"], "argument --part: wants K/N with 1 <= K <= N, got '3/2'"),
    (["--pairs", "Anna"], "argument --pairs: wants STRIP=HEAD, got 'Anna'"),
])
def test_bad_arguments_exit_2_with_one_line_and_change_nothing(shot, args, message):
    before = shot.read_bytes()
    result = run_farm(shot, "--save", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"farm_bake.py: error: {message}"), result.stderr
    assert "Traceback" not in result.stderr and "flame_lipsync_farm:" not in result.stdout
    assert shot.read_bytes() == before


def test_a_strip_on_a_muted_channel_is_not_mixed_in_as_silence(shot, extension):
    import bpy

    bpy.ops.wm.open_mainfile(filepath=str(shot))
    scene = bpy.context.scene
    all_strips(scene)["Anna_line02"].channel = 4
    scene.sequence_editor.channels[4].mute = True
    bpy.ops.wm.save_mainfile()
    before = shot.read_bytes()

    result = run_farm(shot, "--save")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "flame_lipsync_farm: FAIL shot='shot.blend' strip='Anna_line01,Anna_line02' head='Anna' The sound " \
           "strip 'Anna_line02' is muted; unmute it to lip sync it." in result.stdout
    assert f"1 baked, 1 failed, 1 skipped in {shot}; nothing saved" in result.stdout
    assert shot.read_bytes() == before
