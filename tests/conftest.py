# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared fixtures. Blender tests load the repository root as the extension package `flame_lipsync`."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inference import flame_topology

ROOT = Path(__file__).resolve().parent.parent
_exit_status = 0


def load_extension():
    """Import the repository root as the package `flame_lipsync`, as Blender imports an installed extension."""
    import bpy  # noqa: F401  (bpy first: the package's modules import it)

    if "flame_lipsync" not in sys.modules:
        spec = importlib.util.spec_from_file_location("flame_lipsync", ROOT / "__init__.py",
                                                      submodule_search_locations=[str(ROOT)])
        module = importlib.util.module_from_spec(spec)
        sys.modules["flame_lipsync"] = module
        spec.loader.exec_module(module)
    return sys.modules["flame_lipsync"]


@pytest.fixture(scope="session")
def extension():
    """The extension package, registered for the whole session."""
    package = load_extension()
    package.register()
    yield package
    package.unregister()


@pytest.fixture(scope="session")
def template_path():
    path = flame_topology.template_path()
    if not path.is_file():
        pytest.fail(f"FLAME template not found at {path}; set FLAME_TEMPLATE")
    return path


@pytest.fixture
def empty_scene(extension):
    """A fresh empty file, so no test sees another's data."""
    import bpy

    bpy.ops.wm.read_factory_settings(use_empty=True)
    return bpy.context.scene


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory):
    """A few seconds of synthetic English speech (espeak-ng), 22.05 kHz mono wav."""
    path = tmp_path_factory.mktemp("speech") / "speech.wav"
    subprocess.run(["espeak-ng", "-w", str(path), "Papa made a map. Bob, look at the moon, and the old boat."],
                   check=True)
    return path


@pytest.fixture(scope="session")
def short_dialogue(tmp_path_factory):
    """The first 8 s of the demo's real voice (scripts/kathleen_dialogue.flac: two lines and a pause), as FLAC."""
    import soundfile

    audio, rate = soundfile.read(ROOT / "scripts" / "kathleen_dialogue.flac", dtype="float32")
    path = tmp_path_factory.mktemp("dialogue") / "short_dialogue.flac"
    soundfile.write(path, audio[:8 * rate], rate)
    return path


@pytest.fixture
def flame_head(empty_scene, template_path):
    """The FLAME template imported into the empty scene (file frame: metres, +Y up), active and selected."""
    import bpy

    bpy.ops.wm.ply_import(filepath=str(template_path))
    return bpy.context.view_layer.objects.active


def pytest_sessionfinish(session, exitstatus):
    global _exit_status
    _exit_status = int(exitstatus)


def pytest_unconfigure(config):
    """Leave without the interpreter's exit-time teardown once bpy is loaded.

    Once an operator or panel class has been registered, the bpy 4.2 LTS wheel crashes in that teardown (SIGSEGV,
    exit status 139 for a passing run) and the 4.5 LTS wheel hangs in it; 4.4 and 5.0 are fine, and leave the
    same way. Everything pytest reports has been written by now, and the exit status is pytest's own.
    """
    if "bpy" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status)
