# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A babble track for noise augmentation: several training voices talking at once."""
import numpy as np

from . import audio

SECONDS = 120
TALKERS = 6


def make_babble(records, corpus_dir, rng):
    """TALKERS overlapping streams of random unaugmented training utterances, level-normalised."""
    pool = [r for r in records if r["split"] == "train" and r["augment"] is None]
    n = SECONDS * audio.SAMPLE_RATE
    mix = np.zeros(n, np.float32)
    if not pool:
        return None
    for _ in range(TALKERS):
        stream, filled = np.zeros(n, np.float32), 0
        while filled < n:
            x, _ = audio.read(corpus_dir / pool[int(rng.integers(len(pool)))]["audio"])
            x = x / (np.sqrt(np.mean(x**2)) + 1e-9)
            take = min(len(x), n - filled)
            stream[filled:filled + take] = x[:take]
            filled += take
        mix += np.roll(stream, int(rng.integers(n)))
    return 0.1 * mix / (np.sqrt(np.mean(mix**2)) + 1e-9)
