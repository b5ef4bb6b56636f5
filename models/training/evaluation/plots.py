# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""PNG plots of lip aperture over time with phoneme bars, the teacher's aperture and the thresholds."""

from pathlib import Path

import numpy as np

from ..teacher.phonemes import phone_class
from . import sync_scores

# Bar colour per phone class, most telling class first.
_CLASS_COLOURS = (("bilabial", "#d62728"), ("open", "#2ca02c"), ("rounded", "#9467bd"), ("pause", "#dddddd"))
_OTHER_COLOUR = "#9ecae1"
_LOUDNESS_RANGE_DBFS = (-70.0, -10.0)


def _bar_colour(label, inventory):
    classes = phone_class(label, inventory)
    return next((colour for name, colour in _CLASS_COLOURS if name in classes), _OTHER_COLOUR)


def plot_clip(path: Path, clip, series: dict, fps: float):
    """Aperture (mm) of the prediction, of the teacher where there are phones, the predicted narrowing of the
    mouth corners, phone bars or the loudness where there are none, long pauses or silences shaded, and the 1 mm
    (closed) and 5 mm (open) thresholds dotted."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    aperture = series["aperture"] * 1000
    times = np.arange(len(aperture)) / fps
    figure, axes = plt.subplots(figsize=(min(4 + len(aperture) / 60, 14), 3.4), dpi=90)
    for start, end in series["pauses"]:
        axes.axvspan(start, end, color="#f0f0f0", zorder=0)
    threshold_lines(axes)
    top = max(float(np.max(aperture)), sync_scores.OPEN_M * 1000 * 1.6)
    if "teacher" in series:
        axes.plot(times, series["teacher"] * 1000, color="#ff7f0e", lw=1.2, ls="--", label="teacher")
        top = max(top, float(np.max(series["teacher"])) * 1000)
    narrowing = np.maximum(series["narrowing"], 0.0) * 1000
    top = max(top, float(np.max(narrowing)))
    axes.plot(times, narrowing, color="#9467bd", lw=0.8, label="corners narrower than rest")
    axes.plot(times, aperture, color="#1f77b4", lw=1.5, label="prediction")
    if clip.phones is not None:
        draw_phones(axes, clip.phones, clip.inventory, top)
    else:
        # Loudness on a fixed dBFS scale, so that a near-silent clip looks quiet; the silence threshold dashed.
        low, high = _LOUDNESS_RANGE_DBFS
        level = 20 * np.log10(np.maximum(series["envelope"], 1e-10))
        scaled = (np.clip(level, low, high) - low) / (high - low) * top
        axes.fill_between(times, 0, scaled, color="#bbbbbb", alpha=0.5,
                          label=f"loudness ({low:g} to {high:g} dBFS)")
        axes.axhline((sync_scores.SILENCE_DBFS - low) / (high - low) * top, color="#888888", lw=0.8, ls="--")
        axes.set_ylim(0, top * 1.05)
    finish(figure, axes, path, times[-1], f"{clip.group}: {clip.name} ({clip.subset})")


def threshold_lines(axes):
    """The 1 mm (closed) and 5 mm (open) apertures, dotted."""
    axes.axhline(sync_scores.CLOSED_M * 1000, color="#d62728", lw=0.8, ls=":")
    axes.axhline(sync_scores.OPEN_M * 1000, color="#2ca02c", lw=0.8, ls=":")


def finish(figure, axes, path, duration, title):
    """Axes labelled (seconds, mm), titled, with a legend; saved to `path` as a small PNG and closed."""
    import matplotlib.pyplot as plt

    axes.set_xlim(0, duration)
    axes.set_xlabel("time (s)")
    axes.set_ylabel("mm")
    axes.set_title(title, fontsize=9)
    axes.legend(loc="upper right", fontsize=7)
    figure.tight_layout()
    save_small_png(figure, path)
    plt.close(figure)


def draw_phones(axes, phones, inventory, top):
    """Phone bars, coloured by class and labelled, under a plot whose values reach `top`."""
    import matplotlib.pyplot as plt

    bar = top * 0.1
    for label, start, end in phones:
        axes.add_patch(plt.Rectangle((start, -bar * 1.2), end - start, bar, color=_bar_colour(label, inventory), lw=0))
        if "pause" not in phone_class(label, inventory):
            axes.text((start + end) / 2, -bar * 0.7, label.lower(), ha="center", va="center", fontsize=6)
    axes.set_ylim(-bar * 1.3, top * 1.05)


def save_small_png(figure, path):
    """A flat-colour line plot loses nothing visible in a 64-colour palette, at a third of the bytes."""
    import io

    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    buffer.seek(0)
    with Image.open(buffer) as image:
        image.convert("RGB").quantize(colors=64).save(path, optimize=True)
