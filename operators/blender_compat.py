# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every difference between the Blender versions we support (4.2 LTS to 5.x), by feature detection only."""


def all_strips(sequence_editor):
    """Every strip of the editor, inside meta strips too (`strips_all` from 5.0, `sequences_all` before)."""
    if sequence_editor is None:
        return ()
    return sequence_editor.strips_all if hasattr(sequence_editor, "strips_all") else sequence_editor.sequences_all


def all_strips_property(sequence_editor):
    """The name of the collection `all_strips` reads, for `UILayout.prop_search`."""
    return "strips_all" if hasattr(sequence_editor, "strips_all") else "sequences_all"


def relative_path_options():
    """Options of a file path property that takes "//" paths: Blender 4.5+ warns without the flag, older ones do
    not know it (and 4.2 then drops the operator's properties)."""
    import bpy

    supported = "is_path_supports_blend_relative" in bpy.types.Property.bl_rna.properties
    return {'PATH_SUPPORTS_BLEND_RELATIVE'} if supported else set()


def new_sound_strip(scene, name, filepath, channel, frame_start):
    editor = scene.sequence_editor or scene.sequence_editor_create()
    strips = editor.strips if hasattr(editor, "strips") else editor.sequences
    return strips.new_sound(name, filepath, channel, frame_start)


def audaspace():
    """Blender's audio module `aud`, or None where Blender is built without Audaspace (the bpy 4.2 wheel)."""
    try:
        import aud
    except ImportError:
        return None
    return aud


def sound_offset_seconds(strip):
    """The strip's own delay of its sound (Blender 4.3+ `sound_offset`); older strips have none."""
    return getattr(strip, "sound_offset", 0.0)


def is_layered(action):
    """Slotted (layered) actions exist from Blender 4.4; 5.0 removed the legacy `Action.fcurves`."""
    return hasattr(action, "layers")


def ensure_channels(action, slot_name):
    """What holds the action's F-curves and channel groups for one ID, made if missing (the action itself on
    4.2/4.3, its channelbag from 4.4), and its slot (None on 4.2/4.3)."""
    if not is_layered(action):
        action.id_root = 'KEY'
        return action, None
    slot = action.slots[0] if len(action.slots) else action.slots.new(id_type='KEY', name=slot_name)
    layer = action.layers[0] if len(action.layers) else action.layers.new("Layer")
    strip = layer.strips[0] if len(layer.strips) else layer.strips.new(type='KEYFRAME')
    return strip.channelbag(slot, ensure=True), slot


def find_fcurves(action):
    """The F-curves that `ensure_channels` holds, read-only: nothing is created, and none gives an empty tuple."""
    if not is_layered(action):
        return tuple(action.fcurves)
    if not (len(action.slots) and len(action.layers) and len(action.layers[0].strips)):
        return ()
    channelbag = action.layers[0].strips[0].channelbag(action.slots[0])
    return tuple(channelbag.fcurves) if channelbag is not None else ()


def new_fcurve(channels, data_path, group):
    """An F-curve of `channels` (from ensure_channels) in a named channel group: `fcurves.new` takes the group as
    `group_name` on 5.0 channelbags and `action_group` on legacy actions; on 4.4/4.5 channelbags it takes none, so
    the group is made in `channels.groups` and set on the new curve."""
    parameters = channels.fcurves.bl_rna.functions["new"].parameters
    for keyword in ("group_name", "action_group"):
        if keyword in parameters:
            return channels.fcurves.new(data_path, **{keyword: group})
    fcurve = channels.fcurves.new(data_path)
    fcurve.group = channels.groups.get(group) or channels.groups.new(group)
    return fcurve


def assign_action(anim_data, action, slot):
    anim_data.action = action
    if slot is not None:
        anim_data.action_slot = slot


def active_slot(anim_data):
    return getattr(anim_data, "action_slot", None)


def push_to_nla(anim_data, track_name):
    """Move the active action onto a new NLA track of its own, as Blender's Push Down does; returns the track."""
    action, slot = anim_data.action, active_slot(anim_data)
    track = anim_data.nla_tracks.new()
    track.name = track_name
    start = int(action.frame_range[0])
    strip = track.strips.new(action.name, start, action)
    if slot is not None and hasattr(strip, "action_slot"):
        strip.action_slot = slot
    strip.blend_type = anim_data.action_blend_type
    strip.extrapolation = anim_data.action_extrapolation
    anim_data.action = None
    return track


def restore_from_nla(anim_data, track):
    """Undo `push_to_nla`: the track's action becomes the active action again and the track goes."""
    strip = track.strips[0]
    action, slot = strip.action, getattr(strip, "action_slot", None)
    anim_data.nla_tracks.remove(track)
    assign_action(anim_data, action, slot)

