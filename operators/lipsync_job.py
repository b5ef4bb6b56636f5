"""One lip-sync run's work that needs no Blender data: decode, infer, resample, post-process, carry the basis.

Runs on a worker thread in the UI, so it must not touch bpy; everything it needs from the scene is in `Job`.
"""

import os
import threading
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..inference.errors import LipSyncError

_PROVIDERS = {'AUTO': "auto", 'CPU': "cpu", 'CUDA': "cuda"}
_models = {}
_models_lock = threading.Lock()


class Cancelled(Exception):
    """The user pressed Esc; nothing is written."""


@dataclass
class Job:
    audio_path: str
    start_s: float           # where in the file the strip's first visible frame is
    end_s: float | None      # where its last visible frame ends; None: to the end of the file
    lead_silence_s: float    # silence before the sound starts (a sound delayed inside its strip)
    fps: float
    first_frame: int
    n_frames: int | None     # None: as many frames as the file lasts
    reference_vertices: np.ndarray | None  # (N, 3) rest shape of the FLAME head; None: a character (no basis)
    intensity: float
    smoothing: float
    device: str              # 'AUTO', 'CPU' or 'CUDA'
    temporary_audio: bool = False  # audio_path is our copy of packed audio: delete it when done
    decode: Callable | None = None  # inference.audio.Decoded from (path, start_s, end_s); None: soundfile
    source: str = "The audio"  # how messages name it


@dataclass
class Result:
    control_names: list
    weights: np.ndarray      # (n_frames, K) shape key values, frame i at scene frame first_frame + i
    shapes: np.ndarray | None  # (K, N, 3) the basis carried to the target head; None for a character
    first_frame: int
    clip_seconds: float
    device: str
    fallback_reason: str | None


def model_for(device):
    """The loaded model for a device choice, kept between runs (loading a session costs more than a short clip)."""
    from ..inference.model import LipSyncModel, default_model_path

    path = os.path.abspath(default_model_path())
    stamp = os.stat(path).st_mtime_ns if os.path.isfile(path) else None
    key = (path, stamp, device)
    with _models_lock:
        if key not in _models:
            _models.clear()
            _models[key] = LipSyncModel(path, provider=_PROVIDERS[device])
        return _models[key]


def run(job, progress=lambda fraction: None, cancelled=lambda: False):
    """Do the job; `progress` gets 0..1, `cancelled()` is polled between stages and inference chunks (raises
    Cancelled)."""
    try:
        return _run(job, progress, cancelled)
    finally:
        if job.temporary_audio:
            os.remove(job.audio_path)


def _run(job, progress, cancelled):
    from ..inference.audio import load_audio
    from ..inference.head_frame import transfer_offsets
    from ..inference.postprocess import apply_intensity, smooth
    from ..inference.timing import frame_count, weights_at_fps

    def step(fraction):
        if cancelled():
            raise Cancelled()
        progress(fraction)

    model = model_for(job.device)
    step(0.05)
    audio = load_audio(job.audio_path, job.start_s, job.end_s, sample_rate=model.sample_rate, decode=job.decode)
    rate = model.sample_rate
    total = None if job.end_s is None else int(round((job.lead_silence_s + job.end_s - job.start_s) * rate))
    audio = _place(audio, int(round(job.lead_silence_s * rate)), total)
    clip_seconds = len(audio) / model.sample_rate
    step(0.2)
    weights = model.predict(audio, progress=lambda fraction: step(0.2 + 0.6 * fraction))
    weights = smooth(weights, model.frame_rate, job.smoothing)
    weights = apply_intensity(weights, job.intensity)
    n_frames = job.n_frames if job.n_frames is not None else frame_count(clip_seconds, job.fps, job.source)
    weights = weights_at_fps(weights, model.frame_rate, job.fps, n_frames)
    shapes = None if job.reference_vertices is None else \
        transfer_offsets(model.basis, model.reference_frame, job.reference_vertices)
    step(1.0)
    return Result(list(model.control_names), weights, shapes, job.first_frame, clip_seconds,
                  model.device, model.fallback_reason)


def _place(audio, lead, length):
    """The audio after `lead` samples of silence, padded with silence (or cut) to `length` samples if given."""
    if lead:
        audio = np.concatenate([np.zeros(lead, np.float32), audio])
    if length is not None:
        audio = audio[:length] if len(audio) >= length else np.pad(audio, (0, length - len(audio)))
    if not len(audio):
        raise LipSyncError("The sound strip has no audio in its visible range.")
    return audio
