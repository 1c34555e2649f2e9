"""Errors a user sees: each carries a one-line message that names the problem."""


class ProofdeskError(Exception):
    """Base class; front-ends show `str(err)` and exit 2 (CLI) or answer politely."""

    code = "error"


class NotFound(ProofdeskError):
    code = "not_found"


class PermissionDenied(ProofdeskError):
    code = "permission_denied"


class InvalidInput(ProofdeskError):
    code = "invalid_input"


class Conflict(ProofdeskError):
    """The request is valid but the state has moved on (superseded, already decided)."""

    code = "conflict"


class StorageError(ProofdeskError):
    """The blob store could not keep or return a blob (nothing was committed)."""

    code = "storage"
