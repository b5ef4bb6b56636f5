# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A lip-sync job on a worker thread, so the UI stays responsive; the main thread polls it from a timer."""

import threading

from ..inference import pipeline


class Worker:
    def __init__(self, job, device):
        self.progress = 0.0
        self.result = None
        self.error = None
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(job, device), name="flame_lipsync", daemon=True)
        self._thread.start()

    def _run(self, job, device):
        try:
            model = pipeline.cached_model(device)
            self.result = pipeline.run(job, model, self._set_progress, self._cancel.is_set)
        except BaseException as e:  # handed to the main thread, which reports or re-raises it
            self.error = e

    def _set_progress(self, fraction):
        self.progress = fraction

    @property
    def running(self):
        return self._thread.is_alive()

    def cancel(self):
        self._cancel.set()
