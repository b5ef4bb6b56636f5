# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The teacher: timed phonemes to ARKit weight curves (`curves.teacher_curves`), the targets the network learns."""
