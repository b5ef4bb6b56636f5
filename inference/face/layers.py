# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The whole face from the model's mouth and the speech: blinks, gaze, brows, head motion, an emotion and a speaking
style, each computed beside the network from the speech's prosody, deterministic for a seed.

Layers: "lips" (the jaw, mouth, cheek and nose controls: the model's mouth, shaped by the emotion and the style),
"eyes" (eyeBlink*, eyeLook*, eyeSquint*, eyeWide*), "brows" (brow*) and "head" (the head angles). A layer left out
stays exactly at rest: its weights 0, or the head at 0 degrees.

Each random layer draws from its own generator, spawned from the seed, so another seed gives other blinks, gaze,
brows and head motion, and switching one layer off changes none of the others. The mouth draws nothing: under the
same emotion and style it is the same for every seed.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import LipSyncError
from .blinks import blinks
from .brows import BROW_NAMES, brows
from .emotion import EMOTIONS, blend, check_emotion, shape_mouth
from .gaze import EYE_LOOK_NAMES, eye_look_weights, gaze
from .head_motion import head_motion
from .prosody import SAMPLE_RATE, Prosody, analyse

LAYERS = ("lips", "eyes", "brows", "head")
DEFAULT_SEED = 0
BLINK_NAMES = ("eyeBlinkLeft", "eyeBlinkRight")
LID_NAMES = ("eyeSquintLeft", "eyeSquintRight", "eyeWideLeft", "eyeWideRight")  # give way to a blink
# Every name a layer writes, beyond the model's controls.
FACE_NAMES = tuple(dict.fromkeys(BLINK_NAMES + EYE_LOOK_NAMES + LID_NAMES + BROW_NAMES
                                 + tuple(n for e in EMOTIONS.values() for n in (*e.expression, *e.mouth))))


@dataclass(frozen=True)
class Face:
    names: tuple               # the model's control names, then the eyeLook* and any other name a layer writes
    weights: np.ndarray        # [T, K] float32 in [0, 1]
    head_degrees: np.ndarray   # [T, 3] float32: pitch, yaw, roll (see head_motion for the signs)
    eye_degrees: np.ndarray    # [T, 2] float32: pitch, yaw of both eyes in the head
    blinks: np.ndarray         # [B, 3] (start, peak, end) seconds
    brow_raises: np.ndarray    # [R] onset seconds
    prosody: Prosody


@dataclass(frozen=True)
class FaceOptions:
    """What a user chooses for the face: face_layers' keyword arguments, checked when made (LipSyncError)."""
    seed: int = DEFAULT_SEED
    emotion: str = "neutral"
    strength: float = 1.0      # of the emotion, 0..1
    jaw: float = 1.0
    lips: float = 1.0
    layers: tuple = LAYERS

    def __post_init__(self):
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise LipSyncError(f"the seed must be a whole number of 0 or more, not {self.seed!r}")
        unknown = sorted(set(self.layers) - set(LAYERS))
        if unknown:
            raise LipSyncError(f"unknown layer {', '.join(map(repr, unknown))}; choose from {', '.join(LAYERS)}")
        try:
            check_emotion(self.emotion, self.strength, self.jaw, self.lips)
        except ValueError as e:
            raise LipSyncError(str(e)) from None
        object.__setattr__(self, "layers", tuple(name for name in LAYERS if name in self.layers))


def layer_of(name):
    """Which layer moves a control: "eyes", "brows" or "lips"."""
    return "eyes" if name.startswith("eye") else "brows" if name.startswith("brow") else "lips"


def face_layers(audio, frame_rate, mouth_weights, control_names, seed=DEFAULT_SEED, layers=LAYERS,
                emotion="neutral", strength=0.0, jaw=1.0, lips=1.0, closure=None, sample_rate=SAMPLE_RATE,
                prosody=None):
    """The face for mono float32 audio at 16 kHz and the model's weights [T, K] (named `control_names`) resampled
    to `frame_rate`, frame i at i / frame_rate seconds. Returns a Face.

    The model's expression controls (eyes, brows) are replaced by the layers'; its jaw, mouth, cheek and nose
    controls are kept and shaped by the emotion (one of EMOTIONS, strength 0..1) and the style (jaw, lips 0..2),
    except where the lips are sealed or `closure` [T] (the model's closure decision at the same frames) says shut.
    `prosody`: the audio's prosody.analyse when already measured."""
    names, mouth, layers = _checked(frame_rate, mouth_weights, control_names, layers, emotion, strength, jaw, lips,
                                    closure)
    prosody = analyse(audio, sample_rate) if prosody is None else prosody
    n = len(mouth)
    feeling = blend(emotion, strength)
    blink_rng, gaze_rng, brow_rng, head_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4))
    all_names = names + tuple(name for name in FACE_NAMES if name not in names)
    column = {name: k for k, name in enumerate(all_names)}
    weights = np.zeros((n, len(all_names)))
    lower_face = [k for k, name in enumerate(names) if layer_of(name) == "lips"]
    weights[:, lower_face] = shape_mouth(mouth, names, feeling, jaw, lips, closure)[:, lower_face]
    for name, value in feeling.expression.items():
        weights[:, column[name]] += value

    head = np.zeros((n, 3))
    if "head" in layers:
        head = head_motion(prosody, frame_rate, n, head_rng, feeling.head_energy, feeling.head_posture)
    eyes, blink_events, raises = np.zeros((n, 2)), np.zeros((0, 3)), np.zeros(0)
    if "eyes" in layers:
        # The eyes hold their target while the head moves (the vestibulo-ocular reflex).
        eyes = gaze(n / float(frame_rate), frame_rate, n, gaze_rng)[0] - head[:, :2]
        weights[:, [column[name] for name in EYE_LOOK_NAMES]] = eye_look_weights(eyes)
        blink, blink_events = blinks(prosody, frame_rate, n, blink_rng)
        lids = [column[name] for name in BLINK_NAMES]
        weights[:, lids] += (1.0 - weights[:, lids]) * blink[:, None]
        weights[:, [column[name] for name in LID_NAMES]] *= (1.0 - blink)[:, None]
    if "brows" in layers:
        raise_weights, raises = brows(prosody, frame_rate, n, brow_rng)
        weights[:, [column[name] for name in BROW_NAMES]] += raise_weights

    for k, name in enumerate(all_names):
        if layer_of(name) not in layers:
            weights[:, k] = 0.0
    return Face(all_names, np.clip(weights, 0.0, 1.0).astype(np.float32), head.astype(np.float32),
                eyes.astype(np.float32), blink_events, raises, prosody)


def _checked(frame_rate, mouth_weights, control_names, layers, emotion, strength, jaw, lips, closure):
    names = tuple(control_names)
    mouth = np.asarray(mouth_weights, dtype=np.float64)
    if mouth.ndim != 2 or mouth.shape[1] != len(names):
        raise ValueError(f"mouth weights must be [frames, {len(names)}] for {len(names)} control names, "
                         f"not {list(mouth.shape)}")
    if closure is not None and np.shape(closure) != (len(mouth),):
        raise ValueError(f"closure must have one value a frame ({len(mouth)}), not shape {list(np.shape(closure))}")
    missing = [name for name in ("jawOpen", "mouthClose") if name not in names]
    if missing:
        raise ValueError(f"the controls lack {', '.join(missing)}, which the face layers need")
    if not float(frame_rate) > 0:
        raise ValueError(f"frame rate must be positive, not {frame_rate}")
    layers = set(layers)
    unknown = sorted(layers - set(LAYERS))
    if unknown:
        raise ValueError(f"unknown layer {', '.join(map(repr, unknown))}; choose from {', '.join(LAYERS)}")
    check_emotion(emotion, strength, jaw, lips)
    return names, mouth, layers
