# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where the corpus lives: env FLAME_LIPSYNC_CORPUS, else <repo>/build/corpus."""
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def corpus_dir():
    return Path(os.environ.get("FLAME_LIPSYNC_CORPUS") or REPO_ROOT / "build" / "corpus")
