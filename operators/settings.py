# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Scene.flame_lipsync: the sidebar's choices and what the last run did."""

import bpy
from bpy.props import BoolProperty, EnumProperty, FloatProperty, IntProperty, PointerProperty, StringProperty

from ..inference.face.emotion import EMOTIONS
from ..inference.face.layers import DEFAULT_SEED, FaceOptions
from . import character_keys

DEVICES = (
    ('AUTO', "Auto", "The GPU (CUDA) when one is usable, else the CPU (the report says why)"),
    ('CPU', "CPU", "Always the CPU"),
    ('CUDA', "CUDA", "Only the NVIDIA GPU; stops with a message when CUDA cannot run"),
)
DEFAULT_INTENSITY = 1.0
DEFAULT_SMOOTHING = 0.02
EMOTION_ITEMS = tuple((name.upper(), name.capitalize(), f"Speak {name}" if name != "neutral" else "No emotion")
                      for name in EMOTIONS)
LAYER_ITEMS = (
    ('LIPS', "Lips", "The mouth, jaw and cheeks from the speech, shaped by the emotion and style"),
    ('EYES', "Eyes", "Blinks, gaze (eyeLook shapes) and the emotion's lids"),
    ('BROWS', "Brows", "Brow raises on pitch accents and the emotion's brows"),
    ('HEAD', "Head", "Head motion about the neck joint, on a head rig the extension adds"),
)
FACE_OPTIONS = ("seed", "emotion", "emotion_strength", "jaw", "lips", "layers")


def face_properties():
    """The face's options (README, "The whole face"), the same for the sidebar and Generate's arguments."""
    return {
        "seed": IntProperty(name="Seed", default=DEFAULT_SEED, min=0,
                            description="Another seed gives other blinks, gaze, brows and head motion, never "
                                        "another mouth"),
        "emotion": EnumProperty(name="Emotion", items=EMOTION_ITEMS, default='NEUTRAL'),
        "emotion_strength": FloatProperty(name="Emotion Strength", default=1.0, min=0.0, max=1.0,
                                          subtype='FACTOR', description="How strongly the emotion shows"),
        "jaw": FloatProperty(name="Jaw", default=1.0, min=0.0, max=2.0,
                             description="Jaw articulation (1 = as predicted); closures still meet"),
        "lips": FloatProperty(name="Lips", default=1.0, min=0.0, max=2.0,
                              description="Lip articulation (1 = as predicted); closures still meet"),
        "layers": EnumProperty(name="Layers", items=LAYER_ITEMS, options={'ENUM_FLAG'},
                               default={item[0] for item in LAYER_ITEMS},
                               description="The parts of the face that move; a part left out stays at rest"),
    }


def face_options(values):
    """inference's FaceOptions from the properties' values ({name: value}); LipSyncError for bad ones."""
    return FaceOptions(values["seed"], values["emotion"].lower(), values["emotion_strength"], values["jaw"],
                       values["lips"], tuple(layer.lower() for layer in values["layers"]))


def _is_mesh(_settings, obj):
    return obj.type == 'MESH'


class FLAME_LIPSYNC_PG_settings(bpy.types.PropertyGroup):
    strip: StringProperty(
        name="Sound Strip",
        description="Sound strip to lip sync; empty uses the active or selected sound strip")
    target: PointerProperty(
        name="Head", type=bpy.types.Object, poll=_is_mesh,
        description="FLAME-topology mesh, or a character with ARKit-named shape keys, to animate; empty uses the "
                    "active object")
    intensity: FloatProperty(
        name="Intensity", default=DEFAULT_INTENSITY, min=0.0, max=2.0,
        description="Scales every shape key weight (1 = as the model predicts)")
    smoothing: FloatProperty(
        name="Smoothing", default=DEFAULT_SMOOTHING, min=0.0, max=0.5, step=1, precision=3, unit='TIME_ABSOLUTE',
        description="Width in seconds of the smoothing applied to the curves (0 = none)")
    device: EnumProperty(name="Device", items=DEVICES, default='AUTO', description="Where the model runs")

    has_report: BoolProperty(default=False)
    report_target: StringProperty()
    report_source: StringProperty()
    report_clip_seconds: FloatProperty()
    report_frames: IntProperty()
    report_first_frame: IntProperty()
    report_device: StringProperty()
    report_note: StringProperty()
    report_seconds: FloatProperty()
    report_keys: StringProperty()  # a character's driven and missing controls (character_keys.coverage)


FLAME_LIPSYNC_PG_settings.__annotations__.update(face_properties())
classes = (FLAME_LIPSYNC_PG_settings,)


def register():
    bpy.types.Scene.flame_lipsync = PointerProperty(type=FLAME_LIPSYNC_PG_settings)
    bpy.types.Object.flame_lipsync_key_map = character_keys.key_map_property()


def unregister():
    del bpy.types.Object.flame_lipsync_key_map
    del bpy.types.Scene.flame_lipsync
