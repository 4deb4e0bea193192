"""The second-factor obligation of some roles, in one place for pages, tokens and services.

A role listed in ``EXPATCARE_MFA_REQUIRED_ROLES`` may act only with a second factor: in the
browser the middleware sends the user to set one up; a personal access token, which has no
login of its own, is refused while its membership's role requires a factor the user lacks, and
creating one needs a second-factor confirmation in the same browser session a few minutes old
at most (a stolen session cookie alone must not mint a lasting credential).
"""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# How old a second-factor confirmation may be to create a token (allauth's own default for
# re-authentication is the same five minutes).
FRESH_SECOND_FACTOR_SECONDS = 300
_AUTHENTICATION_RECORDS_SESSION_KEY = "account_authentication_methods"
_AUTHENTICATION_USER_SESSION_KEY = "account_authentication_methods_user"


class SecondFactorRequired(Exception):  # noqa: N818 - reads as a state, like Http404
    """The caller's role requires a second factor that the user has not set up (403)."""

    code = "mfa_required"
    message = _(
        "Your role requires two-factor authentication. Set up an authenticator app to continue."
    )


def role_requires_mfa(role: str) -> bool:
    return role in set(settings.EXPATCARE_MFA_REQUIRED_ROLES)


def has_second_factor(user_id: int) -> bool:
    found: bool = Authenticator.objects.filter(
        user_id=user_id, type__in=SECOND_FACTOR_TYPES
    ).exists()
    return found


def lacks_required_second_factor(*, role: str, user_id: int) -> bool:
    """True when the role needs a second factor and the user has none (one query at most)."""
    return role_requires_mfa(role) and not has_second_factor(user_id)


def second_factor_confirmed_recently(
    request: HttpRequest, *, within: int = FRESH_SECOND_FACTOR_SECONDS
) -> bool:
    """Whether this session passed a second-factor check (login or re-authentication) lately.

    allauth records every authentication step of a session with its time; an ``mfa`` step
    younger than ``within`` seconds counts. The records belong to one user id, so a session that
    changed hands does not inherit them.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if str(request.session.get(_AUTHENTICATION_USER_SESSION_KEY)) != str(user.pk):
        return False
    records = request.session.get(_AUTHENTICATION_RECORDS_SESSION_KEY)
    if not isinstance(records, list):
        return False
    now = time.time()
    return any(
        isinstance(record, dict)
        and record.get("method") == "mfa"
        and isinstance(record.get("at"), int | float)
        and 0 <= now - record["at"] <= within
        for record in records
    )
