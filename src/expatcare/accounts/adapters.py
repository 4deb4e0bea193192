"""allauth adapter: nobody signs up on their own; accounts come from invitations."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from expatcare.accounts.services import tokens_revoke_all

INVITATION_SESSION_KEY = "expatcare_invitation_id"


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return INVITATION_SESSION_KEY in request.session

    def set_password(self, user: Any, password: str) -> None:
        """A password set anew (reset or change) revokes the user's API tokens.

        A reset is how a taken-over account is won back; tokens made before it must not keep
        working for whoever made them. The user is told by e-mail which tokens went.
        """
        super().set_password(user, password)
        tokens_revoke_all(user=user, reason="password")

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """After login, pages follow the language saved in the profile (via the cookie)."""
        response: HttpResponse = super().post_login(request, user, **kwargs)
        language = getattr(user, "language", "")
        if language in {code for code, _name in settings.LANGUAGES}:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
