# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Saving and restoring the network: its constructor settings, weights, optimiser state and training progress."""

import torch

from .network import LipSyncNet


def save_checkpoint(path, net, config, **progress):
    torch.save({"config": config, "state": net.state_dict(), **progress}, path)


def load_checkpoint(path):
    """-> (network in eval mode, the whole checkpoint dict)."""
    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    config = checkpoint["config"]
    net = LipSyncNet(torch.zeros(config["basis_shape"]), config["aperture_gain"], **config["architecture"])
    net.load_state_dict(checkpoint["state"])
    return net.eval(), checkpoint
