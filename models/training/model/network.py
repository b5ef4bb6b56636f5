# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audio-to-motion encoder-decoder: log-mel front-end, dilated depthwise-separable conv encoder at 50 Hz,
a small decoder that emits two 100 Hz frames per 50 Hz step, ARKit control weights, and the rig basis as the
final linear layer (offsets = weights @ basis).

Everything is convolutional and non-causal; the receptive field is reported by `context_frames` so long audio
can be processed in overlapping chunks.
"""

import math

import numpy as np
import torch
from torch import nn

from .closure import ClosureGate
from .log_mel import FRAME_RATE, HOP, LogMel


class SeparableBlock(nn.Module):
    """Residual block: dilated depthwise conv, batch norm, pointwise expansion, ReLU, pointwise projection.

    Works on [B, C, 1, T]: a 2-D depthwise conv and channels-last matmuls train several times faster on the CPU
    than 1-D convolutions. The export writes the pointwise layers as 1x1 convolutions instead (the same function):
    onnxruntime runs those in its blocked convolution layout with no transposes, a tenth faster per clip.
    """

    def __init__(self, channels, kernel, dilation, expansion):
        super().__init__()
        self.reach = dilation * (kernel - 1) // 2
        self.depthwise = nn.Conv2d(channels, channels, (1, kernel), dilation=(1, dilation), padding=(0, self.reach),
                                   groups=channels)
        self.norm = nn.BatchNorm2d(channels)
        self.expand = nn.Linear(channels, channels * expansion)
        self.project = nn.Linear(channels * expansion, channels)

    def forward(self, x):
        mixed = self.norm(self.depthwise(x))
        if torch.onnx.is_in_onnx_export():
            return x + self.pointwise_as_convolutions(mixed)
        return x + self.project(nn.functional.relu(self.expand(mixed.permute(0, 2, 3, 1)))).permute(0, 3, 1, 2)

    def pointwise_as_convolutions(self, mixed):
        """expand, ReLU, project on [B, C, 1, T] as 1x1 convolutions with the linear layers' weights."""
        expand, project = self.expand, self.project
        hidden = nn.functional.relu(nn.functional.conv2d(mixed, expand.weight[:, :, None, None], expand.bias))
        return nn.functional.conv2d(hidden, project.weight[:, :, None, None], project.bias)


class LipSyncNet(nn.Module):
    """[B, N] 16 kHz audio -> control weights [B, T, K] in [0, 1] and closure logits [B, T], T = N // 160 + 1."""

    def __init__(self, basis, aperture_gain, channels=128, kernel=5, dilations=(1, 2, 4, 8, 1, 2, 4, 8),
                 decoder_blocks=2, expansion=2, n_mels=64, n_fft=256, articulation_classes=0):
        """articulation_classes: > 0 adds a training-only head that classifies each frame's articulation
        (labels.ARTICULATION) from the decoder's features; the export leaves it out."""
        super().__init__()
        basis = torch.as_tensor(np.asarray(basis, dtype=np.float32))
        self.controls = basis.shape[0]
        self.front = LogMel(n_fft=n_fft, n_mels=n_mels)
        self.feature_norm = nn.BatchNorm1d(n_mels)
        self.down = nn.Conv1d(n_mels, channels, 3, stride=2, padding=1)
        self.encoder = nn.Sequential(*[SeparableBlock(channels, kernel, d, expansion) for d in dilations])
        self.decoder = nn.Sequential(*[SeparableBlock(channels, kernel, 1, expansion) for _ in range(decoder_blocks)])
        # One 50 Hz step carries two 100 Hz frames of K control logits plus one closure logit.
        self.head = nn.Conv1d(channels, 2 * (self.controls + 1), 1)
        self.smooth = nn.Conv1d(self.controls + 1, self.controls + 1, 3, padding=1, groups=self.controls + 1)
        self.articulation_classes = articulation_classes
        if articulation_classes:
            self.articulation_head = nn.Conv1d(channels, 2 * articulation_classes, 1)
        self.closure_gate = ClosureGate(aperture_gain)
        self.register_buffer("basis", basis)
        self.n_fft = n_fft
        self.reach_50hz = sum(block.reach for block in list(self.encoder) + list(self.decoder))

    def context_frames(self):
        """Frames of audio context on each side of an output frame that can change it (receptive half-width)."""
        window_frames = math.ceil(self.n_fft / 2 / HOP)
        return window_frames + 1 + 2 * (1 + self.reach_50hz) + 1

    def context_seconds(self):
        return self.context_frames() / FRAME_RATE

    def forward(self, audio, articulation=False):
        """-> weights [B, T, K], closure logits [B, T]; with `articulation`, also the articulation logits
        [B, classes, T]."""
        features = self.feature_norm(self.front(audio))
        frames = features.shape[-1]
        # One zero frame after the last (what the stride-2 convolution's own padding adds anyway), and the
        # smoothing sees every frame up to the first of the final step: with an odd frame count (all training
        # crops) this changes nothing; with an even count the final frame is no longer the second of the final
        # step at the edge, a case training never shows the network (its output there was unusable).
        hidden = self.down(nn.functional.pad(features, (0, 1)))
        hidden = self.decoder(self.encoder(nn.functional.relu(hidden)[:, :, None]))[:, :, 0]
        logits = self.smooth(_two_frames_a_step(self.head(hidden), self.controls + 1))[:, :, :frames]
        closure_logit = logits[:, self.controls]
        weights = self.closure_gate(torch.sigmoid(logits[:, : self.controls]), closure_logit)
        if articulation:
            articulation = _two_frames_a_step(self.articulation_head(hidden), self.articulation_classes)
            return weights.transpose(1, 2), closure_logit, articulation[:, :, :frames]
        return weights.transpose(1, 2), closure_logit

    def offsets(self, weights):
        """[..., K] weights -> [..., V, 3] vertex offsets of the reference head."""
        return torch.einsum("...k,kvc->...vc", weights, self.basis)


def _two_frames_a_step(logits, channels):
    """[B, 2 * channels, steps] at 50 Hz, each step two 100 Hz frames -> [B, channels, 2 * steps - 1] at 100 Hz
    (the final step's second frame lies past the audio's end)."""
    batch, _, steps = logits.shape
    logits = logits.reshape(batch, 2, channels, steps).permute(0, 2, 3, 1)
    return logits.reshape(batch, channels, 2 * steps)[:, :, : 2 * steps - 1]


class ExportWrapper(nn.Module):
    """The ONNX contract: audio [N], offset_frames [M] -> weights [T, K], offsets [M, V, 3], basis [K, V, 3],
    closure [T] (the closure gate's decision, 0..1: where the runtime makes any head's lips meet)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, audio, offset_frames):
        weights, closure_logit = self.net(audio[None])
        weights = weights[0]
        offsets = self.net.offsets(weights[offset_frames])
        return weights, offsets, self.net.basis, self.net.closure_gate.probability(closure_logit[0])


def parameter_count(net):
    return sum(p.numel() for p in net.parameters())
