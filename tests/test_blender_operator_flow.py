# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Registration, headless failure, why buttons are disabled, and the worker the UI runs jobs on."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import bpy
import numpy as np
import pytest
import soundfile


def test_unregister_removes_everything_and_register_restores_it(extension):
    extension.unregister()
    try:
        assert not hasattr(bpy.types.Scene, "flame_lipsync")
        assert not hasattr(bpy.types, "VIEW3D_PT_flame_lipsync")
        assert not hasattr(bpy.types, "FLAME_LIPSYNC_OT_generate")
    finally:
        extension.register()
    assert hasattr(bpy.types, "VIEW3D_PT_flame_lipsync")
    assert bpy.ops.flame_lipsync.generate.get_rna_type().name == "Generate Lip Sync"


def test_headless_script_fails_visibly(template_path):
    """What a farm runs: `blender -b shot.blend --python-expr "...generate(strip='Voice', target='Head')"`."""
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import bpy
        from conftest import load_extension
        extension = load_extension()
        extension.register()
        try:
            bpy.ops.wm.read_factory_settings(use_empty=True)
            bpy.ops.wm.ply_import(filepath={str(template_path)!r})
            bpy.ops.flame_lipsync.generate(strip='Voice', target='template')
        finally:
            extension.unregister()  # the bpy 4.5 wheel hangs at exit while classes are registered
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "RuntimeError: Error: There is no sound strip named 'Voice'" in run.stderr


def test_disabled_generate_says_why(flame_head):
    from flame_lipsync.operators.generate import why_not_ready

    assert "no sound strip" in why_not_ready(bpy.context)
    bpy.context.scene.sequence_editor_create()
    assert "no sound strip" in why_not_ready(bpy.context)
    bpy.ops.object.empty_add()
    assert "is not a mesh" in why_not_ready(bpy.context)
    bpy.context.view_layer.objects.active = None
    assert "Select the FLAME head" in why_not_ready(bpy.context)


def test_scripts_pass_poll_and_get_checked_in_execute(flame_head):
    """Outside the 3D Viewport the arguments decide: poll lets scripts through, and execute tells the script what
    is wrong, changing nothing."""
    assert bpy.ops.flame_lipsync.generate.poll()
    with pytest.raises(RuntimeError, match="The scene has no sound strip: add one in the Video Sequencer"):
        bpy.ops.flame_lipsync.generate(target=flame_head.name)
    assert flame_head.data.shape_keys is None
    assert bpy.ops.flame_lipsync.clear.poll()
    with pytest.raises(RuntimeError, match=f"'{flame_head.name}' has no lip sync to clear"):
        bpy.ops.flame_lipsync.clear(target=flame_head.name)


def _job(head, wav):
    from flame_lipsync.inference import pipeline
    from flame_lipsync.operators import target_mesh

    return pipeline.Job(pipeline.AudioSource(str(wav)), 24.0, head_vertices=target_mesh.rest_vertices(head.data))


def _run(job, **callbacks):
    from flame_lipsync.inference import pipeline

    return pipeline.run(job, pipeline.cached_model('CPU'), **callbacks)


def test_worker_runs_a_job_off_the_main_thread(flame_head, speech_wav):
    from flame_lipsync.operators.worker import Worker

    worker = Worker(_job(flame_head, speech_wav), 'CPU')
    deadline = time.monotonic() + 60
    while worker.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not worker.running and worker.error is None
    assert worker.progress == 1.0
    assert worker.result.weights.shape[1] == len(worker.result.control_names)
    assert worker.result.device == "CPU"


def test_cancelled_job_stops_before_writing(flame_head, speech_wav):
    from flame_lipsync.inference.pipeline import Cancelled

    with pytest.raises(Cancelled):
        _run(_job(flame_head, speech_wav), cancelled=lambda: True)


def test_esc_during_inference_of_a_long_clip_stops_after_the_chunk_in_progress(flame_head, tmp_path):
    from flame_lipsync.inference.pipeline import Cancelled

    long_wav = tmp_path / "long.wav"
    noise = np.random.default_rng(0).normal(0.0, 0.05, 16000 * 200).astype(np.float32)
    soundfile.write(long_wav, noise, 16000)
    seen = []
    with pytest.raises(Cancelled):
        _run(_job(flame_head, long_wav), progress=seen.append,
             cancelled=lambda: any(0.2 < fraction < 0.8 for fraction in seen))
    assert [fraction for fraction in seen if 0.2 < fraction < 0.8], "no progress was reported during inference"
    assert max(seen) < 0.8


def test_invoke_in_background_runs_synchronously_with_panel_settings(flame_head, speech_wav):
    settings = bpy.context.scene.flame_lipsync
    settings.intensity, settings.smoothing, settings.device, settings.layers = 0.0, 0.0, 'CPU', {'LIPS'}
    result = bpy.ops.flame_lipsync.generate('INVOKE_DEFAULT', filepath=str(speech_wav), target=flame_head.name)
    assert result == {'FINISHED'}
    assert settings.has_report and settings.report_device == "CPU" and settings.report_note == ""
    assert settings.report_frames > 0 and settings.report_seconds > 0
    key = flame_head.data.shape_keys
    bpy.context.scene.frame_set(settings.report_first_frame + settings.report_frames // 2)
    assert all(block.value == 0.0 for block in key.key_blocks[1:]), "intensity 0, lips alone: the panel's settings"


def test_auto_device_says_what_ran_and_why_not_the_gpu(flame_head, speech_wav):
    bpy.ops.flame_lipsync.generate(filepath=str(speech_wav), target=flame_head.name, device='AUTO')
    settings = bpy.context.scene.flame_lipsync
    if settings.report_device == "CPU":
        assert settings.report_note.startswith("CPU fallback: ")
    else:
        assert settings.report_device == "CUDA" and settings.report_note == ""
