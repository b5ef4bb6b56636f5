# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import numpy as np
import pytest

from inference.audio import load_audio
from models.training.evaluation.alignment import AlignmentError, align, phones_of, split_compound, transcript_words
from models.training.evaluation.evaluate import eval_speech_dir
from models.training.evaluation.sync_scores import rms_envelope


def test_transcript_words_keep_letters_and_apostrophes():
    assert transcript_words("Unless a system... In this regard, don't!") == [
        "unless", "a", "system", "in", "this", "regard", "don't"]


def test_split_compound_finds_fewest_dictionary_words():
    known = {"there", "under", "the", "re", "thereunder_not"}
    assert split_compound("thereunder", known) == ["there", "under"]
    assert split_compound("xyzzy", known) is None


def test_unknown_word_that_is_no_compound_is_refused():
    with pytest.raises(AlignmentError, match="qzxqzx"):
        align(np.zeros(16000, dtype=np.float32), "go qzxqzx")


def test_alignment_of_a_real_clip_has_plausible_phones():
    clip = eval_speech_dir() / "pocketsphinx_goforward.wav"
    audio = load_audio(clip)
    words = align(audio, "go forward ten meters")
    duration = len(audio) / 16000

    assert [w.text for w in words if w.text != "sil"] == ["go", "forward", "ten", "meters"]
    assert [p[0] for w in words if w.text == "meters" for p in w.phones] == ["M", "IY", "T", "ER", "Z"]
    phones = phones_of(words)
    assert phones[0][1] == 0.0 and abs(phones[-1][2] - duration) < 0.05
    for (_, start, end), (_, next_start, _) in zip(phones, phones[1:]):
        assert 0.0 <= start < end <= next_start + 1e-9
    # The aligned silences are clearly quieter than the aligned words (13.7 dB here).
    envelope = rms_envelope(audio, 16000, 100, int(duration * 100))
    def level(selected):
        frames = np.concatenate([np.arange(int(s * 100), int(e * 100)) for s, e in selected])
        return 20 * np.log10(np.mean(envelope[frames[frames < len(envelope)]]))
    silent = level([(w.start, w.end) for w in words if w.text == "sil"])
    spoken = level([(w.start, w.end) for w in words if w.text != "sil"])
    assert spoken - silent > 10.0
