"""How compliance follows other apps' writes: subscribed to their hooks in ``ready()``.

``people.hooks.person_changed`` recomputes a person's duties; ``mobility.hooks.own_duties``
lists the employee's pending duties on their case page.
"""

from __future__ import annotations

from django.db.models import Q

from expatcare.accounts.actor import Actor
from expatcare.compliance.labels import duty_title
from expatcare.compliance.models import Responsible
from expatcare.compliance.recompute import (
    RecomputeResult,
    duties_recompute_for_person,
    relevant_changes,
)
from expatcare.compliance.selectors import DutyFilters, duty_list
from expatcare.mobility.hooks import OwnDutiesRequest, OwnDuty
from expatcare.people.hooks import PersonChanged
from expatcare.people.models import Person


def on_person_changed(
    *, actor: Actor | None, person: Person, changed_fields: set[str]
) -> RecomputeResult | None:
    """Recompute the person's duties when a fact they depend on changed, else do nothing.

    ``changed_fields`` holds Person field names and, for related rows, ``nationalities``,
    ``languages``, ``qualifications``, ``documents`` (or ``permit_documents``). Other fields
    (names, e-mail, phone, job title...) do not touch a single row.
    """
    relevant = relevant_changes(changed_fields)
    if not relevant:
        return None
    return duties_recompute_for_person(
        actor=actor, person=person, reason="changed: " + ", ".join(sorted(relevant))
    )


def recompute_on_person_changed(event: PersonChanged) -> RecomputeResult | None:
    """The subscriber of ``people.hooks.person_changed``."""
    return on_person_changed(
        actor=event.actor, person=event.person, changed_fields=set(event.changed_fields)
    )


def own_pending_duties(request: OwnDutiesRequest) -> list[OwnDuty]:
    """The subscriber of ``mobility.hooks.own_duties``: the employee's own pending duties.

    Only what the employee has to do: duties of the employee or assigned to their login. The
    employer's duties about them (DEÜV registration, a copy of the title) stay with HR.
    """
    duties = duty_list(
        actor=request.actor, filters=DutyFilters(state="pending"), today=request.today
    ).filter(Q(responsible=Responsible.EMPLOYEE) | Q(responsible_user_id=request.actor.user.pk))
    return [
        OwnDuty(
            code=duty.code,
            title=duty_title(duty.code, duty.message, duty.origin_key),
            due=duty.due,
            overdue=duty.due is not None and duty.due < request.today,
            legal_basis=duty.legal_basis,
            source=duty.source,
            message=duty.message,
        )
        for duty in duties[: request.limit]
    ]
