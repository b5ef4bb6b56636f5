"""Farm bake: lip sync every sound strip of a .blend onto its head, save, exit non-zero on any failure.

In Blender (extension installed):
    blender -b shot.blend --python scripts/farm_bake.py -- [options]
With the bpy wheel (registers the extension from this checkout):
    python scripts/farm_bake.py shot.blend [options]

Which head a sound strip of the scene is baked onto (the first that applies):
  1. --pairs STRIP=HEAD ...   only these strips are baked, each onto the object named;
  2. the strip's custom property "flame_lipsync_head" (an object name);
  3. --rule REGEX: the regular expression's group "head" (else its first group) in the strip name names the
     object, e.g. --rule "^(?P<head>[^_]+)_" bakes "Anna_line04" onto "Anna";
  4. by default the strip's name, then that name cut at its last "_" or "." again and again
     ("Anna_take2.001" -> "Anna_take2" -> "Anna"): the first that names a mesh object.
Muted strips are skipped. A strip without a head is a failure, unless --skip-unmatched. Several strips on
one head (lines of one character) are mixed down to one clip, as they play, and baked together.

Options: --save (save the .blend in place) or --output OTHER.blend; --intensity, --smoothing (seconds),
--device AUTO|CPU|CUDA (default: the scene's Lip Sync settings).
Log: one line per head baked or strip skipped, "flame_lipsync_farm: OK|FAIL|SKIP strip=... head=... ...",
then a summary line.
Exit status: 0 when every strip baked, 1 when any failed (then nothing is saved) or none was baked,
2 for bad arguments.
"""

import argparse
import re
import sys
import tempfile
from pathlib import Path

import bpy

LOG = "flame_lipsync_farm:"
HEAD_PROPERTY = "flame_lipsync_head"


def parse_args(argv, wheel_mode):
    parser = argparse.ArgumentParser(prog="farm_bake.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    if wheel_mode:
        parser.add_argument("blend", type=Path, help="the .blend file to bake")
    parser.add_argument("--pairs", nargs="+", default=[], metavar="STRIP=HEAD",
                        help="bake only these strips, each onto the object named")
    parser.add_argument("--rule", type=re.compile, help="regular expression naming the head in a strip name")
    parser.add_argument("--skip-unmatched", action="store_true", help="skip strips without a head")
    parser.add_argument("--save", action="store_true", help="save the .blend in place when all bakes succeed")
    parser.add_argument("--output", type=Path, help="save to this .blend instead when all bakes succeed")
    parser.add_argument("--intensity", type=float)
    parser.add_argument("--smoothing", type=float)
    parser.add_argument("--device", choices=("AUTO", "CPU", "CUDA"))
    args = parser.parse_args(argv)
    for pair in args.pairs:
        if pair.count("=") != 1 or not all(pair.split("=")):
            parser.error(f"--pairs wants STRIP=HEAD, got {pair!r}")
    return args


def sound_strips(scene):
    editor = scene.sequence_editor
    if editor is None:
        return []
    strips = editor.strips_all if hasattr(editor, "strips_all") else editor.sequences_all
    return [s for s in strips if s.type == 'SOUND']


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
    """Write what these strips alone play, from the first one's start to the last one's end, to a wav file;
    return the scene frame where it starts. Mutes and frame range are restored afterwards."""
    strips = sound_strips(scene)
    chosen = [s for s in strips if s.name in names]
    first = min(int(s.frame_final_start) for s in chosen)
    last = max(int(s.frame_final_end) for s in chosen) - 1
    mutes, frame_range = {s.name: s.mute for s in strips}, (scene.frame_start, scene.frame_end)
    try:
        for strip in strips:
            strip.mute = strip.name not in names
        scene.frame_start, scene.frame_end = first, last
        bpy.ops.sound.mixdown(filepath=str(path), container='WAV', codec='PCM', format='S16', mixrate=48000)
    finally:
        for strip in strips:
            strip.mute = mutes[strip.name]
        scene.frame_start, scene.frame_end = frame_range
    return first


def mixdown_problem(strip, name):
    """Why this strip cannot go into a mixdown (which would quietly play silence for it), or None."""
    if strip is None:
        return f"There is no sound strip named '{name}'."
    if strip.mute:
        return f"The sound strip '{name}' is muted."
    sound = strip.sound
    if sound is None:
        return f"The sound strip '{name}' has no sound."
    path = bpy.path.abspath(sound.filepath, library=sound.library)
    if sound.packed_file is None and not Path(path).is_file():
        return f"The sound file of strip '{name}' is missing: {path}"
    return None


def bake_head(scene, head, names, args):
    """One head's lip sync. The extension keeps one lip-sync action per head, so a head with several strips gets
    them mixed down into one clip placed at the first strip's start."""
    if len(names) == 1:
        return generate(head, args, strip=names[0])
    strips = {s.name: s for s in sound_strips(scene)}
    problems = [mixdown_problem(strips.get(name), name) for name in names]
    problems = [p for p in problems if p]
    if problems:
        return False, " ".join(problems)
    with tempfile.TemporaryDirectory(prefix="flame_lipsync_farm_") as folder:
        path = Path(folder) / "lines.wav"
        return generate(head, args, filepath=str(path), frame_start=mixdown(scene, set(names), path))


def run(args):
    scene = bpy.context.scene
    failed, skipped, heads = 0, 0, {}
    for strip, head, skip in plan(scene, args):
        if skip is None and head is None and args.skip_unmatched:
            skip = "no head found"
        if skip is not None:
            skipped += 1
            print(f"{LOG} SKIP strip={strip!r}: {skip}", flush=True)
        elif head is None:
            failed += 1
            print(f"{LOG} FAIL strip={strip!r}: no head found (name an object after the strip, set the strip's "
                  f"'{HEAD_PROPERTY}' property, or pass --pairs/--rule)", flush=True)
        else:
            heads.setdefault(head, []).append(strip)

    baked = 0
    for head, names in heads.items():
        ok, message = bake_head(scene, head, names, args)
        baked, failed = baked + ok, failed + (not ok)
        print(f"{LOG} {'OK' if ok else 'FAIL'} strip={','.join(names)!r} head={head!r} {message}", flush=True)

    target = args.output or (Path(bpy.data.filepath) if args.save else None)
    saved = ""
    if target is not None and not failed and baked:
        bpy.ops.wm.save_as_mainfile(filepath=str(target.resolve()))
        saved = f"; saved {target}"
    elif target is not None:
        saved = "; nothing saved"
    print(f"{LOG} {baked} baked, {failed} failed, {skipped} skipped in {bpy.data.filepath or 'the file'}{saved}",
          flush=True)
    return 1 if failed or not baked else 0


def main():
    wheel_mode = Path(sys.argv[0]).resolve() == Path(__file__).resolve()
    if wheel_mode:
        args = parse_args(sys.argv[1:], wheel_mode)
        if not args.blend.is_file():
            print(f"{LOG} FAIL no such file: {args.blend}", flush=True)
            return 1
        bpy.ops.wm.open_mainfile(filepath=str(args.blend.resolve()))
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import blender_setup
        blender_setup.register_repo_extension()
    else:
        args = parse_args(sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else [], wheel_mode)
        if not hasattr(bpy.types, "FLAME_LIPSYNC_OT_generate"):
            print(f"{LOG} FAIL the FLAME Lip Sync extension is not installed and enabled in this Blender",
                  flush=True)
            return 1
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
