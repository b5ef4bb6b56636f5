# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Farm bake: lip sync every sound strip of .blend shots onto its head, save, exit non-zero on any failure.

In Blender (extension installed):
    blender -b shot.blend --python scripts/farm_bake.py -- [options]
    blender -b --python scripts/farm_bake.py -- SHOT [SHOT ...] [options]
With the bpy wheel (registers the extension from this checkout):
    python scripts/farm_bake.py SHOT [SHOT ...] [options]
A SHOT is a .blend file or a folder of them (its *.blend files, in name order).

Which head a sound strip of the scene is baked onto (the first that applies):
  1. --pairs STRIP=HEAD ...   only these strips are baked, each onto the object named;
  2. the strip's custom property "flame_lipsync_head" (an object name);
  3. --rule REGEX: the regular expression's group "head" (else its first group) in the strip name names the
     object, e.g. --rule "^(?P<head>[^_]+)_" bakes "Anna_line04" onto "Anna";
  4. by default the strip's name, then that name cut at its last "_" or "." again and again
     ("Anna_take2.001" -> "Anna_take2" -> "Anna"): the first that names a mesh object.
Muted strips are skipped. A strip without a head is a failure, unless --skip-unmatched. Several strips on
one head (lines of one character) are mixed down to one clip, as they play but at full volume (lip sync
follows the speech, not the mix: strip volume and fades are ignored), and baked together.

Saving: --save (each shot in place), --output OTHER.blend (one shot) or --output-dir DIR (DIR/<shot name>).
--part K/N bakes only shots K, K+N, K+2N, ... of the shots given (a farm task's share).
--intensity, --smoothing (seconds), --device AUTO|CPU|CUDA: default the scene's Lip Sync settings.
Log: one line per head baked or strip skipped, "flame_lipsync_farm: OK|FAIL|SKIP shot=... strip=... head=... ...",
then a summary line per shot naming the shot read and the file saved.
Exit status: 0 when every strip of every shot baked, 1 when any failed (then that shot is not saved) or a shot
had nothing to bake, 2 for bad arguments.
"""

import argparse
import importlib
import os
import re
import sys
import tempfile
from pathlib import Path

import bpy

LOG = "flame_lipsync_farm:"
HEAD_PROPERTY = "flame_lipsync_head"
RANGED_OPTIONS = ("intensity", "smoothing")  # their limits are the generate operator's


def head_rule(text):
    """--rule: a regular expression with a group that names the head."""
    try:
        rule = re.compile(text)
    except re.error as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a regular expression: {error}") from None
    if not rule.groups:
        raise argparse.ArgumentTypeError(f"{text!r} has no group to name the head, e.g. '^(?P<head>[^_]+)_'")
    return rule


def task_part(text):
    """--part K/N with 1 <= K <= N."""
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if match is None or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f"wants K/N with 1 <= K <= N, got {text!r}")
    return int(match[1]), int(match[2])


def make_parser(wheel_mode):
    parser = argparse.ArgumentParser(prog="farm_bake.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shots", nargs="+" if wheel_mode else "*", type=Path, metavar="SHOT",
                        help="a .blend file or a folder of them" + ("" if wheel_mode else
                                                                    "; default: the file Blender opened"))
    parser.add_argument("--pairs", nargs="+", default=[], metavar="STRIP=HEAD",
                        help="bake only these strips, each onto the object named")
    parser.add_argument("--rule", type=head_rule, help="regular expression naming the head in a strip name")
    parser.add_argument("--skip-unmatched", action="store_true", help="skip strips without a head")
    saving = parser.add_mutually_exclusive_group()
    saving.add_argument("--save", action="store_true", help="save each shot in place when all its bakes succeed")
    saving.add_argument("--output", type=Path, help="save the one shot to this .blend instead")
    saving.add_argument("--output-dir", type=Path, help="save each shot into this folder, under its own name")
    parser.add_argument("--part", type=task_part, metavar="K/N", help="bake only the K-th of N shares of the shots")
    parser.add_argument("--intensity", type=float)
    parser.add_argument("--smoothing", type=float)
    parser.add_argument("--device", choices=("AUTO", "CPU", "CUDA"))
    return parser


def parse_args(parser, argv):
    args = parser.parse_args(argv)
    for pair in args.pairs:
        if pair.count("=") != 1 or not all(pair.split("=")):
            parser.error(f"argument --pairs: wants STRIP=HEAD, got {pair!r}")
    if args.output is not None and (len(args.shots) > 1 or any(shot.is_dir() for shot in args.shots)):
        parser.error("argument --output: names one file, so it takes one shot; use --output-dir")
    return args


def check_ranges(parser, args):
    """Refuse values the generate operator would clamp; call once the operator is registered."""
    properties = bpy.ops.flame_lipsync.generate.get_rna_type().properties
    for name in RANGED_OPTIONS:
        value, limits = getattr(args, name), properties[name]
        if value is not None and not limits.hard_min <= value <= limits.hard_max:
            parser.error(f"argument --{name}: {value:g} is outside {limits.hard_min:g} to {limits.hard_max:g}")


def shot_files(paths):
    """[(path, problem or None)]: each .blend given, and the .blend files of each folder, in name order."""
    found = []
    for path in paths:
        if path.is_dir():
            blends = sorted(path.glob("*.blend"))
            found += [(p, None) for p in blends] or [(path, "no .blend files in this folder")]
        else:
            found.append((path, None if path.is_file() else "no such file"))
    return found


def sound_strips(scene):
    compat = extension_module("operators.blender_compat")
    return [s for s in compat.all_strips(scene.sequence_editor) if s.type == 'SOUND']


def extension_module(name):
    """A module of the registered extension (installed in Blender, or this checkout with the bpy wheel)."""
    operator_module = bpy.types.FLAME_LIPSYNC_OT_generate.__module__
    return importlib.import_module(operator_module.rsplit(".operators.", 1)[0] + "." + name)


def is_mesh(name):
    obj = bpy.data.objects.get(name)
    return obj is not None and obj.type == 'MESH'


def head_for(strip, rule):
    """The head object's name for a strip (property, rule, or name prefixes), or None."""
    if strip.get(HEAD_PROPERTY):
        return str(strip[HEAD_PROPERTY])
    if rule is not None:
        match = rule.search(strip.name)
        if match is None:
            return None
        return match.group("head") if "head" in rule.groupindex else match.group(1)
    name = strip.name
    while name:
        if is_mesh(name):
            return name
        cut = max(name.rfind("_"), name.rfind("."))
        name = name[:cut] if cut > 0 else ""
    return None


def plan(scene, args):
    """[(strip name, head name or None, skip reason or None)] in strip order."""
    if args.pairs:
        return [(*pair.split("="), None) for pair in args.pairs]
    return [(s.name, head_for(s, args.rule), "muted" if s.mute else None) for s in sound_strips(scene)]


def generate(head, args, **source):
    """Run generate onto `head` from a strip or a file; return (ok, message)."""
    options = {k: getattr(args, k) for k in ("intensity", "smoothing", "device") if getattr(args, k) is not None}
    try:
        bpy.ops.flame_lipsync.generate(target=head, **source, **options)
    except RuntimeError as error:  # the operator's error report
        return False, str(error).removeprefix("Error: ").strip()
    s = bpy.context.scene.flame_lipsync
    last = s.report_first_frame + s.report_frames - 1
    return True, (f"frames={s.report_first_frame}-{last} clip={s.report_clip_seconds:.2f}s "
                  f"device={s.report_device} seconds={s.report_seconds:.2f}")


def mixdown(scene, names, path):
    """Write what these strips alone play, at full volume and without fades, from the first one's start to the
    last one's end, to a wav file; return the scene frame where it starts. Everything changed is restored."""
    compat = extension_module("operators.blender_compat")
    strips = sound_strips(scene)
    chosen = [s for s in strips if s.name in names]
    first = min(int(s.frame_final_start) for s in chosen)
    last = max(int(s.frame_final_end) for s in chosen) - 1
    saved = {s.name: (s.mute, s.volume) for s in strips}
    frame_range, master_volume = (scene.frame_start, scene.frame_end), scene.audio_volume
    anim = scene.animation_data  # fades are keyframes on the strips' volume in the scene's action or NLA
    animation = (anim.action, compat.active_slot(anim), anim.use_nla) if anim is not None else None
    try:
        if anim is not None:
            anim.action, anim.use_nla = None, False
        for strip in strips:
            strip.mute, strip.volume = strip.name not in names, 1.0
        scene.audio_volume = 1.0
        scene.frame_start, scene.frame_end = first, last
        bpy.ops.sound.mixdown(filepath=str(path), container='WAV', codec='PCM', format='S16', mixrate=48000)
    finally:
        for strip in strips:
            strip.mute, strip.volume = saved[strip.name]
        scene.frame_start, scene.frame_end = frame_range
        scene.audio_volume = master_volume
        if animation is not None:
            compat.assign_action(anim, animation[0], animation[1])
            anim.use_nla = animation[2]
    return first


def mixdown_problem(scene, name):
    """Why this strip cannot go into a mixdown (which would quietly play silence for it), or None: the checks
    Generate makes on a strip (found, playable, its sound file there)."""
    strip_audio = extension_module("operators.strip_audio")
    errors = extension_module("inference.errors")
    try:
        strip = strip_audio.find_sound_strip(scene, name)
        strip_audio.check_playable(scene, strip)
        path = strip_audio.sound_file(strip)
    except errors.LipSyncError as error:
        return str(error)
    if strip.sound.packed_file is not None:
        os.remove(path)  # sound_file's temporary copy of packed audio; the mixdown reads the packed data itself
    return None


def bake_head(scene, head, names, args):
    """One head's lip sync. The extension keeps one lip-sync action per head, so a head with several strips gets
    them mixed down into one clip placed at the first strip's start."""
    if len(names) == 1:
        return generate(head, args, strip=names[0])
    problems = [p for p in (mixdown_problem(scene, name) for name in names) if p]
    if problems:
        return False, " ".join(problems)
    with tempfile.TemporaryDirectory(prefix="flame_lipsync_farm_") as folder:
        path = Path(folder) / "lines.wav"
        return generate(head, args, filepath=str(path), frame_start=mixdown(scene, set(names), path))


def bake_shot(args, target):
    """Bake the open file and save it to `target` (None: do not save) when all succeeded; True when it did."""
    scene, source = bpy.context.scene, bpy.data.filepath or "the open file"
    shot = repr(Path(source).name)
    failed, skipped, heads = 0, 0, {}
    for strip, head, skip in plan(scene, args):
        if skip is None and head is None and args.skip_unmatched:
            skip = "no head found"
        if skip is not None:
            skipped += 1
            print(f"{LOG} SKIP shot={shot} strip={strip!r}: {skip}", flush=True)
        elif head is None:
            failed += 1
            print(f"{LOG} FAIL shot={shot} strip={strip!r}: no head found (name an object after the strip, set the "
                  f"strip's '{HEAD_PROPERTY}' property, or pass --pairs/--rule)", flush=True)
        else:
            heads.setdefault(head, []).append(strip)

    baked = 0
    for head, names in heads.items():
        ok, message = bake_head(scene, head, names, args)
        baked, failed = baked + ok, failed + (not ok)
        print(f"{LOG} {'OK' if ok else 'FAIL'} shot={shot} strip={','.join(names)!r} head={head!r} {message}",
              flush=True)

    saved = ""
    if target is not None and not failed and baked:
        target.parent.mkdir(parents=True, exist_ok=True)
        bpy.ops.wm.save_as_mainfile(filepath=str(target.resolve()))
        saved = f"; saved {target}"
    elif target is not None:
        saved = "; nothing saved"
    print(f"{LOG} {baked} baked, {failed} failed, {skipped} skipped in {source}{saved}", flush=True)
    return not failed and baked > 0


def save_target(args, shot):
    if args.output is not None:
        return args.output
    if args.output_dir is not None:
        return args.output_dir / shot.name
    return shot if args.save else None


def run(args):
    """Bake each shot given (or the open file); the exit status."""
    if not args.shots:
        target = save_target(args, Path(bpy.data.filepath)) if bpy.data.filepath else args.output
        return 0 if bake_shot(args, target) else 1
    shots = shot_files(args.shots)
    if args.part is not None:
        k, n = args.part
        shots = shots[k - 1::n]
        if not shots:
            print(f"{LOG} part {k}/{n} has no shot to bake ({n} parts of fewer shots)", flush=True)
    failed = []
    for shot, problem in shots:
        if problem is None:
            try:
                bpy.ops.wm.open_mainfile(filepath=str(shot.resolve()))
            except RuntimeError as error:
                problem = f"cannot open: {str(error).removeprefix('Error: ').strip()}"
        if problem is not None:
            print(f"{LOG} FAIL shot={shot.name!r}: {problem} ({shot})", flush=True)
            failed.append(shot.name)
        elif not bake_shot(args, save_target(args, shot)):
            failed.append(shot.name)
    if len(shots) > 1:
        print(f"{LOG} {len(shots) - len(failed)} of {len(shots)} shots baked" +
              (f"; failed: {', '.join(failed)}" if failed else ""), flush=True)
    return 1 if failed else 0


def main():
    wheel_mode = Path(sys.argv[0]).resolve() == Path(__file__).resolve()
    parser = make_parser(wheel_mode)
    if wheel_mode:
        args = parse_args(parser, sys.argv[1:])
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import blender_setup
        blender_setup.register_repo_extension()
    else:
        args = parse_args(parser, sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else [])
        if not hasattr(bpy.types, "FLAME_LIPSYNC_OT_generate"):
            print(f"{LOG} FAIL the FLAME Lip Sync extension is not installed and enabled in this Blender",
                  flush=True)
            return 1
    check_ranges(parser, args)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
