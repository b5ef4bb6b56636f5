# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""inference.head_frame: a head's own frame, whatever its import orientation, units or handedness."""

import numpy as np
import pytest

from inference.errors import LipSyncError
from inference.flame_topology import template_path
from inference.head_frame import HeadFrame, head_frame, transfer_offsets
from inference.ply import load_ply


@pytest.fixture(scope="module")
def template():
    return load_ply(template_path())[0]


def rotation(axis, degrees):
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    a = np.radians(degrees)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * k @ k


Z_UP_IMPORT = np.array([[1.0, 0, 0], [0, 0, -1], [0, 1, 0]])  # Blender's Y-up -> Z-up axis conversion
POSES = {
    "identity": (np.eye(3), 1.0, np.zeros(3)),
    "z_up_centimetres": (Z_UP_IMPORT, 100.0, np.array([0.0, 0.0, 170.0])),
    "rotated_scaled_moved": (rotation([0.3, -1.0, 0.5], 137.0), 2.5, np.array([1.0, -4.0, 0.5])),
    "upside_down_millimetres": (rotation([1.0, 0.0, 0.0], 180.0), 1000.0, np.array([3.0, 2.0, 1.0])),
}


def test_template_frame_is_the_file_frame(template):
    frame = head_frame(template)
    np.testing.assert_allclose(frame.axes, np.eye(3), atol=0.02)  # within about 1 degree
    assert frame.scale == pytest.approx(0.0632, abs=0.0005)
    np.testing.assert_allclose(frame.origin, [0.0001, 0.0214, 0.0254], atol=0.0005)
    assert frame.handedness == 1
    assert HeadFrame.from_dict(frame.to_dict()).to_dict() == frame.to_dict()


@pytest.mark.parametrize("pose", POSES)
def test_frame_moves_with_the_head(template, pose):
    rot, scale, shift = POSES[pose]
    moved = head_frame(template @ rot.T * scale + shift)
    reference = head_frame(template)
    np.testing.assert_allclose(moved.axes, reference.axes @ rot.T, atol=1e-9)
    np.testing.assert_allclose(moved.origin, rot @ reference.origin * scale + shift, atol=1e-9 * scale)
    assert moved.scale == pytest.approx(reference.scale * scale)


@pytest.mark.parametrize("pose", POSES)
def test_transferred_offsets_equal_rotated_scaled_reference_offsets(template, pose):
    rot, scale, shift = POSES[pose]
    basis = np.random.default_rng(1).normal(0, 0.002, (4, len(template), 3)).astype(np.float32)
    reference = head_frame(template).to_dict()
    carried = transfer_offsets(basis, reference, template @ rot.T * scale + shift)
    assert carried.dtype == np.float32 and carried.shape == basis.shape
    np.testing.assert_allclose(carried, basis @ rot.T * scale, atol=1e-6 * scale)


def test_mirrored_head_gets_mirrored_offsets(template):
    mirror = np.diag([-1.0, 1.0, 1.0])
    mirrored = head_frame(template @ mirror)
    assert mirrored.handedness == -1
    basis = np.random.default_rng(2).normal(0, 0.002, (2, len(template), 3)).astype(np.float32)
    carried = transfer_offsets(basis, head_frame(template), template @ mirror)
    np.testing.assert_allclose(carried, basis @ mirror, atol=1e-7)


def test_other_identity_keeps_offsets_in_eye_distance_units(template):
    """A wider, flatter face: the frame still comes out upright and the size follows the eyes."""
    other = template * np.array([1.2, 0.95, 0.9])
    frame = head_frame(other)
    np.testing.assert_allclose(frame.axes, np.eye(3), atol=0.03)
    assert frame.scale == pytest.approx(head_frame(template).scale * 1.2, rel=1e-3)


def test_degenerate_meshes_raise(template):
    with pytest.raises(LipSyncError, match="5023 vertices"):
        head_frame(template[:3000])
    with pytest.raises(LipSyncError, match="eyeballs coincide"):
        head_frame(np.zeros_like(template))
