# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The bundled ONNX model through onnxruntime: provider choice, metadata, and chunked inference for long audio."""

import contextlib
import io
import json
import os
from pathlib import Path

import numpy as np

from .errors import LipSyncError
from .head_frame import HeadFrame
from .timing import model_frame_count

MODEL_ENV = "FLAME_LIPSYNC_MODEL"
CHUNK_SECONDS = 60.0
# Chunk seams fall on multiples of this many frames, so any internal stride of the network (up to 16) stays aligned.
FRAME_ALIGN = 16
_REQUIRED_METADATA = ("sample_rate", "frame_rate", "control_names", "context_s", "reference_frame")
OUTPUTS = ("weights", "offsets", "basis", "closure")
_ORT_QUIET = 4  # onnxruntime severity FATAL: hides "cannot load libcublasLt" noise when CUDA is absent


def default_model_path():
    """$FLAME_LIPSYNC_MODEL, else <package root>/models/flame_lipsync.onnx."""
    env = os.environ.get(MODEL_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "models" / "flame_lipsync.onnx"


class LipSyncModel:
    """An onnxruntime session on the lip sync model.

    provider: "auto" (CUDA when usable, else CPU), "cpu", or "cuda" (raises LipSyncError when CUDA cannot run).
    After construction `.device` says what really runs ("CUDA" or "CPU") and `.fallback_reason` why "auto" did not
    get CUDA (None when it did, or when the CPU was asked for). `threads` caps onnxruntime's intra-op threads
    (default: onnxruntime's own choice, one per core), so that several worker processes share the cores.
    """

    def __init__(self, path=None, provider="auto", chunk_seconds=CHUNK_SECONDS, threads=None):
        if provider not in ("auto", "cpu", "cuda"):
            raise ValueError(f"provider must be auto, cpu or cuda, not {provider!r}")
        self.provider = provider
        self.path = Path(path) if path is not None else default_model_path()
        if not self.path.is_file():
            raise LipSyncError(f"Lip sync model not found: {self.path}")
        self.threads = threads
        self._session, self.device, self.fallback_reason = _open_session(self.path, provider, threads)
        meta = self._session.get_modelmeta().custom_metadata_map
        missing = [key for key in _REQUIRED_METADATA if key not in meta]
        missing += [name for name in OUTPUTS if name not in {o.name for o in self._session.get_outputs()}]
        if missing:
            raise LipSyncError(f"Lip sync model {self.path.name} lacks {', '.join(missing)}; "
                               "it was not exported for this version.")
        try:
            self.sample_rate = int(meta["sample_rate"])
            self.frame_rate = int(meta["frame_rate"])
            self.control_names = tuple(json.loads(meta["control_names"]))
            self.context_s = float(meta["context_s"])
            self.reference_frame = HeadFrame.from_dict(json.loads(meta["reference_frame"]))
        except (ValueError, KeyError, TypeError) as e:
            raise LipSyncError(f"Lip sync model {self.path.name} has malformed metadata ({e}).") from e
        self.version = meta.get("version", "unknown")
        self.recipe_commit = meta.get("recipe_commit", "unknown")
        self.hop = self.sample_rate // self.frame_rate
        self.context_frames = FRAME_ALIGN * int(np.ceil(self.context_s * self.frame_rate / FRAME_ALIGN))
        self.chunk_frames = max(FRAME_ALIGN, FRAME_ALIGN * int(chunk_seconds * self.frame_rate // FRAME_ALIGN))
        self._basis = None

    @property
    def basis(self):
        """[K, 5023, 3] float32 offsets (metres, reference head) per control, from the model's `basis` output."""
        if self._basis is None:
            self._basis = self._run(np.zeros(self.hop * 4, np.float32), np.zeros(0, np.int64))[2]
        return self._basis

    def predict(self, audio, progress=None):
        """Mono float32 audio at 16 kHz -> weights [T, K], T = N // hop + 1, frame t at t / frame_rate seconds."""
        return self.predict_with_closure(audio, progress)[0]

    def predict_with_closure(self, audio, progress=None):
        """Mono float32 audio at 16 kHz -> (weights [T, K], closure [T]); closure is the model's decision that the
        lips are shut (0..1), which the runtime carries out on each head (inference.lip_contact).

        Audio longer than a chunk runs in chunks with `context_s` of overlap on each side, so memory stays bounded
        and the result matches whole-file inference. `progress(fraction)` is called after each chunk; an exception
        it raises (e.g. to cancel) stops the prediction."""
        audio = self._check_audio(audio)
        total = model_frame_count(len(audio), self.hop)
        weights = np.empty((total, len(self.control_names)), np.float32)
        closure = np.empty(total, np.float32)
        for first, last, chunk_weights, _, chunk_closure in self._chunks(audio, None):
            weights[first:last] = chunk_weights
            closure[first:last] = chunk_closure
            if progress is not None:
                progress(last / total)
        return weights, closure

    def offsets(self, audio, frames):
        """Reference-head vertex offsets [M, 5023, 3] (metres, FLAME file frame) at model frames `frames`."""
        audio = self._check_audio(audio)
        frames = np.asarray(frames, dtype=np.int64).reshape(-1)
        total = model_frame_count(len(audio), self.hop)
        if frames.size and (frames.min() < 0 or frames.max() >= total):
            raise ValueError(f"frames must lie in [0, {total})")
        result = np.empty((len(frames),) + self.basis.shape[1:], np.float32)
        for first, last, _, chunk_offsets, _ in self._chunks(audio, frames):
            inside = (frames >= first) & (frames < last)
            result[inside] = chunk_offsets
        return result

    def _check_audio(self, audio):
        audio = np.asarray(audio, dtype=np.float32)
        if audio.ndim != 1:
            raise ValueError("audio must be mono: a 1-D array")
        return audio

    def chunk_plan(self, total):
        """[(first, last)] frame ranges covering [0, total): about chunk_seconds each (up to 1.5x, so a clip just
        over one chunk runs whole), seams on multiples of FRAME_ALIGN."""
        count = max(1, int(round(total / self.chunk_frames)))
        size = FRAME_ALIGN * -(-total // (count * FRAME_ALIGN))
        return [(first, min(first + size, total)) for first in range(0, total, size)]

    def _chunks(self, audio, frames):
        """Yield (first, last, weights[first:last], offsets of the requested frames in [first, last),
        closure[first:last])."""
        total = model_frame_count(len(audio), self.hop)
        for first, last in self.chunk_plan(total):
            start = max(0, first - self.context_frames)
            piece = audio[start * self.hop:(last + self.context_frames) * self.hop]
            if frames is None:  # the offsets and basis outputs cost a copy of the basis on every run
                (weights, closure), offsets = self._run(piece, np.zeros(0, np.int64), ("weights", "closure")), None
            else:
                weights, offsets, _, closure = self._run(piece, frames[(frames >= first) & (frames < last)] - start)
            yield first, last, weights[first - start:last - start], offsets, closure[first - start:last - start]

    def _run(self, audio, offset_frames, outputs=OUTPUTS):
        try:
            return self._session.run(list(outputs), {"audio": audio, "offset_frames": offset_frames})
        except Exception as e:  # onnxruntime raises its own exception types, not importable without it
            if not type(e).__module__.startswith("onnxruntime"):
                raise
            if self.device == "CUDA" and self.provider == "auto":
                self._session, self.device, _ = _open_session(self.path, "cpu", self.threads)
                self.fallback_reason = f"CUDA failed while running ({_first_line(e)[:200]})"
                return self._run(audio, offset_frames, outputs)
            raise LipSyncError(f"The lip sync model failed to run on {self.device}: {_first_line(e)}") from e


def _open_session(path, provider, threads=None):
    """-> (InferenceSession, device "CUDA"/"CPU", fallback reason or None)."""
    try:
        import onnxruntime as ort
    except ImportError as e:
        raise LipSyncError("onnxruntime is not installed; install the extension with its bundled wheels.") from e
    ort.set_default_logger_severity(_ORT_QUIET)
    options = ort.SessionOptions()
    options.log_severity_level = _ORT_QUIET
    # Idle worker threads sleep instead of spinning: spinning burnt half again the CPU time here for no gain, and
    # Blender's UI and other renders share the cores.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if threads:
        options.intra_op_num_threads = threads
    cuda_built = "CUDAExecutionProvider" in ort.get_available_providers()
    if provider == "cuda" and not cuda_built:
        raise LipSyncError("CUDA was requested but this onnxruntime has no CUDA provider (install onnxruntime-gpu).")
    providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if provider != "cpu" and cuda_built \
        else ["CPUExecutionProvider"]
    printed = io.StringIO()
    try:
        # When the CUDA provider fails to start, onnxruntime print()s an "EP Error" banner and retries on the CPU.
        with contextlib.redirect_stdout(printed):
            session = ort.InferenceSession(str(path), sess_options=options, providers=providers)
    except Exception as e:
        raise LipSyncError(f"Lip sync model {path.name} is damaged or not a usable ONNX model: {_first_line(e)}") \
            from e
    # Later CUDA failures raise (and _run falls back itself) instead of printing and switching providers silently.
    session.disable_fallback()
    device = "CUDA" if session.get_providers()[0] == "CUDAExecutionProvider" else "CPU"
    reason = None
    if device == "CPU" and provider != "cpu":
        detail = next((line for line in printed.getvalue().splitlines() if "EP Error" in line), "")
        reason = ("this onnxruntime has no CUDA provider" if not cuda_built else
                  "the CUDA provider could not start (no GPU, or CUDA 13 / cuDNN 9 libraries missing)"
                  + (f": {detail.strip('* ')[:200]}" if detail else ""))
    if provider == "cuda" and device != "CUDA":
        raise LipSyncError(f"CUDA was requested but {reason.removeprefix('the ')}.")
    return session, device, reason


def _first_line(error):
    return str(error).splitlines()[0] if str(error) else type(error).__name__
