# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Generate on a real person's FLAME head bakes what `python -m inference --head` writes for that head, in any import
orientation and unit."""

import json
import math

import bpy
import numpy as np
import pytest
from blender_curves import keyed_values

from models.training.evaluation.heads import real_head_paths

HEADS = real_head_paths()
FPS = 30


def _import(path, centimetres_z_up=False):
    from mathutils import Matrix

    bpy.ops.wm.ply_import(filepath=str(path))
    obj = bpy.context.view_layer.objects.active
    if centimetres_z_up:
        obj.data.transform(Matrix.Rotation(math.pi / 2, 4, "X") @ Matrix.Scale(100.0, 4))
    return obj


def _baked(obj, wav):
    scene = bpy.context.scene
    scene.render.fps, scene.render.fps_base = FPS, 1.0
    bpy.ops.flame_lipsync.generate(filepath=str(wav), frame_start=1, target=obj.name, smoothing=0.0, device='CPU')
    names = [name for name in obj.data.shape_keys["flame_lipsync"].to_dict()["keys"]]
    curves = keyed_values(obj)
    frames = sorted(next(iter(curves.values())))
    return {name: np.array([curves[f'key_blocks["{name}"].value'][f] for f in frames]) for name in names}


@pytest.mark.parametrize("centimetres_z_up", [False, True])
def test_generate_bakes_what_the_cli_writes_for_that_head(empty_scene, speech_wav, tmp_path, centimetres_z_up):
    from flame_lipsync.inference.__main__ import main

    head = HEADS[2]
    baked = _baked(_import(head, centimetres_z_up), speech_wav)
    assert main([str(speech_wav), "--fps", str(FPS), "--out", str(tmp_path / "c.json"), "--head", str(head)]) == 0
    written = json.loads((tmp_path / "c.json").read_text())
    weights = np.array(written["weights"])
    for k, name in enumerate(written["names"]):
        np.testing.assert_allclose(baked[name], weights[:, k], atol=2e-5, err_msg=name)
    assert baked["mouthClose"].max() > 0.1
