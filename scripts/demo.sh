#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
# The demo in one command, from a fresh clone: a virtual environment with the pinned requirements (.venv, reused
# while requirements.txt is unchanged), then scripts/demo.py, which bakes a real voice (scripts/kathleen_dialogue.flac)
# with the whole face onto the FLAME head
# ($FLAME_TEMPLATE, default ../shared/flame/template.ply) and writes demo_output/demo.blend and preview.mp4.
# Arguments go to scripts/demo.py (e.g. --stills 30,60, --head other.ply, --audio line.wav).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    echo "demo: needs Python 3.11 (the bpy wheel is built for it); set PYTHON=/path/to/python3.11" >&2
    exit 1
fi

# requirements.base is the marker scripts/run_tests.sh writes too: its .venv (a superset) is reused as well.
if [ -x .venv/bin/python ] && cmp -s requirements.txt .venv/requirements.base; then
    echo "demo: reusing .venv"
else
    echo "demo: creating .venv with requirements.txt (bpy is a large download)"
    rm -rf .venv
    "$PY" -m venv .venv
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q -r requirements.txt
    cp requirements.txt .venv/requirements.installed
    cp requirements.txt .venv/requirements.base
fi

exec .venv/bin/python scripts/demo.py "$@"
