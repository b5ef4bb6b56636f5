# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Several lines on one head: a run replaces our keys in its own frame range only, and the mouth rests between
lines (the lips alone, which intensity scales; tests/test_blender_face.py has the whole face)."""

import bpy
import numpy as np
from blender_curves import keyed_values

FIRST_A, FIRST_B = 1, 300


def _bake(obj, wav, frame_start, intensity):
    bpy.ops.flame_lipsync.generate(filepath=str(wav), frame_start=frame_start, target=obj.name,
                                   intensity=intensity, smoothing=0.0, device='CPU', layers={'LIPS'})
    return range(frame_start, frame_start + bpy.context.scene.flame_lipsync.report_frames)


def _within(curves, frames):
    return {path: {f: v for f, v in keys.items() if f in frames} for path, keys in curves.items()}


def _scaled_by_intensity(curves):
    """The curves that intensity scales: all but mouthClose, which shuts the lips wherever the model says closed."""
    return {path: keys for path, keys in curves.items() if '"mouthClose"' not in path}


def _assert_rests_between(obj, last_a):
    curves = keyed_values(obj)
    between = [v for keys in curves.values() for f, v in keys.items() if last_a < f < FIRST_B]
    assert between and not any(between), "only rest keys between the lines"
    bpy.context.scene.frame_set((last_a + FIRST_B) // 2)
    record = obj.data.shape_keys["flame_lipsync"].to_dict()["keys"]
    assert all(obj.data.shape_keys.key_blocks[name].value == 0.0 for name in record.values())


def test_lines_keep_each_other_and_rerun_replaces_its_range(flame_head, speech_wav):
    frames_a = _bake(flame_head, speech_wav, FIRST_A, 1.0)
    line_a = _within(keyed_values(flame_head), frames_a)
    assert all(sorted(keys) == list(frames_a) for keys in line_a.values())

    frames_b = _bake(flame_head, speech_wav, FIRST_B, 0.5)
    assert frames_a[-1] < FIRST_B
    after_b = keyed_values(flame_head)
    assert _within(after_b, frames_a) == line_a, "baking line B leaves line A as it was"
    line_b = _within(after_b, frames_b)
    assert all(sorted(keys) == list(frames_b) for keys in line_b.values())
    for path, keys in _scaled_by_intensity(line_b).items():
        np.testing.assert_allclose([keys[f] for f in frames_b], [0.5 * v for v in line_a[path].values()], atol=1e-5)
    _assert_rests_between(flame_head, frames_a[-1])

    _bake(flame_head, speech_wav, FIRST_A, 2.0)
    louder = keyed_values(flame_head)
    assert _within(louder, frames_b) == line_b, "re-baking line A leaves line B as it was"
    for path, keys in _scaled_by_intensity(_within(louder, frames_a)).items():
        np.testing.assert_allclose([keys[f] for f in frames_a], [2 * line_a[path][f] for f in frames_a], atol=1e-5)
    _assert_rests_between(flame_head, frames_a[-1])
    peak = max(v for keys in louder.values() for v in keys.values())
    key = flame_head.data.shape_keys
    assert all(key.key_blocks[name].slider_max >= peak
               for name in key["flame_lipsync"].to_dict()["keys"].values()), "no key is clamped by its slider"

    _bake(flame_head, speech_wav, FIRST_A, 2.0)
    assert keyed_values(flame_head) == louder, "running the same bake again changes nothing"

    bpy.ops.flame_lipsync.clear(target=flame_head.name)
    assert flame_head.data.shape_keys is None
    assert not bpy.data.actions
