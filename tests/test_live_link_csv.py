# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unreal's Live Link Face CSV: the layout the app records, our curves under their PascalCase names, zeros elsewhere."""

import csv
import io
import json
from fractions import Fraction

import numpy as np
import pytest
from test_inference_batch import run_cli, write_line

from inference.live_link import ARKIT_CURVES, ROTATIONS, timecode, write_live_link_csv

# As in a take recorded by the Live Link Face app (see README): note JawRight before JawLeft.
RECORDED_START = ["Timecode", "BlendShapeCount", "EyeBlinkLeft", "EyeLookDownLeft"]
RECORDED_JAW = ["JawForward", "JawRight", "JawLeft", "JawOpen", "MouthClose", "MouthFunnel", "MouthPucker",
                "MouthRight", "MouthLeft"]
RECORDED_END = ["NoseSneerRight", "TongueOut", "HeadYaw", "HeadPitch", "HeadRoll", "LeftEyeYaw", "LeftEyePitch",
                "LeftEyeRoll", "RightEyeYaw", "RightEyePitch", "RightEyeRoll"]


def read_csv(path):
    rows = list(csv.reader(path.open()))
    return rows[0], rows[1:]


def test_take_csv_from_the_cli(tmp_path):
    line = write_line(tmp_path / "line.wav", 1.0, 3.0)
    assert run_cli(line, "--fps", "30", "--out", tmp_path / "take.csv").returncode == 0
    assert run_cli(line, "--fps", "30", "--out", tmp_path / "curves.json").returncode == 0
    header, rows = read_csv(tmp_path / "take.csv")
    assert len(header) == 63 and len(set(header)) == 63
    assert header[:4] == RECORDED_START and header[16:25] == RECORDED_JAW and header[-11:] == RECORDED_END
    assert len(rows) == 90 and all(len(row) == 63 and row[1] == "61" for row in rows)
    assert [rows[i][0] for i in (0, 1, 29, 30, 89)] == [
        "00:00:00:00.000", "00:00:00:01.000", "00:00:00:29.000", "00:00:01:00.000", "00:00:02:29.000"]
    curves = json.loads((tmp_path / "curves.json").read_text())
    table = np.array([[float(value) for value in row[2:]] for row in rows])
    weights = np.array(curves["weights"])
    for k, name in enumerate(curves["names"]):
        column = header.index(name[0].upper() + name[1:]) - 2
        np.testing.assert_allclose(table[:, column], weights[:, k], atol=1e-6, err_msg=name)
    jaw_open = table[:, header.index("JawOpen") - 2]
    np.testing.assert_allclose(jaw_open, weights[:, curves["names"].index("jawOpen")], atol=1e-6)
    assert jaw_open.max() > 0.1  # the speech opens the jaw
    produced = {name[0].upper() + name[1:] for name in curves["names"]}
    silent = [i for i, name in enumerate(header) if name in ARKIT_CURVES and name not in produced]
    assert header[-9:] == list(ROTATIONS)
    assert len(silent) == len(ARKIT_CURVES) - len(produced)  # the ARKit curves we do not make
    assert all(row[i] == "0.000000" for row in rows for i in silent)


def test_format_csv_overrides_the_extension(tmp_path):
    line = write_line(tmp_path / "line.flac", 0.0, 1.0)
    assert run_cli(line, "--fps", "24", "--out", tmp_path / "take.txt", "--format", "csv").returncode == 0
    assert (tmp_path / "take.txt").read_text().startswith("Timecode,BlendShapeCount,EyeBlinkLeft,")


@pytest.mark.parametrize("frame, fps, expected", [
    (0, 24, "00:00:00:00.000"),
    (24 * 3600 + 24 * 61 + 5, 24, "01:01:01:05.000"),
    (59, 60, "00:00:00:59.000"),
    (24, Fraction(24000, 1001), "00:00:01:00.000"),  # NTSC rates count frames at the whole rate (non-drop)
    (30 * 60, Fraction(30000, 1001), "00:01:00:00.000"),
    (1, Fraction(25, 2), "00:00:00:01.040"),  # 12.5 fps: 0.08 s is 1.04 frames of 13 fps
    (25, Fraction(25, 2), "00:00:02:00.000"),
])
def test_timecodes(frame, fps, expected):
    assert timecode(frame, fps) == expected


def test_head_and_eye_angles_are_degrees_over_180_in_yaw_pitch_roll_order():
    weights = np.array([[0.5], [0.25]], np.float32)
    head = np.array([[10.0, -20.0, 45.0], [0.0, 90.0, -180.0]])  # pitch, yaw, roll in degrees
    eyes = np.array([[[1.8, 3.6, 0.0], [-1.8, 3.6, 0.0]], [[0.0, 0.0, 0.0], [9.0, -9.0, 0.0]]])  # left, right
    text = io.StringIO()
    write_live_link_csv(text, 60, ["jawOpen"], weights, head=head, eyes=eyes)
    rows = list(csv.reader(io.StringIO(text.getvalue())))
    header, first, second = rows[0], dict(zip(rows[0], rows[1])), dict(zip(rows[0], rows[2]))
    assert len(rows) == 3 and header.index("JawOpen") == 19
    assert first["JawOpen"] == "0.500000" and second["JawOpen"] == "0.250000"
    assert [first[k] for k in ("HeadYaw", "HeadPitch", "HeadRoll")] == ["-0.111111", "0.055556", "0.250000"]
    assert [second[k] for k in ("HeadYaw", "HeadPitch", "HeadRoll")] == ["0.500000", "0.000000", "-1.000000"]
    assert [first[k] for k in ("LeftEyeYaw", "LeftEyePitch", "RightEyeYaw", "RightEyePitch")] == \
        ["0.020000", "0.010000", "0.020000", "-0.010000"]
    assert [second[k] for k in ("RightEyeYaw", "RightEyePitch")] == ["-0.050000", "0.050000"]


def test_names_that_are_not_arkit_are_refused():
    with pytest.raises(ValueError, match="not ARKit blendshape names: LipsTogether"):
        write_live_link_csv(io.StringIO(), 24, ["jawOpen", "lipsTogether"], np.zeros((2, 2), np.float32))


def test_unwritable_output_names_the_path_and_leaves_nothing(tmp_path):
    line = write_line(tmp_path / "line.wav", 0.0, 1.0)
    done = run_cli(line, "--fps", "24", "--out", tmp_path / "missing" / "take.csv")
    assert done.returncode == 1
    missing = tmp_path / "missing" / "take.csv"
    assert done.stderr == f"error: cannot write output: No such file or directory: {missing}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.wav"]
