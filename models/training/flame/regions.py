"""Landmarks and vertex regions of the FLAME topology.

The sets are derived from the template's geometry and connectivity by `derive()` and fixed below as
constants (vertex order is fixed across all FLAME heads, so the indices hold for any identity).
`python -m models.training.flame.regions` re-derives them, prints what each holds and how it is found
(DESCRIPTIONS), and checks them against the constants; `--write` rewrites the constants block of this file.

File frame of the template: metres, +Y up, +Z forward, +X the subject's left. "LEFT" is the subject's left.
"""

import sys

import numpy as np
from scipy.spatial import cKDTree

from . import mesh_graph as rig_mesh

N_VERTICES = 5023
N_HEAD = 3931  # vertices 0..3930 are the skin surface; the two eyeballs follow

NOSE_TIP = 3564
MOUTH_CORNER_LEFT = 3922
MOUTH_CORNER_RIGHT = 3799

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


# What each derived constant holds ("_LEFT"/"_RIGHT" variants: the subject's side).
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


def _encode(indices) -> str:
    """Sorted index set as runs, e.g. '3 5-9 12'."""
    idx = np.unique(np.asarray(indices, dtype=np.int64))
    if len(idx) == 0:
        return ""
    cut = np.flatnonzero(np.diff(idx) != 1) + 1
    return " ".join(f"{r[0]}" if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in np.split(idx, cut))


def _decode(text: str) -> np.ndarray:
    """Runs back to indices, in the order written (ordered lists are written as single indices)."""
    out = []
    for word in text.split():
        lo, _, hi = word.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return np.asarray(out, dtype=np.int64)


def _eyeball_components(vertices, triangles):
    from scipy.sparse.csgraph import connected_components

    _, label = connected_components(rig_mesh.adjacency(triangles, len(vertices)), directed=False)
    balls = [np.flatnonzero(label == k) for k in np.unique(label) if k != label[NOSE_TIP]]
    left = max(balls, key=lambda b: vertices[b, 0].mean())
    right = min(balls, key=lambda b: vertices[b, 0].mean())
    return left, right


def _mirror_map(vertices, triangles, left_ball, right_ball):
    """Topological mirror grown from a midline edge at the nose tip, repaired where the triangulation is
    not exactly symmetric; eyeballs pair by nearest reflected vertex about their own centres."""
    adj = rig_mesh.adjacency(triangles, len(vertices))
    neighbours = adj[NOSE_TIP].indices
    midline_neighbour = int(neighbours[np.argmin(np.abs(vertices[neighbours, 0]))])
    mirror = rig_mesh.mirror_by_topology(triangles, len(vertices), (NOSE_TIP, midline_neighbour))
    mirror = rig_mesh.repair_mirror(mirror, vertices, np.arange(N_HEAD))
    flip = np.array([-1.0, 1.0, 1.0])
    for src, dst in ((left_ball, right_ball), (right_ball, left_ball)):
        local = (vertices[src] - vertices[src].mean(0)) * flip + vertices[dst].mean(0)
        mirror[src] = dst[cKDTree(vertices[dst]).query(local)[1]]
    return mirror


def derive(vertices: np.ndarray, triangles: np.ndarray) -> dict:
    """All region sets from the template geometry (file frame). Keys match the constants below."""
    n = len(vertices)
    v = vertices
    head = np.arange(N_HEAD)
    out = {}
    # The landmark facts, checked against the geometry: the nose tip is the most forward skin vertex and the
    # LEFT mouth corner is on the subject's left (+X).
    if np.argmax(v[head, 2]) != NOSE_TIP or not v[MOUTH_CORNER_LEFT, 0] > 0 > v[MOUTH_CORNER_RIGHT, 0]:
        raise ValueError("the head is not a FLAME head in the file frame (+Y up, +Z forward)")
    left_ball, right_ball = _eyeball_components(v, triangles)
    out["EYEBALL_LEFT"], out["EYEBALL_RIGHT"] = left_ball, right_ball
    mirror = _mirror_map(v, triangles, left_ball, right_ball)
    out["MIRROR"] = mirror

    # Mouth: the boundary loop nearest the mouth corners (the other loop is the neck cut).
    loops = rig_mesh.boundary_loops(triangles)
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
    hops = rig_mesh.hop_distance(triangles, n, loop)
    lip = head[hops[head] <= LIP_HOPS]
    centre_x = 0.5 * (v[loop[0], 0] + v[loop[end], 0])
    reach = 0.5 * (v[loop[end], 0] - v[loop[0], 0]) - LIP_CORNER_ZONE
    corner = lip[np.abs(v[lip, 0] - centre_x) > reach]
    middle = np.setdiff1d(lip, corner)
    from scipy.sparse.csgraph import connected_components

    adj = rig_mesh.adjacency(triangles, n)
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
        ring_hops = rig_mesh.hop_distance(triangles, n, [apex])
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


def _load_constants():
    return {name: _decode(text) for name, text in _CONSTANTS.items()}


# Stored as ordered lists rather than sets.
ORDERED = {"MOUTH_LOOP", "MIRROR", "LIP_MID_UPPER_TRIANGLES", "LIP_MID_LOWER_TRIANGLES",
            "LID_MARGIN_UPPER_LEFT", "LID_MARGIN_LOWER_LEFT", "LID_MARGIN_UPPER_RIGHT", "LID_MARGIN_LOWER_RIGHT"}


def _format(name, value) -> str:
    text = " ".join(str(int(i)) for i in value) if name in ORDERED else _encode(value)
    width = 110
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = ""
        line = f"{line} {word}" if line else word
    lines.append(line)
    body = "\n".join(f'        "{ln} "' for ln in lines)
    return f'    "{name}": (\n{body}\n    ),'


_BEGIN = "# --- constants derived by `python -m models.training.flame.regions --write` (do not edit by hand) ---"
_END = "# --- end of derived constants ---"

# --- constants derived by `python -m models.training.flame.regions --write` (do not edit by hand) ---
_CONSTANTS = {
    "EYEBALL_LEFT": (
        "3931-4476 "
    ),
    "EYEBALL_RIGHT": (
        "4477-5022 "
    ),
    "MIRROR": (
        "19 20 21 22 23 24 25 26 109 110 111 112 219 220 221 222 335 336 337 0 1 2 3 4 5 6 7 338 522 523 524 525 526 "
        "527 528 529 534 535 536 537 554 555 556 557 584 585 586 587 595 596 597 598 599 600 601 602 606 607 608 609 "
        "610 611 612 613 614 615 616 617 618 619 620 621 634 635 636 637 640 641 642 643 651 652 653 654 655 656 657 "
        "658 659 660 661 662 663 664 665 666 675 676 677 678 684 685 686 687 689 690 698 699 700 8 9 10 11 701 710 711 "
        "716 717 718 719 720 721 722 741 742 743 744 749 750 751 752 776 777 778 779 780 781 782 787 788 789 790 791 "
        "792 793 794 800 801 810 811 812 813 817 818 819 820 830 831 832 833 834 835 836 839 843 844 845 849 850 851 "
        "852 853 854 855 856 857 858 859 860 861 862 863 866 867 868 869 870 871 872 873 874 875 876 886 887 888 889 "
        "890 891 892 893 894 895 900 901 910 911 912 913 914 915 916 917 920 921 925 930 931 932 12 13 14 15 933 934 "
        "935 936 937 938 940 941 956 957 973 974 975 976 981 982 983 984 987 988 989 990 996 997 998 1004 1005 1009 "
        "1024 1025 1026 1027 1028 1029 1030 1031 1032 1035 1036 1037 1038 1039 1040 1041 1042 1047 1048 1049 1050 1051 "
        "1052 1053 1054 1055 1056 1057 1058 1066 1067 1069 1070 1071 1072 1073 1074 1076 1077 1078 1079 1080 1081 1082 "
        "1083 1084 1089 1090 1091 1094 1095 1097 1098 1099 1100 1102 1103 1104 1105 1106 1107 1109 1110 1111 1112 1118 "
        "1119 1120 1121 1122 1123 1124 1130 1131 1133 1136 1137 1138 1139 1140 1141 1145 1148 1149 16 17 18 27 1156 "
        "1157 1158 1159 1160 1165 1166 1167 1171 1172 1173 1174 1177 1178 1179 1180 1185 1186 1187 1188 1191 1192 1196 "
        "1197 1198 1199 1203 1204 1205 1206 1207 1208 1209 1210 1211 1212 1213 1214 1215 1219 1220 1221 1222 1223 1231 "
        "1234 1235 1236 1237 1238 1239 1240 1245 1246 1247 1248 1249 1250 1251 1252 1253 1254 1255 1256 1257 1258 1259 "
        "1260 1261 1262 1263 1264 1265 1266 1267 1268 1269 1270 1271 1272 1273 1274 1275 1276 1277 1278 1279 1280 1281 "
        "1282 1285 1286 1288 1290 1291 1295 1296 1297 1300 1301 1302 1303 1304 1305 1306 1307 1310 1311 1312 1313 1314 "
        "1315 1316 1317 1318 1319 1327 1328 1330 1332 1333 1334 1335 1359 1360 1379 1380 1381 1382 1392 1393 1394 1395 "
        "1406 1407 1408 1409 1488 1613 1614 1615 1616 1619 1620 1621 1622 1627 1628 1629 1630 1631 1632 1633 1634 1635 "
        "1636 1637 1726 1727 1752 1753 1754 1755 1760 1761 1762 1772 1783 1784 1785 1786 1822 1828 1829 1833 1834 1837 "
        "1838 1839 1840 1841 1842 1843 28 29 30 31 32 33 34 35 1844 1845 1853 1855 36 37 38 39 1856 1857 1858 1859 1870 "
        "1882 1883 1884 1885 1912 1913 1916 1929 1930 1931 1932 40 41 42 43 1933 1934 1935 1936 1937 1940 1941 1960 "
        "1961 1962 1963 1982 1983 1984 1985 2000 2001 2002 2003 2005 2006 2007 2008 2013 2014 2015 44 45 46 47 2016 "
        "2017 2018 2019 2020 2027 2028 48 49 50 51 52 53 54 55 2031 2032 2084 56 57 58 59 60 61 62 63 64 65 66 67 68 69 "
        "70 71 2085 2086 2087 2088 2089 2090 2091 2123 2124 2128 2129 2130 72 73 74 75 2131 2132 76 77 78 79 2133 2144 "
        "2145 2146 2147 2149 2150 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 2165 2166 2167 2168 2176 2177 2178 "
        "2179 96 97 98 99 2180 2181 2182 2183 2184 100 101 102 103 2185 104 105 2186 2187 2188 2189 2190 2191 2192 106 "
        "107 108 113 2193 2194 2195 2196 2197 2198 2199 2200 114 115 2201 2202 2203 2204 116 117 118 119 120 121 122 "
        "2205 2206 2207 2208 2209 2210 2211 2212 2213 2214 2215 2216 2217 2218 2219 2220 2221 2222 123 124 125 126 2223 "
        "2224 2225 2226 127 128 129 130 2227 2228 2229 2230 2231 2232 2233 2234 2235 2236 2237 2238 2239 2240 2241 2242 "
        "2243 2244 2245 2246 2247 2248 2249 131 132 133 134 135 136 137 2250 2251 2252 2253 138 139 140 141 142 143 144 "
        "145 2254 2255 2256 2257 2258 146 147 2259 2260 2261 2262 2263 2264 2265 2266 148 149 150 151 2267 2268 2269 "
        "152 153 154 155 2270 2271 2272 2273 2274 2275 2276 2277 2278 156 157 158 159 160 161 162 2279 2280 163 2281 "
        "2282 2283 164 165 166 2284 2285 2286 167 168 169 170 171 172 173 174 175 176 177 178 179 180 181 2287 2288 182 "
        "183 184 185 186 187 188 189 190 191 192 2289 2290 2291 2292 2293 2294 2295 2296 2297 193 194 195 196 197 198 "
        "199 200 201 202 2298 2299 2300 2301 203 204 2302 2303 2304 2305 2306 2307 2308 2309 205 206 207 208 209 210 "
        "211 212 2310 2311 213 214 2312 2313 2314 215 2315 2316 2317 2318 216 217 218 223 224 225 226 227 228 2319 229 "
        "230 2320 2321 2322 2323 2324 2325 2326 2327 2328 2329 2330 2331 2332 2333 231 232 2334 2335 2336 2337 2338 "
        "2339 2340 2341 2342 2343 2344 2345 2346 2347 2348 233 234 235 236 2349 2350 2351 2352 237 238 239 240 2353 "
        "2354 241 242 243 244 2355 2356 2357 2358 2359 245 246 247 2360 2361 2362 2363 2364 248 249 2365 2366 2367 250 "
        "2368 2369 2370 2371 2372 2373 2374 2375 2376 2377 2378 2379 2380 2381 251 252 253 254 255 256 257 258 259 2382 "
        "2383 260 261 262 263 264 265 266 267 2384 2385 2386 2387 268 269 270 271 272 273 274 275 276 277 278 279 2388 "
        "2389 2390 2391 2392 2393 2394 280 281 2395 282 283 284 285 286 287 2396 288 289 290 291 292 293 294 295 296 "
        "2397 2398 2399 2400 297 298 299 2401 2402 300 301 2403 302 303 304 305 2404 306 307 308 309 310 311 2405 312 "
        "313 314 315 2406 2407 2408 2409 2410 316 317 318 319 320 321 322 2411 2412 2413 2414 2415 323 324 2416 325 "
        "2417 2418 326 327 328 329 330 331 2419 2420 2421 332 2422 2423 333 334 2424 2425 2426 2427 2428 2429 339 340 "
        "341 342 343 2430 2431 2432 2433 344 345 346 2434 2435 2436 347 348 349 350 2437 2438 351 352 353 354 2439 2440 "
        "2441 2442 355 356 357 358 2443 2444 359 360 2445 2446 2447 361 362 363 364 2448 2449 2450 365 366 367 368 369 "
        "370 371 372 373 374 375 376 377 2451 2452 2453 378 379 380 381 382 2454 2455 2456 2457 2458 2459 2460 383 2461 "
        "2462 384 385 386 387 388 389 390 2463 2464 2465 2466 391 392 393 394 395 396 397 398 399 400 401 402 403 404 "
        "405 406 407 408 409 410 411 412 413 414 415 416 417 418 419 420 421 422 423 424 425 426 427 428 2467 2468 429 "
        "430 2469 431 2470 432 433 2471 2472 2473 434 435 436 2474 2475 437 438 439 440 441 442 443 444 2476 2477 445 "
        "446 447 448 449 450 451 452 453 454 2478 2479 2480 2481 2482 2483 2484 455 456 2485 457 2486 458 459 460 461 "
        "2487 2488 2489 2490 2491 2492 2493 2494 2495 2496 2497 2498 2499 2500 2501 2502 2503 2504 2505 2506 2507 2508 "
        "2509 462 463 2510 2511 2512 2513 2514 2515 2516 2517 2518 2519 2520 2521 2522 2523 2524 2525 2526 2527 464 465 "
        "466 467 2528 2529 2530 2531 2532 2533 2534 2535 2536 468 469 470 471 2537 2538 2539 2540 2541 2542 2543 2544 "
        "2545 2546 472 473 474 475 2547 2548 2549 2550 2551 2552 2553 2554 2555 2556 2557 2558 2559 2560 2561 2562 2563 "
        "2564 2565 2566 2567 2568 2569 2570 2571 2572 2573 2574 2575 2576 2577 2578 2579 2580 2581 2582 2583 2584 2585 "
        "2586 2587 2588 2589 2590 2591 2592 2593 2594 2595 2596 2597 2598 2599 2600 2601 2602 2603 2604 2605 2606 2607 "
        "2608 2609 2610 2611 2612 2613 2614 2615 2616 2617 2618 2619 2620 2621 2622 2623 2624 476 2625 2626 2627 2628 "
        "2629 2630 2631 2632 2633 2634 2635 2636 2637 2638 2639 2640 2641 2642 2643 2644 2645 2646 2647 2648 2649 2650 "
        "2651 2652 2653 2654 2655 2656 2657 2658 2659 2660 2661 2662 2663 2664 2665 2666 2667 2668 2669 2670 2671 2672 "
        "2673 2674 2675 2676 2677 2678 2679 2680 2681 2682 2683 2684 2685 2686 2687 2688 2689 2690 2691 2692 2693 2694 "
        "2695 2696 2697 2698 2699 2700 2701 2702 2703 2704 2705 2706 2707 2708 2709 2710 2711 2712 2713 2714 2715 2716 "
        "2717 2718 2719 2720 2721 2722 2723 2724 2725 2726 2727 2728 2729 2730 2731 2732 2733 2734 2735 2736 2737 2738 "
        "2739 2740 2741 2742 2743 2744 2745 2746 2747 2748 477 478 479 480 2749 2750 481 482 483 484 2751 2752 2753 "
        "2754 485 486 487 488 489 490 491 492 493 494 495 2755 2756 2757 2758 2759 2760 2761 2762 2763 2764 2765 2766 "
        "2767 2768 2769 2770 2771 2772 2773 2774 2775 2776 2777 2778 2779 2780 2781 2782 2783 2784 2785 2786 2787 2788 "
        "2789 2790 2791 2792 2793 2794 2795 2796 2797 2798 2799 2800 2801 2802 2803 2804 2805 2806 2807 2808 2809 2810 "
        "2811 2812 2813 2814 2815 2816 2817 2818 2819 2820 2821 2822 2823 2824 2825 2826 2827 2828 2829 2830 2831 2832 "
        "2833 2834 2835 2836 2837 2838 2839 2840 2841 2842 496 497 2843 2844 2845 2846 2847 2848 2849 2850 2851 2852 "
        "2853 2854 2855 2856 2857 2858 2859 2860 2861 2862 2863 2864 2865 2866 498 499 500 501 2867 2868 2869 2870 502 "
        "503 504 2871 2872 2873 2874 2875 2876 2877 2878 2879 505 2880 2881 2882 2883 2884 2885 2886 2887 2888 2889 506 "
        "507 508 509 2890 2891 2892 2893 2894 2895 2896 2897 2898 2899 2900 2901 2902 2903 2904 2905 2906 2907 2908 "
        "2909 2910 2911 2912 2913 2914 2915 2916 2917 2918 2919 2920 2921 2922 2923 2924 510 2925 2926 2927 2928 2929 "
        "511 512 2930 2931 2932 513 514 2933 2934 515 516 517 518 519 520 521 530 531 2935 2936 2937 2938 2939 2940 "
        "2941 532 2942 533 538 539 540 541 2943 2944 2945 2946 2947 2948 2949 2950 2951 2952 542 2953 2954 2955 2956 "
        "2957 2958 2959 2960 2961 2962 2963 543 544 545 546 2964 2965 2966 2967 2968 2969 2970 2971 2972 2973 2974 2975 "
        "2976 2977 2978 2979 2980 2981 2982 2983 2984 2985 2986 2987 2988 2989 547 548 2990 2991 549 2992 2993 2994 "
        "2995 2996 2997 2998 2999 3000 3001 3002 3003 550 551 552 553 558 559 560 561 562 3004 3005 563 564 3006 3007 "
        "3008 3009 3010 3011 3012 3013 3014 3015 3016 3017 3018 3019 3020 3021 3022 3023 565 566 567 568 3024 3025 3026 "
        "3027 3028 3029 3030 3031 3032 3033 3034 3035 3036 3037 3038 3039 3040 3041 569 570 571 572 3042 3043 3044 3045 "
        "3046 3047 3048 3049 3050 3051 3052 3053 3054 3055 573 574 575 576 3056 577 578 579 580 3057 3058 3059 3060 581 "
        "582 583 588 589 590 591 592 3061 3062 3063 3064 3065 3066 593 594 3067 3068 603 604 3069 3070 3071 2036 3072 "
        "3073 3074 3075 3076 3077 3078 3079 3080 3081 3082 3083 3084 3085 3086 3087 3088 3089 3090 3091 3092 3093 3094 "
        "3095 3096 3097 3098 3099 3100 3101 3102 3103 3104 3105 3106 3107 3108 3109 3110 3111 3112 3113 3114 3115 3116 "
        "3117 3118 605 622 623 624 625 626 627 628 3119 3120 3121 3122 3123 3124 3125 3126 3127 3128 3129 3130 3131 "
        "3132 3133 3134 3135 3136 3137 3138 3139 3140 3141 3142 3143 3144 3145 3146 3147 3148 3149 629 630 3150 3151 "
        "3152 631 632 633 638 639 644 3153 3154 3155 3156 3157 3158 3159 3160 3161 3162 645 646 647 648 3163 649 650 "
        "2151 3164 3165 3166 3167 3168 3169 3170 3171 3172 3173 3174 3175 3176 667 668 669 670 3177 3178 3179 3180 3181 "
        "3182 3183 671 672 673 674 679 680 681 682 683 688 691 692 693 694 695 696 697 702 703 704 705 706 707 708 709 "
        "712 713 714 715 723 724 725 726 727 728 729 730 731 732 733 734 735 736 737 738 739 740 745 746 747 748 753 "
        "754 755 756 757 758 759 760 761 762 763 764 765 766 767 768 769 770 771 772 773 774 775 783 784 785 786 795 "
        "796 797 798 799 802 803 804 805 806 807 808 809 814 815 816 821 822 823 824 825 826 827 828 829 837 838 840 "
        "841 842 846 847 848 864 865 877 878 879 880 881 882 883 884 885 896 897 898 899 902 903 904 905 906 907 908 "
        "909 918 919 922 923 924 926 927 928 929 939 942 943 944 945 946 947 948 949 950 951 952 953 954 955 958 959 "
        "960 961 962 963 964 965 966 967 968 969 970 971 972 977 978 979 980 985 986 991 992 993 994 995 999 1000 1001 "
        "1002 1003 1006 1007 1008 1010 1011 1012 1013 1014 1015 1016 1017 1018 1019 1020 1021 1022 1023 1033 1034 1043 "
        "1044 1045 1046 1059 1060 1061 1062 1063 1064 1065 1068 1075 1085 1086 1087 1088 1092 1093 1096 1101 1108 1113 "
        "1114 1115 1116 1117 1125 1126 1127 1128 1129 1132 1134 1135 1142 1143 1144 1146 1147 1150 1151 1152 1153 1154 "
        "1155 1161 1162 1163 1164 1168 1169 1170 1175 1176 1181 1182 1183 1184 1189 1190 1193 1194 1195 1200 1201 1202 "
        "1216 1217 1218 1224 1225 1226 1227 1228 1229 1230 1232 1233 1241 1242 1243 1244 1283 1284 1287 1289 1292 1293 "
        "1294 1298 1299 1308 1309 1320 1321 1322 1323 1324 1325 1326 1329 1331 1336 1337 1338 1339 1340 1341 1342 1343 "
        "1344 1345 1346 1347 1348 1349 1350 1351 1352 1353 1354 1355 1356 1357 1358 1361 1362 1363 1364 1365 1366 1367 "
        "1368 1369 1370 1371 1372 1373 1374 1375 1376 1377 1378 1383 1384 1385 1386 1387 1388 1389 1390 1391 1396 1397 "
        "1398 1399 1400 1401 1402 1403 1404 1405 1410 1411 1412 1413 1414 1415 1416 1417 1418 1419 1420 1421 1422 1423 "
        "1424 1425 1426 1427 1428 1429 1430 1431 1432 1433 1434 1435 1436 1437 1438 1439 1440 1441 1442 1443 1444 1445 "
        "1446 1447 1448 1449 1450 1451 1452 1453 1454 1455 1456 1457 1458 1459 1460 1461 1462 1463 1464 1465 1466 1467 "
        "1468 1469 1470 1471 1472 1473 1474 1475 1476 1477 1478 1479 1480 1481 1482 1483 1484 1485 1486 1487 1489 1490 "
        "1491 1492 1493 1494 1495 1496 1497 1498 1499 1500 1501 1502 1503 1504 1505 1506 1507 1508 1509 1510 1511 1512 "
        "1513 1514 1515 1516 1517 1518 1519 1520 1521 1522 1523 1524 1525 1526 1527 1528 1529 1530 1531 1532 1533 1534 "
        "1535 1536 1537 1538 1539 1540 1541 1542 1543 1544 1545 1546 1547 1548 1549 1550 1551 1552 1553 1554 1555 1556 "
        "1557 1558 1559 1560 1561 1562 1563 1564 1565 1566 1567 1568 1569 1570 1571 1572 1573 1574 1575 1576 1577 1578 "
        "1579 1580 1581 1582 1583 1584 1585 1586 1587 1588 1589 1590 1591 1592 1593 1594 1595 1596 1597 1598 1599 1600 "
        "1601 1602 1603 1604 1605 1606 1607 1608 1609 1610 1611 1612 1617 1618 1623 1624 1625 1626 1638 1639 1640 1641 "
        "1642 1643 1644 1645 1646 1647 1648 1649 1650 1651 1652 1653 1654 1655 1656 1657 1658 1659 1660 1661 1662 1663 "
        "1664 1665 1666 1667 1668 1669 1670 1671 1672 1673 1674 1675 1676 1677 1678 1679 1680 1681 1682 1683 1684 1685 "
        "1686 1687 1688 1689 1690 1691 1692 1693 1694 1695 1696 1697 1698 1699 1700 1701 1702 1703 1704 1705 1706 1707 "
        "1708 1709 1710 1711 1712 1713 1714 1715 1716 1717 1718 1719 1720 1721 1722 1723 1724 1725 1728 1729 1730 1731 "
        "1732 1733 1734 1735 1736 1737 1738 1739 1740 1741 1742 1743 1744 1745 1746 1747 1748 1749 1750 1751 1756 1757 "
        "1758 1759 1763 1764 1765 1766 1767 1768 1769 1770 1771 1773 1774 1775 1776 1777 1778 1779 1780 1781 1782 1787 "
        "1788 1789 1790 1791 1792 1793 1794 1795 1796 1797 1798 1799 1800 1801 1802 1803 1804 1805 1806 1807 1808 1809 "
        "1810 1811 1812 1813 1814 1815 1816 1817 1818 1819 1820 1821 1823 1824 1825 1826 1827 1830 1831 1832 1835 1836 "
        "1846 1847 1848 1849 1850 1851 1852 1854 1860 1861 1862 1863 1864 1865 1866 1867 1868 1869 1871 1872 1873 1874 "
        "1875 1876 1877 1878 1879 1880 1881 1886 1887 1888 1889 1890 1891 1892 1893 1894 1895 1896 1897 1898 1899 1900 "
        "1901 1902 1903 1904 1905 1906 1907 1908 1909 1910 1911 1914 1915 1917 1918 1919 1920 1921 1922 1923 1924 1925 "
        "1926 1927 1928 1938 1939 1942 1943 1944 1945 1946 1947 1948 1949 1950 1951 1952 1953 1954 1955 1956 1957 1958 "
        "1959 1964 1965 1966 1967 1968 1969 1970 1971 1972 1973 1974 1975 1976 1977 1978 1979 1980 1981 1986 1987 1988 "
        "1989 1990 1991 1992 1993 1994 1995 1996 1997 1998 1999 2004 2009 2010 2011 2012 2021 2022 2023 2024 2025 2026 "
        "2029 2030 2033 2034 2035 2037 2038 2039 2040 2041 2042 2043 2044 2045 2046 2047 2048 2049 2050 2051 2052 2053 "
        "2054 2055 2056 2057 2058 2059 2060 2061 2062 2063 2064 2065 2066 2067 2068 2069 2070 2071 2072 2073 2074 2075 "
        "2076 2077 2078 2079 2080 2081 2082 2083 2092 2093 2094 2095 2096 2097 2098 2099 2100 2101 2102 2103 2104 2105 "
        "2106 2107 2108 2109 2110 2111 2112 2113 2114 2115 2116 2117 2118 2119 2120 2121 2122 2125 2126 2127 2134 2135 "
        "2136 2137 2138 2139 2140 2141 2142 2143 2148 2152 2153 2154 2155 2156 2157 2158 2159 2160 2161 2162 2163 2164 "
        "2169 2170 2171 2172 2173 2174 2175 3186 3187 3184 3185 3291 3292 3293 3294 3295 3296 3297 3298 3299 3300 3301 "
        "3302 3303 3304 3305 3306 3307 3308 3309 3310 3311 3312 3313 3314 3315 3316 3317 3318 3319 3320 3321 3322 3323 "
        "3324 3222 3223 3325 3326 3327 3328 3329 3330 3331 3332 3333 3334 3335 3336 3337 3338 3339 3340 3341 3342 3343 "
        "3344 3345 3346 3347 3348 3248 3249 3349 3350 3351 3352 3353 3354 3355 3356 3357 3358 3359 3360 3361 3362 3363 "
        "3364 3365 3366 3367 3368 3369 3370 3371 3372 3373 3275 3276 3277 3278 3374 3375 3281 3282 3283 3284 3285 3376 "
        "3377 3378 3379 3290 3188 3189 3190 3191 3192 3193 3194 3195 3196 3197 3198 3199 3200 3201 3202 3203 3204 3205 "
        "3206 3207 3208 3209 3210 3211 3212 3213 3214 3215 3216 3217 3218 3219 3220 3221 3224 3225 3226 3227 3228 3229 "
        "3230 3231 3232 3233 3234 3235 3236 3237 3238 3239 3240 3241 3242 3243 3244 3245 3246 3247 3250 3251 3252 3253 "
        "3254 3255 3256 3257 3258 3259 3260 3261 3262 3263 3264 3265 3266 3267 3268 3269 3270 3271 3272 3273 3274 3279 "
        "3280 3286 3287 3288 3289 3576 3577 3578 3579 3580 3581 3582 3583 3584 3587 3588 3593 3594 3595 3596 3598 3599 "
        "3600 3601 3399 3400 3401 3604 3605 3404 3611 3614 3623 3624 3625 3626 3628 3629 3630 3414 3634 3635 3636 3637 "
        "3643 3644 3646 3649 3650 3652 3653 3654 3655 3656 3658 3659 3660 3662 3663 3664 3665 3666 3667 3670 3671 3672 "
        "3673 3442 3676 3677 3678 3679 3680 3681 3685 3691 3693 3695 3697 3698 3701 3703 3457 3707 3459 3709 3461 3713 "
        "3463 3714 3715 3716 3717 3722 3724 3725 3726 3727 3728 3730 3734 3737 3738 3739 3740 3742 3745 3752 3753 3754 "
        "3756 3757 3487 3760 3761 3762 3769 3771 3772 3494 3495 3496 3497 3498 3499 3500 3501 3502 3503 3504 3505 3506 "
        "3507 3508 3509 3510 3511 3512 3513 3514 3515 3516 3517 3518 3519 3520 3521 3522 3523 3524 3525 3526 3527 3528 "
        "3529 3530 3531 3532 3533 3534 3535 3536 3537 3538 3539 3540 3541 3542 3543 3544 3545 3546 3547 3548 3549 3550 "
        "3551 3552 3553 3554 3555 3556 3557 3558 3559 3560 3561 3562 3563 3564 3565 3566 3567 3568 3569 3570 3571 3572 "
        "3573 3574 3575 3380 3381 3382 3383 3384 3385 3386 3387 3388 3807 3808 3389 3390 3809 3810 3811 3812 3391 3392 "
        "3393 3394 3813 3395 3396 3397 3398 3814 3815 3402 3403 3816 3817 3818 3819 3820 3405 3821 3822 3406 3823 3824 "
        "3825 3826 3827 3828 3829 3830 3407 3408 3409 3410 3831 3411 3412 3413 3832 3833 3834 3415 3416 3417 3418 3835 "
        "3836 3837 3838 3839 3419 3420 3840 3421 3841 3842 3422 3423 3843 3424 3425 3426 3427 3428 3844 3429 3430 3431 "
        "3845 3432 3433 3434 3435 3436 3437 3668 3846 3438 3439 3440 3441 3847 3848 3443 3444 3445 3446 3447 3448 3849 "
        "3850 3851 3449 3852 3853 3854 3855 3856 3450 3857 3451 3858 3452 3859 3453 3454 3860 3861 3455 3862 3456 3704 "
        "3863 3864 3458 3865 3460 3866 3867 3868 3462 3464 3465 3466 3467 3869 3870 3871 3872 3468 3873 3469 3470 3471 "
        "3472 3473 3874 3474 3875 3876 3877 3475 3878 3879 3476 3477 3478 3479 3880 3480 3881 3882 3481 3883 3884 3885 "
        "3886 3887 3888 3482 3483 3484 3889 3485 3486 3890 3891 3488 3489 3490 3892 3893 3894 3895 3896 3897 3491 3898 "
        "3492 3493 3899 3900 3901 3902 3903 3904 3905 3906 3907 3908 3909 3910 3785 3786 3911 3912 3913 3790 3914 3915 "
        "3916 3917 3918 3919 3920 3921 3922 3923 3801 3924 3925 3926 3927 3928 3585 3586 3589 3590 3591 3592 3597 3602 "
        "3603 3606 3607 3608 3609 3610 3612 3613 3615 3616 3617 3618 3619 3620 3621 3622 3627 3631 3632 3633 3638 3639 "
        "3640 3641 3642 3645 3647 3648 3651 3657 3661 3669 3674 3675 3682 3683 3684 3686 3687 3688 3689 3690 3692 3694 "
        "3696 3699 3700 3702 3705 3706 3708 3710 3711 3712 3718 3719 3720 3721 3723 3729 3731 3732 3733 3735 3736 3741 "
        "3743 3744 3746 3747 3748 3749 3750 3751 3755 3758 3759 3763 3764 3765 3766 3767 3768 3770 3773 3774 3775 3776 "
        "3777 3778 3779 3780 3781 3782 3783 3784 3787 3788 3789 3791 3792 3793 3794 3795 3796 3797 3798 3799 3800 3802 "
        "3803 3804 3805 3806 3930 3929 4541 4542 4543 4544 4537 4538 4539 4540 4533 4534 4535 4536 4529 4530 4531 4532 "
        "4525 4526 4527 4528 4521 4522 4523 4524 4517 4518 4519 4520 4513 4514 4515 4516 4509 4510 4511 4512 4505 4506 "
        "4507 4508 4501 4502 4503 4504 4497 4498 4499 4500 4493 4494 4495 4496 4489 4490 4491 4492 4485 4486 4487 4488 "
        "4481 4482 4483 4484 4477 4478 4479 4480 4602 4603 4604 4605 4598 4599 4600 4601 4593 4594 4595 4596 4589 4590 "
        "4591 4592 4585 4586 4587 4588 4581 4582 4583 4584 4577 4578 4579 4580 4573 4574 4575 4576 4569 4570 4571 4572 "
        "4565 4566 4567 4568 4561 4562 4563 4564 4557 4558 4559 4560 4553 4554 4555 4556 4597 4549 4550 4551 4552 4545 "
        "4546 4547 4548 4814 4815 4816 4817 4818 4819 4820 4821 4822 4823 4824 4825 4826 4801 4802 4803 4804 4805 4806 "
        "4807 4808 4809 4810 4811 4812 4813 4788 4789 4790 4791 4792 4793 4794 4795 4796 4797 4798 4799 4800 4775 4776 "
        "4777 4778 4779 4780 4781 4782 4783 4784 4785 4786 4787 4762 4763 4764 4765 4766 4767 4768 4769 4770 4771 4772 "
        "4773 4774 4749 4750 4751 4752 4753 4754 4755 4756 4757 4758 4759 4760 4761 4736 4737 4738 4739 4740 4741 4742 "
        "4743 4744 4745 4746 4747 4748 4723 4724 4725 4726 4727 4728 4729 4730 4731 4732 4733 4734 4735 4710 4711 4712 "
        "4713 4714 4715 4716 4717 4718 4719 4720 4721 4722 4697 4698 4699 4700 4701 4702 4703 4704 4705 4706 4707 4708 "
        "4709 4684 4685 4686 4687 4688 4689 4690 4691 4692 4693 4694 4695 4696 4671 4672 4673 4674 4675 4676 4677 4678 "
        "4679 4680 4681 4682 4683 4658 4659 4660 4661 4662 4663 4664 4665 4666 4667 4668 4669 4670 4645 4646 4647 4648 "
        "4649 4650 4651 4652 4653 4654 4655 4656 4657 4632 4633 4634 4635 4636 4637 4638 4639 4640 4641 4642 4643 4644 "
        "4619 4620 4621 4622 4623 4624 4625 4626 4627 4628 4629 4630 4631 4606 4607 4608 4609 4610 4611 4612 4613 4614 "
        "4615 4616 4617 4618 5010 5011 5012 5013 5014 5015 5016 5017 5018 5019 5020 5021 5022 4997 4998 4999 5000 5001 "
        "5002 5003 5004 5005 5006 5007 5008 5009 4984 4985 4986 4987 4988 4989 4990 4991 4992 4993 4994 4995 4996 4971 "
        "4972 4973 4974 4975 4976 4977 4978 4979 4980 4981 4982 4983 4958 4959 4960 4961 4962 4963 4964 4965 4966 4967 "
        "4968 4969 4970 4892 4945 4946 4947 4948 4949 4950 4951 4952 4953 4954 4955 4956 4957 4932 4933 4934 4935 4936 "
        "4937 4938 4939 4940 4941 4942 4943 4944 4919 4920 4921 4922 4923 4924 4925 4926 4927 4928 4929 4930 4931 4906 "
        "4907 4908 4909 4910 4911 4912 4913 4914 4915 4916 4917 4918 4893 4894 4895 4896 4897 4898 4899 4900 4901 4902 "
        "4903 4904 4905 4879 4880 4881 4882 4883 4884 4885 4886 4887 4888 4889 4890 4891 4866 4867 4868 4869 4870 4871 "
        "4872 4873 4874 4875 4876 4877 4878 4853 4854 4855 4856 4857 4858 4859 4860 4861 4862 4863 4864 4865 4840 4841 "
        "4842 4843 4844 4845 4846 4847 4848 4849 4850 4851 4852 4827 4828 4829 4830 4831 4832 4833 4834 4835 4836 4837 "
        "4838 4839 3995 3996 3997 3998 3991 3992 3993 3994 3987 3988 3989 3990 3983 3984 3985 3986 3979 3980 3981 3982 "
        "3975 3976 3977 3978 3971 3972 3973 3974 3967 3968 3969 3970 3963 3964 3965 3966 3959 3960 3961 3962 3955 3956 "
        "3957 3958 3951 3952 3953 3954 3947 3948 3949 3950 3943 3944 3945 3946 3939 3940 3941 3942 3935 3936 3937 3938 "
        "3931 3932 3933 3934 4056 4057 4058 4059 4052 4053 4054 4055 4047 4048 4049 4050 4043 4044 4045 4046 4039 4040 "
        "4041 4042 4035 4036 4037 4038 4031 4032 4033 4034 4027 4028 4029 4030 4023 4024 4025 4026 4019 4020 4021 4022 "
        "4015 4016 4017 4018 4011 4012 4013 4014 4007 4008 4009 4010 4051 4003 4004 4005 4006 3999 4000 4001 4002 4268 "
        "4269 4270 4271 4272 4273 4274 4275 4276 4277 4278 4279 4280 4255 4256 4257 4258 4259 4260 4261 4262 4263 4264 "
        "4265 4266 4267 4242 4243 4244 4245 4246 4247 4248 4249 4250 4251 4252 4253 4254 4229 4230 4231 4232 4233 4234 "
        "4235 4236 4237 4238 4239 4240 4241 4216 4217 4218 4219 4220 4221 4222 4223 4224 4225 4226 4227 4228 4203 4204 "
        "4205 4206 4207 4208 4209 4210 4211 4212 4213 4214 4215 4190 4191 4192 4193 4194 4195 4196 4197 4198 4199 4200 "
        "4201 4202 4177 4178 4179 4180 4181 4182 4183 4184 4185 4186 4187 4188 4189 4164 4165 4166 4167 4168 4169 4170 "
        "4171 4172 4173 4174 4175 4176 4151 4152 4153 4154 4155 4156 4157 4158 4159 4160 4161 4162 4163 4138 4139 4140 "
        "4141 4142 4143 4144 4145 4146 4147 4148 4149 4150 4125 4126 4127 4128 4129 4130 4131 4132 4133 4134 4135 4136 "
        "4137 4112 4113 4114 4115 4116 4117 4118 4119 4120 4121 4122 4123 4124 4099 4100 4101 4102 4103 4104 4105 4106 "
        "4107 4108 4109 4110 4111 4086 4087 4088 4089 4090 4091 4092 4093 4094 4095 4096 4097 4098 4073 4074 4075 4076 "
        "4077 4078 4079 4080 4081 4082 4083 4084 4085 4060 4061 4062 4063 4064 4065 4066 4067 4068 4069 4070 4071 4072 "
        "4464 4465 4466 4467 4468 4469 4470 4471 4472 4473 4474 4475 4476 4451 4452 4453 4454 4455 4456 4457 4458 4459 "
        "4460 4461 4462 4463 4438 4439 4440 4441 4442 4443 4444 4445 4446 4447 4448 4449 4450 4425 4426 4427 4428 4429 "
        "4430 4431 4432 4433 4434 4435 4436 4437 4412 4413 4414 4415 4416 4417 4418 4419 4420 4421 4422 4423 4424 4346 "
        "4399 4400 4401 4402 4403 4404 4405 4406 4407 4408 4409 4410 4411 4386 4387 4388 4389 4390 4391 4392 4393 4394 "
        "4395 4396 4397 4398 4373 4374 4375 4376 4377 4378 4379 4380 4381 4382 4383 4384 4385 4360 4361 4362 4363 4364 "
        "4365 4366 4367 4368 4369 4370 4371 4372 4347 4348 4349 4350 4351 4352 4353 4354 4355 4356 4357 4358 4359 4333 "
        "4334 4335 4336 4337 4338 4339 4340 4341 4342 4343 4344 4345 4320 4321 4322 4323 4324 4325 4326 4327 4328 4329 "
        "4330 4331 4332 4307 4308 4309 4310 4311 4312 4313 4314 4315 4316 4317 4318 4319 4294 4295 4296 4297 4298 4299 "
        "4300 4301 4302 4303 4304 4305 4306 4281 4282 4283 4284 4285 4286 4287 4288 4289 4290 4291 4292 4293 "
    ),
    "MOUTH_LOOP": (
        "2708 2730 2731 2861 2862 2857 2854 2782 2783 3514 1666 1665 1739 1742 1747 1746 1595 1594 1572 1573 1860 1862 "
        "1830 1835 1852 3497 2941 2933 2930 2945 2943 2709 "
    ),
    "UPPER_LIP": (
        "1572-1573 1576-1577 1579 1588-1595 1598 1657-1670 1686-1687 1691 1693-1697 1700-1704 1709-1725 1728-1751 "
        "1763-1764 1771 2708-2709 2712-2715 2724-2731 2734 2774-2787 2803-2804 2808 2810-2814 2817-2821 2826-2866 "
        "2871-2872 2879 3514 3531 3533 3537 3541 3543 3546-3547 3549 3793 3797 3799 3916 3920 3922 "
    ),
    "LOWER_LIP": (
        "1572-1573 1576-1583 1588-1595 1598 1701-1704 1709-1715 1728-1730 1744-1747 1758 1763-1765 1770-1771 1773-1782 "
        "1787-1789 1791-1796 1801-1804 1826-1827 1830-1832 1835-1836 1846-1852 1854 1860-1862 1865-1866 2708-2709 "
        "2712-2719 2724-2731 2734 2818-2821 2826-2832 2841 2843-2845 2859 2861-2862 2869 2871-2873 2878-2892 2894-2899 "
        "2904-2907 2928-2945 2948-2949 3497 3500 3503-3504 3506 3509 3511-3513 3793 3797 3799 3916 3920 3922 "
    ),
    "LIP_MID_UPPER": (
        "1657-1658 1660-1661 1666 1668-1669 1686-1687 1751 2774-2775 2777-2778 2783 2785-2786 2803-2804 2810 2866 3514 "
        "3531 3533 3537 3541 3543 3546-3547 3549 "
    ),
    "LIP_MID_LOWER": (
        "1826-1827 1832 1835-1836 1846-1852 1865-1866 2928-2929 2932-2941 2948-2949 3497 3500 3503-3504 3506 3509 "
        "3511-3513 "
    ),
    "LIP_MID_UPPER_TRIANGLES": (
        "1657 3541 3543 1669 3533 1668 1662 1660 1659 1659 1666 1665 1670 1668 1667 1693 1657 1694 1658 3537 3541 1750 "
        "1669 1670 1694 1751 1750 3531 1751 3546 1667 1661 1662 1660 3514 1666 1668 3547 1661 2777 2779 2776 2783 2776 "
        "2782 2785 2787 2784 2778 2784 2779 2810 2774 2775 2803 2775 2804 2808 2810 2803 2865 2786 2866 2811 2866 2774 "
        "3531 2866 2786 1686 1658 1693 3549 2778 2777 3546 2774 2866 2774 3541 2775 2775 3537 2804 3547 2785 2778 3533 "
        "2786 2785 3514 2777 2783 1661 3549 1660 1657 3546 1751 1657 1658 3541 1669 3531 3533 1662 1661 1660 1659 1660 "
        "1666 1670 1669 1668 1693 1658 1657 1691 1686 1693 1658 1687 3537 1750 1751 1669 1694 1657 1751 3531 1669 1751 "
        "1667 1668 1661 1660 3549 3514 1668 3533 3547 2777 2778 2779 2783 2777 2776 2785 2786 2787 2778 2785 2784 2810 "
        "2811 2774 2803 2810 2775 2808 2812 2810 2811 2810 2812 2865 2787 2786 2811 2865 2866 3531 3546 2866 1686 1687 "
        "1658 3549 3547 2778 3546 3543 2774 2774 3543 3541 2775 3541 3537 3547 3533 2785 3533 3531 2786 3514 3549 2777 "
        "1661 3547 3549 1657 3543 3546 "
    ),
    "LIP_MID_LOWER_TRIANGLES": (
        "1849 3506 1850 1848 3504 1849 1826 1849 1804 1778 1847 1827 1832 1852 1851 1851 3497 3500 1846 3500 3512 1847 "
        "1851 1846 1802 1866 1801 1778 1826 1789 1836 3512 3513 2928 2885 2892 2931 2933 2930 2929 2935 2936 2937 2929 "
        "2928 2938 2928 2907 2939 2907 2906 2885 2936 2886 2941 2932 2940 2940 2936 2935 3500 2935 3512 3497 2940 3500 "
        "2906 2948 2939 2905 2949 2948 1827 1848 1826 1835 1831 1830 2886 2932 2931 1832 1779 1831 1803 1865 1802 1804 "
        "1850 1803 2934 3512 2935 3509 2934 2937 3504 2937 2938 3506 2938 2939 2949 3503 2948 2939 3503 3506 1827 1846 "
        "1836 1836 3509 1848 1850 3503 1865 3503 1866 1865 1849 3504 3506 1848 3509 3504 1826 1848 1849 1778 1779 1847 "
        "1789 1826 1804 1832 1835 1852 1851 1852 3497 1846 1851 3500 1847 1832 1851 1802 1865 1866 1778 1827 1826 1836 "
        "1846 3512 2928 2929 2885 2931 2932 2933 2929 2934 2935 2937 2934 2929 2938 2937 2928 2939 2938 2907 2885 2929 "
        "2936 2907 2928 2892 2941 2933 2932 2940 2932 2936 3500 2940 2935 3497 2941 2940 2906 2905 2948 2905 2904 2949 "
        "1827 1836 1848 1835 1832 1831 2886 2936 2932 1832 1847 1779 1803 1850 1865 1804 1849 1850 2934 3513 3512 3509 "
        "3513 2934 3504 3509 2937 3506 3504 2938 2949 3511 3503 2939 2948 3503 1827 1847 1846 1836 3513 3509 1850 3506 "
        "3503 3503 3511 1866 "
    ),
    "SOCKET_LEFT": (
        "837-838 840-842 846-848 1000-1003 1006-1008 1010-1011 1045-1046 1061 1063-1065 1068 1075 1085-1086 1115-1117 "
        "1125-1129 1132 1134 1142-1143 1147 1150 1227-1230 1232-1233 1241-1242 1283-1284 1287 1289 1320-1321 1361 3824 "
        "3835 3861-3862 3929 "
    ),
    "LID_MARGIN_UPPER_LEFT": (
        "877 1243 1244 1293 1292 3853 1294 1224 1217 1059 1060 1062 1151 "
    ),
    "LID_MARGIN_LOWER_LEFT": (
        "865 864 1356 825 826 992 993 999 816 815 821 1101 1108 1135 1144 "
    ),
    "CANTHI_LEFT": (
        "1146 3827 "
    ),
    "LID_GAP_UPPER_LEFT": (
        "1294 3853 "
    ),
    "LID_GAP_LOWER_LEFT": (
        "826 992-993 "
    ),
    "EYELID_UPPER_LEFT": (
        "1012 1015 1019-1023 1033-1034 1043-1044 1163-1164 1176 1181-1184 1189-1190 1193-1195 1200-1202 1216 1218 1329 "
        "1331 1336-1351 1362 1364-1367 1402 1405 1410 1414 1434 1444 1450-1451 1453 1458 1461-1462 1465-1467 3852 "
        "3855-3856 3858 3860 "
    ),
    "EYELID_LOWER_LEFT": (
        "807-809 814 822-824 827-829 878-885 896-899 902-905 908-909 922-924 926-928 945-955 958-966 971-972 991 "
        "994-995 1093 1096 1113-1114 1152-1155 1161-1162 1168-1170 1175 1352-1355 1357-1358 1363 1368-1375 1385 1401 "
        "1415-1416 1419 1421 3809 3823 3828 3832-3833 "
    ),
    "SOCKET_RIGHT": (
        "2279-2286 2361-2369 2386-2387 2390 2392-2398 2408-2417 2419-2420 2423-2424 2457-2464 2467-2470 2478-2479 2510 "
        "3616 3638 3700 3702 3930 "
    ),
    "LID_MARGIN_UPPER_RIGHT": (
        "2425 2391 2389 2388 2452 2454 2473 3687 2471 2472 2466 2465 2289 "
    ),
    "LID_MARGIN_LOWER_RIGHT": (
        "2421 2418 2405 2404 2270 2268 2269 2360 2357 2356 2275 2274 2507 2287 2288 "
    ),
    "CANTHI_RIGHT": (
        "2422 3619 "
    ),
    "LID_GAP_UPPER_RIGHT": (
        "2471 2473 3687 "
    ),
    "LID_GAP_LOWER_RIGHT": (
        "2275 2356-2357 "
    ),
    "EYELID_UPPER_RIGHT": (
        "2370 2373 2377-2385 2432-2433 2438-2451 2453 2485-2487 2489-2502 2511 2513 2515-2516 2543 2546-2547 2551 2571 "
        "2581 2587-2588 2590 2595 2598-2599 2602-2604 3686 3689-3690 3694 3699 "
    ),
    "EYELID_LOWER_RIGHT": (
        "2264-2267 2271-2273 2276-2278 2290-2305 2308-2309 2312-2317 2323-2342 2347-2348 2355 2358-2359 2402-2403 "
        "2406-2407 2426-2431 2434-2437 2488 2503-2506 2508-2509 2512 2514 2517-2524 2530 2542 2552-2553 2556 2558 3589 "
        "3615 3620 3631-3632 "
    ),
    "STATIC": (
        "0-15 19-26 28-334 339-371 373-374 376-461 476 497 502-562 573-588 593-604 606-621 631-648 651-666 675-678 "
        "684-687 689-690 698-701 709-712 716-722 726-728 734-737 740-753 776-783 785-796 800-801 805-806 810-813 "
        "817-820 830-836 839 843-845 849-863 866-876 886-895 900-901 910-917 920-921 925 930-938 940-941 956-957 "
        "973-976 981-984 987-990 996-998 1004-1005 1009 1016-1018 1024-1032 1035-1042 1047-1058 1066-1067 1069-1074 "
        "1076-1084 1089-1091 1094-1095 1097-1100 1102-1107 1109-1112 1118-1124 1130-1131 1133 1136-1141 1145 1148-1149 "
        "1156-1160 1165-1167 1171-1174 1177-1180 1185-1188 1191-1192 1196-1199 1203-1209 1211-1212 1214-1215 1219-1223 "
        "1231 1234-1240 1245-1282 1285-1286 1288 1290-1291 1295-1319 1322-1328 1330 1332-1335 1423-1424 1454-1457 1470 "
        "1479-1569 1653-1656 1727 1760-1762 1772 1783-1786 1822 1825 1828-1829 1833-1834 1837-1845 1853 1855-1859 1867 "
        "1870 1874-1894 1896-1939 1942-1959 1964-1981 1986-2003 2005-2008 2013-2016 2025-2029 2031-2033 2035-2042 2115 "
        "2128-2133 2144-2148 2151-2159 2162 2175 2200-2201 2208-2210 2215-2219 2222-2227 2250 2252-2255 2262-2263 "
        "2374-2376 2474-2477 2480-2484 2560-2561 2591-2594 2607 2616-2705 2770-2773 2927 2950 2956-2972 2974-3056 "
        "3065-3067 3069 3071-3077 3142 3163-3171 3174 3183-3188 3190-3201 3203-3291 3293-3304 3306-3379 3451 3488 3498 "
        "3510 3517 3519-3520 3522-3523 3525 3528-3530 3532 3535-3536 3539 3544-3545 3554 3557-3559 3562 3565-3570 3574 "
        "3693 3719 3723 3736 3746 3748 3751 3755 3758 3760 3765 3768 3778 3783 3785 3870 3873 3879 3883 3885 3888-3890 "
        "3894 3897 3904 3909 "
    ),
    "JAW": (
        "1578 1580-1583 1758 1765-1767 1770 1773-1782 1787-1789 1791-1804 1826-1827 1830-1832 1835-1836 1846-1852 1854 "
        "1860-1866 2716-2719 2869 2873-2875 2878 2880-2892 2894-2907 2928-2949 3385 3387-3422 3426-3430 3441-3448 "
        "3464-3465 3468 3479 3487 3497 3499-3500 3502-3504 3506 3509 3511-3513 3581 3583-3584 3587-3588 3593-3596 "
        "3598-3601 3604-3605 3611 3614 3623-3626 3628-3630 3634-3637 3643-3644 3646 3649 3654-3656 3658-3659 3673 "
        "3676-3681 3714-3715 3722 3740 3790 3923 "
    ),
    "UPPER_FACE": (
        "16-18 27 335-338 464-475 477-495 498-501 565-572 589-592 605 622-630 667-674 679-683 688 691-697 702-708 "
        "713-715 723-725 729-733 738-739 754-775 797-799 802-804 807-809 814-816 821-829 837-838 840-842 846-848 "
        "864-865 877-885 896-899 902-909 918-919 922-924 926-929 939 942-955 958-972 977-980 985-986 991-995 999-1003 "
        "1006-1008 1010-1015 1019-1023 1033-1034 1043-1046 1059-1065 1068 1075 1085-1088 1092-1093 1096 1101 1108 "
        "1113-1117 1125-1129 1132 1134-1135 1142-1144 1146-1147 1150-1155 1161-1164 1168-1170 1175-1176 1181-1184 "
        "1189-1190 1193-1195 1200-1202 1216-1218 1224-1230 1232-1233 1241-1244 1283-1284 1287 1289 1292-1294 1320-1321 "
        "1329 1331 1336-1358 1361-1385 1387-1422 1425-1453 1458-1469 1471-1478 1570-1571 1574-1575 1584-1587 1600-1652 "
        "1657-1700 1708 1716-1725 1731-1743 1748-1757 1805-1821 1823-1824 1868-1869 1871-1873 1895 1960-1963 1982-1985 "
        "2004 2009-2012 2017-2024 2030 2034 2043-2114 2116-2127 2134-2143 2160-2161 2163-2174 2176-2199 2202-2207 "
        "2211-2214 2220-2221 2228-2249 2256-2261 2264-2373 2377-2473 2478-2479 2485-2530 2532-2559 2562-2590 2595-2606 "
        "2608-2615 2706-2707 2710-2711 2720-2723 2736-2769 2774-2817 2825 2833-2840 2842 2846-2858 2860 2863-2868 "
        "2908-2926 2951-2955 2973 3057-3064 3068 3070 3078-3141 3143-3162 3172-3173 3175-3182 3380-3381 3425 3433 3435 "
        "3438-3440 3472-3473 3475-3477 3480-3486 3489-3493 3495 3501 3505 3507-3508 3514-3516 3518 3521 3524 3526-3527 "
        "3531 3533-3534 3537-3538 3540-3543 3546-3553 3555-3556 3560-3561 3563-3564 3571-3573 3575-3577 3585-3586 "
        "3589-3592 3597 3602-3603 3606-3610 3612-3613 3615-3622 3627 3631-3633 3638-3642 3645 3647-3648 3651 3653 3657 "
        "3661 3663 3665 3668-3672 3674-3675 3682-3684 3686-3690 3692 3694 3696 3699-3700 3702 3704-3706 3708 3710-3712 "
        "3718 3720-3721 3727-3729 3731-3735 3737-3738 3741-3745 3747 3749-3750 3752-3754 3756-3757 3759 3761-3764 "
        "3766-3767 3769-3777 3779-3782 3784 3786-3789 3794-3795 3801-3804 3807-3869 3871-3872 3874-3878 3880-3882 3884 "
        "3886-3887 3891-3893 3895-3896 3898-3903 3905-3908 3910-3913 3917 3924-3926 3929-3930 "
    ),
    "CHIN": (
        "3397-3405 3413-3415 3441-3442 3600-3601 3604-3605 3611 3630 3634 3673 "
    ),
    "NOSE": (
        "464-475 477-495 754-775 1379-1382 1392-1395 1406-1409 1613-1617 1619-1622 1625-1640 1645-1648 1650-1652 "
        "1674-1685 1692 1756-1757 1805-1821 1823-1824 2056 2065-2068 2163-2164 2169-2174 2228-2249 2753 2755-2757 "
        "2762-2765 2767-2769 2791-2802 2809 2867-2868 2908-2926 3091 3100-3103 3175-3182 3380 3493 3501 3507-3508 3515 "
        "3521 3526-3527 3534 3548 3551-3552 3556 3563-3564 3571 3573 3575-3576 3585-3586 3590-3591 3597 3606 3609-3610 "
        "3612-3613 3617-3618 3621 3627 3633 3639-3642 3651 3657 3661 3668-3669 3772 3807-3808 3810-3811 3813 3816 "
        "3819-3822 3825-3826 3829 3831 3834 3836-3839 3843-3846 "
    ),
    "CHEEK_LEFT": (
        "499-500 589-592 683 688 724 1574-1575 1584-1586 1600-1602 1699 2063 2070-2083 2092-2102 2106-2107 3663 "
        "3665-3667 3670-3672 3716-3717 3724 3726-3728 3730 3734 "
    ),
    "BROW_LEFT": (
        "16-18 27 670-674 713-714 1425 1428-1430 1446 1448-1449 2121 2134-2135 2138-2140 3847 3849-3851 3859 3863-3865 "
        "3868 3880 3892 3912 "
    ),
    "CHEEK_RIGHT": (
        "1752-1754 2017-2020 2184-2185 2206 2710-2711 2720-2722 2736-2739 2816 3098 3105-3129 3133-3134 3433 3435-3440 "
        "3466-3467 3469 3471-3472 3475 3489 "
    ),
    "BROW_RIGHT": (
        "335-338 2168 2176-2179 2203 2562 2565-2567 2583 2585-2586 3148 3153-3154 3157-3159 3674 3682-3684 3696 "
        "3705-3706 3708 3712 3741 3763 3788 "
    ),
}
# --- end of derived constants ---

REGIONS = _load_constants()
globals().update(REGIONS)


def differences(derived: dict) -> list:
    """Names whose derived value differs from the stored constant (or that have no constant)."""
    def same(name, value):
        stored = REGIONS.get(name)
        if stored is None:
            return False
        if name in ORDERED:
            return np.array_equal(stored, value)
        return np.array_equal(np.sort(stored), np.sort(value))

    return sorted(set(REGIONS) ^ set(derived) | {n for n, v in derived.items() if not same(n, v)})


def _main(argv):
    from inference.flame_topology import template_path

    from .ply import load_ply

    vertices, triangles = load_ply(template_path())
    derived = derive(vertices, triangles)
    for name, value in derived.items():
        print(f"{name:24s} {len(value):5d}  {describe(name)}")
    mirror = derived["MIRROR"]
    err = np.linalg.norm(vertices[mirror] * [-1, 1, 1] - vertices, axis=1)
    print(f"mirror map: involution={bool(np.all(mirror[mirror] == np.arange(len(mirror))))}, "
          f"reflection distance median {np.median(err) * 1e3:.2f} mm, max {err.max() * 1e3:.2f} mm")
    if "--write" in argv:
        path = __file__
        text = open(path).read()
        block = "\n".join([_BEGIN, "_CONSTANTS = {", *(_format(k, v) for k, v in derived.items()), "}", _END])
        head, rest = text.split(_BEGIN + "\n", 1)
        _, tail = rest.split(_END + "\n", 1)
        with open(path, "w") as f:
            f.write(head + block + "\n" + tail)
        print(f"wrote constants to {path}")
        return 0
    differ = differences(derived)
    print(f"constants DIFFER from the derivation: {differ} (run with --write)" if differ
          else "constants match the derivation")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
