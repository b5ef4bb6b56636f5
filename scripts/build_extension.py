# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Build the per-platform extension zips, each carrying only its own platform's wheels.

    python scripts/build_extension.py [--platform linux-x64 ...] [--out dist/] [--cache build/wheels]

Platforms whose wheels include onnxruntime-gpu (Linux and Windows x64) also get a CPU-only zip,
flame_lipsync-<version>-<platform>-cpu.zip, with the onnxruntime wheel of the same version and tags instead.
The wheels are the exact files named in blender_manifest.toml; they are fetched from PyPI with
`pip download` into the cache once. The extension's files are the ones git tracks. The zips themselves
are made by Blender's own extension builder (`blender_ext.py build --split-platforms`, the code behind
`blender --command extension build`), taken from the installed bpy wheel, so the layout and the
per-platform manifests are exactly what Blender writes.
"""

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MANIFEST = "blender_manifest.toml"
BLENDER_PYTHON = "3.11"
# Outside a git checkout, never copied into the staging tree (the manifest's exclude patterns handle the rest).
STAGE_SKIP = {".git", "build", "dist", "demo_output", "wheels", "__pycache__", ".pytest_cache"}
# Linux and Windows x64 get onnxruntime-gpu (CUDA, falling back to the CPU) from the manifest, and a lean CPU-only
# zip (name ending in CPU_SUFFIX) with onnxruntime instead.
GPU_RUNTIME, CPU_RUNTIME = "onnxruntime_gpu-", "onnxruntime-"
CPU_SUFFIX = "-cpu"


def blender_ext_script() -> Path:
    """Blender's extension command-line tool inside the installed bpy wheel (found without importing bpy)."""
    spec = importlib.util.find_spec("bpy")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("build_extension: the bpy wheel is not installed in this Python (pip install -r requirements.txt)")
    bpy_dir = Path(list(spec.submodule_search_locations)[0])
    found = sorted(bpy_dir.glob("*/scripts/addons_core/bl_pkg/cli/blender_ext.py"))
    if not found:
        sys.exit(f"build_extension: Blender's blender_ext.py not found under {bpy_dir}")
    return found[-1]


def load_blender_ext(script: Path):
    spec = importlib.util.spec_from_file_location("blender_ext", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pip_download_args(wheel_name: str) -> list[str]:
    """pip arguments that select exactly this wheel file: name==version for its tags."""
    name, version, python_tag, abi_tag, platform_tag = wheel_name[: -len(".whl")].split("-")
    args = [f"{name}=={version}", "--python-version", BLENDER_PYTHON, "--abi", abi_tag]
    if python_tag.startswith("cp"):
        args += ["--implementation", "cp"]
    if platform_tag != "any":
        for tag in platform_tag.split("."):
            args += ["--platform", tag]
    return args


def fetch_wheels(wheel_names: list[str], cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    for wheel_name in wheel_names:
        if (cache / wheel_name).is_file():
            continue
        print(f"build_extension: downloading {wheel_name}", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--dest", str(cache), *pip_download_args(wheel_name)])
        if result.returncode != 0:
            sys.exit(f"build_extension: pip could not download {wheel_name} (exit {result.returncode})")
        if not (cache / wheel_name).is_file():
            sys.exit(f"build_extension: pip did not fetch {wheel_name} (PyPI served another file; see {cache})")


def toml_list(key: str, values: list[str]) -> str:
    items = "".join(f'  "{v}",\n' for v in values)
    return f"{key} = [\n{items}]"


def staged_manifest(text: str, platforms: list[str], wheels: list[str]) -> str:
    """The manifest with its platforms and wheels narrowed to the ones being built."""
    for key, values in (("platforms", platforms), ("wheels", wheels)):
        text, count = re.subn(rf"^{key} = \[.*?\]", toml_list(key, values).replace("\\", "\\\\"),
                              text, count=1, flags=re.M | re.S)
        if count != 1:
            sys.exit(f"build_extension: {MANIFEST} has no top-level '{key} = [...]' list")
    return text


def source_files() -> list[Path]:
    """The checkout's files relative to REPO: what git tracks (so stray local files never ship), or, outside a
    git checkout, everything but the build and cache folders. The manifest's exclude patterns apply after."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True)
    if listed.returncode == 0:
        return [Path(p) for p in listed.stdout.decode().split("\0") if p and (REPO / p).is_file()]
    return [p.relative_to(REPO) for p in REPO.rglob("*") if p.is_file()
            and not any(part in STAGE_SKIP or part.startswith(".venv") for part in p.relative_to(REPO).parts)]


def stage(stage_dir: Path, platforms: list[str], wheels: list[str], cache: Path) -> None:
    for relative in source_files():
        (stage_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, stage_dir / relative)
    manifest_text = (REPO / MANIFEST).read_text()
    (stage_dir / MANIFEST).write_text(staged_manifest(manifest_text, platforms, wheels))
    (stage_dir / "wheels").mkdir()
    for wheel in wheels:
        source, target = cache / Path(wheel).name, stage_dir / wheel
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def cpu_variant(wheels: list[str]) -> list[str]:
    """The same wheels with the CPU-only onnxruntime in place of onnxruntime-gpu: PyPI publishes both with the
    same version and platform tags."""
    return [w.replace("/" + GPU_RUNTIME, "/" + CPU_RUNTIME) for w in wheels]


def run_builder(script: Path, prefix: str, platforms: list[str], wheels: list[str], cache: Path,
                out: Path) -> list[Path]:
    """Blender's builder on a staged copy: one zip per platform in `out`, named as Blender names them."""
    # A staging folder of its own, so that builds running side by side never share one.
    with tempfile.TemporaryDirectory(prefix="flame_lipsync_stage_") as folder:
        stage_dir = Path(folder) / "flame_lipsync"
        stage(stage_dir, platforms, wheels, cache)
        result = subprocess.run([sys.executable, str(script), "build", "--source-dir", str(stage_dir),
                                 "--output-dir", str(out), "--split-platforms"])
    if result.returncode != 0:
        sys.exit(f"build_extension: Blender's extension builder failed (exit {result.returncode}), see above")
    zips = [out / f"{prefix}-{p.replace('-', '_')}.zip" for p in platforms]
    missing = [z for z in zips if not z.is_file()]
    if missing:
        sys.exit(f"build_extension: Blender's builder did not write {missing}")
    return zips


def build(platforms: list[str] | None, out: Path, cache: Path) -> list[Path]:
    """Build one zip per platform into `out`, and for the platforms whose zip carries onnxruntime-gpu a CPU-only
    zip beside it (name ending in -cpu.zip); return their paths."""
    manifest = tomllib.loads((REPO / MANIFEST).read_text())
    known = manifest["platforms"]
    platforms = platforms or known
    unknown = sorted(set(platforms) - set(known))
    if unknown:
        sys.exit(f"build_extension: {unknown} not in the manifest's platforms {known}")

    script = blender_ext_script()
    blender_ext = load_blender_ext(script)

    def wheels_for(selected):
        return [w for w in manifest["wheels"]
                if any(blender_ext.blender_platform_compatible_with_wheel_platform_from_filepath(p, w)
                       for p in selected)]

    cuda_platforms = [p for p in platforms if any(Path(w).name.startswith(GPU_RUNTIME) for w in wheels_for([p]))]
    cpu_wheels = cpu_variant(wheels_for(cuda_platforms))
    fetch_wheels([Path(w).name for w in [*wheels_for(platforms), *cpu_wheels]], cache)

    out.mkdir(parents=True, exist_ok=True)
    prefix = f"{manifest['id']}-{manifest['version']}"
    zips = run_builder(script, prefix, platforms, wheels_for(platforms), cache, out)
    if cuda_platforms:
        with tempfile.TemporaryDirectory(prefix="flame_lipsync_cpu_") as folder:
            for built in run_builder(script, prefix, cuda_platforms, cpu_wheels, cache, Path(folder)):
                zips.append(Path(shutil.move(built, out / built.name.replace(".zip", CPU_SUFFIX + ".zip"))))
    return zips


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--platform", action="append", dest="platforms",
                        help="a Blender platform from the manifest (repeatable); default: all of them")
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="where the zips go (default: dist/)")
    parser.add_argument("--cache", type=Path, default=REPO / "build" / "wheels",
                        help="wheel download cache (default: build/wheels)")
    args = parser.parse_args(argv)
    for zip_path in build(args.platforms, args.out.resolve(), args.cache.resolve()):
        print(f"build_extension: {zip_path} ({zip_path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
