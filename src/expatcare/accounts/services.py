"""Every write of the accounts app: invitations, memberships, profile, access tokens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from expatcare.accounts import mfa, policies
from expatcare.accounts.actions import AccountsAction
from expatcare.accounts.actor import Actor
from expatcare.accounts.errors import AccountsErrorCode
from expatcare.accounts.hooks import (
    InvitationAccepted,
    find_invitation_subject,
    invitation_accepted,
)
from expatcare.accounts.languages import account_language, languages_for_role
from expatcare.accounts.models import (
    Invitation,
    Membership,
    Organization,
    PersonalAccessToken,
    User,
)
from expatcare.accounts.outbox import outbox_put
from expatcare.accounts.roles import Role
from expatcare.accounts.tokens import (
    ACCESS_TOKEN_VISIBLE_CHARS,
    new_access_token,
    new_invitation_token,
    token_hash,
)
from expatcare.audit.services import audit_record, diff, snapshot
from expatcare.core import dates
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.core.timezones import is_canonical_time_zone

INVITATION_VALIDITY = dt.timedelta(days=14)
# Invitation e-mails go out in the organisation's language first, English below.
INVITATION_EMAIL_LANGUAGES = ("de", "en")
# last_used_at is a hint for its owner, not a log: write it at most this often per token.
TOKEN_LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


# --- personal access tokens -------------------------------------------------------------------


def token_create(
    *,
    actor: Actor,
    name: str,
    expires_at: dt.datetime | None = None,
    second_factor_confirmed: bool = False,
) -> tuple[PersonalAccessToken, str]:
    """Create a token for the actor's membership; the raw token is returned once, never stored.

    Where the role requires a second factor, the caller must have confirmed one moments ago
    (``mfa.second_factor_confirmed_recently``): a token outlives the session, so it must not be
    obtainable with a session cookie alone.
    """
    if mfa.role_requires_mfa(actor.role) and (
        not second_factor_confirmed or not mfa.has_second_factor(actor.user.pk)
    ):
        raise ServiceError(
            _("Confirm your second factor before you create a token."),
            field="second_factor",
            code=AccountsErrorCode.MFA_REQUIRED,
        )
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the token a name."), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise ServiceError(_("The expiry must be in the future."), field="expires_at")
    if expires_at is not None:
        dates.check_window(expires_at.date(), field="expires_at", window=dates.NEAR_FUTURE)
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
            action=AccountsAction.TOKEN_CREATE,
            obj=token,
            changes={"name": [None, name], "expires_at": [None, _iso(expires_at)]},
        )
    return token, raw


def token_revoke(*, actor: Actor, token: PersonalAccessToken) -> PersonalAccessToken:
    if token.user_id != actor.user.pk or token.organization_id != actor.organization_id:
        raise ServiceError(
            _("You may only revoke your own tokens."), code=AccountsErrorCode.NOT_YOURS
        )
    if token.revoked_at is not None:
        raise ServiceError(_("This token has already been revoked."))
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AccountsAction.TOKEN_REVOKE,
            obj=token,
            changes={"revoked_at": [None, _iso(token.revoked_at)]},
        )
    return token


def token_authenticate(raw_token: str) -> Actor | None:
    """The actor a bearer token stands for, or None when it is unknown, revoked or expired.

    The token acts through the membership it was created for; when that membership is gone
    (the user left the organisation) the token stops working without being revoked. While the
    membership's role requires a second factor the user has not set up, the token is refused
    with ``SecondFactorRequired``, exactly as the browser would be.
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
    if mfa.lacks_required_second_factor(role=membership.role, user_id=token.user_id):
        raise mfa.SecondFactorRequired
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_LAST_USED_RESOLUTION:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    membership.user = token.user
    return Actor(user=token.user, membership=membership)


def tokens_revoke_all(
    *, user: User, reason: str, actor: Actor | None = None, organization_id: int | None = None
) -> int:
    """Revoke every live token of a user (of one organisation, if given) and tell them by e-mail.

    Called when the password is set anew (a reset may mean the account was taken over) and when
    a promotion makes the role require a second factor (the token was made without one). Each
    revocation is audited in the token's organisation; returns how many were revoked.
    """
    now = timezone.now()
    with transaction.atomic():
        live = PersonalAccessToken.objects.select_for_update().filter(
            user=user, revoked_at__isnull=True
        )
        if organization_id is not None:
            live = live.filter(organization_id=organization_id)
        revoked = list(live)
        for token in revoked:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action=AccountsAction.TOKEN_REVOKE,
                obj=token,
                organization_id=token.organization_id,
                changes={"revoked_at": [None, _iso(now)], "reason": [None, reason]},
            )
        if revoked:
            names = [token.name for token in revoked]
            _send_tokens_revoked_email(user.pk, names, reason)
    return len(revoked)


def _revoke_reason_text(reason: str) -> str:
    if reason == "password":
        return _("your password was set anew")
    return _("your new role requires two-factor authentication")


def _send_tokens_revoked_email(user_id: int, names: list[str], reason: str) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return
    language = user.language if user.language in dict(settings.LANGUAGES) else "en"
    with translation.override(language):
        context = {"user": user, "names": names, "reason": _revoke_reason_text(reason)}
        subject = render_to_string("accounts/emails/tokens_revoked_subject.txt", context).strip()
        body = render_to_string("accounts/emails/tokens_revoked_body.txt", context)
    outbox_put(to=user.email, subject=subject, body=body)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- invitations ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvitationSignup:
    """What a new user types on the invitation page to create their account."""

    full_name: str
    password: str
    # The language the accepting browser asked for; the invitation's own choice wins.
    language: str = ""


def invitation_create(
    *, actor: Actor, email: str, role: str, person_id: int | None = None, language: str = ""
) -> Invitation:
    """Invite someone by e-mail; the link is mailed after commit and its token never stored.

    An employee login without its person record gives a portal with nothing in it ("My case"
    empty, pension 404), so an employee invitation of an employer must name the record.
    ``language`` empty lets the accepting browser decide.
    """
    email = email.strip().lower()
    organization = actor.organization
    if not policies.can_manage_members(actor):
        raise PermissionDenied(_("You may not invite members to this organisation."))
    if role not in policies.roles_for(organization.kind):
        raise ServiceError(
            _("This role does not exist in an organisation of this kind."), field="role"
        )
    if not policies.can_grant_role(actor, role):
        raise ServiceError(_("Only an owner may invite another owner."), field="role")
    if person_id is not None:
        subject = find_invitation_subject(actor, person_id)
        if subject is None:
            raise ServiceError(_("This person is not part of your organisation."), field="person")
        if role != Role.EMPLOYEE:
            raise ServiceError(
                _("A person record can only be linked to an employee login."), field="role"
            )
        if subject.has_login:
            raise ServiceError(_("This person already has a login."), field="person")
    elif role == Role.EMPLOYEE and not actor.is_provider:
        raise ServiceError(
            _("Choose the person this login belongs to, or add the person first."),
            field="person",
        )
    if language and language not in languages_for_role(role):
        raise ServiceError(_("This language is not available for this role."), field="language")
    if Membership.objects.filter(
        organization_id=actor.organization_id, user__email__iexact=email
    ).exists():
        raise ServiceError(_("%(email)s is already a member.") % {"email": email}, field="email")
    pending = Invitation.objects.filter(
        organization_id=actor.organization_id,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).first()
    if pending is not None and pending.is_open:
        raise ServiceError(
            _("%(email)s already has an open invitation. Revoke it first to send a new one.")
            % {"email": email},
            field="email",
        )
    raw = new_invitation_token()
    try:
        with transaction.atomic():
            if pending is not None:
                # An expired invitation still holds the one-open-per-address index: close it.
                pending.revoked_at = timezone.now()
                pending.save(update_fields=["revoked_at"])
                audit_record(actor=actor, action=AccountsAction.INVITATION_EXPIRE, obj=pending)
            invitation = Invitation.objects.create(
                organization=organization,
                email=email,
                role=role,
                person_id=person_id,
                language=language,
                token_hash=token_hash(raw),
                invited_by=actor.user,
                expires_at=timezone.now() + INVITATION_VALIDITY,
            )
            audit_record(
                actor=actor,
                action=AccountsAction.INVITATION_CREATE,
                obj=invitation,
                person_id=person_id,
                changes={"email": [None, email], "role": [None, role]},
            )
            _send_invitation_email(invitation.pk, raw)
    except IntegrityError as exc:
        # Two admins inviting the same address at once: the partial unique index decides.
        raise ServiceError(
            _("%(email)s already has an open invitation. Revoke it first to send a new one.")
            % {"email": email},
            field="email",
        ) from exc
    return invitation


def invitation_accept_url(raw_token: str) -> str:
    path = reverse("accounts:invitation_accept", args=[raw_token])
    return settings.EXPATCARE_SITE_URL.rstrip("/") + path


def _send_invitation_email(invitation_id: int, raw_token: str) -> None:
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    context: dict[str, object] = {
        "invitation": invitation,
        "organization": invitation.organization,
        "inviter": invitation.invited_by,
        "accept_url": invitation_accept_url(raw_token),
        "expires_on": timezone.localtime(invitation.expires_at).date(),
    }
    subjects: list[str] = []
    bodies: list[str] = []
    for language in INVITATION_EMAIL_LANGUAGES:
        with translation.override(language):
            context["role_label"] = Role(invitation.role).label
            subjects.append(
                render_to_string("accounts/emails/invitation_subject.txt", context).strip()
            )
            bodies.append(render_to_string("accounts/emails/invitation_body.txt", context).strip())
    subject = " / ".join(dict.fromkeys(subjects))
    body = "\n\n-----\n\n".join(bodies) + "\n"
    outbox_put(to=invitation.email, subject=subject, body=body)


def invitation_by_token(raw_token: str) -> Invitation | None:
    """The open invitation a link stands for, or None (unknown, used, revoked or expired)."""
    invitation = (
        Invitation.objects.select_related("organization", "person")
        .filter(token_hash=token_hash(raw_token))
        .first()
    )
    if invitation is None or not invitation.is_open:
        return None
    return invitation


def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    if invitation.organization_id != actor.organization_id or not policies.can_manage_members(
        actor
    ):
        raise PermissionDenied(_("You may not revoke this invitation."))
    if invitation.accepted_at is not None:
        raise ServiceError(_("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        raise ServiceError(_("This invitation has already been revoked."))
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AccountsAction.INVITATION_REVOKE,
            obj=invitation,
            changes={"revoked_at": [None, _iso(invitation.revoked_at)]},
        )
    return invitation


def invitation_accept(*, token: str, user_or_signup_data: User | InvitationSignup) -> Membership:
    """Join the invited organisation as an existing user, or create the account first.

    An existing user must be logged in with the invited address. A new account gets the
    invited address; its password passes the configured validators.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
        )
        if invitation is None or not invitation.is_open:
            raise ServiceError(
                _("This invitation is no longer valid."), code=AccountsErrorCode.INVITATION_GONE
            )
        if isinstance(user_or_signup_data, User):
            user = user_or_signup_data
            if user.email.lower() != invitation.email.lower():
                raise ServiceError(
                    _("This invitation was sent to another e-mail address."),
                    code=AccountsErrorCode.NOT_YOURS,
                )
            created = False
        else:
            language = account_language(
                invitation.role, invitation.language, user_or_signup_data.language
            )
            user = _user_from_signup(invitation.email, user_or_signup_data, language)
            created = True
        if Membership.objects.filter(
            user=user, organization_id=invitation.organization_id
        ).exists():
            raise ServiceError(_("You are already a member of this organisation."))
        membership = Membership.objects.create(
            user=user, organization_id=invitation.organization_id, role=invitation.role
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        actor = Actor(user=user, membership=membership)
        if created:
            audit_record(actor=actor, action=AccountsAction.USER_CREATE, obj=user)
        audit_record(
            actor=actor,
            action=AccountsAction.INVITATION_ACCEPT,
            obj=invitation,
            person_id=invitation.person_id,
            changes={"accepted_at": [None, _iso(invitation.accepted_at)]},
        )
        audit_record(
            actor=actor,
            action=AccountsAction.MEMBERSHIP_CREATE,
            obj=membership,
            changes={"role": [None, membership.role]},
        )
        if invitation.person_id is not None:
            invitation_accepted.send(InvitationAccepted(actor=actor, invitation=invitation))
    return membership


def _user_from_signup(email: str, data: InvitationSignup, language: str) -> User:
    full_name = data.full_name.strip()
    if not full_name:
        raise ServiceError(_("Please enter your full name."), field="full_name")
    if User.objects.filter(email__iexact=email).exists():
        raise ServiceError(
            _("An account with this e-mail address exists already. Log in to accept."),
            field="email",
        )
    user = User(email=email, full_name=full_name, language=language)
    try:
        validate_password(data.password, user=user)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="password1") from exc
    user.set_password(data.password)
    user.save()
    return user


# --- organisation and memberships -------------------------------------------------------------


def organization_update(*, actor: Actor, name: str, state: str) -> Organization:
    if not policies.can_edit_organization(actor):
        raise PermissionDenied(_("Only an owner may change the organisation."))
    name = name.strip()
    if not name:
        raise ServiceError(_("The organisation needs a name."), field="name")
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=actor.organization_id)
        fields = ["name", "state"]
        before = snapshot(organization, fields)
        organization.name = name
        organization.state = state
        organization.save(update_fields=fields)
        changes = diff(before, snapshot(organization, fields))
        if changes:
            audit_record(
                actor=actor,
                action=AccountsAction.ORGANIZATION_UPDATE,
                obj=organization,
                changes=changes,
            )
    return organization


def _ensure_top_role_remains(membership: Membership, *, losing: bool) -> None:
    top = policies.top_role_for(membership.organization.kind)
    if not losing or membership.role != top:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(organization_id=membership.organization_id, role=top)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ServiceError(
            _("The organisation must keep at least one %(role)s.") % {"role": Role(top).label},
            field="role",
        )


def membership_change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    if not policies.can_change_membership(actor, membership):
        raise PermissionDenied(_("You may not change this member's role."))
    if not policies.can_grant_role(actor, role):
        raise ServiceError(_("You may not grant this role."), field="role")
    with transaction.atomic():
        _ensure_top_role_remains(membership, losing=role != membership.role)
        before = snapshot(membership, ["role"])
        membership.role = role
        membership.save(update_fields=["role"])
        changes = diff(before, snapshot(membership, ["role"]))
        if changes:
            audit_record(
                actor=actor,
                action=AccountsAction.MEMBERSHIP_CHANGE_ROLE,
                obj=membership,
                changes=changes,
            )
        if changes and mfa.role_requires_mfa(role) and not mfa.role_requires_mfa(before["role"]):
            # Tokens made without a second factor must not carry the new rights.
            tokens_revoke_all(
                user=membership.user,
                reason="mfa_role",
                actor=actor,
                organization_id=membership.organization_id,
            )
    return membership


def membership_remove(*, actor: Actor, membership: Membership) -> None:
    if not policies.can_change_membership(actor, membership):
        raise PermissionDenied(_("You may not remove this member."))
    with transaction.atomic():
        _ensure_top_role_remains(membership, losing=True)
        audit_record(
            actor=actor,
            action=AccountsAction.MEMBERSHIP_REMOVE,
            obj=membership,
            changes={"role": [membership.role, None], "user": [membership.user_id, None]},
        )
        membership.delete()


def membership_check(*, user: User, organization_id: int) -> Membership:
    """The user's membership in an organisation they want to switch to (refused otherwise)."""
    membership = (
        Membership.objects.select_related("organization")
        .filter(user=user, organization_id=organization_id)
        .first()
    )
    if membership is None:
        raise ServiceError(_("You are not a member of this organisation."), field="organization")
    return membership


# --- personal profile -------------------------------------------------------------------------


def language_choices_for(actor: Actor) -> list[tuple[str, str]]:
    """Staff pages exist in the staff languages only; employees may pick any language."""
    if actor.role == Role.EMPLOYEE:
        return [(code, str(name)) for code, name in settings.LANGUAGES]
    return [
        (code, str(name)) for code, name in settings.LANGUAGES if code in settings.STAFF_LANGUAGES
    ]


def user_update_profile(*, actor: Actor, full_name: str, language: str, time_zone: str) -> User:
    full_name = full_name.strip()
    if language not in {code for code, _name in language_choices_for(actor)}:
        raise ServiceError(_("This language is not available for your role."), field="language")
    if not is_canonical_time_zone(time_zone):
        raise ServiceError(_("Unknown time zone."), field="time_zone")
    fields = ["full_name", "language", "time_zone"]
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.user.pk)
        before = snapshot(user, fields)
        user.full_name = full_name
        user.language = language
        user.time_zone = time_zone
        user.save(update_fields=fields)
        changes = diff(before, snapshot(user, fields))
        if changes:
            audit_record(
                actor=actor, action=AccountsAction.USER_UPDATE_PROFILE, obj=user, changes=changes
            )
    return user
