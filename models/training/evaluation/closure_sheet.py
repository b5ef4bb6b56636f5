# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A contact sheet of lip closure on several FLAME heads: for each head, the middle of an /m/ with the model's weights
as they come (carried onto the head), the same frame after the head's own closure step, and an open vowel.

    python -m models.training.evaluation.closure_sheet --out models/closure_contact_sheet.png

Heads: the mean head, the real heads of ../shared/eval/heads, and a variant of the mean head whose lips rest 3 mm
apart. Speech: a sentence of the held-out flite voice rms, frames picked from flite's own phone timings (the longest
/m/ and the longest open vowel). Front view of the lips, Workbench; skin tinted by how far it moved.
"""

import argparse
import tempfile
from pathlib import Path

import numpy as np

from inference import pipeline
from inference.flame_topology import MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT
from inference.model import LipSyncModel

from ..corpus import flite
from ..corpus.voices import VAL_FLITE_VOICE
from ..rig.contact_sheet import VIEWS, MeshScene
from ..teacher.phonemes import phone_class
from .heads import heads

SENTENCE = "My mom made a warm plum jam."
FPS = 60
TILE = (220, 150)
LABEL_H = 18
COLUMNS = ("/m/, model only", "/m/, this head's closure", "open vowel")


def longest(phones, kind):
    """Centre time of the longest phone of a class."""
    label, start, end = max((p for p in phones if kind in phone_class(p[0], "arpabet")), key=lambda p: p[2] - p[1])
    return (start + end) / 2


def render(out):
    from PIL import Image, ImageDraw, ImageFont

    model = LipSyncModel(provider="cpu")
    with tempfile.TemporaryDirectory() as tmp:
        import soundfile

        audio, phones = flite.synth(SENTENCE, VAL_FLITE_VOICE)
        wav = Path(tmp) / "sentence.wav"
        soundfile.write(wav, audio, 16000)
        frames = [round(longest(phones, "bilabial") * FPS)] * 2 + [round(longest(phones, "open") * FPS)]
        found = heads(["lips 3 mm apart"])
        sheet = Image.new("RGB", (len(COLUMNS) * TILE[0], LABEL_H + len(found) * (TILE[1] + LABEL_H)), "white")
        draw = ImageDraw.Draw(sheet)
        font = ImageFont.load_default(size=13)
        for column, title in enumerate(COLUMNS):
            draw.text((column * TILE[0] + 4, 2), title, fill="black", font=font)
        view = VIEWS["lips"][0]
        for row, (name, (vertices, triangles)) in enumerate(found.items()):
            runs = [pipeline.run(pipeline.Job(pipeline.AudioSource(str(wav)), FPS, head_vertices=head), model)
                    for head in (None, vertices)]
            own = runs[1]
            scene = MeshScene(vertices, triangles, TILE)
            y = LABEL_H + row * (TILE[1] + LABEL_H)
            draw.text((4, y + 2), name.removeprefix("FaceTalk_"), fill="black", font=font)
            for column, (frame, result) in enumerate(zip(frames, (runs[0], own, own))):
                scene.pose(np.einsum("k,kvc->vc", result.weights[frame], own.shapes))
                tile = Path(tmp) / f"{row}_{column}.png"
                centre = vertices[[MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT]].mean(axis=0)
                scene.render((view[0], tuple(centre + [0.0, 0.0, 0.01]), view[2]), tile)
                sheet.paste(Image.open(tile).convert("RGB"), (column * TILE[0], y + LABEL_H))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.quantize(colors=64, dither=Image.Dither.NONE).save(out, optimize=True)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("models/closure_contact_sheet.png"))
    print(render(parser.parse_args(argv).out))


if __name__ == "__main__":
    main()
