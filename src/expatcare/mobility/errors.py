"""The codes of the mobility services' errors (see ``expatcare.core.errors.ErrorCode``)."""

from __future__ import annotations

from expatcare.core.errors import ErrorCode


class MobilityErrorCode(ErrorCode):
    CASE_CLOSED = "closed"
