#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the style check (ruff, ruff.toml), then the whole test suite: everything on Blender 5.0 (bpy wheel), then the
# Blender tests and the install test on Blender 4.2 LTS, 4.4 and 4.5 LTS. Installs what it needs on first use: the
# Debian packages the tests use (scripts/install_system_packages.sh, with sudo when not root) and one virtual
# environment per Blender version;
# later runs reuse them while the pinned requirements match. Arguments go to the first pytest run.
# Every run goes ahead even when an earlier one fails; the exit status is non-zero if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_system_packages.sh

ensure_venv() {
    local dir=$1 requirements=$2
    if [ -f "$dir/requirements.installed" ] && cmp -s "$requirements" "$dir/requirements.installed" \
        && cmp -s requirements.txt "$dir/requirements.base"; then
        return
    fi
    echo "== creating $dir from $requirements"
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install -q --upgrade pip
    "$dir/bin/pip" install -q -r "$requirements"
    cp "$requirements" "$dir/requirements.installed"
    cp requirements.txt "$dir/requirements.base"
}

blender_version() {
    "$1/bin/python" -c 'import bpy; print(bpy.app.version_string)' 2>/dev/null
}

ensure_venv .venv requirements-dev.txt
for version in 42 44 45; do
    ensure_venv ".venv-blender$version" "requirements-blender$version.txt"
done

status=0
echo "== style (ruff)"
.venv/bin/ruff check . || status=1
echo "== full suite, Blender $(blender_version .venv)"
.venv/bin/python -m pytest -q "$@" || status=1
for version in 42 44 45; do
    echo "== Blender and install tests, Blender $(blender_version ".venv-blender$version")"
    ".venv-blender$version/bin/python" -m pytest -q tests/test_blender_*.py tests/test_packaging.py || status=1
done
exit $status
