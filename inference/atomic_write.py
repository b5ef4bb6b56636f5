# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Outputs that appear whole or not at all: written to a temporary file beside the target, then renamed over it."""

import contextlib
import os
from pathlib import Path


@contextlib.contextmanager
def atomic_output(path, mode="w"):
    """Open a temporary file next to `path` for writing; on success it replaces `path` (os.replace is atomic on
    one file system), on any error it is removed and `path` is untouched. A reader, or a rerun of a batch that
    checks for `path`, never sees a half-written file."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        f = open(temporary, mode)
    except OSError as e:  # name the output the user asked for, not our temporary file
        raise OSError(e.errno, e.strerror, str(path)) from e
    try:
        with f:
            yield f
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
