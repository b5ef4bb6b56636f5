# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Vertex regions of the FLAME topology, looked up by name: `REGIONS["UPPER_LIP"]`, `REGIONS[f"EYEBALL_{side}"]`.

The sets are derived from the template's geometry and connectivity by `derive()` and stored in regions.json
(vertex order is fixed across all FLAME heads, so the indices hold for any identity).
`python -m models.training.flame.regions` re-derives them, prints what each holds and how it is found
(DESCRIPTIONS), and checks them against regions.json; `--write` rewrites regions.json.

File frame of the template: metres, +Y up, +Z forward, +X the subject's left. "LEFT" is the subject's left.
"""

import json
import sys
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from inference.flame_topology import (
    LEFT_EYEBALL,
    MOUTH_CORNER_LEFT,
    MOUTH_CORNER_RIGHT,
    NOSE_TIP,
    RIGHT_EYEBALL,
    template_path,
)
from inference.ply import load_ply

from . import mesh_graph

DATA = Path(__file__).with_name("regions.json")
N_HEAD = LEFT_EYEBALL.start  # vertices 0..3930 are the skin surface; the two eyeballs follow

# Derivation parameters (template frame, metres). Why these values: see the comments in derive().
LIP_HOPS = 8
LIP_MID_FRACTION = 0.35
LIP_CORNER_ZONE = 0.003
LID_MARGIN_HOPS = 3
LID_HOPS = 8
LID_GAP_FRACTION = 0.4
CHEEK_CLEAR_OF_CORNER = 0.012
CHEEK_CLEAR_OF_LIPS = 0.006
STATIC_SCALP_Y = 0.085
STATIC_BACK_Z = -0.035
STATIC_NECK_Y = -0.125
JAW_BELOW_CORNER = 0.010
JAW_BACK_Z = -0.015
JAW_DEPTH = 0.050  # the jaw anchors stop at the chin's underside; under the chin the weight fades to the neck
UPPER_ABOVE_CORNER = 0.008


# What each derived region holds ("_LEFT"/"_RIGHT" variants: the subject's side).
DESCRIPTIONS = {
    "EYEBALL": "a connected component other than the skin: the eyeball on that side (rigid in every shape)",
    "MIRROR": "vertex -> its mirror vertex (an involution): grown over the triangles from a midline edge at the "
              "nose tip, repaired by optimal assignment where the triangulation is not symmetric; eyeballs "
              "pair by reflection about their centres",
    "MOUTH_LOOP": "the 32-vertex inner boundary loop of the mouth, from its right end over the upper lip",
    "UPPER_LIP": "skin within LIP_HOPS edges of the mouth loop: the piece holding the loop's upper arc once the "
                 "corners (LIP_CORNER_ZONE) are cut off, plus the corners and the corner landmarks' ring",
    "LOWER_LIP": "the same for the lower arc (the corners belong to both lips)",
    "LIP_MID_UPPER": "upper-lip vertices within LIP_MID_FRACTION of the half mouth width from the midline "
                     "(lip aperture)",
    "LIP_MID_LOWER": "lower-lip vertices within LIP_MID_FRACTION of the half mouth width from the midline",
    "LIP_MID_UPPER_TRIANGLES": "upper-lip triangles touching LIP_MID_UPPER (flattened triples)",
    "LIP_MID_LOWER_TRIANGLES": "lower-lip triangles touching LIP_MID_LOWER (flattened triples)",
    "SOCKET": "the skin that folds into the eye socket behind the eyeball (less than LID_MARGIN_HOPS edges "
              "from the skin vertex nearest the eyeball centre); hidden",
    "LID_MARGIN_UPPER": "upper half of the ring LID_MARGIN_HOPS edges from the socket apex (the first ring as far "
                        "out as the eyeball's median radius), ordered along X",
    "LID_MARGIN_LOWER": "lower half of that ring, ordered along X, canthi excluded",
    "CANTHI": "the inner and outer ends (smallest and largest |X|) of the lid margin ring",
    "LID_GAP_UPPER": "upper margin vertices in the middle LID_GAP_FRACTION of the eye's width (lid gap)",
    "LID_GAP_LOWER": "lower margin vertices in the middle LID_GAP_FRACTION of the eye's width",
    "EYELID_UPPER": "lid skin from the margin out to LID_HOPS edges from the socket apex, above the canthi",
    "EYELID_LOWER": "lid skin from the margin out to LID_HOPS edges from the socket apex, below the canthi",
    "STATIC": "must not move: scalp (Y > STATIC_SCALP_Y), behind the jaw joint with the ears "
              "(Z < STATIC_BACK_Z), neck (Y < STATIC_NECK_Y)",
    "JAW": "jaw skinning weight 1: lower lip and the lower face from JAW_BELOW_CORNER below the mouth corners "
           "down to JAW_DEPTH below them, in front of Z = JAW_BACK_Z",
    "UPPER_FACE": "jaw skinning weight 0: upper lip and the face more than UPPER_ABOVE_CORNER above the corners",
    "CHIN": "the middle of the jaw region, 25-55 mm below the mouth corners",
    "NOSE": "within 25 mm of the nose tip, above the upper lip, outside the sockets",
    "CHEEK": "front-facing skin beside the nose, between the lower lid and the mouth corner, clear of the lips "
             "(CHEEK_CLEAR_OF_LIPS) and of the corner (CHEEK_CLEAR_OF_CORNER)",
    "BROW": "the band 12-30 mm above the eyeball centre, from the midline to 26 mm beyond the eye",
}


def describe(name: str) -> str:
    key = name.removesuffix("_LEFT").removesuffix("_RIGHT")
    return DESCRIPTIONS[key]


def _eyeball_components(vertices, triangles):
    from scipy.sparse.csgraph import connected_components

    _, label = connected_components(mesh_graph.adjacency(triangles, len(vertices)), directed=False)
    balls = [np.flatnonzero(label == k) for k in np.unique(label) if k != label[NOSE_TIP]]
    left = max(balls, key=lambda b: vertices[b, 0].mean())
    right = min(balls, key=lambda b: vertices[b, 0].mean())
    return left, right


def _mirror_map(vertices, triangles, left_ball, right_ball):
    """Topological mirror grown from a midline edge at the nose tip, repaired where the triangulation is
    not exactly symmetric; eyeballs pair by nearest reflected vertex about their own centres."""
    adj = mesh_graph.adjacency(triangles, len(vertices))
    neighbours = adj[NOSE_TIP].indices
    midline_neighbour = int(neighbours[np.argmin(np.abs(vertices[neighbours, 0]))])
    mirror = mesh_graph.mirror_by_topology(triangles, len(vertices), (NOSE_TIP, midline_neighbour))
    mirror = mesh_graph.repair_mirror(mirror, vertices, np.arange(N_HEAD))
    flip = np.array([-1.0, 1.0, 1.0])
    for src, dst in ((left_ball, right_ball), (right_ball, left_ball)):
        local = (vertices[src] - vertices[src].mean(0)) * flip + vertices[dst].mean(0)
        mirror[src] = dst[cKDTree(vertices[dst]).query(local)[1]]
    return mirror


def derive(vertices: np.ndarray, triangles: np.ndarray) -> dict:
    """All region sets from the template geometry (file frame), by name as in regions.json."""
    n = len(vertices)
    v = vertices
    head = np.arange(N_HEAD)
    out = {}
    # The landmark facts, checked against the geometry: the nose tip is the most forward skin vertex and the
    # LEFT mouth corner is on the subject's left (+X).
    if np.argmax(v[head, 2]) != NOSE_TIP or not v[MOUTH_CORNER_LEFT, 0] > 0 > v[MOUTH_CORNER_RIGHT, 0]:
        raise ValueError("the head is not a FLAME head in the file frame (+Y up, +Z forward)")
    left_ball, right_ball = _eyeball_components(v, triangles)
    ids = np.arange(n)
    if not np.array_equal(left_ball, ids[LEFT_EYEBALL]) or not np.array_equal(right_ball, ids[RIGHT_EYEBALL]):
        raise ValueError("the eyeballs are not where inference.flame_topology says they are")
    out["EYEBALL_LEFT"], out["EYEBALL_RIGHT"] = left_ball, right_ball
    mirror = _mirror_map(v, triangles, left_ball, right_ball)
    out["MIRROR"] = mirror

    # Mouth: the boundary loop nearest the mouth corners (the other loop is the neck cut).
    loops = mesh_graph.boundary_loops(triangles)
    corners = v[[MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT]]
    loop = np.asarray(min(loops, key=lambda lp: np.linalg.norm(v[lp].mean(0) - corners.mean(0))))
    # Start at the loop's right end (-X), walk over the upper lip to the left end, back along the lower lip.
    loop = np.roll(loop, -int(np.argmin(v[loop, 0])))
    if v[loop[1], 1] < v[loop[-1], 1]:
        loop = np.concatenate([loop[:1], loop[1:][::-1]])
    end = int(np.argmax(v[loop, 0]))
    out["MOUTH_LOOP"] = loop

    # Lips: within LIP_HOPS edges of the inner loop (8 rings reach the vermilion border at the midline).
    # Without the corners (beyond LIP_CORNER_ZONE short of the loop's ends, along X) the lips fall apart
    # into two connected pieces: the one holding the loop's upper arc is the upper lip, the other the lower;
    # the corners belong to both.
    hops = mesh_graph.hop_distance(triangles, n, loop)
    lip = head[hops[head] <= LIP_HOPS]
    centre_x = 0.5 * (v[loop[0], 0] + v[loop[end], 0])
    reach = 0.5 * (v[loop[end], 0] - v[loop[0], 0]) - LIP_CORNER_ZONE
    corner = lip[np.abs(v[lip, 0] - centre_x) > reach]
    middle = np.setdiff1d(lip, corner)
    from scipy.sparse.csgraph import connected_components

    adj = mesh_graph.adjacency(triangles, n)
    _, piece = connected_components(adj[middle][:, middle], directed=False)
    upper_piece = piece[np.searchsorted(middle, loop[end // 2])]
    lower_piece = piece[np.searchsorted(middle, loop[(end + len(loop)) // 2])]
    if upper_piece == lower_piece:
        raise ValueError("the lips do not separate away from the mouth corners")
    upper = np.union1d(middle[piece == upper_piece], corner)
    lower = np.union1d(middle[piece == lower_piece], corner)
    # The mouth corner landmarks lie one ring further out; they and their outer neighbours join both lips.
    corner_ids = [MOUTH_CORNER_LEFT, MOUTH_CORNER_RIGHT]
    corner_ring = np.union1d(corner_ids, np.concatenate([adj[c].indices for c in corner_ids]))
    corner_ring = corner_ring[hops[corner_ring] > LIP_HOPS]
    upper, lower = np.union1d(upper, corner_ring), np.union1d(lower, corner_ring)
    out["UPPER_LIP"], out["LOWER_LIP"] = upper, lower

    # Midline lip sets for the aperture: the central LIP_MID_FRACTION of the mouth width.
    centre = corners.mean(0)
    half_width = 0.5 * np.linalg.norm(corners[0] - corners[1])
    mid = np.abs(v[:, 0] - centre[0]) < LIP_MID_FRACTION * half_width
    out["LIP_MID_UPPER"] = upper[mid[upper]]
    out["LIP_MID_LOWER"] = lower[mid[lower]]
    # Their surfaces: the lip triangles touching a midline vertex (flattened vertex triples, in file order).
    for name, lip_set in (("UPPER", upper), ("LOWER", lower)):
        tri = triangles[np.all(np.isin(triangles, lip_set), axis=1)
                        & np.any(np.isin(triangles, out[f"LIP_MID_{name}"]), axis=1)]
        out[f"LIP_MID_{name}_TRIANGLES"] = tri.ravel()

    # Eyes: the skin folds into a cone behind each eyeball whose apex is the skin vertex nearest the
    # eyeball centre; the ring LID_MARGIN_HOPS edges from the apex is the first one whose median distance
    # from the centre reaches the eyeball's median radius: that ring is the lid margin.
    for side, ball in (("LEFT", left_ball), ("RIGHT", right_ball)):
        c = v[ball].mean(0)
        apex = head[np.argmin(np.linalg.norm(v[head] - c, axis=1))]
        ring_hops = mesh_graph.hop_distance(triangles, n, [apex])
        ball_radius = np.median(np.linalg.norm(v[ball] - c, axis=1))
        for k in range(1, 10):
            ring = head[ring_hops[head] == k]
            if np.median(np.linalg.norm(v[ring] - c, axis=1)) >= ball_radius:
                break
        if k != LID_MARGIN_HOPS:
            raise ValueError(f"lid margin ring of the {side} eye is at {k} hops, expected {LID_MARGIN_HOPS}")
        inner = ring[np.argmin(np.abs(v[ring, 0]))]
        outer = ring[np.argmax(np.abs(v[ring, 0]))]
        # Upper vs lower: above or below the line through the two canthi.
        t = (v[ring, 0] - v[inner, 0]) / (v[outer, 0] - v[inner, 0])
        line_y = v[inner, 1] + t * (v[outer, 1] - v[inner, 1])
        is_upper = v[ring, 1] > line_y
        out[f"SOCKET_{side}"] = head[ring_hops[head] < LID_MARGIN_HOPS]
        # Margins are stored in order along X (canthi excluded), so they can be read as polylines.
        by_x = np.argsort(v[ring, 0])
        ring, is_upper, t = ring[by_x], is_upper[by_x], t[by_x]
        out[f"LID_MARGIN_UPPER_{side}"] = ring[is_upper]
        out[f"LID_MARGIN_LOWER_{side}"] = ring[~is_upper & (ring != inner) & (ring != outer)]
        out[f"CANTHI_{side}"] = np.array([inner, outer])
        # The lid gap is measured on the middle LID_GAP_FRACTION of the eye's width.
        central = np.abs(t - 0.5) < 0.5 * LID_GAP_FRACTION
        out[f"LID_GAP_UPPER_{side}"] = ring[is_upper & central]
        out[f"LID_GAP_LOWER_{side}"] = ring[~is_upper & central]
        lid = head[(ring_hops[head] > LID_MARGIN_HOPS) & (ring_hops[head] <= LID_HOPS)]
        lid_y_line = np.interp(v[lid, 0], np.sort(v[[inner, outer], 0]),
                               v[[inner, outer], 1][np.argsort(v[[inner, outer], 0])])
        out[f"EYELID_UPPER_{side}"] = lid[v[lid, 1] > lid_y_line]
        out[f"EYELID_LOWER_{side}"] = lid[v[lid, 1] <= lid_y_line]

    # Must-not-move: scalp above the forehead, everything behind the jaw joint (ears, back of the head),
    # and the neck below the under-chin.
    static = (v[head, 1] > STATIC_SCALP_Y) | (v[head, 2] < STATIC_BACK_Z) | (v[head, 1] < STATIC_NECK_Y)
    out["STATIC"] = head[static]

    # Jaw skinning anchors: the lower face from just below the mouth corners down to the chin's underside
    # (weight 1) and the face above the corners plus the upper lip (weight 0). The band in between and the
    # skin under the chin get smooth weights from the rig.
    corner_y = corners[:, 1].mean()
    below = ((v[head, 1] < corner_y - JAW_BELOW_CORNER) & (v[head, 1] > corner_y - JAW_DEPTH)
             & (v[head, 2] > JAW_BACK_Z) & ~static)
    jaw = np.union1d(head[below], lower)
    jaw = np.setdiff1d(jaw, upper)
    out["JAW"] = jaw
    above = head[(v[head, 1] > corner_y + UPPER_ABOVE_CORNER) & ~static]
    out["UPPER_FACE"] = np.setdiff1d(np.union1d(above, upper), lower)
    chin_c = np.array([centre[0], corner_y - 0.035, centre[2]])
    out["CHIN"] = jaw[(np.abs(v[jaw, 0] - centre[0]) < 0.6 * half_width) & (v[jaw, 1] < corner_y - 0.025)
                      & (v[jaw, 1] > chin_c[1] - 0.020) & (v[jaw, 2] > centre[2] - 0.01)]

    # Nose: within 25 mm of the tip and above the upper lip; cheeks: the front-facing skin lateral to the
    # nose between the lower lid and the mouth corner; brows: the band 12-30 mm above each eyeball centre.
    nose_tip = v[NOSE_TIP]
    nose = head[(np.linalg.norm(v[head] - nose_tip, axis=1) < 0.025) & (v[head, 1] > corner_y + 0.012)
                & (np.abs(v[head, 0] - nose_tip[0]) < 0.022)]
    out["NOSE"] = np.setdiff1d(nose, np.concatenate([out["SOCKET_LEFT"], out["SOCKET_RIGHT"]]))
    for side, ball, sign in (("LEFT", left_ball, 1.0), ("RIGHT", right_ball, -1.0)):
        c = v[ball].mean(0)
        lateral = sign * (v[head, 0] - nose_tip[0])
        cheek = ((lateral > 0.022) & (lateral < abs(c[0] - nose_tip[0]) + 0.028)
                 & (v[head, 1] < c[1] - 0.016) & (v[head, 1] > corner_y - 0.004) & (v[head, 2] > c[2] - 0.03)
                 & (np.linalg.norm(v[head] - corners[0 if sign > 0 else 1], axis=1) > CHEEK_CLEAR_OF_CORNER))
        lips = np.union1d(upper, lower)
        clear = cKDTree(v[lips]).query(v[head])[0] > CHEEK_CLEAR_OF_LIPS
        out[f"CHEEK_{side}"] = head[cheek & clear & ~static]
        brow = ((v[head, 1] > c[1] + 0.012) & (v[head, 1] < c[1] + 0.030) & (sign * v[head, 0] > 0.004)
                & (lateral < abs(c[0] - nose_tip[0]) + 0.026) & (v[head, 2] > c[2] - 0.012))
        out[f"BROW_{side}"] = head[brow & ~static]
    return out


# Stored as ordered lists rather than sets.
ORDERED = {"MOUTH_LOOP", "MIRROR", "LIP_MID_UPPER_TRIANGLES", "LIP_MID_LOWER_TRIANGLES",
           "LID_MARGIN_UPPER_LEFT", "LID_MARGIN_LOWER_LEFT", "LID_MARGIN_UPPER_RIGHT", "LID_MARGIN_LOWER_RIGHT"}


def load(path=DATA) -> dict:
    """Name -> int64 vertex indices, as stored by `--write`."""
    return {name: np.asarray(indices, dtype=np.int64) for name, indices in json.loads(Path(path).read_text()).items()}


def write(derived: dict, path=DATA):
    """One region per line; sets sorted, ordered lists as derived."""
    lines = [f"{json.dumps(name)}: {json.dumps([int(i) for i in (v if name in ORDERED else np.sort(v))])}"
             for name, v in derived.items()]
    Path(path).write_text("{\n" + ",\n".join(lines) + "\n}\n")


REGIONS = load()


def differences(derived: dict) -> list:
    """Names whose derived value differs from the stored one (or that are stored or derived only)."""
    def same(name, value):
        stored = REGIONS.get(name)
        if stored is None:
            return False
        if name in ORDERED:
            return np.array_equal(stored, value)
        return np.array_equal(np.sort(stored), np.sort(value))

    return sorted(set(REGIONS) ^ set(derived) | {n for n, v in derived.items() if not same(n, v)})


def _main(argv):
    vertices, triangles = load_ply(template_path())
    derived = derive(vertices, triangles)
    for name, value in derived.items():
        print(f"{name:24s} {len(value):5d}  {describe(name)}")
    mirror = derived["MIRROR"]
    err = np.linalg.norm(vertices[mirror] * [-1, 1, 1] - vertices, axis=1)
    print(f"mirror map: involution={bool(np.all(mirror[mirror] == np.arange(len(mirror))))}, "
          f"reflection distance median {np.median(err) * 1e3:.2f} mm, max {err.max() * 1e3:.2f} mm")
    if "--write" in argv:
        write(derived)
        print(f"wrote {DATA}")
        return 0
    differ = differences(derived)
    print(f"{DATA.name} DIFFERS from the derivation: {differ} (run with --write)" if differ
          else f"{DATA.name} matches the derivation")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
