"""The one domain exception of FLAME Lip Sync."""


class LipSyncError(Exception):
    """A problem the user can fix; the message is one sentence meant for them."""
