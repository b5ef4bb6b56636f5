# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one domain exception of FLAME Lip Sync."""


class LipSyncError(Exception):
    """A problem the user can fix; the message is one sentence meant for them."""
