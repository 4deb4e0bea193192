"""The cleaners of each writable field of a person, family member and qualification.

One table per record, so the services (authoritative) and the forms (every error at once,
beside its input) apply the same rules; ``people.services`` re-exports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from expatcare.core.choices import GermanState
from expatcare.core.errors import ServiceError
from expatcare.people import validation as v
from expatcare.people.choices import (
    FamilyRelation,
    PersonKind,
    PersonStatus,
    QualificationKind,
    RecognitionStatus,
)

Cleaner = Callable[[Any], Any]

PERSON_FIELD_CLEANERS: dict[str, Cleaner] = {
    "kind": lambda x: v.clean_choice(x, PersonKind, field="kind"),
    "status": lambda x: v.clean_choice(x, PersonStatus, field="status"),
    "first_name": lambda x: v.clean_required_text(x, field="first_name", max_length=100),
    "last_name": lambda x: v.clean_required_text(x, field="last_name", max_length=100),
    "email": lambda x: v.clean_text(x, field="email", max_length=254).lower(),
    "phone": lambda x: v.clean_text(x, field="phone", max_length=40),
    "birth_date": v.clean_person_birth_date,
    "preferred_language": lambda x: v.clean_language_code(x or "en", field="preferred_language"),
    "time_zone": lambda x: v.clean_time_zone(x, default="Europe/Berlin"),
    "residence_country": lambda x: v.clean_country(x, field="residence_country"),
    "address": lambda x: v.clean_text(x, field="address", max_length=2000),
    "job_title": lambda x: v.clean_text(x, field="job_title", max_length=200),
    "work_country": lambda x: v.clean_country(x or "DE", field="work_country", required=True),
    "work_state": lambda x: v.clean_choice(x, GermanState, field="work_state", required=False),
    "start_date": lambda x: v.clean_date(x, field="start_date"),
    "end_date": lambda x: v.clean_date(x, field="end_date"),
    "move_in_date": lambda x: v.clean_date(x, field="move_in_date"),
    "annual_salary_eur": v.clean_salary,
    "weekly_hours": v.clean_weekly_hours,
    "telework_share_percent": v.clean_telework_share,
}
PERSON_FIELDS = tuple(PERSON_FIELD_CLEANERS)

FAMILY_FIELD_CLEANERS: dict[str, Cleaner] = {
    "relation": lambda x: v.clean_choice(x, FamilyRelation, field="relation"),
    "first_name": lambda x: v.clean_required_text(x, field="first_name", max_length=100),
    "last_name": lambda x: v.clean_text(x, field="last_name", max_length=100),
    "birth_date": v.clean_birth_date,
    "nationality": lambda x: v.clean_country(x, field="nationality"),
    "joins_in_germany": bool,
}
FAMILY_FIELDS = tuple(FAMILY_FIELD_CLEANERS)

QUALIFICATION_FIELD_CLEANERS: dict[str, Cleaner] = {
    "kind": lambda x: v.clean_choice(x, QualificationKind, field="kind"),
    "title": lambda x: v.clean_required_text(x, field="title", max_length=200),
    "country": lambda x: v.clean_country(x, field="country"),
    "completed_year": lambda x: v.clean_year(x, field="completed_year"),
    "recognition": lambda x: v.clean_choice(
        x or RecognitionStatus.NOT_ASSESSED, RecognitionStatus, field="recognition"
    ),
    "state_recognised_abroad": bool,
    "training_years": lambda x: _clean_training_years(x),
}
QUALIFICATION_FIELDS = tuple(QUALIFICATION_FIELD_CLEANERS)
QUALIFICATION_DEFAULTS: dict[str, Any] = {
    "recognition": RecognitionStatus.NOT_ASSESSED,
    "state_recognised_abroad": True,
}
FAMILY_DEFAULTS: dict[str, Any] = {"joins_in_germany": True}


def _clean_training_years(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        years = int(value)
    except (TypeError, ValueError):
        raise ServiceError(_("Enter a whole number of years."), field="training_years") from None
    if not 0 <= years <= 15:
        raise ServiceError(
            _("The duration of training must be between 0 and 15 years."), field="training_years"
        )
    return years
