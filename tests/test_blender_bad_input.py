# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bad input: a clear message (a RuntimeError from the bpy.ops call, so farm scripts fail) and nothing changed."""

import bpy
import numpy as np
import pytest


def _state():
    return (sorted(bpy.data.shape_keys.keys()), sorted(bpy.data.actions.keys()),
            bpy.context.scene.flame_lipsync.has_report)


def _generate_fails(match, **arguments):
    before = _state()
    with pytest.raises(RuntimeError, match=match):
        bpy.ops.flame_lipsync.generate(**arguments)
    assert _state() == before


def test_no_strip_and_no_file(flame_head):
    _generate_fails("no sound strip")


def test_missing_audio_file(flame_head, tmp_path):
    _generate_fails("Audio file not found", filepath=str(tmp_path / "nothing.wav"))


def test_corrupt_audio_file(flame_head, tmp_path):
    path = tmp_path / "corrupt.wav"
    path.write_bytes(b"RIFF\x10\x00\x00\x00WAVEfmt " + bytes(range(200)))
    _generate_fails("Cannot read audio file", filepath=str(path))


def test_unknown_strip_name(flame_head, speech_wav):
    _generate_fails("no sound strip named 'Voice'", strip="Voice")


def test_not_a_mesh(flame_head, speech_wav):
    bpy.ops.object.empty_add()
    _generate_fails("is not a mesh", filepath=str(speech_wav))


def test_mesh_with_other_vertex_count(flame_head, speech_wav):
    bpy.ops.mesh.primitive_cube_add()
    _generate_fails("not a FLAME head: it has 8 vertices", filepath=str(speech_wav))


def test_mesh_with_flame_counts_but_other_edges(flame_head, speech_wav):
    """Same vertex and triangle counts as FLAME, vertices in another order: the edges give it away."""
    mesh = flame_head.data
    co = np.empty(len(mesh.vertices) * 3, np.float32)
    mesh.vertices.foreach_get("co", co)
    corners = np.empty(len(mesh.loops), np.int32)
    mesh.loops.foreach_get("vertex_index", corners)
    order = np.random.default_rng(0).permutation(len(mesh.vertices))
    new_index = np.argsort(order)
    shuffled = bpy.data.meshes.new("Shuffled")
    shuffled.from_pydata(co.reshape(-1, 3)[order].tolist(), [], new_index[corners].reshape(-1, 3).tolist())
    obj = bpy.data.objects.new("Shuffled", shuffled)
    bpy.context.scene.collection.objects.link(obj)
    _generate_fails("not its edges", filepath=str(speech_wav), target="Shuffled")


def _head_from_library(head, tmp_path):
    """Write `head` to a library file, start an empty file and link the head from the library (not yet in a scene)."""
    library, name = tmp_path / "heads.blend", head.name
    bpy.data.libraries.write(str(library), {head})
    bpy.ops.wm.read_factory_settings(use_empty=True)
    with bpy.data.libraries.load(str(library), link=True) as (source, target):
        target.objects = [name]
    return target.objects[0]


def test_linked_mesh(flame_head, speech_wav, tmp_path):
    linked = _head_from_library(flame_head, tmp_path)
    bpy.context.scene.collection.objects.link(linked)
    _generate_fails("linked from the library", filepath=str(speech_wav), target=linked.name)


def test_missing_model(flame_head, speech_wav, tmp_path, monkeypatch):
    monkeypatch.setenv("FLAME_LIPSYNC_MODEL", str(tmp_path / "missing.onnx"))
    _generate_fails("model not found", filepath=str(speech_wav))


def test_damaged_model(flame_head, speech_wav, tmp_path, monkeypatch):
    damaged = tmp_path / "damaged.onnx"
    damaged.write_bytes(b"\x08\x07" + bytes(1000))
    monkeypatch.setenv("FLAME_LIPSYNC_MODEL", str(damaged))
    _generate_fails("damaged or not a usable ONNX model", filepath=str(speech_wav))


def test_library_override(flame_head, speech_wav, tmp_path):
    override = _head_from_library(flame_head, tmp_path).override_create(remap_local_usages=True)
    bpy.context.scene.collection.objects.link(override)
    _generate_fails("library override", filepath=str(speech_wav), target=override.name)


def test_absolute_shape_keys(flame_head, speech_wav):
    flame_head.shape_key_add(name="Basis")
    flame_head.data.shape_keys.use_relative = False
    _generate_fails("are absolute", filepath=str(speech_wav))
    from flame_lipsync.operators.generate import why_not_ready

    assert "are absolute" in why_not_ready(bpy.context)


def test_relative_audio_path_in_an_unsaved_file(flame_head):
    _generate_fails("save the file first, or give an absolute path", filepath="//voice.wav")
