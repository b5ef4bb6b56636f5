# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Training examples from the corpus: fixed-length crops of utterances, augmented on the fly, with the teacher's
ARKit curves and per-frame labels (labels.frame_labels) as targets.

Example `i` of a run is drawn from its own generator seeded by (seed, i), so a run is reproducible and resumes
exactly from any step whatever the data loader's worker layout.
"""

import numpy as np
import soundfile as sf
import torch
from scipy.signal import resample

from inference.timing import model_frame_count

from ..corpus import manifest
from ..corpus.augment import load_babble, random_augment
from ..teacher.curves import teacher_curves
from .labels import frame_labels
from .log_mel import FRAME_RATE, HOP, SAMPLE_RATE

SEGMENT_FRAMES = 400               # 4 s crops; the model sees T = SEGMENT_FRAMES + 1 frames
LOUDNESS_WINDOW = 2 * HOP


def read_split(corpus_dir, split):
    records = [r for r in manifest.read(corpus_dir / "manifest.jsonl", corpus_dir) if r["split"] == split]
    if not records:
        raise SystemExit(f"no {split!r} utterances in {corpus_dir / 'manifest.jsonl'}")
    return records


def frame_loudness(audio, n_frames):
    """RMS envelope at the frame rate: windows of LOUDNESS_WINDOW samples centred on each frame."""
    half = LOUDNESS_WINDOW // 2
    padded = np.pad(np.asarray(audio, dtype=np.float64) ** 2, (half, half + n_frames * HOP))
    sums = np.concatenate([[0.0], np.cumsum(padded)])
    starts = np.arange(n_frames) * HOP
    return np.sqrt((sums[starts + LOUDNESS_WINDOW] - sums[starts]) / LOUDNESS_WINDOW).astype(np.float32)


def utterance_targets(record, audio, parted=False):
    """Teacher weights [T, 43] and frame labels [T, 4] (labels.frame_labels) on the model's frame grid
    (T = N // 160 + 1); `parted`: the teacher's lips held apart at consonants no lip takes part in (teacher_curves)."""
    n_frames = model_frame_count(len(audio), HOP)
    duration = len(audio) / SAMPLE_RATE
    teacher_frames = int(round(duration * FRAME_RATE))
    curves = teacher_curves(record["phones"], record["inventory"], fps=FRAME_RATE, duration=duration,
                            loudness=frame_loudness(audio, teacher_frames), parted=parted)
    weights = np.zeros((n_frames, curves.shape[1]), dtype=np.float32)
    weights[: min(n_frames, len(curves))] = curves[:n_frames]
    weights[len(curves):] = curves[-1] if len(curves) else 0.0
    return weights, frame_labels(record["phones"], record["inventory"], n_frames)


class Utterances:
    """Audio and targets of corpus records, loaded on first use and kept (audio as int16)."""

    def __init__(self, corpus_dir, records, parted=False):
        self.corpus_dir = corpus_dir
        self.records = records
        self.parted = parted
        self._cache = {}

    def __len__(self):
        return len(self.records)

    def __getitem__(self, index):
        if index not in self._cache:
            record = self.records[index]
            pcm, rate = sf.read(str(self.corpus_dir / record["audio"]), dtype="int16", always_2d=True)
            if rate != SAMPLE_RATE:
                raise ValueError(f"{record['audio']}: {rate} Hz, the corpus must be {SAMPLE_RATE} Hz")
            pcm = pcm[:, 0]
            weights, labels = utterance_targets(record, pcm.astype(np.float32) / 32768.0, self.parted)
            self._cache[index] = (pcm, weights.astype(np.float16), labels.astype(np.uint8))
        pcm, weights, labels = self._cache[index]
        return pcm.astype(np.float32) / 32768.0, weights.astype(np.float32), labels.astype(np.float32)


def crop(audio, weights, labels, start_frame, frames=SEGMENT_FRAMES):
    """frames * HOP samples from start_frame, zero-padded past the end (the face rests there, no speech)."""
    samples = np.zeros(frames * HOP, dtype=np.float32)
    piece = audio[start_frame * HOP: (start_frame + frames) * HOP]
    samples[: len(piece)] = piece
    targets = []
    for per_frame in (weights, labels):
        padded = np.zeros((frames + 1, per_frame.shape[1]), dtype=np.float32)
        part = per_frame[start_frame: start_frame + frames + 1]
        padded[: len(part)] = part
        targets.append(padded)
    return samples, *targets


def change_speed(samples, weights, labels, frames):
    """A crop played faster or slower (speed perturbation: tempo and pitch together) to `frames` frames: the
    audio resampled to frames * HOP samples, targets and labels read off the same time warp (targets interpolated,
    labels taken from the nearest frame, so that flags stay 0/1 and classes stay classes)."""
    audio = resample(samples, frames * HOP).astype(np.float32)
    source = np.linspace(0.0, len(weights) - 1, frames + 1)
    index = np.arange(len(weights))
    warped = np.stack([np.interp(source, index, column) for column in weights.T], axis=1).astype(np.float32)
    return audio, warped, labels[np.rint(source).astype(int)]


class TrainingExamples(torch.utils.data.Dataset):
    """Example i: an utterance drawn in proportion to its duration, a random crop, a random augmentation; with a
    speed range other than (1, 1), a `speed_share` of the crops is played at a random speed from it (faster
    speech has the short /p b m/ closures of real conversation that the synthesisers rarely make)."""

    def __init__(self, utterances, seed, augment=True, frames=SEGMENT_FRAMES, size=2 ** 40, speed_range=(1.0, 1.0),
                 speed_share=0.0):
        self.utterances = utterances
        self.seed = seed
        self.augment = augment
        self.frames = frames
        self.size = size
        self.speed_range = tuple(speed_range)
        self.speed_share = speed_share
        durations = np.array([r["duration"] for r in utterances.records], dtype=np.float64)
        self.probabilities = durations / durations.sum()
        self._babble = False  # loaded in the worker on first use; None when the corpus has no babble track

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        rng = np.random.default_rng([self.seed, index])
        audio, weights, labels = self.utterances[int(rng.choice(len(self.utterances), p=self.probabilities))]
        speed = 1.0
        if self.speed_range != (1.0, 1.0) and rng.random() < self.speed_share:
            speed = float(rng.uniform(*self.speed_range))
        frames = int(round(self.frames * speed))
        start = int(rng.integers(0, max(1, len(weights) - frames)))
        samples, weights, labels = crop(audio, weights, labels, start, frames)
        if frames != self.frames:
            samples, weights, labels = change_speed(samples, weights, labels, self.frames)
        if self.augment:
            if self._babble is False:
                self._babble = load_babble(self.utterances.corpus_dir / "babble.wav")
            samples = random_augment(samples, rng, self._babble)
        return torch.from_numpy(samples), torch.from_numpy(weights), torch.from_numpy(labels)

