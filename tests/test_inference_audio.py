# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""inference.audio: formats, channels, rates, trims and the errors users see."""

import shutil
import subprocess

import numpy as np
import pytest
import soundfile
from scipy.signal import resample_poly

from inference.audio import _collect, _resample_stream, load_audio
from inference.errors import LipSyncError
from inference.resample import ratio, resample


def tone_with_onset(rate, seconds=3.0, onset=1.0, channels=2):
    """Silence, then a 440 Hz tone from `onset` s; the right channel at half level."""
    t = np.arange(int(rate * seconds)) / rate
    mono = (0.5 * np.sin(2 * np.pi * 440 * t) * (t >= onset)).astype(np.float32)
    return mono if channels == 1 else np.stack([mono, 0.5 * mono], axis=1)


def onset_seconds(audio):
    return np.argmax(np.abs(audio) > 0.1) / 16000


@pytest.mark.parametrize("name, kwargs", [
    ("a.wav", {}), ("a.flac", {}), ("a.ogg", {}),
    ("opus.ogg", {"format": "OGG", "subtype": "OPUS"}), ("a.mp3", {}),
])
def test_formats_decode_to_16k_mono_with_exact_timing(tmp_path, name, kwargs):
    path = tmp_path / name
    soundfile.write(path, tone_with_onset(48000), 48000, **kwargs)
    audio = load_audio(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert len(audio) == 48000
    assert onset_seconds(audio) == pytest.approx(1.0, abs=0.002)
    # Mean of the two channels: 0.75 x 0.5 amplitude.
    assert np.abs(audio[20000:]).max() == pytest.approx(0.375, abs=0.05)


def test_trim_cuts_source_range(tmp_path):
    path = tmp_path / "a.flac"
    soundfile.write(path, tone_with_onset(44100), 44100)
    cut = load_audio(path, start_s=0.5, end_s=2.5)
    assert len(cut) == 32000
    assert onset_seconds(cut) == pytest.approx(0.5, abs=0.002)
    assert len(load_audio(path, start_s=2.0)) == 16000
    assert len(load_audio(path, end_s=10.0)) == 48000  # a range past the end stops at the end


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
@pytest.mark.parametrize("name", ["lame.mp3", "libopus.opus"])
def test_ffmpeg_encoded_files_keep_timing(tmp_path, name):
    source = tmp_path / "source.wav"
    soundfile.write(source, tone_with_onset(44100), 44100)
    path = tmp_path / name
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(source), str(path)], check=True)
    assert onset_seconds(load_audio(path)) == pytest.approx(1.0, abs=0.002)
    assert onset_seconds(load_audio(path, start_s=0.25)) == pytest.approx(0.75, abs=0.002)


@pytest.mark.parametrize("rate", [8000, 11025, 22050, 96000])
def test_any_rate_mono_or_stereo(tmp_path, rate):
    path = tmp_path / "a.wav"
    soundfile.write(path, tone_with_onset(rate, channels=1), rate, subtype="FLOAT")
    audio = load_audio(path)
    assert len(audio) == 48000
    assert onset_seconds(audio) == pytest.approx(1.0, abs=0.002)
    assert np.abs(audio[20000:]).max() == pytest.approx(0.5, abs=0.02)


@pytest.mark.parametrize("rate", [8000, 11025, 12000, 22050, 32000, 44100, 48000, 88200, 96000])
def test_numpy_resampler_equals_scipy_resample_poly(rate):
    rng = np.random.default_rng(rate)
    up, down = ratio(rate, 16000)
    # The longest spans several matrix-vector row blocks where phases are few (8, 32, 48, 96 kHz).
    for length in (1, 7, 1000, 3 * 8192 * down + 5 if up <= 2 else 50000):
        signal = rng.standard_normal(length).astype(np.float32)
        ours, scipys = resample(signal, up, down), resample_poly(signal, up, down)
        assert ours.dtype == np.float32 and len(ours) == len(scipys)
        np.testing.assert_allclose(ours, scipys, atol=2e-6)


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000, 96000])
def test_block_resampling_equals_whole_signal_resampling(rate):
    signal = np.random.default_rng(rate).standard_normal(rate * 2 + 77).astype(np.float32)
    blocks = (signal[i:i + 1234] for i in range(0, len(signal), 1234))
    streamed = np.concatenate(list(_resample_stream(blocks, rate, 16000)))
    whole = resample(signal, *ratio(rate, 16000))
    assert len(streamed) == len(whole)
    np.testing.assert_allclose(streamed, whole, atol=1e-6)


@pytest.mark.parametrize("expected", [0, 5, 1000, 10**6])
def test_collect_handles_wrong_length_estimates(expected):
    """Codecs' frame counts can be estimates (mp3) or lies (damaged headers)."""
    pieces = [np.full(n, i, np.float32) for i, n in enumerate([3, 400, 0, 77])]
    np.testing.assert_array_equal(_collect(iter(pieces), expected), np.concatenate(pieces))


def assert_one_line_error(call, *fragments):
    with pytest.raises(LipSyncError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_errors_for_missing_corrupt_and_empty_files(tmp_path):
    assert_one_line_error(lambda: load_audio(tmp_path / "nothere.wav"), "not found", "nothere.wav")
    (tmp_path / "zero.wav").write_bytes(b"")
    assert_one_line_error(lambda: load_audio(tmp_path / "zero.wav"), "zero.wav", "empty")
    (tmp_path / "text.mp3").write_text("this is not audio\n" * 50)
    assert_one_line_error(lambda: load_audio(tmp_path / "text.mp3"), "Cannot read audio file text.mp3")
    flac = tmp_path / "a.flac"
    soundfile.write(flac, tone_with_onset(48000), 48000)
    (tmp_path / "cut.flac").write_bytes(flac.read_bytes()[:100])
    assert_one_line_error(lambda: load_audio(tmp_path / "cut.flac"), "Cannot read audio file cut.flac")
    soundfile.write(tmp_path / "silent.wav", np.zeros((0, 2), np.float32), 44100)
    assert_one_line_error(lambda: load_audio(tmp_path / "silent.wav"), "contains no audio")
    assert_one_line_error(lambda: load_audio(flac, start_s=5.0), "no audio after 5 s", "lasts 3 s")
    assert_one_line_error(lambda: load_audio(flac, start_s=2.0, end_s=1.0), "range", "empty")


def test_nan_and_infinite_samples_are_refused_with_their_count(tmp_path):
    audio = tone_with_onset(48000, channels=1)
    audio[[100, 30000, 30001]] = np.nan
    audio[40000] = np.inf
    soundfile.write(tmp_path / "bad.wav", audio, 48000, subtype="FLOAT")
    assert_one_line_error(lambda: load_audio(tmp_path / "bad.wav"), "bad.wav", "4 invalid (NaN or infinite) samples")


def test_a_format_soundfile_cannot_read_is_named(tmp_path):
    if not shutil.which("ffmpeg"):
        pytest.skip("needs ffmpeg to make the AAC file")
    soundfile.write(tmp_path / "a.wav", tone_with_onset(44100), 44100)
    subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(tmp_path / "a.wav"), "-c:a", "aac",
                    str(tmp_path / "voice.m4a")], check=True)
    message = assert_one_line_error(lambda: load_audio(tmp_path / "voice.m4a"), "Cannot decode .m4a files here",
                                    "voice.m4a")
    assert "damaged" not in message
