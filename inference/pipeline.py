# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one lip-sync pipeline: audio in, per-frame control weights for one head out. The command line, its batches
and Blender's Generate all run `run`, so they get the same numbers.

decode -> place in the strip's time -> model (weights, closure decision) -> rest where there is no sound at all ->
smoothing -> the scene's frame rate ->
the face layers (blinks, gaze, brows, head, emotion, style; inference.face) -> intensity on the lower face (after
the layers, which keep weights within 0..1, so that intensity can exaggerate past 1) -> the basis carried onto the
head, with eyeLook* shapes made from its eyes -> the lips of this head shut where the model says closed (last, so
closures meet under any emotion, style and intensity), at a speed lips can move.
`run` touches no Blender data, so Generate can run it on a worker thread.
"""

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Callable

import numpy as np

from .audio import load_audio
from .errors import LipSyncError
from .face.eye_shapes import eye_look_offsets
from .face.layers import FaceOptions, face_layers, layer_of
from .face.prosody import analyse, loudness_db
from .head_frame import transfer_offsets
from .lip_contact import LipSeal
from .postprocess import apply_intensity, smooth
from .silence import sound_gate
from .timing import frame_count, model_frame_count, weights_at_fps

_PROVIDERS = {'AUTO': "auto", 'CPU': "cpu", 'CUDA': "cuda"}
_models = {}
_models_lock = threading.Lock()


class Cancelled(Exception):
    """The user cancelled the run; nothing is written."""


@dataclass(frozen=True)
class AudioSource:
    path: str
    start_s: float = 0.0           # where in the file the first frame is
    end_s: float | None = None     # where the last frame ends; None: the end of the file
    lead_silence_s: float = 0.0    # silence before the sound starts (a sound delayed inside its strip)
    name: str = "The audio"        # how messages name it
    decode: Callable | None = None  # (path, start_s, end_s) -> inference.audio.Decoded; None: soundfile
    temporary: bool = False        # `path` is a copy made for this run: delete it when done


@dataclass(frozen=True)
class Job:
    audio: AudioSource
    fps: float | Fraction
    n_frames: int | None = None    # None: as many frames as the audio lasts
    head_vertices: np.ndarray | None = None  # (N, 3) rest shape of the target head in its own units; None: the
    #                                          reference head (its basis as is, no per-head closure)
    intensity: float = 1.0
    smoothing: float = 0.0         # seconds (standard deviation of the Gaussian)
    face: FaceOptions = field(default_factory=FaceOptions)


@dataclass
class Result:
    control_names: tuple           # the model's controls, then the eyeLook* names
    weights: np.ndarray            # (n_frames, K) at the job's fps, frame i at i / fps s into the audio
    shapes: np.ndarray             # (S, N, 3) shapes of the first S names on the job's head: all K with a head; the
    #                                model's basis alone without one (no eye vertices to turn)
    head_degrees: np.ndarray       # (n_frames, 3) pitch, yaw, roll (inference.face.head_motion's signs)
    eye_degrees: np.ndarray        # (n_frames, 2) pitch, yaw of both eyes in the head
    duration_s: float
    device: str
    fallback_reason: str | None


def cached_model(device):
    """The bundled model for a device choice ('AUTO', 'CPU', 'CUDA'), kept between runs: loading a session costs
    more than a short clip."""
    from .model import LipSyncModel, default_model_path

    path = os.path.abspath(default_model_path())
    stamp = os.stat(path).st_mtime_ns if os.path.isfile(path) else None
    key = (path, stamp, device)
    with _models_lock:
        if key not in _models:
            _models.clear()
            _models[key] = LipSyncModel(path, provider=_PROVIDERS[device])
        return _models[key]


def run(job, model, progress=lambda fraction: None, cancelled=lambda: False):
    """Do the job with `model` (an inference.model.LipSyncModel); `progress` gets 0..1, `cancelled()` is polled
    between stages and inference chunks (raises Cancelled)."""
    try:
        return _run(job, model, progress, cancelled)
    finally:
        if job.audio.temporary:
            os.remove(job.audio.path)


def _run(job, model, progress, cancelled):
    def step(fraction):
        if cancelled():
            raise Cancelled()
        progress(fraction)

    step(0.05)
    audio = _decoded(job.audio, model.sample_rate)
    duration_s = len(audio) / model.sample_rate
    n_frames = job.n_frames if job.n_frames is not None else frame_count(duration_s, job.fps, job.audio.name)
    step(0.2)
    loudness = loudness_db(audio, model_frame_count(len(audio), model.hop))
    # The face's prosody is measured while the network runs (onnxruntime and numpy's large array operations
    # release the GIL; 10 minutes: 0.3 s), except in a batch worker with one thread, whose neighbours keep the
    # other cores busy.
    with ThreadPoolExecutor(1) if model.threads != 1 else _InThisThread() as pool:
        prosody = pool.submit(analyse, audio, model.sample_rate, loudness)
        weights, closure = mouth_motion(model, audio, job.fps, n_frames, job.smoothing,
                                        progress=lambda fraction: step(0.2 + 0.6 * fraction), loudness=loudness)
        face = face_layers(audio, job.fps, weights, model.control_names, closure=closure,
                           sample_rate=model.sample_rate, prosody=prosody.result(), **asdict(job.face))
    del audio
    shapes = _shapes_on_head(model, job.head_vertices)
    lower_face = [k for k, name in enumerate(face.names) if layer_of(name) == "lips"]
    weights = apply_intensity(face.weights, job.intensity, lower_face)
    if job.head_vertices is not None and "lips" in job.face.layers:
        weights = LipSeal.for_head(job.head_vertices, shapes, face.names).apply(weights, closure, job.fps)
    step(1.0)
    return Result(face.names, weights, shapes, face.head_degrees, face.eye_degrees, duration_s, model.device,
                  model.fallback_reason)


class _InThisThread:
    """ThreadPoolExecutor's submit and context, running each call at once in the calling thread."""

    def __enter__(self):
        return self

    def __exit__(self, *_):
        return False

    def submit(self, function, *args):
        future = Future()
        future.set_result(function(*args))
        return future


def mouth_motion(model, audio, fps, n_frames, smoothing=0.0, progress=None, loudness=None):
    """The model's (weights [n_frames, K], closure decision [n_frames]) for `audio` at the model's sample rate,
    at rest where there is no sound, smoothed by `smoothing` seconds, at `fps`. `loudness`: the audio's
    face.prosody.loudness_db when already measured."""
    weights, closure = model.predict_with_closure(audio, progress=progress)
    if loudness is None:
        loudness = loudness_db(audio, len(weights))
    gate = sound_gate(loudness, model.frame_rate)[:, None]
    motion = smooth(np.column_stack([weights, closure]) * gate, model.frame_rate, smoothing)
    motion = weights_at_fps(motion, model.frame_rate, fps, n_frames)
    return motion[:, :-1], motion[:, -1]


def _shapes_on_head(model, head_vertices):
    """The model's basis carried onto the head, then its eyeLook* shapes (face_layers' names order); the
    reference basis alone without a head."""
    if head_vertices is None:
        return model.basis
    basis = transfer_offsets(model.basis, model.reference_frame, head_vertices)
    return np.concatenate([basis, eye_look_offsets(head_vertices).astype(basis.dtype)])


def _decoded(source, sample_rate):
    """The source's samples at `sample_rate`, after its lead silence and cut or padded to its range."""
    audio = load_audio(source.path, source.start_s, source.end_s, sample_rate=sample_rate, decode=source.decode)
    lead = int(round(source.lead_silence_s * sample_rate))
    if lead:
        audio = np.concatenate([np.zeros(lead, np.float32), audio])
    if source.end_s is not None:
        length = int(round((source.lead_silence_s + source.end_s - source.start_s) * sample_rate))
        audio = audio[:length] if len(audio) >= length else np.pad(audio, (0, length - len(audio)))
    if not len(audio):
        raise LipSyncError(f"{source.name} has no audio in its visible range.")
    return audio
