# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The articulation rig: 43 ARKit-named vertex-offset shapes built procedurally on a FLAME head
(`basis.build_basis`), and its contact sheet."""
