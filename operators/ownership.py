# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the extension made on a mesh's shape keys, recorded on the Key datablock so that a second run or Clear
touches exactly that and nothing of the user's."""

RECORD = "flame_lipsync"


def read(key):
    """{"keys": {control name: shape key name}, "made_basis": bool, "nla_tracks": [names], "made_animation": bool}"""
    stored = key.get(RECORD) if key is not None else None
    stored = stored.to_dict() if stored is not None else {}
    return {"keys": dict(stored.get("keys", {})), "made_basis": bool(stored.get("made_basis", False)),
            "nla_tracks": list(stored.get("nla_tracks", [])),
            "made_animation": bool(stored.get("made_animation", False))}


def write(key, record):
    key[RECORD] = {"keys": record["keys"], "made_basis": int(record["made_basis"]),
                   "nla_tracks": list(record["nla_tracks"]), "made_animation": int(record["made_animation"])}


def forget(key):
    if RECORD in key:
        del key[RECORD]


def is_ours(action):
    return action is not None and bool(action.get(RECORD))


def mark(action):
    action[RECORD] = 1
