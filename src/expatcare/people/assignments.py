"""Writes of provider assignments, and the log of what providers were shown.

HR assigns a provider organisation to a person (or to one of their immigration cases, which
``mobility`` loads and passes in) for a named service, with the fields that service needs
from the fixed list; ending an assignment keeps its row and takes the access away. Each write
is audited in its transaction into the employer's trail, naming the person.

Every page, export and API answer that shows a provider an assigned person or an enrolment
logs the read with ``provider_reads_record``: once per reader, object and hour, in the trail
of the employer the object belongs to, where the person page's access log shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Organization, OrganizationKind
from expatcare.audit.services import Read, audit_reads, audit_record
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people import validation as v
from expatcare.people.actions import PeopleAction
from expatcare.people.choices import ProviderField
from expatcare.people.errors import PeopleErrorCode
from expatcare.people.models import Person, ProviderAssignment
from expatcare.people.policies import can_manage_assignments

SERVICE_MAX_LENGTH = 200


def clean_declared_fields(value: Any, *, field: str = "provider_fields") -> list[str]:
    """Codes of the fixed list, each once, in the list's order; at least one."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ServiceError(_("Choose the fields the provider needs."), field=field)
    chosen = {v.clean_choice(code, ProviderField, field=field) for code in value}
    if not chosen:
        raise ServiceError(_("Choose at least one field the provider needs."), field=field)
    return [code for code in ProviderField.values if code in chosen]


def _clean_provider(provider_id: Any) -> Organization:
    provider = (
        Organization.objects.filter(pk=provider_id, kind=OrganizationKind.PROVIDER).first()
        if isinstance(provider_id, int) or str(provider_id).isdigit()
        else None
    )
    if provider is None:
        raise ServiceError(
            _("Choose a provider organisation on the platform."),
            field="provider",
            code=PeopleErrorCode.NOT_A_PROVIDER,
        )
    return provider


def assignment_create(
    *,
    actor: Actor,
    person: Person,
    provider_id: Any,
    service: Any,
    fields: Any,
    case_id: int | None = None,
) -> ProviderAssignment:
    """Assign a provider to ``person`` (and the case ``case_id`` of that person, which the
    caller has loaded through ``mobility.policies.access_case``)."""
    if not can_manage_assignments(actor) or person.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not assign providers."))
    provider = _clean_provider(provider_id)
    service_name = v.clean_required_text(service, field="service", max_length=SERVICE_MAX_LENGTH)
    declared = clean_declared_fields(fields)
    already = ProviderAssignment.objects.filter(
        provider=provider, person=person, ended_at__isnull=True
    )
    already = (
        already.filter(case__isnull=True) if case_id is None else already.filter(case_id=case_id)
    )
    duplicate = ServiceError(
        _("This provider is already assigned here; end that assignment first."),
        field="provider",
        code=PeopleErrorCode.ALREADY_ASSIGNED,
    )
    if already.exists():
        raise duplicate
    try:
        with transaction.atomic():
            assignment = ProviderAssignment.objects.create(
                organization_id=person.organization_id,
                provider=provider,
                person=person,
                case_id=case_id,
                service=service_name,
                fields=declared,
                created_by=actor.user,
            )
            audit_record(
                actor=actor,
                action=PeopleAction.PROVIDER_ASSIGN,
                obj=assignment,
                person_id=person.pk,
                changes={
                    "provider": [None, provider.name],
                    "service": [None, service_name],
                    "fields": [None, declared],
                    **({"case": [None, case_id]} if case_id is not None else {}),
                },
            )
    except IntegrityError as error:  # a second request won the race for the open slot
        raise duplicate from error
    return assignment


def assignment_end(*, actor: Actor, assignment: ProviderAssignment) -> ProviderAssignment:
    """End an assignment now: the provider loses access, the row stays as history."""
    if not can_manage_assignments(actor) or assignment.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not change provider assignments."))
    if assignment.ended_at is not None:
        raise ServiceError(
            _("This assignment has already ended."),
            field="assignment",
            code=PeopleErrorCode.ALREADY_ENDED,
        )
    with transaction.atomic():
        assignment.ended_at = timezone.now()
        assignment.ended_by = actor.user
        assignment.save(update_fields=["ended_at", "ended_by", "updated_at"])
        audit_record(
            actor=actor,
            action=PeopleAction.PROVIDER_UNASSIGN,
            obj=assignment,
            person_id=assignment.person_id,
            changes={"ended_at": [None, assignment.ended_at.isoformat()]},
        )
    return assignment


def provider_reads_record(*, actor: Actor, reads: Sequence[Read]) -> int:
    """Log what a provider user was shown (nothing for other readers); two queries."""
    if not actor.is_provider:
        return 0
    return audit_reads(actor=actor, action=PeopleAction.PROVIDER_READ, reads=reads)


def person_reads(people: Iterable[tuple[int, int]]) -> list[Read]:
    """``(person id, employer id)`` pairs as reads of people."""
    return [
        Read(
            organization_id=organization_id,
            object_type="people.person",
            object_id=person_id,
            object_repr=f"#{person_id}",
            person_id=person_id,
        )
        for person_id, organization_id in people
    ]
