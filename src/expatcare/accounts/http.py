"""The one guard of tenant pages: logged in, acting through a membership, allowed by a policy.

``ActorMiddleware`` puts the acting membership on the request (``ActorRequest.actor``);
``tenant_view`` turns it into the view's second argument, so a view never reads the request
for it and never runs without one. A service's domain ``PermissionDenied`` becomes the 403
page here, once, instead of in every view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership
from expatcare.core.errors import PermissionDenied

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

ACTIVE_ORGANIZATION_SESSION_KEY = "expatcare_organization_id"

# A view as written: the request, then the actor ``tenant_view`` resolved, then URL arguments.
TenantView = Callable[Concatenate[HttpRequest, Actor, P], R]

# Who may open a page at all (beyond being a member); finer checks stay in the view's policies.
Policy = Callable[[Actor], bool]


def resolve_actor(request: HttpRequest) -> Actor | None:
    """The membership the user acts through: the one chosen in the session, else the first."""
    user = getattr(request, "user", None)  # absent when no authentication middleware ran
    if user is None or not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("organization").filter(user=user)
    chosen = request.session.get(ACTIVE_ORGANIZATION_SESSION_KEY)
    membership = None
    if chosen is not None:
        membership = memberships.filter(organization_id=chosen).first()
    if membership is None:
        membership = memberships.order_by("id").first()
    if membership is None:
        return None
    return Actor(user=user, membership=membership)


class ActorRequest(HttpRequest):
    """A request that went through ``ActorMiddleware``: ``actor`` is the acting membership,
    ``None`` for anonymous users and users without any membership."""

    actor: Actor | None


def request_actor(request: HttpRequest) -> Actor | None:
    """The request's actor, resolved here for a request the middleware did not see.

    The API's test client and ``RequestFactory`` requests skip the middleware; they get the
    same answer the middleware would have given.
    """
    if "actor" not in request.__dict__:
        cast(ActorRequest, request).actor = resolve_actor(request)
    return cast(ActorRequest, request).actor


def require_actor(request: HttpRequest) -> Actor:
    """The request's actor; users without a membership may not use tenant pages (403)."""
    actor = request_actor(request)
    if actor is None:
        raise DjangoPermissionDenied
    return actor


def tenant_view(
    policy: Policy | None = None,
) -> Callable[
    [Callable[Concatenate[HttpRequest, Actor, P], R]], Callable[Concatenate[HttpRequest, P], R]
]:
    """Login first (redirect), then a membership and ``policy`` (403), then the view with its actor.

    A domain ``PermissionDenied`` raised by a service or policy inside the view becomes Django's
    403 page with the service's message.
    """

    def decorate(
        view: TenantView[P, R],
    ) -> Callable[Concatenate[HttpRequest, P], R]:
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R:
            if not request.user.is_authenticated:
                return cast(R, redirect_to_login(request.get_full_path()))
            actor = require_actor(request)
            if policy is not None and not policy(actor):
                raise DjangoPermissionDenied
            try:
                return view(request, actor, *args, **kwargs)
            except PermissionDenied as error:
                raise DjangoPermissionDenied(error.message) from error

        update_wrapper(wrapper, view)
        return wrapper

    return decorate
