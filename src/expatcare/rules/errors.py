"""Errors of the rules engine.

Callers (CLI, API) map ``InputError`` to exit code 2 / HTTP 422 and show ``str(error)``, so the
message always starts with the dotted JSON path of the offending field. Parameter errors are
programming or data errors of the package itself and must never be shown as user input problems.
"""

from __future__ import annotations

__all__ = [
    "InputError",
    "OutOfRange",
    "ParameterFileError",
    "ParameterMissing",
    "RulesError",
]


class RulesError(Exception):
    """Base class so callers can catch everything the engine raises deliberately."""


class InputError(RulesError):
    """The case data cannot be evaluated; ``field`` tells the user where to look."""

    field: str
    message: str

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Keep pickling (multiprocessing, Huey) working with the two-argument constructor.
        return (type(self), (self.field, self.message))


class OutOfRange(InputError):  # noqa: N818 - name fixed by the engine contract
    """No parameters are known for the requested date; the engine refuses to guess.

    Raised as ``OutOfRange("as_of", "no parameters are known for ...")``.
    """


class ParameterMissing(RulesError):  # noqa: N818 - name fixed by the engine contract
    """A rule asked for a parameter that does not exist or is not in force on that date."""


class ParameterFileError(RulesError):
    """A parameter file violates the strict schema; the message names the file and the key."""
