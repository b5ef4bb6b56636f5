"""Scene.flame_lipsync: the sidebar's choices and what the last run did."""

import bpy
from bpy.props import BoolProperty, EnumProperty, FloatProperty, IntProperty, PointerProperty, StringProperty

from . import character_keys

DEVICES = (
    ('AUTO', "Auto", "The GPU (CUDA) when one is usable, else the CPU (the report says why)"),
    ('CPU', "CPU", "Always the CPU"),
    ('CUDA', "CUDA", "Only the NVIDIA GPU; stops with a message when CUDA cannot run"),
)
DEFAULT_INTENSITY = 1.0
DEFAULT_SMOOTHING = 0.02


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


classes = (FLAME_LIPSYNC_PG_settings,)


def register():
    bpy.types.Scene.flame_lipsync = PointerProperty(type=FLAME_LIPSYNC_PG_settings)
    bpy.types.Object.flame_lipsync_key_map = character_keys.key_map_property()


def unregister():
    del bpy.types.Object.flame_lipsync_key_map
    del bpy.types.Scene.flame_lipsync
