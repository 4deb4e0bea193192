"""What the accounts app offers higher apps: invitations that belong to a person's record.

An invitation may name the person record the new login will belong to (``Invitation.person``).
``accounts`` sits below ``people`` and never imports it: the people app answers
``invitation_subject`` (which record, if the actor's tenant has it) and follows
``invitation_accepted`` (link the record to the new login), both subscribed in
``PeopleConfig.ready()``. ``invitation_accepted`` is sent inside the accepting transaction, so
a refused link undoes the whole acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Invitation
from expatcare.core.hooks import Hook


@dataclass(frozen=True, slots=True)
class InvitationSubjectQuery:
    actor: Actor
    person_id: int


@dataclass(frozen=True, slots=True)
class InvitationSubject:
    """The person record an invitation would link; ``has_login`` when it has one already."""

    person_id: int
    full_name: str
    has_login: bool
    email: str = ""


@dataclass(frozen=True, slots=True)
class InvitablePeopleQuery:
    """Which records of the actor's tenant still lack a login (for the invitation form)."""

    actor: Actor


@dataclass(frozen=True, slots=True)
class InvitationAccepted:
    actor: Actor  # the new member
    invitation: Invitation


invitation_subject: Hook[InvitationSubjectQuery, InvitationSubject | None] = Hook(
    "accounts.invitation_subject"
)
invitation_accepted: Hook[InvitationAccepted, None] = Hook("accounts.invitation_accepted")
invitable_people: Hook[InvitablePeopleQuery, list[InvitationSubject]] = Hook(
    "accounts.invitable_people"
)


def find_invitation_subject(actor: Actor, person_id: int) -> InvitationSubject | None:
    """The record of the actor's tenant with this id, or None when no subscriber has it."""
    query = InvitationSubjectQuery(actor=actor, person_id=person_id)
    return next((answer for answer in invitation_subject.send(query) if answer), None)


def find_invitable_people(actor: Actor) -> list[InvitationSubject]:
    """Every record of the actor's tenant an employee login could still be linked to."""
    found: list[InvitationSubject] = []
    for answer in invitable_people.send(InvitablePeopleQuery(actor=actor)):
        found.extend(answer)
    return found
