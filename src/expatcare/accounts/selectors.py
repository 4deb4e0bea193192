"""Reads of the accounts app, scoped to the acting membership."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Invitation, Membership, PersonalAccessToken, User
from expatcare.core.pagination import list_page


def membership_page(*, actor: Actor, page: int | str | None = 1) -> Page[Membership]:
    """The members of the actor's organisation, one page at a time."""
    memberships = (
        Membership.objects.select_related("user")
        .filter(organization_id=actor.organization_id)
        .order_by("user__full_name", "user__email", "id")
    )
    return list_page(
        memberships, requested=page, per_page=settings.EXPATCARE_PAGE_SIZE, parameter="members"
    )


def invitation_page(*, actor: Actor, page: int | str | None = 1) -> Page[Invitation]:
    """Invitations of the actor's organisation, newest first, with who sent them."""
    invitations = (
        Invitation.objects.select_related("invited_by", "person")
        .filter(organization_id=actor.organization_id)
        .order_by("-created_at", "-id")
    )
    return list_page(
        invitations, requested=page, per_page=settings.EXPATCARE_PAGE_SIZE, parameter="invitations"
    )


def token_list(*, actor: Actor) -> QuerySet[PersonalAccessToken]:
    """The actor's own tokens for the organisation they act in."""
    return PersonalAccessToken.objects.filter(
        user_id=actor.user.pk, organization_id=actor.organization_id
    ).order_by("-created_at", "-id")


def user_memberships(*, user: User) -> QuerySet[Membership]:
    """Every organisation the user belongs to, for the organisation switcher."""
    return (
        Membership.objects.select_related("organization")
        .filter(user=user)
        .order_by("organization__name", "id")
    )


def account_exists(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()
