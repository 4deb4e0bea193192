"""Who may see and change people, their family, qualifications and documents.

``access_*`` functions are the only way to load a tenant row of this app by id: a row the actor
may not see raises ``Http404`` (so ids of other tenants are not even confirmed to exist), a row
the actor may see but not change raises ``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership
from expatcare.accounts.roles import PEOPLE_WRITER_ROLES, Role
from expatcare.core.errors import PermissionDenied
from expatcare.people.choices import DocumentKind
from expatcare.people.hooks import upload_granted
from expatcare.people.models import (
    Document,
    DocumentVersion,
    FamilyMember,
    Person,
    ProviderAssignment,
    Qualification,
)

# Document kinds an employee may upload to their own record; the rest is HR's business
# (contracts, permits and certificates come from authorities or the employer).
SELF_SERVICE_DOCUMENT_KINDS = frozenset(
    {DocumentKind.PASSPORT, DocumentKind.DEGREE, DocumentKind.CV, DocumentKind.OTHER}
)
# Roles that see the audit trail of a person.
AUDIT_TRAIL_ROLES = frozenset({Role.OWNER, Role.HR, Role.AUDITOR})


def open_assignments(actor: Actor) -> QuerySet[ProviderAssignment]:
    """The provider's assignments that are not ended: the only source of its access."""
    if not actor.is_provider:
        return ProviderAssignment.objects.none()
    return ProviderAssignment.objects.filter(
        provider_id=actor.organization_id, ended_at__isnull=True
    )


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
        # A sub-select, not a join: a provider may hold a person and a case assignment for
        # the same person, which a join would list twice.
        return people.filter(pk__in=open_assignments(actor).values("person_id"))
    return people.none()


def assigned_case_ids(actor: Actor) -> QuerySet[ProviderAssignment, int | None]:
    """The cases a provider is assigned to (a sub-select for ``mobility.visible_cases``).

    A person assignment does not show the person's cases: the immigration status is the
    business only of a provider assigned to the case itself.
    """
    return open_assignments(actor).filter(case__isnull=False).values_list("case_id", flat=True)


def declared_fields(actor: Actor, person_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """For a provider, the fields its open assignments declare per person (their union);
    one query. People without an assignment are missing from the answer: they declare
    nothing."""
    ids = list(person_ids)
    fields: dict[int, set[str]] = {}
    if ids:
        rows = open_assignments(actor).filter(person_id__in=ids).values_list("person_id", "fields")
        for person_id, declared in rows:
            fields.setdefault(person_id, set()).update(declared or ())
    return {person_id: frozenset(names) for person_id, names in fields.items()}


def visible_assignments(actor: Actor) -> QuerySet[ProviderAssignment]:
    """Assignments the actor may see: employer staff all of their tenant's (ended ones too,
    as history), a provider its open ones."""
    if actor.is_employer_staff:
        return ProviderAssignment.objects.filter(organization_id=actor.organization_id)
    return open_assignments(actor)


def can_manage_assignments(actor: Actor) -> bool:
    """Owners and HR decide which provider sees whom."""
    return actor.role in PEOPLE_WRITER_ROLES and actor.is_employer_staff


def access_assignment(
    actor: Actor, assignment_id: int, *, for_write: bool = False
) -> ProviderAssignment:
    assignment = (
        visible_assignments(actor)
        .filter(pk=assignment_id)
        .select_related("person", "provider")
        .first()
    )
    if assignment is None:
        raise Http404(_("No such provider assignment."))
    if for_write and not can_manage_assignments(actor):
        raise PermissionDenied(_("You may not change provider assignments."))
    return assignment


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
    """HR uploads anything for its people; employees upload a few kinds to their own record;
    an outside organisation (a provider) only what a higher app grants through the hook."""
    if person.organization_id != actor.organization_id:
        return upload_granted(actor=actor, person=person, kind=kind)
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
