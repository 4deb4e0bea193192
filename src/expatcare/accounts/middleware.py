"""Who acts in a request (the chosen membership) and the MFA obligation of some roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from expatcare.accounts.http import ActorRequest, request_actor, resolve_actor
from expatcare.accounts.mfa import SecondFactorRequired, lacks_required_second_factor


class ActorMiddleware:
    """Resolve the acting membership once per request (``ActorRequest.actor``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cast(ActorRequest, request).actor = resolve_actor(request)
        return self.get_response(request)


# Pages a user without a second factor must still reach: everything allauth serves (login,
# logout, password and MFA set-up), the language switch, the health probe and invitations.
EXEMPT_URL_NAMES = frozenset({"health", "set_language", "accounts:invitation_accept"})


def _is_exempt(request: HttpRequest) -> bool:
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # a 404 page reveals nothing
    if match.view_name in EXEMPT_URL_NAMES:
        return True
    module = getattr(match.func, "__module__", "") or ""
    return module.startswith("allauth.")


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class RequireMFAMiddleware:
    """Send members of ``EXPATCARE_MFA_REQUIRED_ROLES`` without a TOTP to set one up first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = request_actor(request)
        if (
            actor is not None
            and not _is_exempt(request)
            and lacks_required_second_factor(role=actor.role, user_id=actor.user.pk)
        ):
            message = str(SecondFactorRequired.message)
            if _is_api(request):
                return JsonResponse(
                    {"detail": message, "code": SecondFactorRequired.code}, status=403
                )
            messages.warning(request, message)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
