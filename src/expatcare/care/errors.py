"""The codes of the care services' errors (see ``expatcare.core.errors.ErrorCode``)."""

from __future__ import annotations

from expatcare.core.errors import ErrorCode


class CareErrorCode(ErrorCode):
    REQUIRED = "required"
    PRICE_MISSING = "price_missing"
    CORE_MODULE_INVALID = "core_module_invalid"
    CORE_MODULE_MISSING = "core_module_missing"
    MODULE_IN_USE = "module_in_use"
    MODULE_INACTIVE = "module_inactive"
    MODULE_NOT_AVAILABLE = "module_not_available"
    MEMBER_NOT_COVERED = "member_not_covered"
    ALREADY_ENROLLED = "already_enrolled"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    NOT_STARTED = "not_started"
    END_TOO_EARLY = "end_too_early"
    PACKAGE_EMPTY = "package_empty"
    NOTHING_TO_ASSIGN = "nothing_to_assign"
