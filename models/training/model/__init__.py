# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The network and its training: log-mel front-end, encoder-decoder, closure gate, losses, data, checkpoints,
ONNX export and the training run."""
