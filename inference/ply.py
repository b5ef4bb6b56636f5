# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A numpy-only PLY reader for FLAME heads: binary little-endian (FLAME's own files) and ASCII (what trimesh and
many tools write)."""

import numpy as np

_PLY_TYPES = {
    "char": "i1", "int8": "i1", "uchar": "u1", "uint8": "u1",
    "short": "i2", "int16": "i2", "ushort": "u2", "uint16": "u2",
    "int": "i4", "int32": "i4", "uint": "u4", "uint32": "u4",
    "float": "f4", "float32": "f4", "double": "f8", "float64": "f8",
}


def _read_header(f):
    if f.readline().strip() != b"ply":
        raise ValueError("not a PLY file")
    elements = []  # [name, count, [(prop_name, dtype) or (prop_name, count_dtype, item_dtype)]]
    fmt = None
    while True:
        line = f.readline()
        if not line:
            raise ValueError("PLY header has no end_header")
        words = line.decode("ascii").split()
        if not words or words[0] in ("comment", "obj_info"):
            continue
        if words[0] == "format":
            fmt = words[1]
        elif words[0] == "element":
            elements.append([words[1], int(words[2]), []])
        elif words[0] == "property":
            if words[1] == "list":
                elements[-1][2].append((words[4], _PLY_TYPES[words[2]], _PLY_TYPES[words[3]]))
            else:
                elements[-1][2].append((words[2], _PLY_TYPES[words[1]]))
        elif words[0] == "end_header":
            break
    if fmt not in ("binary_little_endian", "ascii"):
        raise ValueError(f"unsupported PLY format {fmt!r} (binary_little_endian or ascii expected)")
    return fmt, elements


def load_ply(path) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (N,3) float64 and triangles (F,3) int64 of a PLY mesh."""
    with open(path, "rb") as f:
        fmt, elements = _read_header(f)
        data = f.read()
    if fmt == "ascii":
        return _ascii(data, elements)
    offset = 0
    vertices = triangles = None
    for name, count, props in elements:
        if all(len(p) == 2 for p in props):
            dtype = np.dtype([(p[0], "<" + p[1]) for p in props])
            table = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
            offset += dtype.itemsize * count
            if name == "vertex":
                vertices = np.stack([table["x"], table["y"], table["z"]], axis=1).astype(np.float64)
            continue
        if name != "face" or len(props) != 1:
            raise ValueError(f"unsupported PLY element {name!r}")
        _, count_type, item_type = props[0]
        # FLAME faces are all triangles: a fixed-size record per face, checked below.
        dtype = np.dtype([("n", "<" + count_type), ("idx", "<" + item_type, (3,))])
        table = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
        if np.any(table["n"] != 3):
            raise ValueError("only triangle faces are supported")
        offset += dtype.itemsize * count
        triangles = table["idx"].astype(np.int64)
    if vertices is None or triangles is None:
        raise ValueError("PLY file lacks vertices or faces")
    return vertices, triangles


def _ascii(data, elements):
    """The ASCII body: one line per vertex (x y z first), then one per face ("3 a b c")."""
    lines = data.decode("ascii").split("\n")
    counts = {name: count for name, count, _ in elements}
    if "vertex" not in counts or "face" not in counts:
        raise ValueError("PLY file lacks vertices or faces")
    order = [name for name, _, _ in elements]
    start = sum(counts[name] for name in order[:order.index("vertex")])
    vertices = np.loadtxt(lines[start:start + counts["vertex"]], dtype=np.float64, ndmin=2)[:, :3]
    start = sum(counts[name] for name in order[:order.index("face")])
    faces = np.loadtxt(lines[start:start + counts["face"]], dtype=np.int64, ndmin=2)
    if faces.shape[1] != 4 or np.any(faces[:, 0] != 3):
        raise ValueError("only triangle faces are supported")
    return vertices, faces[:, 1:]
