# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Generate on a character that is not a FLAME head: its own ARKit-named shape keys are keyed with the model's
weights, by name; nothing else of the user's changes, and Clear takes exactly our animation off."""

import bpy
import pytest
from blender_character import character
from blender_curves import keyed_values
from blender_state import animate_key, shape_key_state

# The character's keys, in the conventions riggers use, and the model control each one should follow.
ARKIT_KEYS = {"jawOpen": "jawOpen", "MouthClose": "mouthClose", "mouthSmile_L": "mouthSmileLeft",
              "MouthSmileRight": "mouthSmileRight", "EyeBlink_R": "eyeBlinkRight", "eyeblinkleft": "eyeBlinkLeft",
              "BROW_INNER_UP": "browInnerUp"}


def _user_animation(obj):
    """The user's own key 'Smirk', animated by an action, and 'Sneer', driven by a driver."""
    key = obj.data.shape_keys
    animate_key(key, "Smirk", ((1, 0.0), (10, 0.7)), "UserSmirk")
    key.key_blocks["Sneer"].driver_add("value").driver.expression = "0.3"


def _paths(names):
    return {f'key_blocks["{name}"].value' for name in names}


def test_character_keys_follow_the_model_like_a_flame_head(flame_head, speech_wav):
    settings = bpy.context.scene.flame_lipsync
    options = dict(filepath=str(speech_wav), frame_start=5, intensity=0.8, smoothing=0.05)
    bpy.ops.flame_lipsync.generate(target=flame_head.name, **options)
    flame = keyed_values(flame_head)

    obj = character([*ARKIT_KEYS, "Smirk", "Sneer"])
    _user_animation(obj)
    before = shape_key_state(obj)
    bpy.ops.flame_lipsync.generate(target=obj.name, **options)

    keyed = keyed_values(obj)
    assert set(keyed) == _paths(ARKIT_KEYS), "exactly the matched keys are animated"
    for name, control in ARKIT_KEYS.items():
        if control == "mouthClose":  # a FLAME head's own lip closure solves it on the head's geometry
            continue
        expected = {frame: min(value, 1.0) for frame, value in flame[f'key_blocks["{control}"].value'].items()}
        assert list(keyed[f'key_blocks["{name}"].value']) == list(expected)
        assert list(keyed[f'key_blocks["{name}"].value'].values()) == pytest.approx(list(expected.values()),
                                                                                    abs=1e-6)
    after = shape_key_state(obj)
    assert after["blocks"] == before["blocks"], "the character's keys keep their geometry and ranges"
    assert after["drivers"] == before["drivers"]
    assert [strip[1] for track in after["tracks"] for strip in track[1]] == ["UserSmirk"]
    bpy.context.scene.frame_set(10)
    assert obj.data.shape_keys.key_blocks["Smirk"].value == pytest.approx(0.7), "the user's animation still plays"

    assert settings.report_keys.startswith(f"Lip Sync: {len(ARKIT_KEYS)} of 51 controls driven on 'Character' "
                                           "(no key for: jawForward, jawLeft, ")
    assert "cheekPuff" in settings.report_keys and "jawOpen" not in settings.report_keys

    bpy.ops.flame_lipsync.clear(target=obj.name)
    assert shape_key_state(obj) == before, "Clear removes only our animation and brings the user's action back"


def test_lines_on_a_character_keep_each_other(empty_scene, speech_wav):
    obj = character(ARKIT_KEYS)
    bpy.ops.flame_lipsync.generate(target=obj.name, filepath=str(speech_wav), frame_start=1)
    first = keyed_values(obj)['key_blocks["jawOpen"].value']
    bpy.ops.flame_lipsync.generate(target=obj.name, filepath=str(speech_wav), frame_start=max(first) + 50)
    both = keyed_values(obj)['key_blocks["jawOpen"].value']
    assert {frame: both[frame] for frame in first} == first
    assert len(both) > 2 * len(first)


def test_key_map_drives_keys_with_other_names(empty_scene, speech_wav):
    obj = character(["Mouth Open", "Blink.L", "jawOpen"])
    bpy.ops.flame_lipsync.generate(target=obj.name, filepath=str(speech_wav),
                                   key_map="jawOpen=Mouth Open; eyeBlinkLeft=Blink.L")
    by_argument = keyed_values(obj)
    assert set(by_argument) == _paths(["Mouth Open", "Blink.L"]), "a key the map claims follows only the map"
    bpy.ops.flame_lipsync.clear(target=obj.name)

    obj.flame_lipsync_key_map = "jawOpen=Mouth Open; eyeBlinkLeft=Blink.L"
    bpy.ops.flame_lipsync.generate(target=obj.name, filepath=str(speech_wav))
    assert keyed_values(obj) == by_argument, "the object's ARKit Key Map does the same as the argument"
    assert bpy.context.scene.flame_lipsync.report_keys.startswith("Lip Sync: 2 of 51 controls driven")


@pytest.mark.parametrize("keys, arguments, message", [
    (["Smile", "Blink"], {}, "not a FLAME head: it has 114 vertices.*Nor does it have shape keys named after "
                             "ARKit's blendshapes"),
    ([], {}, "not a FLAME head.*ARKit"),
    (["jawOpen"], {"key_map": "mouthClose=Lips Shut"}, "'Character' has no shape key named 'Lips Shut'"),
    (["jawOpen"], {"key_map": "mouthOpen=jawOpen"}, "'mouthOpen' is not one of ARKit's 52 blendshape names"),
])
def test_refused_character_is_left_as_it_was(empty_scene, speech_wav, keys, arguments, message):
    obj = character(keys) if keys else None
    if obj is None:
        bpy.ops.mesh.primitive_uv_sphere_add(segments=16, ring_count=8)
    before = shape_key_state(bpy.context.view_layer.objects.active), sorted(bpy.data.actions.keys())
    with pytest.raises(RuntimeError, match=message):
        bpy.ops.flame_lipsync.generate(filepath=str(speech_wav), **arguments)
    assert (shape_key_state(bpy.context.view_layer.objects.active), sorted(bpy.data.actions.keys())) == before
