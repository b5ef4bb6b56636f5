# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""An emotion (a label and a strength, as in EMOTE) and a speaking style (JALI's jaw and lip axes) applied to the
model's mouth, without opening the lips where the model closes them.

An emotion at strength 1 holds an expression (the shape weights below, after the action units of Ekman & Friesen's
FACS: happy = cheek raiser + lip corner puller, sad = inner brow raiser + lip corner depressor, ...), changes how much
the jaw and lips articulate, holds a little mouth shape on the speech controls (a pressed or stretched mouth), and
sets how much and where the head moves.
Strength s scales each of these from neutral: a weight w becomes s * w, a factor f becomes 1 + s * (f - 1).

Speaking style: `jaw` scales the jaw controls (jaw*) and `lips` the lip articulation (the speech controls mouth*
and cheekPuff), independently, 1 = as predicted, 0 = still, 2 = twice (clipped at weight 1).

Lip sync stays intact: mouthClose is never changed, and nothing changes where the model keeps the lips sealed. On
the rig, the lips stay sealed until the jaw opens past mouthClose by about LIP_SEAL (ARKit's mouthClose closes the
lips against an open jaw), so the style scales only the jaw opening beyond that, and every other change (lip
articulation, the emotion's mouth) fades in between LIP_SEAL and FULLY_OPEN: a happy /m/ still closes.
"""

from dataclasses import dataclass, field

import numpy as np

from .curves import smoothstep

STYLE_RANGE = (0.0, 2.0)
# Net jaw opening (jawOpen - mouthClose) up to which the lips stay sealed: they part at about 0.23 on the mean head
# (tests/test_face_emotion.py measures it), and from FULLY_OPEN on the style and the emotion act in full.
LIP_SEAL = 0.2
FULLY_OPEN = 0.35
JAW_CONTROLS = ("jawOpen", "jawForward", "jawLeft", "jawRight")
EXPRESSIVE_MOUTH = ("mouthSmile", "mouthFrown", "mouthDimple")  # mouth* names that are expressions, not speech


@dataclass(frozen=True)
class Emotion:
    expression: dict = field(default_factory=dict)   # held shape weights
    mouth: dict = field(default_factory=dict)        # held speech-control weights, added to the model's
    jaw: float = 1.0                                  # articulation factors
    lips: float = 1.0
    head_energy: float = 1.0                          # head motion factor
    head_posture: tuple = (0.0, 0.0, 0.0)             # held head pose (pitch, yaw, roll) in degrees


def _both(name, value):
    return {f"{name}Left": value, f"{name}Right": value}


EMOTIONS = {
    "neutral": Emotion(),
    "happy": Emotion(
        expression={**_both("mouthSmile", 0.85), **_both("cheekSquint", 0.5), **_both("eyeSquint", 0.2),
                    **_both("mouthDimple", 0.2)},
        mouth=_both("mouthStretch", 0.1), jaw=1.1, head_energy=1.2, head_posture=(-1.5, 0.0, 0.0)),
    "sad": Emotion(
        expression={**_both("mouthFrown", 0.55), "browInnerUp": 0.6, **_both("eyeBlink", 0.2),
                    **_both("eyeSquint", 0.1)},
        mouth={"mouthShrugLower": 0.15}, jaw=0.75, lips=0.8, head_energy=0.6, head_posture=(5.0, 0.0, 0.0)),
    "angry": Emotion(
        expression={**_both("browDown", 0.8), **_both("eyeSquint", 0.3), **_both("eyeWide", 0.15),
                    **_both("noseSneer", 0.3), **_both("mouthFrown", 0.2)},
        mouth=_both("mouthPress", 0.3), jaw=1.1, lips=1.2, head_energy=1.3, head_posture=(2.0, 0.0, 0.0)),
    "surprised": Emotion(
        expression={"browInnerUp": 0.8, **_both("browOuterUp", 0.8), **_both("eyeWide", 0.7)},
        jaw=1.3, head_energy=1.1, head_posture=(-3.0, 0.0, 0.0)),
    "afraid": Emotion(
        expression={"browInnerUp": 0.75, **_both("browOuterUp", 0.3), **_both("browDown", 0.15),
                    **_both("eyeWide", 0.6)},
        mouth=_both("mouthStretch", 0.35), jaw=0.9, lips=0.9, head_energy=0.8, head_posture=(-1.5, 0.0, 0.0)),
    "disgusted": Emotion(
        expression={**_both("noseSneer", 0.85), **_both("browDown", 0.4), **_both("eyeSquint", 0.3),
                    **_both("cheekSquint", 0.25), **_both("mouthFrown", 0.25)},
        mouth=_both("mouthUpperUp", 0.35), lips=0.9, head_posture=(1.0, 0.0, 3.0)),
}


def check_emotion(emotion, strength, jaw, lips):
    """Raise ValueError with a one-line message for an unknown emotion or an out-of-range amount."""
    if emotion not in EMOTIONS:
        raise ValueError(f"unknown emotion {emotion!r}; choose one of {', '.join(EMOTIONS)}")
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"emotion strength must lie in [0, 1], not {strength:g}")
    for name, amount in (("jaw", jaw), ("lips", lips)):
        if not STYLE_RANGE[0] <= amount <= STYLE_RANGE[1]:
            raise ValueError(f"{name} must lie in [{STYLE_RANGE[0]:g}, {STYLE_RANGE[1]:g}], not {amount:g}")


def blend(emotion, strength):
    """The emotion at `strength`: factors interpolated from 1, weights and posture scaled."""
    e = EMOTIONS[emotion]
    return Emotion({k: strength * v for k, v in e.expression.items()}, {k: strength * v for k, v in e.mouth.items()},
                   1 + strength * (e.jaw - 1), 1 + strength * (e.lips - 1), 1 + strength * (e.head_energy - 1),
                   tuple(strength * np.asarray(e.head_posture)))


def openness(weights, names):
    """(net jaw opening [T], share [T] in [0, 1] of the style and emotion that applies at each frame)."""
    net = weights[:, names.index("jawOpen")] - weights[:, names.index("mouthClose")]
    return net, smoothstep((net - LIP_SEAL) / (FULLY_OPEN - LIP_SEAL))


def articulation_groups(names):
    """(indices of the jaw controls, indices of the lip articulation controls) among `names`."""
    jaw = [k for k, name in enumerate(names) if name in JAW_CONTROLS]
    lips = [k for k, name in enumerate(names)
            if (name.startswith("mouth") and name != "mouthClose" and not name.startswith(EXPRESSIVE_MOUTH))
            or name == "cheekPuff"]
    return jaw, lips


def shape_mouth(weights, names, emotion, jaw, lips, closure=None):
    """The model's weights [T, K] (names in order) with a blended Emotion's mouth and the speaking style applied.

    `closure` [T] (0..1), the model's decision that the lips are shut, where known: changes fade out there too.
    Expression shapes are not added here (see layers). Returns float64 weights in [0, 1]."""
    out = np.asarray(weights, dtype=np.float64).copy()
    net, free = openness(out, names)
    if closure is not None:
        shut = np.asarray(closure, dtype=np.float64)
        free = free * (1.0 - shut)
        net = np.where(shut > 0.5, np.minimum(net, LIP_SEAL), net)
    jaw_ids, lip_ids = articulation_groups(names)
    jaw_amount, lip_amount = jaw * emotion.jaw, lips * emotion.lips
    jaw_open, close = names.index("jawOpen"), names.index("mouthClose")
    out[:, jaw_ids] *= (1.0 + (jaw_amount - 1.0) * free)[:, None]
    out[:, jaw_open] = np.where(net > LIP_SEAL, out[:, close] + LIP_SEAL + jaw_amount * (net - LIP_SEAL),
                                weights[:, jaw_open])
    out[:, lip_ids] *= (1.0 + (lip_amount - 1.0) * free)[:, None]
    for name, value in emotion.mouth.items():
        out[:, names.index(name)] += value * free
    return np.clip(out, 0.0, 1.0)
