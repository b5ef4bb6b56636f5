"""Audio in, per-frame control weights and vertex offsets out. Pure Python + numpy; never imports bpy."""

from .errors import LipSyncError

__all__ = ["LipSyncError"]
