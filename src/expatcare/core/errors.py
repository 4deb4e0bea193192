"""Domain errors raised by services and shown to users as clear messages.

``ServiceError`` (bad input: 422 with the field) and ``PermissionDenied`` (the actor may not:
403) are separate classes, so a form handler that catches ``ServiceError`` to show a message
beside a field never swallows a refusal, and nobody has to re-raise one by hand.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    r"""Base of each app's enumeration of the codes its ``ServiceError``\ s carry.

    The code is what an API client branches on (``type`` of a 422 error), so it is a declared
    value of the app that raises it (``<app>/errors.py``), never a string made up at the
    ``raise``.
    """


class CoreErrorCode(ErrorCode):
    """Codes every app shares."""

    INVALID = "invalid"
    FORBIDDEN = "forbidden"


class ServiceError(Exception):
    """A write was refused; ``message`` is safe to show and ``field`` names the input."""

    def __init__(
        self, message: str, *, field: str | None = None, code: ErrorCode = CoreErrorCode.INVALID
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDenied(Exception):  # noqa: N818 - mirrors Django's PermissionDenied
    """The actor may not do this; ``message`` is safe to show (403 page or API response)."""

    def __init__(self, message: str = "You may not do this.") -> None:
        super().__init__(message)
        self.message = message
        self.code: ErrorCode = CoreErrorCode.FORBIDDEN
