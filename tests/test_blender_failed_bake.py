# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A Generate that fails half-way through writing leaves the file exactly as it was: shape keys, actions,
animation data, NLA tracks and the extension's record, on a fresh head and on one already baked."""

import bpy
import numpy as np
import pytest
from blender_character import character


def _file_state():
    """Everything a bake could touch, as plain values."""
    state = {"actions": sorted(bpy.data.actions.keys()), "keys": sorted(bpy.data.shape_keys.keys()),
             "meshes": {}}
    for mesh in bpy.data.meshes:
        key = mesh.shape_keys
        if key is None:
            state["meshes"][mesh.name] = None
            continue
        blocks = {}
        for block in key.key_blocks:
            co = np.empty(len(block.points) * 3, np.float32)
            block.points.foreach_get("co", co)
            blocks[block.name] = (co.tobytes(), round(block.value, 6), block.slider_min, block.slider_max,
                                  block.relative_key.name)
        animation = key.animation_data
        state["meshes"][mesh.name] = {
            "blocks": blocks, "order": list(key.key_blocks.keys()),
            "record": key["flame_lipsync"].to_dict() if "flame_lipsync" in key else None,
            "animation": None if animation is None else (
                animation.action.name if animation.action else None,
                [(t.name, [(s.name, s.action.name if s.action else None) for s in t.strips])
                 for t in animation.nla_tracks])}
    for action in bpy.data.actions:
        state[action.name] = _keys(action)
    return state


def _keys(action):
    from flame_lipsync.operators import blender_compat

    fcurves = blender_compat.ensure_channels(action, action.name)[0].fcurves if action.get("flame_lipsync") \
        else getattr(action, "fcurves", ())
    result = {}
    for fcurve in fcurves:
        co = np.empty(len(fcurve.keyframe_points) * 2, np.float32)
        fcurve.keyframe_points.foreach_get("co", co)
        result[fcurve.data_path] = co.tobytes()
    return result


def _fail_at(monkeypatch, module, name, call):
    """Make `module.name` do its work, and raise after it on its `call`-th call."""
    real, count = getattr(module, name), [0]

    def failing(*args, **kwargs):
        count[0] += 1
        result = real(*args, **kwargs)
        if count[0] == call:
            raise RuntimeError("injected failure")
        return result

    monkeypatch.setattr(module, name, failing)


def _user_animation(head):
    """The user's own shape key and an action of theirs keying it."""
    head.shape_key_add(name="Basis")
    smile = head.shape_key_add(name="MySmile")
    key = head.data.shape_keys
    smile.value = 0.3
    smile.keyframe_insert("value", frame=1)
    key.animation_data.action.name = "MyAction"


def _failing_generate(head, speech_wav):
    before = _file_state()
    with pytest.raises(RuntimeError, match="injected failure"):
        bpy.ops.flame_lipsync.generate(filepath=str(speech_wav), target=head.name)
    assert _file_state() == before


# Steps in order: shape keys made; 10 curves keyed; every curve keyed and the action assigned.
STEPS = {"shape keys": ("shape_keys", "ensure_shape_keys", 1), "curves": ("keyframes", "merge_keys", 10),
         "action": ("keyframes", "bake_action", 1)}


@pytest.mark.parametrize("step", STEPS)
def test_failure_on_a_fresh_head_leaves_nothing(flame_head, speech_wav, monkeypatch, step):
    from flame_lipsync import operators

    module, name, call = STEPS[step]
    _fail_at(monkeypatch, getattr(operators, module), name, call)
    _failing_generate(flame_head, speech_wav)
    assert flame_head.data.shape_keys is None and len(bpy.data.actions) == 0


def test_failure_on_a_baked_head_with_user_animation_leaves_it_as_it_was(flame_head, speech_wav, monkeypatch):
    from flame_lipsync.operators import keyframes

    _user_animation(flame_head)
    bpy.ops.flame_lipsync.generate(filepath=str(speech_wav), target=flame_head.name, intensity=0.5)
    _fail_at(monkeypatch, keyframes, "merge_keys", 20)
    _failing_generate(flame_head, speech_wav)


def test_failure_on_the_first_bake_over_user_animation(flame_head, speech_wav, monkeypatch):
    """The user's action was pushed to an NLA track by the failed run: it comes back as the active action."""
    from flame_lipsync.operators import keyframes

    _user_animation(flame_head)
    _fail_at(monkeypatch, keyframes, "merge_keys", 5)
    _failing_generate(flame_head, speech_wav)
    assert flame_head.data.shape_keys.animation_data.action.name == "MyAction"
    assert len(flame_head.data.shape_keys.animation_data.nla_tracks) == 0


def test_failure_on_a_character_leaves_its_keys_and_animation(empty_scene, speech_wav, monkeypatch):
    from flame_lipsync.operators import keyframes

    obj = character(["jawOpen", "mouthClose", "EyeBlink_L", "MySmile"])
    smile = obj.data.shape_keys.key_blocks["MySmile"]
    smile.value = 0.3
    smile.keyframe_insert("value", frame=1)
    _fail_at(monkeypatch, keyframes, "merge_keys", 2)
    _failing_generate(obj, speech_wav)
