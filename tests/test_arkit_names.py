# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Matching a character's shape keys to ARKit's blendshape names, and the user's key map (no bpy)."""

import pytest

from inference.arkit_names import ARKIT_BLENDSHAPES, arkit_name, match_keys, parse_key_map
from inference.errors import LipSyncError
from inference.live_link import ARKIT_CURVES, pascal_case
from inference.model import LipSyncModel, default_model_path


def test_apple_list_has_52_distinct_names_and_agrees_with_live_link():
    assert len(set(ARKIT_BLENDSHAPES)) == 52
    assert {pascal_case(name) for name in ARKIT_BLENDSHAPES} == set(ARKIT_CURVES)


def test_every_model_control_is_an_arkit_name():
    model = LipSyncModel(default_model_path(), provider="cpu")
    assert all(arkit_name(name) == name for name in model.control_names)


@pytest.mark.parametrize("key, expected", [
    ("jawOpen", "jawOpen"), ("JawOpen", "jawOpen"), ("JAW_OPEN", "jawOpen"), ("jaw open", "jawOpen"),
    ("mouthSmile_L", "mouthSmileLeft"), ("MouthSmileLeft", "mouthSmileLeft"), ("mouth_smile_left", "mouthSmileLeft"),
    ("EyeBlink_R", "eyeBlinkRight"), ("eyeBlink.R", "eyeBlinkRight"), ("eyeblinkright", "eyeBlinkRight"),
    ("browInnerUp", "browInnerUp"), ("TongueOut", "tongueOut"), ("jawLeft", "jawLeft"), ("Jaw_L", "jawLeft"),
    ("Smile", None), ("jawOpen.001", None), ("Basis", None), ("mouthSmileL", None),
])
def test_conventions(key, expected):
    assert arkit_name(key) == expected


def test_keys_match_by_name_with_apple_spelling_first():
    keys = ["Basis", "JawOpen", "jawOpen", "MouthSmile_L", "Smirk", "mouthsmileleft", "EyeBlink_R"]
    assert match_keys(keys, {}, "Character") == {
        "jawOpen": "jawOpen", "mouthSmileLeft": "MouthSmile_L", "eyeBlinkRight": "EyeBlink_R"}


def test_key_map_comes_first_and_can_leave_a_name_undriven():
    key_map = parse_key_map("JawOpen = Mouth Open;\n eyeBlink_R=  \n")
    assert key_map == {"jawOpen": "Mouth Open", "eyeBlinkRight": ""}
    keys = ["Mouth Open", "jawOpen", "EyeBlink_R", "mouthClose"]
    assert match_keys(keys, key_map, "Character") == {"jawOpen": "Mouth Open", "mouthClose": "mouthClose"}


def test_a_mapped_key_is_not_matched_again_by_its_own_name():
    assert match_keys(["jawOpen"], parse_key_map("mouthClose=jawOpen"), "C") == {"mouthClose": "jawOpen"}


@pytest.mark.parametrize("text, message", [
    ("jawOpen", "not of the form arkitName=Shape Key"),
    ("mouthOpen=Mouth", "'mouthOpen' is not one of ARKit's 52 blendshape names"),
    ("jawOpen=A; JawOpen=B", "jawOpen is mapped twice"),
])
def test_bad_key_map_is_named(text, message):
    with pytest.raises(LipSyncError, match=message):
        parse_key_map(text)


@pytest.mark.parametrize("text, message", [
    ("jawOpen=Mouth", "Key map: jawOpen=Mouth, but 'Character' has no shape key named 'Mouth'"),
    ("jawOpen=A; mouthClose=A", "jawOpen and mouthClose both go to 'A'"),
])
def test_key_map_must_fit_the_mesh(text, message):
    with pytest.raises(LipSyncError, match=message):
        match_keys(["A", "B"], parse_key_map(text), "Character")
