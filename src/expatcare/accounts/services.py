"""Every write of the accounts app: invitations, memberships, profile, access tokens."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from expatcare.accounts.models import Membership, PersonalAccessToken
from expatcare.accounts.tokens import ACCESS_TOKEN_VISIBLE_CHARS, new_access_token, token_hash
from expatcare.audit.services import audit_record
from expatcare.core.actor import Actor
from expatcare.core.errors import ServiceError

# last_used_at is a hint for its owner, not a log: write it at most this often per token.
TOKEN_LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


# --- personal access tokens -------------------------------------------------------------------


def token_create(
    *, actor: Actor, name: str, expires_at: dt.datetime | None = None
) -> tuple[PersonalAccessToken, str]:
    """Create a token for the actor's membership; the raw token is returned once, never stored."""
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the token a name."), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise ServiceError(_("The expiry must be in the future."), field="expires_at")
    raw = new_access_token()
    with transaction.atomic():
        token = PersonalAccessToken.objects.create(
            user=actor.user,
            organization_id=actor.organization_id,
            name=name,
            prefix=raw[:ACCESS_TOKEN_VISIBLE_CHARS],
            token_hash=token_hash(raw),
            expires_at=expires_at,
        )
        audit_record(
            actor=actor,
            action="token.create",
            obj=token,
            changes={"name": [None, name], "expires_at": [None, _iso(expires_at)]},
        )
    return token, raw


def token_revoke(*, actor: Actor, token: PersonalAccessToken) -> PersonalAccessToken:
    if token.user_id != actor.user.pk or token.organization_id != actor.organization_id:
        raise ServiceError(_("You may only revoke your own tokens."), code="forbidden")
    if token.revoked_at is not None:
        raise ServiceError(_("This token has already been revoked."))
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="token.revoke",
            obj=token,
            changes={"revoked_at": [None, _iso(token.revoked_at)]},
        )
    return token


def token_authenticate(raw_token: str) -> Actor | None:
    """The actor a bearer token stands for, or None when it is unknown, revoked or expired.

    The token acts through the membership it was created for; when that membership is gone
    (the user left the organisation) the token stops working without being revoked.
    """
    if not raw_token or not raw_token.startswith("ec_"):
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw_token), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    membership = (
        Membership.objects.select_related("organization")
        .filter(user_id=token.user_id, organization_id=token.organization_id)
        .first()
    )
    if membership is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_LAST_USED_RESOLUTION:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    membership.user = token.user
    return Actor(user=token.user, membership=membership)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
