# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Packaging: the two Linux extension zips as scripts/build_extension.py builds them (CUDA: onnxruntime-gpu; lean
CPU: onnxruntime), each installed into an isolated Blender user directory through Blender's own extension
installer, and generate run through that installed copy (from an audio file, so that it runs on every bpy wheel;
tests/test_headless.py uses a sound strip)."""

import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest
from blender_cli import INSTALL_EXPR, REPO, installed_extension, last_json_line, model_env, run_blender

GENERATE_EXPR = """
import json, sys
import bpy
template, wav, scripts = sys.argv[sys.argv.index("--") + 1:]
sys.path.insert(0, scripts)
import blender_setup
package = blender_setup.extension_package()
head = blender_setup.import_flame_head(template)
bpy.ops.flame_lipsync.generate(filepath=wav, frame_start=5, target="Head")
import onnxruntime, soundfile
settings = bpy.context.scene.flame_lipsync
ours = [k.name for k in head.data.shape_keys.key_blocks[1:]]
values = []
for frame in range(5, 5 + settings.report_frames, 5):
    bpy.context.scene.frame_set(frame)
    values.append([head.data.shape_keys.key_blocks[n].value for n in ours])
print(json.dumps({
    "package": package.__file__,
    "operator_module": sys.modules[bpy.types.FLAME_LIPSYNC_OT_generate.__module__].__file__,
    "onnxruntime": onnxruntime.__file__, "soundfile": soundfile.__file__,
    "shape_keys": ours, "values": values, "frames": settings.report_frames,
    "first_frame": settings.report_first_frame, "device": settings.report_device, "note": settings.report_note,
    "providers": onnxruntime.get_available_providers(),
}))
"""


def test_manifest_gives_every_platform_one_wheel_per_dependency_for_python_311():
    from scripts import build_extension

    blender_ext = build_extension.load_blender_ext(build_extension.blender_ext_script())
    manifest = tomllib.loads((REPO / "blender_manifest.toml").read_text())
    assert manifest["blender_version_min"] == "4.2.0" and set(manifest["permissions"]) == {"files"}
    for platform in manifest["platforms"]:
        wheels = [Path(w).name for w in manifest["wheels"]
                  if blender_ext.blender_platform_compatible_with_wheel_platform_from_filepath(platform, w)]
        assert sorted(w.split("-")[0].removesuffix("_gpu") for w in wheels) == \
            ["cffi", "onnxruntime", "soundfile", "typing_extensions"], (platform, wheels)
        assert all(w.split("-")[2] in ("cp311", "py3", "py2.py3") for w in wheels), (platform, wheels)
    gpu = {p for p in manifest["platforms"] for w in manifest["wheels"] if "onnxruntime_gpu" in w
           and blender_ext.blender_platform_compatible_with_wheel_platform_from_filepath(p, w)}
    assert gpu == {"linux-x64", "windows-x64"}


@pytest.fixture(scope="module")
def installed_cuda(tmp_path_factory):
    """The Linux zip (onnxruntime-gpu), installed; the other tests of Blender-in-a-subprocess use it too."""
    return installed_extension(tmp_path_factory)


@pytest.fixture(scope="module")
def installed_cpu(installed_cuda, tmp_path_factory):
    """The lean Linux zip (onnxruntime, CPU only) of the same build, installed into a user directory of its own."""
    cuda_zip, _ = installed_cuda
    zip_path = cuda_zip.with_name(cuda_zip.name.replace(".zip", "-cpu.zip"))
    assert zip_path.is_file(), sorted(p.name for p in cuda_zip.parent.iterdir())
    user_dir = tmp_path_factory.mktemp("cpu_zip") / "blender_user"
    result = run_blender(user_dir, python_expr=INSTALL_EXPR, args=[zip_path], python_exit_code=1)
    assert result.returncode == 0, result.stdout + result.stderr
    return zip_path, user_dir


@pytest.mark.parametrize("variant, runtime", [("cuda", "onnxruntime_gpu"), ("cpu", "onnxruntime")])
def test_zip_holds_the_extension_and_only_linux_wheels(request, variant, runtime):
    zip_path, _ = request.getfixturevalue(f"installed_{variant}")
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
        manifest = tomllib.loads(archive.read("blender_manifest.toml").decode())
    assert manifest["id"] == "flame_lipsync"
    assert manifest["build"]["generated"]["platforms"] == ["linux-x64"]
    wheels = manifest["build"]["generated"]["wheels"]
    assert {Path(w).name.split("-")[0] for w in wheels} == {runtime, "soundfile", "cffi", "typing_extensions"}
    assert all(w.endswith(("x86_64.whl", "-any.whl")) for w in wheels), wheels
    assert {w.removeprefix("./") for w in wheels} == {n for n in names if n.startswith("wheels/")}
    assert {"__init__.py", "operators/generate.py", "panels/sidebar.py", "inference/model.py"} <= names
    excluded = ("tests/", "scripts/", "models/training/", ".git/", "build/", "dist/", ".ci/")
    assert not [n for n in names if n.startswith(excluded) or "__pycache__" in n]
    assert "LICENSE" in names  # the GPL-3.0 text the manifest declares
    assert not [n for n in names if not n.startswith("wheels/") and not n.endswith((".py", ".toml", ".onnx", ".md"))
                and n != "LICENSE"]
    model_tracked = subprocess.run(["git", "-C", str(REPO), "ls-files", "--error-unmatch",
                                    "models/flame_lipsync.onnx"], capture_output=True).returncode == 0
    assert ("models/flame_lipsync.onnx" in names) == model_tracked


def test_the_cpu_zip_is_lean(installed_cuda, installed_cpu):
    cuda_mb, cpu_mb = (zip_path.stat().st_size / 1e6 for zip_path, _ in (installed_cuda, installed_cpu))
    assert cpu_mb < 40 and cuda_mb > 5 * cpu_mb, (cuda_mb, cpu_mb)


def cuda_gpu_present():
    """An NVIDIA GPU this machine's driver exposes (then the CUDA zip may run on it)."""
    return Path("/dev/nvidia0").exists()


@pytest.mark.parametrize("variant", ["cpu", "cuda"])
def test_generate_runs_through_the_installed_copy(request, variant, template_path, speech_wav):
    zip_path, user_dir = request.getfixturevalue(f"installed_{variant}")
    result = run_blender(user_dir, python_expr=GENERATE_EXPR, python_exit_code=1,
                         args=[template_path, speech_wav, REPO / "scripts"], env=model_env(zip_path))
    assert result.returncode == 0, result.stdout + result.stderr
    report = last_json_line(result.stdout)

    extension_dir = user_dir / "extensions" / "user_default" / "flame_lipsync"
    assert Path(report["package"]) == extension_dir / "__init__.py"
    assert Path(report["operator_module"]) == extension_dir / "operators" / "generate.py"
    wheels_site = user_dir / "extensions" / ".local"
    for module in ("onnxruntime", "soundfile"):
        assert Path(report[module]).is_relative_to(wheels_site), report[module]
    runtimes = {p.name.split("-")[0] for p in wheels_site.rglob("onnxruntime*.dist-info")}

    if variant == "cpu":
        assert runtimes == {"onnxruntime"}
        assert "CUDAExecutionProvider" not in report["providers"]
        assert report["device"] == "CPU" and "this onnxruntime has no CUDA provider" in report["note"], report
    else:
        assert runtimes == {"onnxruntime_gpu"}
        assert "CUDAExecutionProvider" in report["providers"]
        if not cuda_gpu_present():  # no CUDA here: the CUDA zip falls back to the CPU and says why
            assert report["device"] == "CPU", report
            assert "the CUDA provider could not start" in report["note"], report
        else:
            assert report["device"] in ("CPU", "CUDA"), report

    assert report["first_frame"] == 5 and report["frames"] > 50
    assert {"jawOpen", "mouthClose"} <= set(report["shape_keys"])
    per_key = list(zip(*report["values"]))
    jaw = per_key[report["shape_keys"].index("jawOpen")]
    assert max(jaw) - min(jaw) > 0.05, "the installed copy baked no jaw motion"
