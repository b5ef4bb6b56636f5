# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The whole face through Generate (smoothing 0, as the CLI): eyeLook shape keys, F-curve groups per layer, head
motion on the head rig with a still lower neck, the same motion as `python -m inference --head`, several lines on one
head, Clear, and a failed bake that leaves everything as it was."""

import json
import subprocess
import sys
from pathlib import Path

import bpy
import numpy as np
import pytest
from blender_curves import keyframes, our_fcurves
from blender_mesh import evaluated_displacements
from test_blender_failed_bake import _fail_at, _file_state

from inference.head_frame import NOSE_TIP, head_frame

ROOT = Path(__file__).resolve().parents[1]
VOICE = ROOT / "scripts" / "kathleen_dialogue.flac"
OPTIONS = {"smoothing": 0.0, "seed": 5, "emotion": 'HAPPY', "emotion_strength": 0.7, "jaw": 1.2, "lips": 0.9}


def generate(head, **options):
    assert bpy.ops.flame_lipsync.generate(filepath=str(VOICE), target=head.name, **options) == {'FINISHED'}


def rig_curves(head):
    from flame_lipsync.operators import blender_compat, head_rig

    action = head_rig.head_rig(head).animation_data.action
    return {c.array_index: c for c in blender_compat.find_fcurves(action)}


def everything(head):
    """What Generate could add anywhere in the file, as plain values."""
    from flame_lipsync.operators import head_rig

    rig = {} if head_rig.head_rig(head) is None else \
        {index: [part.tolist() for part in keyframes(c)] for index, c in rig_curves(head).items()}
    return (_file_state(), sorted(bpy.data.objects.keys()), sorted(bpy.data.armatures.keys()),
            [m.name for m in head.modifiers], [g.name for g in head.vertex_groups], rig)


def test_generate_bakes_every_layer_as_the_cli_does(flame_head, tmp_path):
    scene = bpy.context.scene
    scene.render.fps, scene.render.fps_base = 24, 1.0
    generate(flame_head, **OPTIONS)
    out = tmp_path / "curves.json"
    subprocess.run([sys.executable, "-m", "inference", VOICE, "--fps", "24", "--out", out, "--head",
                    ROOT.parent / "shared" / "flame" / "template.ply", "--seed", "5", "--emotion", "happy",
                    "--emotion-strength", "0.7", "--jaw", "1.2", "--lips", "0.9"], cwd=ROOT, check=True)
    cli = json.loads(out.read_text())
    weights, degrees = np.array(cli["weights"]), np.array(cli["head"]["degrees"])

    curves = {c.data_path: c for c in our_fcurves(flame_head)}
    groups = {c.group.name for c in curves.values()}
    assert groups == {"Lip Sync", "Eyes", "Brows"}
    for k, name in enumerate(cli["names"]):
        fcurve = curves[f'key_blocks["{name}"].value']
        assert fcurve.group.name == {"eye": "Eyes", "bro": "Brows"}.get(name[:3], "Lip Sync")
        frames, values = keyframes(fcurve)
        assert frames.tolist() == list(range(1, len(weights) + 1))
        np.testing.assert_allclose(values, weights[:, k], atol=1e-4, err_msg=name)
    for axis, fcurve in rig_curves(flame_head).items():
        frames, values = keyframes(fcurve)
        assert frames.tolist() == list(range(1, len(degrees) + 1))
        np.testing.assert_allclose(np.degrees(values), degrees[:, axis], atol=1e-3)
    assert np.abs(degrees).max() > 1.0


def test_the_head_turns_the_lower_neck_stays_and_the_eyes_look(flame_head):
    rest = np.empty(len(flame_head.data.vertices) * 3)
    flame_head.data.vertices.foreach_get("co", rest)
    rest = rest.reshape(-1, 3)
    frame = head_frame(rest)
    height = (rest - frame.origin) @ frame.axes[1]
    generate(flame_head, seed=2)
    yaw = keyframes(rig_curves(flame_head)[1])[1]
    turned = int(np.argmax(np.abs(yaw))) + 1
    moved = evaluated_displacements(flame_head, (turned,))[0]
    nose = moved[NOSE_TIP] @ frame.axes[0]
    assert np.sign(nose) == np.sign(yaw[turned - 1]) and abs(nose) > 1e-3  # yaw > 0 turns to the subject's left
    assert np.abs(moved[height < height.min() + 0.01]).max() < 1e-6
    key = flame_head.data.shape_keys
    look = key.key_blocks["eyeLookOutLeft"]
    co = np.empty(len(look.points) * 3)
    look.points.foreach_get("co", co)
    turned_eye = np.linalg.norm(co.reshape(-1, 3) - rest, axis=1)
    assert turned_eye[3931:4477].max() > 1e-3 and turned_eye[:3931].max() == 0.0


def test_layers_off_make_no_rig_and_keep_the_face_at_rest(flame_head):
    from flame_lipsync.operators import head_rig

    generate(flame_head, layers={'LIPS'})
    assert head_rig.head_rig(flame_head) is None
    curves = {c.data_path: c for c in our_fcurves(flame_head)}
    for name in ("eyeBlinkLeft", "eyeLookUpRight", "browInnerUp"):
        assert not keyframes(curves[f'key_blocks["{name}"].value'])[1].any()


def test_two_lines_on_one_head_keep_each_other_and_clear_removes_everything(flame_head):
    before = everything(flame_head)
    generate(flame_head, seed=1)
    first = [keyframes(c) for c in rig_curves(flame_head).values()]
    generate(flame_head, seed=1, frame_start=2000)
    for (frames, values), fcurve in zip(first, rig_curves(flame_head).values()):
        now = dict(zip(*keyframes(fcurve)))
        assert all(abs(now[f] - v) < 1e-7 for f, v in zip(frames, values))
        assert max(now) > 2000
    assert bpy.ops.flame_lipsync.clear(target=flame_head.name) == {'FINISHED'}
    assert everything(flame_head) == before


@pytest.mark.parametrize("baked_before", [False, True])
def test_a_failed_head_bake_leaves_everything_as_it_was(flame_head, monkeypatch, baked_before):
    from flame_lipsync.operators import head_rig

    if baked_before:
        generate(flame_head, seed=3)
    before = everything(flame_head)
    _fail_at(monkeypatch, head_rig, "bake_head_motion", 1)
    with pytest.raises(RuntimeError, match="injected failure"):
        bpy.ops.flame_lipsync.generate(filepath=str(VOICE), target=flame_head.name, seed=4, frame_start=500)
    assert everything(flame_head) == before
