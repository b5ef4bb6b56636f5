# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Synthetic speech corpus with exact phone timings (festival, flite, espeak-ng) and its augmentation."""
