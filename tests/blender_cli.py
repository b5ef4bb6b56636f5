# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""`blender -b [file.blend] (--python-expr EXPR | --python SCRIPT) -- ARGS` with the bpy wheel, in a subprocess.

There is no blender binary here, only the bpy wheel, so the command line is reproduced: a fresh Python process
with its own Blender user directory (BLENDER_USER_RESOURCES) enables the extensions installed there (Blender
does so from its saved preferences; the 4.2 bpy module crashes in `wm.read_userpref`), opens the file, then
runs the expression or script with Blender's `sys.argv`. An exception
exits with `python_exit_code` (Blender's `--python-exit-code`, 0 by default, as in Blender).

The process sees only what Blender itself ships (bpy, numpy and bpy's own dependencies), so an installed
extension must bring every other module in its wheels.
"""

import functools
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What Blender's bundled Python has that an extension may rely on (numpy, and requests and zstandard with theirs).
BLENDER_BUNDLED = ("bpy", "numpy", "requests", "certifi", "idna", "urllib3", "charset_normalizer", "zstandard")

_DRIVER = r"""
import os, sys, traceback
blend, mode, code, exit_code, args = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
import bpy
import addon_utils  # on sys.path once bpy is imported
repo = next(r for r in bpy.context.preferences.extensions.repos if r.module == "user_default")
for name in sorted(os.listdir(repo.directory) if os.path.isdir(repo.directory) else []):
    if not name.startswith("."):
        addon_utils.enable("bl_ext.user_default." + name, default_set=True)
if blend:
    bpy.ops.wm.open_mainfile(filepath=blend)
sys.argv = ["blender", "-b", *([blend] if blend else []), "--" + mode, code, "--", *args]
status = 0
try:
    if mode == "python":  # as Blender runs --python: sys.argv stays Blender's
        with open(code) as f:
            exec(compile(f.read(), code, "exec"), {"__name__": "__main__", "__file__": code})
    else:
        exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})
except SystemExit as e:
    if e.code is not None and not isinstance(e.code, int):
        print(e.code, file=sys.stderr)
    status = 1 if e.code is not None and not isinstance(e.code, int) else e.code or 0
except BaseException:
    traceback.print_exc()
    status = exit_code
# The bpy wheels hang (4.5) or crash (4.2) in the interpreter's teardown while an add-on's classes are
# registered; Blender itself exits cleanly, so leave as it does, with the script's status.
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)
"""


def blender_site(directory: Path) -> Path:
    """A folder of links to Blender's bundled modules only, taken from this environment."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in BLENDER_BUNDLED:
        spec = importlib.util.find_spec(name)
        source = Path(spec.origin).parent if spec.submodule_search_locations else Path(spec.origin)
        for path in (source, source.with_name(source.name + ".libs")):  # numpy.libs beside numpy
            if path.exists() and not (directory / path.name).exists():
                (directory / path.name).symlink_to(path)
    return directory


def run_blender(user_dir: Path, *, blend=None, python_expr=None, python=None, args=(), python_exit_code=0,
                env=None, timeout=900) -> subprocess.CompletedProcess:
    """Run like `blender -b [blend] --python-exit-code N (--python-expr EXPR | --python SCRIPT) -- ARGS`."""
    mode, code = ("python-expr", python_expr) if python is None else ("python", str(python))
    user_dir.mkdir(parents=True, exist_ok=True)
    process_env = dict(os.environ if env is None else env)
    process_env["BLENDER_USER_RESOURCES"] = str(user_dir)
    process_env["PYTHONPATH"] = str(blender_site(user_dir.parent / "blender_site"))
    process_env.pop("PYTHONHOME", None)
    command = [sys.executable, "-S", "-c", _DRIVER, str(blend or ""), mode, code, str(python_exit_code),
               *map(str, args)]
    # Run outside the repository so nothing of the checkout is importable by accident.
    return subprocess.run(command, env=process_env, cwd=user_dir.parent, capture_output=True, text=True,
                          timeout=timeout)


def build_linux_zip(out_dir: Path) -> Path:
    """The Linux x64 extension zip, built by scripts/build_extension.py (wheels cached in build/wheels)."""
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_extension.py"),
                             "--platform", "linux-x64", "--out", str(out_dir)],
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    zips = sorted(out_dir.glob("flame_lipsync-*-linux_x64.zip"))
    assert len(zips) == 1, zips
    return zips[0]


INSTALL_EXPR = """
import bpy, sys
result = bpy.ops.extensions.package_install_files(repo="user_default", filepath=sys.argv[-1],
                                                  enable_on_install=True)
assert result == {"FINISHED"}, result
"""


@functools.cache
def _installed(root: Path):
    zip_path = build_linux_zip(root / "dist")
    user_dir = root / "blender_user"
    result = run_blender(user_dir, python_expr=INSTALL_EXPR, args=[zip_path], python_exit_code=1)
    assert result.returncode == 0, result.stdout + result.stderr
    return zip_path, user_dir


def installed_extension(tmp_path_factory):
    """(zip, Blender user directory) with the Linux zip installed and enabled; made once per test session."""
    return _installed(tmp_path_factory.getbasetemp() / "installed_extension")


def model_env(zip_path: Path) -> dict:
    """The environment for runs of the installed copy: its bundled model when the zip has one, else
    $FLAME_LIPSYNC_MODEL (needed only until models/flame_lipsync.onnx is in the repository)."""
    import zipfile

    env = dict(os.environ)
    with zipfile.ZipFile(zip_path) as archive:
        bundled = "models/flame_lipsync.onnx" in archive.namelist()
    if bundled:
        env.pop("FLAME_LIPSYNC_MODEL", None)
    elif not env.get("FLAME_LIPSYNC_MODEL"):
        raise AssertionError("the zip has no models/flame_lipsync.onnx and FLAME_LIPSYNC_MODEL is not set")
    return env


def require_sound_strips():
    """Skip unless this bpy wheel can make sound strips (the 4.2 wheel is built without Audaspace; Blender is not)."""
    import bpy
    import pytest

    if not bpy.app.build_options.audaspace:
        pytest.skip("this bpy wheel is built without Audaspace, so it cannot make sound strips")


def last_json_line(output: str):
    """The last line of the output that is a JSON object (what a subprocess reports back)."""
    for line in reversed(output.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise AssertionError("no JSON line in output:\n" + output)
