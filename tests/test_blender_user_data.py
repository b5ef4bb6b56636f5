# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Nothing of the user's is lost: their shape keys, actions, NLA tracks and drivers stay; a second run replaces
only what the extension made; Clear removes exactly that."""

import bpy
import numpy as np
import pytest
from blender_state import animate_key, shape_key_state

from inference.face.gaze import EYE_LOOK_NAMES
from models.training.controls import CONTROL_NAMES


def _user_rig(obj):
    """Shape keys, an action, an NLA track and a driver of the user's; one key is named like a model control."""
    obj.shape_key_add(name="Basis", from_mix=False)
    for name, dx in (("jawOpen", 0.002), ("Smile", 0.001), ("Blink", -0.001)):
        block = obj.shape_key_add(name=name, from_mix=False)
        co = np.empty(len(block.points) * 3, np.float32)
        block.points.foreach_get("co", co)
        co[0::3] += dx
        block.points.foreach_set("co", co)
    key = obj.data.shape_keys
    animate_key(key, "Smile", ((1, 0.0), (10, 0.8)), "UserSmile")
    old = bpy.data.actions.new("UserOldTake")
    track = key.animation_data.nla_tracks.new()
    track.name = "UserTrack"
    track.strips.new("UserOldTake", 1, old)
    driver = key.key_blocks["Blink"].driver_add("value").driver
    driver.expression = "0.25"
    return key


def _generate(obj, wav):
    bpy.ops.flame_lipsync.generate(filepath=str(wav), frame_start=1, target=obj.name)


def test_user_rig_survives_generate_rerun_and_clear(flame_head, speech_wav):
    key = _user_rig(flame_head)
    before = shape_key_state(flame_head)

    _generate(flame_head, speech_wav)
    after = shape_key_state(flame_head)
    user_blocks = {b[0]: b for b in before["blocks"]}
    assert all(user_blocks[name] == block for block in after["blocks"] if (name := block[0]) in user_blocks)
    assert "jawOpen.001" in key.key_blocks, "our jawOpen must not take over the user's key of that name"
    assert key.animation_data.action.name == f"{flame_head.name} Lip Sync"
    pushed = [t for t in key.animation_data.nla_tracks if any(s.action.name == "UserSmile" for s in t.strips)]
    assert len(pushed) == 1, "the user's active action goes to an NLA track of its own"
    assert after["drivers"] == before["drivers"]
    bpy.context.scene.frame_set(10)
    assert key.key_blocks["Smile"].value == pytest.approx(0.8), "the user's animation still plays"

    _generate(flame_head, speech_wav)
    assert shape_key_state(flame_head) == after, "a second run replaces what the first made, nothing more"

    bpy.ops.flame_lipsync.clear(target=flame_head.name)
    assert shape_key_state(flame_head) == before


def test_clear_on_a_head_without_shape_keys_leaves_none(flame_head, speech_wav):
    _generate(flame_head, speech_wav)
    assert len(flame_head.data.shape_keys.key_blocks) == 1 + len(CONTROL_NAMES) + len(EYE_LOOK_NAMES)
    bpy.ops.flame_lipsync.clear(target=flame_head.name)
    assert flame_head.data.shape_keys is None
    assert not bpy.data.actions


def test_clear_without_lip_sync_says_so(flame_head):
    with pytest.raises(RuntimeError, match="has no lip sync to clear"):
        bpy.ops.flame_lipsync.clear(target=flame_head.name)


def test_reading_keys_creates_nothing_in_an_action(extension):
    """The tests read our curves through blender_compat.find_fcurves; on an empty action it finds none and adds
    no slot, layer or F-curve (ensure_channels would)."""
    from flame_lipsync.operators import blender_compat

    action = bpy.data.actions.new("Someone else's")
    try:
        assert blender_compat.find_fcurves(action) == ()
        if blender_compat.is_layered(action):
            assert (len(action.slots), len(action.layers)) == (0, 0)
        else:
            assert len(action.fcurves) == 0
    finally:
        bpy.data.actions.remove(action)
