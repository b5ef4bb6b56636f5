#!/usr/bin/env bash
# Runs the whole test suite: everything on Blender 5.0 (bpy wheel), then the Blender tests again on 4.2 LTS.
# Creates the two virtual environments on first use; later runs reuse them while the pinned requirements match.
set -euo pipefail
cd "$(dirname "$0")/.."

ensure_venv() {
    local dir=$1 requirements=$2
    if [ -f "$dir/requirements.installed" ] && cmp -s "$requirements" "$dir/requirements.installed" \
        && cmp -s requirements.txt "$dir/requirements.base"; then
        return
    fi
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install -q --upgrade pip
    "$dir/bin/pip" install -q -r "$requirements"
    cp "$requirements" "$dir/requirements.installed"
    cp requirements.txt "$dir/requirements.base"
}

ensure_venv .venv requirements-dev.txt
ensure_venv .venv-blender42 requirements-blender42.txt

echo "== full suite, Blender $(.venv/bin/python -c 'import bpy; print(bpy.app.version_string)' 2>/dev/null)"
.venv/bin/python -m pytest -q "$@"
echo "== Blender and install tests, Blender $(.venv-blender42/bin/python -c 'import bpy; print(bpy.app.version_string)' 2>/dev/null)"
.venv-blender42/bin/python -m pytest -q tests/test_blender_*.py tests/test_packaging.py
