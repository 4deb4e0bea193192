"""Who may manage an organisation, its members, invitations and tokens."""

from __future__ import annotations

from django.http import Http404

from expatcare.accounts.actor import Actor
from expatcare.accounts.hooks import InvitationSubject, find_invitation_subject
from expatcare.accounts.models import Invitation, Membership, OrganizationKind, PersonalAccessToken
from expatcare.accounts.roles import EMPLOYER_ROLES, PROVIDER_ROLES, Role


def admin_roles_for(kind: str) -> frozenset[Role]:
    """The roles that administer an organisation of this kind."""
    if kind == OrganizationKind.PROVIDER:
        return frozenset({Role.PROVIDER_ADMIN})
    return frozenset({Role.OWNER, Role.HR})


def top_role_for(kind: str) -> Role:
    """The role an organisation must never be left without (its last one cannot go)."""
    return Role.PROVIDER_ADMIN if kind == OrganizationKind.PROVIDER else Role.OWNER


def roles_for(kind: str) -> frozenset[Role]:
    return PROVIDER_ROLES if kind == OrganizationKind.PROVIDER else EMPLOYER_ROLES


def can_manage_members(actor: Actor) -> bool:
    return actor.role in admin_roles_for(actor.organization.kind)


def can_edit_organization(actor: Actor) -> bool:
    return actor.role == top_role_for(actor.organization.kind)


def can_grant_role(actor: Actor, role: str) -> bool:
    """Admins grant roles of their organisation's kind; only owners make or unmake owners."""
    kind = actor.organization.kind
    if not can_manage_members(actor) or role not in roles_for(kind):
        return False
    return role != Role.OWNER or actor.role == Role.OWNER


def can_change_membership(actor: Actor, membership: Membership) -> bool:
    if membership.organization_id != actor.organization_id or not can_manage_members(actor):
        return False
    return membership.role != Role.OWNER or actor.role == Role.OWNER


def access_membership(actor: Actor, membership_id: int) -> Membership:
    """A membership of the actor's organisation, for its administrators only."""
    if not can_manage_members(actor):
        raise Http404
    membership = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=membership_id, organization_id=actor.organization_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_invitation(actor: Actor, invitation_id: int) -> Invitation:
    if not can_manage_members(actor):
        raise Http404
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(pk=invitation_id, organization_id=actor.organization_id)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def access_token(actor: Actor, token_id: int) -> PersonalAccessToken:
    """A token is visible to its owner only, and only in the organisation it was made for."""
    token = PersonalAccessToken.objects.filter(
        pk=token_id, user_id=actor.user.pk, organization_id=actor.organization_id
    ).first()
    if token is None:
        raise Http404
    return token


def access_invitable_person(actor: Actor, person_id: int) -> InvitationSubject:
    """A person of the actor's employer, to invite to the portal (404 for anything else)."""
    if not can_manage_members(actor) or actor.is_provider:
        raise Http404
    subject = find_invitation_subject(actor, person_id)
    if subject is None:
        raise Http404
    return subject
