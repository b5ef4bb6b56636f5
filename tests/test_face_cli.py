# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The whole face through `python -m inference` (issue 9's contract): seed, layers, emotion, style, the head's signs,
curves.json's head block and the Live Link CSV's angles, on the demo's real voice."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from inference.face.layers import layer_of

ROOT = Path(__file__).resolve().parents[1]
VOICE = ROOT / "scripts" / "kathleen_dialogue.flac"
HEAD = ROOT.parent / "shared" / "flame" / "template.ply"


def curves(tmp_path, *options, name="curves.json"):
    out = tmp_path / name
    done = subprocess.run([sys.executable, "-m", "inference", VOICE, "--fps", "30", "--out", out, *map(str, options)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    data["weights"] = np.array(data["weights"])
    data["head"]["degrees"] = np.array(data["head"]["degrees"])
    return data


def columns(data, layer):
    return [k for k, name in enumerate(data["names"]) if layer_of(name) == layer]


def mouth(data):
    return [k for k, name in enumerate(data["names"]) if name.startswith(("jaw", "mouth"))]


def test_one_seed_one_file_another_seed_another_face_but_the_same_mouth(tmp_path):
    first = curves(tmp_path, "--seed", "7", name="a.json")
    curves(tmp_path, "--seed", "7", name="b.json")
    other = curves(tmp_path, "--seed", "8", name="c.json")
    default = curves(tmp_path, name="d.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    curves(tmp_path, name="e.json")
    assert (tmp_path / "d.json").read_bytes() == (tmp_path / "e.json").read_bytes()  # the default seed is fixed
    assert first["head"]["axes"] == ["pitch", "yaw", "roll"]
    assert first["head"]["degrees"].shape == (len(first["weights"]), 3)
    for name in ("eyeBlinkLeft", "eyeLookOutLeft", "browInnerUp"):
        assert name in first["names"]
    eyes, brows = columns(first, "eyes"), columns(first, "brows")
    assert np.abs(first["weights"][:, eyes] - other["weights"][:, eyes]).max() > 0.3     # other blinks, gaze
    assert np.abs(first["weights"][:, brows] - other["weights"][:, brows]).max() > 0.1   # other brow raises
    assert np.abs(first["head"]["degrees"] - other["head"]["degrees"]).max() > 1.0       # other head motion
    np.testing.assert_allclose(first["weights"][:, mouth(first)], other["weights"][:, mouth(other)], atol=1e-4)
    np.testing.assert_allclose(first["weights"][:, mouth(first)], default["weights"][:, mouth(default)], atol=1e-4)
    # On a head of its own too, where the lips are made to meet after the face.
    on_head = [curves(tmp_path, "--seed", seed, "--head", HEAD, "--emotion", "happy", name=f"head{seed}.json")
               for seed in (7, 8)]
    np.testing.assert_allclose(*(data["weights"][:, mouth(data)] for data in on_head), atol=1e-4)


def test_a_layer_left_out_stays_exactly_at_rest(tmp_path):
    everything = curves(tmp_path, name="all.json")
    lips = curves(tmp_path, "--layers", "lips", name="lips.json")
    upper = curves(tmp_path, "--layers", "eyes,brows,head", name="upper.json")
    for layer in ("eyes", "brows"):
        assert not lips["weights"][:, columns(lips, layer)].any()
        assert everything["weights"][:, columns(everything, layer)].max() > 0.5
    assert not lips["head"]["degrees"].any() and np.abs(everything["head"]["degrees"]).max() > 1.0
    assert not upper["weights"][:, columns(upper, "lips")].any()
    np.testing.assert_array_equal(lips["weights"][:, columns(lips, "lips")],
                                  everything["weights"][:, columns(everything, "lips")])
    np.testing.assert_array_equal(upper["head"]["degrees"], everything["head"]["degrees"])


def test_emotions_hold_their_expression_and_the_sad_head_hangs(tmp_path):
    neutral = curves(tmp_path, name="neutral.json")
    happy = curves(tmp_path, "--emotion", "happy", name="happy.json")
    sad = curves(tmp_path, "--emotion", "sad", name="sad.json")
    half = curves(tmp_path, "--emotion", "sad", "--emotion-strength", "0.5", name="half.json")

    def mean(data, name):
        return data["weights"][:, data["names"].index(name)].mean()

    assert mean(happy, "mouthSmileLeft") > mean(neutral, "mouthSmileLeft") + 0.3
    assert mean(sad, "mouthFrownLeft") > mean(half, "mouthFrownLeft") + 0.1 > mean(neutral, "mouthFrownLeft") + 0.2
    # Pitch > 0 nods down (README, "The whole face"): a sad head hangs.
    assert sad["head"]["degrees"][:, 0].mean() > neutral["head"]["degrees"][:, 0].mean() + 2.0


def test_style_scales_the_jaw_and_the_lips_apart(tmp_path):
    plain = curves(tmp_path, name="plain.json")
    wide = curves(tmp_path, "--jaw", "2", name="jaw.json")
    still = curves(tmp_path, "--jaw", "0.5", name="still.json")
    no_lips = curves(tmp_path, "--lips", "0", name="lips.json")
    jaw = plain["names"].index("jawOpen")
    pucker = plain["names"].index("mouthPucker")
    open_ = plain["weights"][:, jaw] > 0.4
    assert wide["weights"][open_, jaw].mean() > plain["weights"][open_, jaw].mean() + 0.1
    np.testing.assert_array_equal(wide["weights"][:, pucker], plain["weights"][:, pucker])
    assert still["weights"][open_, jaw].mean() < plain["weights"][open_, jaw].mean() - 0.05
    np.testing.assert_array_equal(no_lips["weights"][:, jaw], plain["weights"][:, jaw])
    assert no_lips["weights"][open_, pucker].mean() < 0.5 * plain["weights"][open_, pucker].mean()


def test_live_link_csv_carries_the_head_and_eye_angles(tmp_path):
    data = curves(tmp_path, "--emotion", "sad", name="take.json")
    out = tmp_path / "take.csv"
    subprocess.run([sys.executable, "-m", "inference", VOICE, "--fps", "30", "--out", out, "--emotion", "sad"],
                   cwd=ROOT, check=True, capture_output=True)
    rows = list(csv.DictReader(out.open()))
    head = data["head"]["degrees"]
    pitch = np.array([float(row["HeadPitch"]) for row in rows]) * 180
    yaw = np.array([float(row["HeadYaw"]) for row in rows]) * 180
    np.testing.assert_allclose(pitch, -head[:, 0], atol=1e-3)  # Unreal's pitch is positive nose up
    np.testing.assert_allclose(yaw, head[:, 1], atol=1e-3)
    eyes = np.array([[float(row[c]) for c in ("LeftEyeYaw", "RightEyeYaw")] for row in rows])
    assert np.abs(eyes).max() > 0 and np.array_equal(eyes[:, 0], eyes[:, 1])
    blink = np.array([float(row["EyeBlinkLeft"]) for row in rows])
    np.testing.assert_allclose(blink, data["weights"][:, data["names"].index("eyeBlinkLeft")], atol=1e-5)


@pytest.mark.parametrize("options, message", [
    (("--emotion", "bored"), "invalid choice: 'bored'"),
    (("--emotion-strength", "1.5"), "emotion strength must lie in [0, 1]"),
    (("--jaw", "3"), "jaw must lie in [0, 2]"),
    (("--layers", "lips,nose"), "unknown layer nose"),
    (("--seed", "-1"), "the seed must be a whole number of 0 or more"),
])
def test_bad_face_options_get_one_line_and_write_nothing(tmp_path, options, message):
    out = tmp_path / "curves.json"
    done = subprocess.run([sys.executable, "-m", "inference", VOICE, "--fps", "30", "--out", out, *options],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_eye_look_shapes_with_a_head_only(tmp_path):
    """With --head the offsets include the eyes' turns; without, only the model's basis moves them."""
    out = tmp_path / "c.json"
    for head, name in ((("--head", HEAD), "with.npy"), ((), "without.npy")):
        subprocess.run([sys.executable, "-m", "inference", VOICE, "--fps", "30", "--out", out, "--end", "3",
                        "--offsets", tmp_path / name, *head], cwd=ROOT, check=True, capture_output=True)
    with_head, without = np.load(tmp_path / "with.npy"), np.load(tmp_path / "without.npy")
    eyeballs = slice(3931, 5023)
    assert np.abs(with_head[:, eyeballs]).max() > 1e-3 and np.abs(without[:, eyeballs]).max() < 1e-4
