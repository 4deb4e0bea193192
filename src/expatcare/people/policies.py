"""Who may see and change people, their family, qualifications and documents.

``access_*`` functions are the only way to load a tenant row of this app by id: a row the actor
may not see raises ``Http404`` (so ids of other tenants are not even confirmed to exist), a row
the actor may see but not change raises ``PermissionDenied``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership
from expatcare.accounts.roles import PEOPLE_WRITER_ROLES, Role
from expatcare.core.errors import PermissionDenied
from expatcare.people.choices import DocumentKind
from expatcare.people.models import (
    Document,
    DocumentVersion,
    FamilyMember,
    Person,
    Qualification,
)

# Document kinds an employee may upload to their own record; the rest is HR's business
# (contracts, permits and certificates come from authorities or the employer).
SELF_SERVICE_DOCUMENT_KINDS = frozenset(
    {DocumentKind.PASSPORT, DocumentKind.DEGREE, DocumentKind.CV, DocumentKind.OTHER}
)
# Roles that see the audit trail of a person.
AUDIT_TRAIL_ROLES = frozenset({Role.OWNER, Role.HR, Role.AUDITOR})


def visible_people(actor: Actor) -> QuerySet[Person]:
    """The people the actor may see at all; every read of people starts here."""
    people = Person.objects.all()
    if actor.sees_whole_tenant:
        return people.filter(organization_id=actor.organization_id)
    if actor.is_manager:
        return people.filter(organization_id=actor.organization_id, manager_id=actor.membership.pk)
    if actor.role == Role.EMPLOYEE:
        return people.filter(organization_id=actor.organization_id, user=actor.user)
    if actor.is_provider:
        # The assignment is unique per (provider, person), so the join yields no duplicates.
        return people.filter(provider_assignments__provider_id=actor.organization_id)
    return people.none()


def can_write_people(actor: Actor) -> bool:
    return actor.role in PEOPLE_WRITER_ROLES


def own_person_id(actor: Actor) -> int | None:
    """The id of the employee's own record (None for other roles or without a linked record).

    The one "own person" query: the portal pages (my record, my case, the pension calculator)
    all start from it.
    """
    if actor.role != Role.EMPLOYEE:
        return None
    person_id: int | None = (
        visible_people(actor).filter(user=actor.user).values_list("pk", flat=True).first()
    )
    return person_id


def is_own_record(actor: Actor, person: Person) -> bool:
    return (
        actor.role == Role.EMPLOYEE
        and person.organization_id == actor.organization_id
        and person.user_id is not None
        and person.user_id == actor.user.pk
    )


def is_own_report(actor: Actor, person: Person) -> bool:
    """The actor is the manager the person reports to."""
    return (
        actor.is_manager
        and person.organization_id == actor.organization_id
        and person.manager_id is not None
        and person.manager_id == actor.membership.pk
    )


def manager_sees_details(actor: Actor) -> bool:
    """HR granted this manager the personal details and documents of their reports."""
    return actor.is_manager and actor.membership.sees_report_details


def can_see_sensitive(actor: Actor, person: Person) -> bool:
    """Salary, date of birth, address, family, qualifications and documents.

    Owner, HR and auditor for their tenant, the person themself, and a manager for their own
    reports only when HR granted it (``Membership.sees_report_details``).
    """
    if actor.is_provider or person.organization_id != actor.organization_id:
        return False
    if actor.is_manager:
        return manager_sees_details(actor) and is_own_report(actor, person)
    return actor.is_employer_staff or is_own_record(actor, person)


def can_see_family(actor: Actor, person: Person) -> bool:
    """Names and relations of the family: everyone who sees the person, except a manager
    without the grant (a manager's view of a report is the work, not the private life)."""
    if actor.is_manager:
        return can_see_sensitive(actor, person)
    return person.organization_id == actor.organization_id or actor.is_provider


def can_see_audit_trail(actor: Actor, person: Person) -> bool:
    return actor.role in AUDIT_TRAIL_ROLES and person.organization_id == actor.organization_id


def can_upload_document(actor: Actor, person: Person, kind: str) -> bool:
    """HR uploads anything for its people; employees upload a few kinds to their own record."""
    if person.organization_id != actor.organization_id:
        return False
    if can_write_people(actor):
        return True
    return is_own_record(actor, person) and kind in SELF_SERVICE_DOCUMENT_KINDS


def access_person(actor: Actor, person_id: int, *, for_write: bool = False) -> Person:
    person = visible_people(actor).filter(pk=person_id).first()
    if person is None:
        raise Http404(_("No such person."))
    if for_write and not can_write_people(actor):
        raise PermissionDenied(_("You may not change this person."))
    return person


def access_family_member(
    actor: Actor, family_member_id: int, *, for_write: bool = False
) -> FamilyMember:
    member = (
        FamilyMember.objects.filter(pk=family_member_id, person__in=visible_people(actor))
        .select_related("person")
        .first()
    )
    if member is None:
        raise Http404(_("No such family member."))
    if for_write and not can_write_people(actor):
        raise PermissionDenied(_("You may not change this person."))
    return member


def access_qualification(
    actor: Actor, qualification_id: int, *, for_write: bool = False
) -> Qualification:
    if actor.is_provider:
        raise Http404(_("No such qualification."))
    qualification = (
        Qualification.objects.filter(pk=qualification_id, person__in=visible_people(actor))
        .select_related("person")
        .first()
    )
    if qualification is None:
        raise Http404(_("No such qualification."))
    if for_write and not can_write_people(actor):
        raise PermissionDenied(_("You may not change this person."))
    return qualification


def _visible_documents(actor: Actor) -> QuerySet[Document]:
    if actor.is_provider:
        return Document.objects.none()
    return Document.objects.filter(
        organization_id=actor.organization_id, person__in=visible_people(actor)
    )


def access_document(actor: Actor, document_id: int) -> Document:
    document = _visible_documents(actor).filter(pk=document_id).select_related("person").first()
    if document is None:
        raise Http404(_("No such document."))
    return document


def access_document_version(actor: Actor, version_id: int) -> DocumentVersion:
    version = (
        DocumentVersion.objects.filter(
            pk=version_id,
            organization_id=actor.organization_id,
            document__in=_visible_documents(actor),
        )
        .select_related("document", "document__person")
        .first()
    )
    if version is None:
        raise Http404(_("No such document."))
    return version


def access_manager(actor: Actor, membership_id: int) -> Membership:
    """A manager membership of the actor's tenant, for owner and HR (who grant what managers
    see); 404 for anything else."""
    if not can_write_people(actor):
        raise Http404(_("No such manager."))
    manager = (
        Membership.objects.select_related("user")
        .filter(pk=membership_id, organization_id=actor.organization_id, role=Role.MANAGER)
        .first()
    )
    if manager is None:
        raise Http404(_("No such manager."))
    return manager
