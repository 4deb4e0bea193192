"""The people side of portal invitations: which record an invitation names, and linking it.

Subscribed to ``accounts.hooks`` in ``PeopleConfig.ready()`` (accounts sits below people).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from expatcare.accounts.hooks import (
    InvitablePeopleQuery,
    InvitationAccepted,
    InvitationSubject,
    InvitationSubjectQuery,
)
from expatcare.audit.services import audit_record, diff, snapshot
from expatcare.core.errors import ServiceError
from expatcare.people.actions import PeopleAction
from expatcare.people.models import Person


def invitation_subject(query: InvitationSubjectQuery) -> InvitationSubject | None:
    """A person of the actor's organisation, named for the invitation page (one query)."""
    row = (
        Person.objects.filter(pk=query.person_id, organization_id=query.actor.organization_id)
        .values_list("pk", "first_name", "last_name", "user_id", "email")
        .first()
    )
    if row is None:
        return None
    pk, first_name, last_name, user_id, email = row
    return InvitationSubject(
        person_id=pk,
        full_name=f"{first_name} {last_name}".strip(),
        has_login=user_id is not None,
        email=email,
    )


# The invitation form's select stays short; older records are invited from their own page.
INVITABLE_PEOPLE_LIMIT = 200


def invitable_people(query: InvitablePeopleQuery) -> list[InvitationSubject]:
    """The newest records without a login, newest first (one query)."""
    rows = (
        Person.objects.filter(organization_id=query.actor.organization_id, user__isnull=True)
        .order_by("-created_at", "-id")
        .values_list("pk", "first_name", "last_name", "email")[:INVITABLE_PEOPLE_LIMIT]
    )
    return [
        InvitationSubject(
            person_id=pk, full_name=f"{first} {last}".strip(), has_login=False, email=email
        )
        for pk, first, last, email in rows
    ]


def person_link_user(event: InvitationAccepted) -> None:
    """The accepted invitation named a person record: it now belongs to the new login."""
    actor = event.actor
    if event.invitation.person_id is None:
        return
    person = (
        Person.objects.select_for_update()
        .filter(pk=event.invitation.person_id, organization_id=actor.organization_id)
        .first()
    )
    if person is None:
        return
    if person.user_id is not None and person.user_id != actor.user.pk:
        raise ServiceError(_("This person record is already linked to another login."))
    before = snapshot(person, ["user"])
    person.user = actor.user
    person.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=actor,
        action=PeopleAction.PERSON_LINK_USER,
        obj=person,
        person_id=person.pk,
        changes=diff(before, snapshot(person, ["user"])),
    )
