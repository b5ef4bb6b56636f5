# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The FLAME head as the recipe sees it: the PLY reader, the mesh graph, named vertex regions and distances
on the face (lip aperture, mouth width, lid gap)."""
