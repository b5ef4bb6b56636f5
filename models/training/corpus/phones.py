# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Phone lists as (label, start_s, end_s): made contiguous and fitted to the audio they describe."""


def fit_to_duration(phones, duration, pause):
    """Contiguous phones covering exactly [0, duration]: gaps become pauses, overhangs are cut.

    Synthesisers report a last end that differs from the wave length by a few milliseconds
    (or leave trailing silence unlabelled); this makes every list cover its audio exactly.
    """
    out = []
    cursor = 0.0
    for label, start, end in phones:
        start, end = max(start, cursor), min(end, duration)
        if start - cursor > 1e-4:
            out.append([pause, round(cursor, 5), round(start, 5)])
            cursor = start
        if end - cursor > 1e-4:
            out.append([label, round(cursor, 5), round(end, 5)])
            cursor = end
    if duration - cursor > 1e-4:
        if out and out[-1][0] == pause:
            out[-1][2] = round(duration, 5)
        else:
            out.append([pause, round(cursor, 5), round(duration, 5)])
    elif out:
        out[-1][2] = round(duration, 5)
    return out


def from_ends(labelled_ends):
    """(label, end_s) pairs, each phone starting where the previous ended, to (label, start, end)."""
    phones = []
    start = 0.0
    for label, end in labelled_ends:
        phones.append((label, start, end))
        start = end
    return phones


def scale(phones, factor):
    """Timings multiplied by factor (a tempo change by 1/factor)."""
    return [[label, round(start * factor, 5), round(end * factor, 5)] for label, start, end in phones]
