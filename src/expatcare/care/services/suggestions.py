"""HR accepts or dismisses a suggestion; the decision remembers the facts it was made on."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.audit.services import audit_record
from expatcare.care import policies
from expatcare.care.actions import CareAction
from expatcare.care.errors import CareErrorCode
from expatcare.care.models import Enrolment, SuggestionDecision
from expatcare.care.services.enrolments import enrolment_request
from expatcare.care.suggestions import person_suggestions
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people.models import Person


def _decide(actor: Actor, person: Person, code: str, decision: str, today: dt.date) -> str:
    if person.organization_id != actor.organization_id or not policies.can_request_enrolment(actor):
        raise PermissionDenied(_("You may not enrol people in care modules."))
    modules = list(policies.visible_modules(actor).filter(is_active=True).order_by("name_en", "id"))
    open_ = {s.code: s for s in person_suggestions(modules=modules, person=person, today=today)}
    if code not in open_:
        raise ServiceError(
            _("This suggestion is no longer open."),
            field="suggestion",
            code=CareErrorCode.TRANSITION_NOT_ALLOWED,
        )
    suggestion = open_[code]
    SuggestionDecision.objects.update_or_create(
        organization_id=person.organization_id,
        person=person,
        code=code,
        defaults={
            "decision": decision,
            "facts_digest": suggestion.facts_digest,
            "decided_by": actor.user,
        },
    )
    return suggestion.facts_digest


def suggestion_dismiss(
    *, actor: Actor, person: Person, code: str, today: dt.date | None = None
) -> None:
    """Dismissed until the facts behind the suggestion change."""
    with transaction.atomic():
        _decide(
            actor,
            person,
            code,
            SuggestionDecision.Decision.DISMISSED,
            today or timezone.localdate(),
        )
        audit_record(
            actor=actor,
            action=CareAction.SUGGESTION_DISMISS,
            obj=person,
            person_id=person.pk,
            changes={"suggestion": [None, code]},
        )


def suggestion_accept(
    *,
    actor: Actor,
    person: Person,
    code: str,
    start_date: dt.date | None,
    today: dt.date | None = None,
) -> Enrolment | None:
    """Request the suggested module for the person. A confidential module (psychosocial
    support) is not requested by HR: it is offered, and the employee enrols themself."""
    today = today or timezone.localdate()
    modules = list(policies.visible_modules(actor).filter(is_active=True).order_by("name_en", "id"))
    suggestion = next(
        (
            s
            for s in person_suggestions(modules=modules, person=person, today=today)
            if s.code == code
        ),
        None,
    )
    with transaction.atomic():
        _decide(actor, person, code, SuggestionDecision.Decision.ACCEPTED, today)
        enrolment = None
        if (
            suggestion is not None
            and suggestion.module is not None
            and not (suggestion.module.confidential)
        ):
            enrolment = enrolment_request(
                actor=actor,
                person=person,
                module=suggestion.module,
                start_date=start_date,
                today=today,
            )
        audit_record(
            actor=actor,
            action=CareAction.SUGGESTION_ACCEPT,
            obj=person,
            person_id=person.pk,
            changes={"suggestion": [None, code]},
        )
    return enrolment
