# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""manifest.jsonl: one JSON record per finished utterance, appended as the build goes, so a
killed build resumes from what is on disk (a torn last line is dropped on reading)."""
import json
import os


def read(path, corpus_dir, repair=False):
    """Complete records whose audio exists. With repair (only the build, which holds the corpus lock),
    the file is rewritten without torn or dangling lines; readers leave a growing manifest alone."""
    if not path.exists():
        return []
    records, dirty = [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                dirty = True
                continue
            if (corpus_dir / rec["audio"]).exists():
                records.append(rec)
            else:
                dirty = True
    if dirty and repair:
        rewrite(path, records)
    return records


def rewrite(path, records):
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


class Appender:
    def __init__(self, path):
        self._f = open(path, "a", encoding="utf-8")

    def add(self, records):
        for rec in records:
            self._f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self._f.flush()

    def close(self):
        self._f.close()
