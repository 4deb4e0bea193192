"""Who is calling the API: a personal access token or the browser session, always as an Actor.

Bearer tokens are tried first so that scripts never depend on cookies (and never need CSRF);
the session is the fallback for the browser and the interactive docs, with CSRF enforced on
unsafe methods. A caller that presents a bearer token that does not work is refused outright,
even when a session cookie is present, so that a revoked token can never be masked.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import request_actor
from expatcare.accounts.services import token_authenticate


class NoMembership(Exception):  # noqa: N818 - reads as a state, like Http404
    """An authenticated user without a membership: known, but not allowed in (403)."""

    message = _("Your account does not belong to any organisation.")


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer ec_...`` with a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor:
        actor = token_authenticate(token.strip())
        if actor is None:
            raise AuthenticationError(401, "Invalid, expired or revoked token.")
        return actor


class SessionActorAuth(APIKeyCookie):
    """The Django session of a logged-in browser; CSRF is checked for unsafe methods."""

    def __init__(self, csrf: bool = True) -> None:
        # Read the cookie name when the auth object is built, not when the module is imported.
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=csrf)

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        if not request.user.is_authenticated:
            return None
        actor = request_actor(request)
        if actor is None:
            raise NoMembership
        return actor


def actor_of(request: HttpRequest) -> Actor:
    """The Actor the auth classes put on ``request.auth``."""
    auth: Any = getattr(request, "auth", None)
    if not isinstance(auth, Actor):  # every operation is authenticated; this is a safety net
        raise AuthenticationError
    return auth
