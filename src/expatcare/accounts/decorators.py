"""View guards: a logged-in user acting through a membership."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from expatcare.accounts.actor import Actor


def get_actor(request: HttpRequest) -> Actor:
    """The request's actor; users without a membership may not use tenant pages (403)."""
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None:
        raise PermissionDenied
    return actor


def actor_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Log in first (redirect), then require a membership (403 without one)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        get_actor(request)
        return view(request, *args, **kwargs)

    return wrapper
