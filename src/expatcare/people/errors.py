"""The codes of the people services' errors (see ``expatcare.core.errors.ErrorCode``)."""

from __future__ import annotations

from expatcare.core.errors import ErrorCode


class PeopleErrorCode(ErrorCode):
    FILE_TOO_LARGE = "too_large"
    FILE_EMPTY = "empty"
    FILE_TYPE = "type"
    FILE_TYPE_MISMATCH = "type_mismatch"
    NOT_A_PROVIDER = "not_a_provider"
    ALREADY_ASSIGNED = "already_assigned"
    ALREADY_ENDED = "already_ended"
