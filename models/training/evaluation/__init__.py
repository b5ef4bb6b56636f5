# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Scoring lip sync against phone timings: forced alignment, the scores, the plots and the evaluation run."""
