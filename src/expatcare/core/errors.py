"""Domain errors raised by services and shown to users as clear messages."""

from __future__ import annotations


class ServiceError(Exception):
    """A write was refused; ``message`` is safe to show and ``field`` names the input."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDenied(ServiceError):  # noqa: N818 - mirrors Django's PermissionDenied
    def __init__(self, message: str = "You may not do this.") -> None:
        super().__init__(message, code="forbidden")
