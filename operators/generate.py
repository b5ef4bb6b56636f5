# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Generate Lip Sync: settings in, one inference job, shape keys and keyframes out, a report back."""

import os
import time

import bpy
from bpy.props import EnumProperty, FloatProperty, IntProperty, StringProperty

from ..inference import pipeline
from ..inference.errors import LipSyncError
from ..inference.pipeline import AudioSource
from . import bake, blender_audio, blender_compat, character_keys, strip_audio, target_mesh
from .settings import DEFAULT_INTENSITY, DEFAULT_SMOOTHING, DEVICES, FACE_OPTIONS, face_options, face_properties
from .worker import Worker

_OPTIONS = ("intensity", "smoothing", "device") + FACE_OPTIONS


def why_not_ready(context):
    """Why the sidebar's Generate button cannot run now (None when it can)."""
    if FLAME_LIPSYNC_OT_generate.running is not None:
        return "A lip sync is already running (Esc cancels it)."
    settings = context.scene.flame_lipsync
    try:
        target_mesh.check_animatable(target_mesh.find_target(context, "", settings))
        strip_audio.find_sound_strip(context.scene, settings.strip)
    except LipSyncError as e:
        return str(e)
    return None


class FLAME_LIPSYNC_OT_generate(bpy.types.Operator):
    """Animate the head's shape keys from the speech in a sound strip (or an audio file)"""
    bl_idname = "flame_lipsync.generate"
    bl_label = "Generate Lip Sync"
    bl_options = {'REGISTER', 'UNDO'}

    strip: StringProperty(name="Sound Strip", description="Sound strip by name; empty: the panel's choice, "
                                                          "else the active or selected sound strip")
    filepath: StringProperty(name="Audio File", subtype='FILE_PATH', options=blender_compat.relative_path_options(),
                             description="Audio file to use instead of a strip, placed at Frame Start")
    frame_start: IntProperty(name="Frame Start", default=1, description="Scene frame where the audio file starts")
    target: target_mesh.target_property()
    intensity: FloatProperty(name="Intensity", default=DEFAULT_INTENSITY, min=0.0, max=2.0,
                             description="Scales every shape key weight (1 = as the model predicts)")
    smoothing: FloatProperty(name="Smoothing", default=DEFAULT_SMOOTHING, min=0.0, max=0.5, unit='TIME_ABSOLUTE',
                             description="Standard deviation in seconds of the smoothing (0 = none)")
    device: EnumProperty(name="Device", items=DEVICES, default='AUTO', description="Where the model runs")
    key_map: character_keys.key_map_property()  # set: used instead of the character's own ARKit Key Map

    running = None  # the Worker of the run in progress, shared by the class: one run at a time

    @classmethod
    def poll(cls, context):
        if context.area is None or context.area.type != 'VIEW_3D':
            if cls.running is not None:
                cls.poll_message_set("A lip sync is already running.")
            return cls.running is None  # scripts and farms pass arguments; execute checks them
        reason = why_not_ready(context)
        if reason:
            cls.poll_message_set(reason)
        return reason is None

    def invoke(self, context, event):
        settings = context.scene.flame_lipsync
        for name in _OPTIONS:
            if not self.properties.is_property_set(name):
                setattr(self, name, getattr(settings, name))
        if bpy.app.background:
            return self.execute(context)
        self._started = time.perf_counter()
        try:
            job = self._prepare(context)
        except LipSyncError as e:
            return self._fail(e)
        FLAME_LIPSYNC_OT_generate.running = Worker(job, self.device)
        window_manager = context.window_manager
        self._timer = window_manager.event_timer_add(0.1, window=context.window)
        window_manager.progress_begin(0, 100)
        window_manager.modal_handler_add(self)
        return {'RUNNING_MODAL'}

    def modal(self, context, event):
        worker = FLAME_LIPSYNC_OT_generate.running
        if event.type == 'ESC':
            worker.cancel()
            self._stop(context)
            self.report({'WARNING'}, "Lip sync cancelled; nothing was changed.")
            return {'CANCELLED'}
        if event.type != 'TIMER':
            return {'PASS_THROUGH'}
        if worker.running:
            context.window_manager.progress_update(int(100 * worker.progress))
            return {'RUNNING_MODAL'}
        self._stop(context)
        if worker.error is not None:
            if isinstance(worker.error, LipSyncError):
                return self._fail(worker.error)
            raise worker.error
        return self._finish(context, worker.result, recheck=True)

    def cancel(self, context):
        """Blender ends the modal run (a file is loaded, the window closes): drop the job."""
        FLAME_LIPSYNC_OT_generate.running.cancel()
        self._stop(context)

    def execute(self, context):
        self._started = time.perf_counter()
        try:
            job = self._prepare(context)
            result = pipeline.run(job, pipeline.cached_model(self._option(context, "device")))
        except LipSyncError as e:
            return self._fail(e)
        return self._finish(context, result)

    def _stop(self, context):
        window_manager = context.window_manager
        window_manager.event_timer_remove(self._timer)
        window_manager.progress_end()
        FLAME_LIPSYNC_OT_generate.running = None

    def _option(self, context, name):
        return getattr(self, name) if self.properties.is_property_set(name) else \
            getattr(context.scene.flame_lipsync, name)

    def _prepare(self, context):
        """Check everything and collect what the job needs, keeping the target, the source's name and the first
        frame for the bake; raises LipSyncError before anything changes."""
        scene, settings = context.scene, context.scene.flame_lipsync
        face = face_options({name: self._option(context, name) for name in FACE_OPTIONS})
        obj = target_mesh.find_target(context, self.target, settings)
        target_mesh.check_animatable(obj)
        self._matched = character_keys.character_keys(obj, self._key_map(obj))
        if self.filepath:
            self._source = os.path.basename(self.filepath)
            audio = AudioSource(self._audio_file(), name=self._source, decode=blender_audio.decoder())
            span = strip_audio.StripSpan(audio, self.frame_start, None)
        else:
            strip = strip_audio.find_sound_strip(scene, self.strip or settings.strip)
            self._source = strip.name
            span = strip_audio.strip_span(scene, strip, blender_audio.decoder())
        self._target_name, self._first_frame = obj.name, span.first_frame
        return pipeline.Job(span.audio, strip_audio.scene_fps(scene), span.n_frames,
                            head_vertices=None if self._matched else target_mesh.rest_vertices(obj.data),
                            intensity=self._option(context, "intensity"), smoothing=self._option(context, "smoothing"),
                            face=face)

    def _audio_file(self):
        if self.filepath.startswith("//") and not bpy.data.filepath:
            raise LipSyncError(f"The audio path {self.filepath} is relative to the .blend file, which is not "
                               "saved yet: save the file first, or give an absolute path.")
        path = bpy.path.abspath(self.filepath)
        if not os.path.isfile(path):
            raise LipSyncError(f"Audio file not found: {path}")
        return path

    def _finish(self, context, result, recheck=False):
        """Bake and report; `recheck`: the user could edit the scene while the job ran."""
        obj = bpy.data.objects.get(self._target_name)
        if recheck:
            try:
                if obj is None:
                    raise LipSyncError(f"The head '{self._target_name}' was removed while the lip sync ran.")
                target_mesh.check_animatable(obj)
                if character_keys.character_keys(obj, self._key_map(obj)) != self._matched:
                    raise LipSyncError(f"The shape keys of '{obj.name}' changed while the lip sync ran; "
                                       "generate again.")
            except LipSyncError as e:
                return self._fail(e)
        try:
            bake.bake(obj, result, self._first_frame, self._matched)
        except LipSyncError as e:
            return self._fail(e)
        seconds = time.perf_counter() - self._started
        keys = character_keys.coverage(obj, result.control_names, self._matched) if self._matched else ""
        self._write_report(context.scene.flame_lipsync, obj, result, seconds, keys)
        note = f" ({result.fallback_reason}, so the CPU ran it)" if result.fallback_reason else ""
        self.report({'INFO'}, f"Lip sync: {len(result.weights)} frames of '{self._source}' on '{obj.name}' "
                              f"in {seconds:.2f} s on {result.device}{note}." + (f" {keys}." if keys else ""))
        return {'FINISHED'}

    def _key_map(self, obj):
        return self.key_map if self.properties.is_property_set("key_map") else obj.flame_lipsync_key_map

    def _write_report(self, settings, obj, result, seconds, keys):
        settings.has_report = True
        settings.report_target = obj.name
        settings.report_source = self._source
        settings.report_clip_seconds = result.duration_s
        settings.report_frames = len(result.weights)
        settings.report_first_frame = self._first_frame
        settings.report_device = result.device
        settings.report_note = f"CPU fallback: {result.fallback_reason}" if result.fallback_reason else ""
        settings.report_seconds = seconds
        settings.report_keys = keys

    def _fail(self, error):
        self.report({'ERROR'}, str(error))
        return {'CANCELLED'}


FLAME_LIPSYNC_OT_generate.__annotations__.update(face_properties())
classes = (FLAME_LIPSYNC_OT_generate,)
