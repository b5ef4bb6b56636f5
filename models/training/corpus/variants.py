# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Build-time variants of an utterance: tempo, pitch and vocal-tract-length warps (timings scaled
with the tempo) and lossy codec round trips (mp3, opus). Each returns audio at 16 kHz and a factor
by which the phone timings must be multiplied."""
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from . import audio

SR = audio.SAMPLE_RATE


def _fit_length(y, n):
    return y[:n] if len(y) >= n else np.pad(y, (0, n - len(y)))


def sox_tempo_pitch(x, tempo=1.0, cents=0.0):
    """WSOLA tempo change (duration / tempo, pitch kept) and pitch shift (duration kept) with sox."""
    effects = []
    if tempo != 1.0:
        effects += ["tempo", "-s", f"{tempo:.4f}"]
    if cents:
        effects += ["pitch", f"{cents:.1f}"]
    if not effects:
        return x.astype(np.float32)
    raw = ["-t", "raw", "-e", "floating-point", "-b", "32", "-r", str(SR), "-c", "1"]
    run = subprocess.run(
        ["sox", "-V1", *raw, "-", *raw, "-", *effects], input=x.astype(np.float32).tobytes(),
        capture_output=True, check=True,
    )
    y = np.frombuffer(run.stdout, dtype=np.float32)
    return _fit_length(y, int(round(len(x) / tempo)))


def vocal_tract_warp(x, alpha, lifter=24, nperseg=512):
    """Moves the spectral envelope (formants) by alpha while keeping the harmonics (pitch) in place:
    cepstral envelope per frame, warped along frequency, recombined with the fine structure and phase."""
    from scipy.signal import istft, stft

    hop = nperseg // 4
    _, _, spec = stft(x, fs=SR, nperseg=nperseg, noverlap=nperseg - hop)
    log_mag = np.log(np.abs(spec) + 1e-7)
    cepstrum = np.fft.irfft(log_mag, n=nperseg, axis=0)
    cepstrum[lifter:nperseg - lifter + 1] = 0.0
    envelope = np.fft.rfft(cepstrum, n=nperseg, axis=0).real
    bins = np.arange(spec.shape[0], dtype=np.float64)
    source = np.clip(bins / alpha, 0, bins[-1])
    lo = np.floor(source).astype(int)
    hi = np.minimum(lo + 1, len(bins) - 1)
    w = (source - lo)[:, None]
    warped = envelope[lo] * (1 - w) + envelope[hi] * w
    new_spec = np.exp(log_mag - envelope + warped) * np.exp(1j * np.angle(spec))
    _, y = istft(new_spec, fs=SR, nperseg=nperseg, noverlap=nperseg - hop)
    y = _fit_length(y.astype(np.float32), len(x))
    peak = np.max(np.abs(y)) + 1e-9
    return y * min(1.0, np.max(np.abs(x)) / peak)


def codec_round_trip(x, codec, kbps):
    """Encodes to mp3 or opus with ffmpeg and decodes back to 16 kHz; same length as the input."""
    encoder, ext = {"mp3": ("libmp3lame", "mp3"), "opus": ("libopus", "ogg")}[codec]
    with tempfile.TemporaryDirectory(prefix="codec_") as tmp:
        src, enc = Path(tmp) / "in.wav", Path(tmp) / f"enc.{ext}"
        audio.write(src, x)
        quiet = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
        subprocess.run([*quiet, "-i", str(src), "-c:a", encoder, "-b:a", f"{kbps}k", str(enc)], check=True)
        run = subprocess.run(
            [*quiet, "-i", str(enc), "-f", "f32le", "-ac", "1", "-ar", str(SR), "-"], capture_output=True, check=True,
        )
    return _fit_length(np.frombuffer(run.stdout, dtype=np.float32).copy(), len(x))


def random_warp(rng):
    """Parameters of a warp variant: tempo 0.8-1.25, pitch +-300 cents, vocal tract 0.88-1.12."""
    return {
        "tempo": float(np.round(np.exp(rng.uniform(np.log(0.8), np.log(1.25))), 3)),
        "cents": float(np.round(rng.uniform(-300, 300))),
        "vtl": float(np.round(rng.uniform(0.88, 1.12), 3)),
    }


def random_codec(rng):
    codec = str(rng.choice(["mp3", "opus"]))
    kbps = int(rng.choice([16, 24, 32, 48] if codec == "mp3" else [8, 12, 16, 24]))
    return {"codec": codec, "kbps": kbps}


def apply(x, spec):
    """(audio, timing factor, description) for a variant spec from random_warp or random_codec."""
    if "codec" in spec:
        return codec_round_trip(x, spec["codec"], spec["kbps"]), 1.0, f"{spec['codec']} {spec['kbps']}k"
    y = sox_tempo_pitch(x, spec["tempo"], spec["cents"])
    if spec["vtl"] != 1.0:
        y = vocal_tract_warp(y, spec["vtl"])
    desc = f"tempo {spec['tempo']:.3f} pitch {spec['cents']:+.0f}c vtl {spec['vtl']:.3f}"
    return y, 1.0 / spec["tempo"], desc
