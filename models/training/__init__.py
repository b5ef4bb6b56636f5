# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Training recipe for the shipped model: rig, teacher, corpus, network, export, evaluation.

Excluded from the extension build; the runtime sees its results only through the exported ONNX model.
"""
