"""The codes of the accounts services' errors (see ``expatcare.core.errors.ErrorCode``)."""

from __future__ import annotations

from expatcare.core.errors import ErrorCode


class AccountsErrorCode(ErrorCode):
    INVITATION_GONE = "gone"
    # The input names something of another user (a token, an invitation to another address).
    NOT_YOURS = "forbidden"
    # The role requires a second factor, not set up or not confirmed moments ago.
    MFA_REQUIRED = "mfa_required"
