# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Eyelid shapes (blink, squint, wide), built for each eye from its own geometry.

The lids turn about the horizontal axis through the eyeball centre, so lid skin slides over the eyeball
instead of cutting through it. Each vertex turns by an angle that is a monotone function of its elevation
about that axis: the upper margin goes down by the full amount, the lid skin above it by less and less,
the hidden lining of the socket smoothly between the margins, so the ordering of the skin (and the
orientation of every triangle) is kept. The turned skin ends a little farther from the axis (see _lift),
so that partial weights, which move it along straight lines, and the cornea's bulge never bring it into
the eyeball; when closing, the margin that ends nearer the axis is lifted to meet the other.
"""

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import spsolve

from ..flame.regions import N_HEAD, REGIONS
from .head import Head, rotate_x, smoothstep

LID_FALLOFF = np.radians(55.0)    # elevation over which the lid skin's turn fades out
NEAR, FAR = 0.015, 0.024          # distance from the eyeball centre where the turn starts and ends fading
CANTHUS_FADE = 0.004              # beyond the eye corners the turn fades out over this distance
CANTHUS_FADE_IN = 0.004           # and inside them it fades in over this one
CLOSED_GAP = 0.0002               # lid margins stop this far apart when closed (metres)

# (upper margin, lower margin) turns as fractions of the open angle between them at each column.
BLINK_MEET = 0.30                 # blink: the margins meet 30% of the way up from the lower margin
SQUINT = (-0.10, 0.45)
WIDE = (0.40, -0.05)


class Eyelids:
    def __init__(self, head: Head, side: str):
        self.head = head
        self.side = side
        self.centre = head.eye_centre(side)
        self.ball = head.v[REGIONS[f"EYEBALL_{side}"]] - self.centre
        canthi = REGIONS[f"CANTHI_{side}"]
        self.upper_margin = np.concatenate([REGIONS[f"LID_MARGIN_UPPER_{side}"], canthi])
        self.lower_margin = np.concatenate([REGIONS[f"LID_MARGIN_LOWER_{side}"], canthi])
        self.socket = REGIONS[f"SOCKET_{side}"]
        self.rel = head.v[:N_HEAD] - self.centre
        self.elevation = np.arctan2(self.rel[:, 1], self.rel[:, 2])
        self.x_range = np.sort(self.rel[canthi, 0])
        self.up = self._margin_curve(self.upper_margin)
        self.low = self._margin_curve(self.lower_margin)
        line = np.interp(self.rel[:, 0], self.x_range, self.rel[canthi, 1][np.argsort(self.rel[canthi, 0])])
        self.above = self.rel[:, 1] > line

    def _margin_curve(self, margin):
        """Elevation of the margin at every vertex's lateral position (interpolated along X)."""
        order = np.argsort(self.rel[margin, 0])
        return np.interp(self.rel[:, 0], self.rel[margin, 0][order], self.elevation[margin][order])

    def _socket_turns(self, angle):
        """Turns of the hidden socket lining: the harmonic interpolation (graph Laplacian) of the turns on
        its rim, the lid margins, so that the lining folds up between the closing lids without creasing."""
        adj = self.head.adjacency[:N_HEAD][:, :N_HEAD]
        inside = self.socket
        rim = np.setdiff1d(np.unique(adj[inside].indices), inside)
        lap = sp.diags(np.asarray(adj[inside].sum(axis=1)).ravel()) - adj[inside][:, inside]
        return spsolve(lap.tocsc(), adj[inside][:, rim] @ angle[rim])

    def _lift(self, start, end, angle):
        """Scale of the end points' distance from the turning axis. A shape is applied linearly, so at partial
        weights the skin travels the chord of its arc, which dips towards the eyeball by up to
        rho (1 - cos(angle / 2)); ending 1/cos(angle) farther from the axis makes the chord's distance from
        the axis grow all the way from the start instead. Where the eyeball bulges (the cornea), the end is lifted by
        the bulge too, to keep its
        clearance."""
        rho = np.linalg.norm(start[:, 1:], axis=1)
        before = self._support(start / np.linalg.norm(start, axis=1, keepdims=True))
        after = self._support(end / np.linalg.norm(end, axis=1, keepdims=True))
        return 1.0 / np.cos(angle) + np.maximum(after - before, 0.0) / rho

    def _match_margin_depth(self, moved, angle, skin, upper_turn, lower_turn):
        """Where the closed margins meet, lift whichever ends nearer the turning axis to the other's
        distance, fading over its lid as its turn fades (the lift only moves skin away from the eyeball)."""
        def end_radius(margin):  # distance from the turning axis
            order = np.argsort(self.rel[margin, 0])
            return np.interp(self.rel[:, 0], self.rel[margin, 0][order],
                             np.linalg.norm(moved[margin, 1:], axis=1)[order])

        step = end_radius(self.upper_margin) - end_radius(self.lower_margin)
        own_turn = np.where(self.above, upper_turn, lower_turn)
        fade = np.clip(angle / np.where(np.abs(own_turn) > 1e-9, own_turn, np.inf), 0.0, 1.0)
        extra = np.where(self.above, np.maximum(-step, 0.0), np.maximum(step, 0.0)) * fade * skin
        moved[:, 1:] *= (1.0 + extra / np.maximum(np.linalg.norm(moved[:, 1:], axis=1), 1e-9))[:, None]

    def _support(self, directions):
        """Eyeball extent along unit directions (its support function: >= its radius there)."""
        return (directions @ self.ball.T).max(axis=1)

    def turn(self, upper_turn, lower_turn, close=False) -> np.ndarray:
        """Offsets for the whole head when the upper margin turns by upper_turn and the lower by
        lower_turn (radians per skin vertex, positive = up); `close`: the margins meet, at one depth."""
        phi, up, low = self.elevation, self.up, self.low
        skin_up = upper_turn * (1.0 - smoothstep((phi - up) / LID_FALLOFF))
        skin_down = lower_turn * (1.0 - smoothstep((low - phi) / LID_FALLOFF))
        angle = np.where(self.above, skin_up, skin_down)
        r = np.linalg.norm(self.rel, axis=1)
        # Signed distance inside the eye's width: the turn fades in from the corners, where the margins
        # already meet, and out beyond them.
        inside = np.minimum(self.rel[:, 0] - self.x_range[0], self.x_range[1] - self.rel[:, 0])
        corners = smoothstep((inside + CANTHUS_FADE) / (CANTHUS_FADE + CANTHUS_FADE_IN))
        angle = angle * (1.0 - smoothstep((r - NEAR) / (FAR - NEAR))) * corners
        angle[self.rel[:, 2] < 0] = 0.0  # nothing behind the eyeball centre turns
        is_socket = np.zeros(len(phi), dtype=bool)
        is_socket[self.socket] = True
        angle[is_socket] = self._socket_turns(angle)
        moved = rotate_x(self.rel, -angle)  # rotate_x turns +Z towards -Y; elevation grows towards +Y
        skin = ~is_socket & (angle != 0)
        moved[skin, 1:] *= self._lift(self.rel[skin], moved[skin], angle[skin])[:, None]  # away from the axis
        if close:
            self._match_margin_depth(moved, angle, skin, upper_turn, lower_turn)
        out = np.zeros_like(self.head.v)
        out[:N_HEAD] = moved - self.rel
        return out

    def blink(self):
        span = self.up - self.low
        gap = CLOSED_GAP / np.maximum(np.linalg.norm(self.rel, axis=1), 1e-6)
        meet = self.low + BLINK_MEET * span
        return self.turn(meet + 0.5 * gap - self.up, meet - 0.5 * gap - self.low, close=True)

    def scaled(self, fractions):
        span = self.up - self.low
        return self.turn(fractions[0] * span, fractions[1] * span)

    def shapes(self) -> dict:
        suffix = self.side.capitalize()
        return {f"eyeBlink{suffix}": self.blink(), f"eyeSquint{suffix}": self.scaled(SQUINT),
                f"eyeWide{suffix}": self.scaled(WIDE)}
