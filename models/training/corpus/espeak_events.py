# SPDX-FileCopyrightText: 2026 FLAME Lip Sync developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""espeak-ng synthesis with exact phoneme timings, through the C library's phoneme events.

One process can hold one espeak-ng instance (the library keeps global state), so an
`EspeakSynth` is created once per worker process and reused for every utterance.
"""
import ctypes
import ctypes.util

import numpy as np

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_PHONEME_EVENTS = 1
EVENT_LIST_TERMINATED = 0
EVENT_PHONEME = 7
POS_CHARACTER = 1
CHARS_UTF8 = 1
PARAM_RATE = 1
PARAM_PITCH = 3
PAUSE = "_"
MAX_CLOSURE_S = 0.07
MIN_PHONE_S = 0.01


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


def _load_library():
    name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
    return ctypes.CDLL(name)


class EspeakSynth:
    """Synthesises text and returns (int16 samples, sample_rate, phones) with phones covering the audio."""

    def __init__(self):
        self._lib = _load_library()
        self._lib.espeak_Initialize.restype = ctypes.c_int
        self.sample_rate = self._lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, None, INITIALIZE_PHONEME_EVENTS)
        if self.sample_rate <= 0:
            raise RuntimeError("espeak-ng failed to initialise")
        self._chunks = []
        self._events = []
        self._callback = _CALLBACK(self._collect)
        self._lib.espeak_SetSynthCallback(self._callback)
        self._lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self._lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
            ctypes.c_void_p, ctypes.c_void_p,
        ]

    def _collect(self, wav, numsamples, events):
        if numsamples > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(numsamples,)).copy())
        i = 0
        while events[i].type != EVENT_LIST_TERMINATED:
            if events[i].type == EVENT_PHONEME:
                label = events[i].id.string.decode("utf-8", "replace")
                self._events.append((label, events[i].sample))
            i += 1
        return 0

    def synth(self, text, voice, rate=175, pitch=50):
        """rate in words per minute (80-450), pitch 0-100 (50 = the voice's own)."""
        if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ValueError(f"espeak-ng has no voice {voice!r}")
        self._lib.espeak_SetParameter(PARAM_RATE, int(rate), 0)
        self._lib.espeak_SetParameter(PARAM_PITCH, int(pitch), 0)
        self._chunks, self._events = [], []
        data = text.encode("utf-8") + b"\0"
        buf = ctypes.create_string_buffer(data)
        err = self._lib.espeak_Synth(buf, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
        self._lib.espeak_Synchronize()
        if err != 0:
            raise RuntimeError(f"espeak_Synth failed with code {err}")
        audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        return audio, self.sample_rate, self._phones(audio)

    def _phones(self, audio):
        """Phones from the events, each ending where the next starts.

        espeak-ng writes a stop's (or fricative's) pre-pause, its closure, before it emits that
        phoneme's event, so the silent run just before an event is given back to the phoneme
        (at most MAX_CLOSURE_S); the silence before a pause event joins that pause.
        """
        sr = float(self.sample_rate)
        n = len(audio)
        starts = [[label, min(s, n)] for label, s in self._events if label.strip()]
        silent = audio == 0
        last_sound = np.maximum.accumulate(np.where(silent, -1, np.arange(n))) if n else np.zeros(0, int)
        max_shift = int(MAX_CLOSURE_S * sr)
        for i, (label, start) in enumerate(starts):
            if not 0 < start <= n or not silent[start - 1]:
                continue
            floor = starts[i - 1][1] + int(MIN_PHONE_S * sr) if i else 0
            if not label.startswith(PAUSE):
                floor = max(floor, start - max_shift)
            starts[i][1] = max(int(last_sound[start - 1]) + 1, floor, 0) if floor < start else start
        phones = []
        cursor = 0
        for i, (label, start) in enumerate(starts):
            end = starts[i + 1][1] if i + 1 < len(starts) else n
            if start > cursor:
                phones.append((PAUSE, cursor / sr, start / sr))
            if end > start:
                phones.append((label, max(start, cursor) / sr, end / sr))
            cursor = max(cursor, end)
        if cursor < n:
            phones.append((PAUSE, cursor / sr, n / sr))
        return phones
