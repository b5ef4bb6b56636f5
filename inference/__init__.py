# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Audio in, per-frame control weights and vertex offsets out. Pure Python + numpy; never imports bpy."""

from .errors import LipSyncError

__all__ = ["LipSyncError"]
