"""The compliance app's door to the rules engine: a person's facts in, §5a output out.

The facts come from ``expatcare.engine.facts`` (the one models-to-facts mapping);
here we only add what compliance knows about the person's employment having ended early.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from expatcare.core.errors import ServiceError
from expatcare.engine.facts import person_case_facts, run_assessment
from expatcare.engine.results import Assessment
from expatcare.people.choices import PersonStatus
from expatcare.people.models import Person


@dataclass(frozen=True, slots=True)
class AssessmentOutcome:
    result: Assessment | None
    error_field: str = ""
    error_message: str = ""


def person_facts(
    person: Person, *, as_of: dt.date, renewal_lead_weeks: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """A person who has left ended their employment early (on the end date, else today)."""
    overrides: dict[str, Any] = {}
    if person.status == PersonStatus.LEFT:
        overrides["ended_early_on"] = (person.end_date or as_of).isoformat()
    return person_case_facts(
        person,
        as_of=as_of,
        job_overrides=overrides or None,
        renewal_lead_weeks=renewal_lead_weeks,
    )


def assess_person(
    person: Person, *, as_of: dt.date, renewal_lead_weeks: Mapping[str, int] | None = None
) -> AssessmentOutcome:
    """The engine's result, or the field it refused when the record lacks a needed fact.

    ``renewal_lead_weeks`` are the organisation's own renewal lead times (see
    ``facts.person_case_facts``)."""
    facts = person_facts(person, as_of=as_of, renewal_lead_weeks=renewal_lead_weeks)
    try:
        return AssessmentOutcome(result=run_assessment(facts))
    except ServiceError as error:
        return AssessmentOutcome(
            result=None, error_field=error.field or "", error_message=str(error.message)
        )
