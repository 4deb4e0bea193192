"""The one door between Django models and the rules engine (``expatcare.rules``).

Models become the JSON-shaped facts of the assess and pension contracts (docs/contracts.md)
here, and nowhere else; the engine's ``InputError`` becomes a ``ServiceError`` whose ``field``
is the engine's dotted path, so a form can put the message beside the input the user has to
change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from expatcare.core.errors import ServiceError
from expatcare.engine.pension_results import PensionResult
from expatcare.engine.results import Assessment
from expatcare.people.choices import CEFRLevel, DocumentKind, RecognitionStatus
from expatcare.people.models import DocumentVersion, Person, PersonLanguage, Qualification
from expatcare.rules.calendar import add_months, add_weeks, is_working_day
from expatcare.rules.errors import InputError
from expatcare.rules.io import assess_json
from expatcare.rules.pension import evaluate_json

# A pending application has no outcome yet: for the engine that is "not assessed".
_RECOGNITION_FOR_ENGINE = {RecognitionStatus.PENDING.value: RecognitionStatus.NOT_ASSESSED.value}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _money(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def _hours(value: Decimal | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else str(value)


def _cefr(languages: list[PersonLanguage], code: str) -> str | None:
    """The CEFR level of one language; a native speaker counts as C2."""
    for language in languages:
        if language.language.lower() == code:
            return CEFRLevel.C2.value if language.level == CEFRLevel.NATIVE else language.level
    return None


def newest_qualification(qualifications: list[Qualification]) -> Qualification | None:
    """The latest completed qualification; undated ones count as older, ties by entry order."""
    if not qualifications:
        return None
    return max(qualifications, key=lambda q: (q.completed_year or 0, q.pk or 0))


def _qualification_facts(qualification: Qualification | None) -> dict[str, Any] | None:
    if qualification is None:
        return None
    return {
        "kind": qualification.kind,
        "recognition": _RECOGNITION_FOR_ENGINE.get(
            qualification.recognition, qualification.recognition
        ),
        "completed_year": qualification.completed_year,
        "state_recognised_abroad": qualification.state_recognised_abroad,
        "training_years": qualification.training_years,
        "experience_years_last_5": None,
        "experience_years_last_7": None,
        "shortage_occupation": None,
    }


#: Document kinds whose expiry the engine plans renewal duties for (``person.documents``): the
#: insurance certificate's expiry is its end of cover (filed so by the care enrolment).
RENEWAL_DOCUMENT_KINDS: tuple[str, ...] = (
    DocumentKind.RESIDENCE_PERMIT.value,
    DocumentKind.VISA.value,
    DocumentKind.PASSPORT.value,
    DocumentKind.INSURANCE_CERTIFICATE.value,
)
#: The engine accepts at most this many documents per case (the earliest expiries are kept).
MAX_DOCUMENTS = 20


def renewable_document_versions(organization_id: int) -> QuerySet[DocumentVersion]:
    """The versions renewal duties follow: current, dated passports, visas, residence permits
    and insurance certificates of the people themselves (a family member's passport or
    certificate is not the employer's duty).
    The single definition for the per-person facts and the bulk benchmark tenant."""
    return DocumentVersion.objects.filter(
        organization_id=organization_id,
        document__family_member__isnull=True,
        document__kind__in=RENEWAL_DOCUMENT_KINDS,
        is_current=True,
        valid_until__isnull=False,
    )


def document_facts(documents: Iterable[tuple[str, date]]) -> list[dict[str, str]]:
    """``person.documents`` from (kind, valid until) pairs: sorted, without repeats, capped."""
    unique = sorted(set(documents), key=lambda item: (item[1], item[0]))[:MAX_DOCUMENTS]
    return [{"kind": kind, "valid_until": until.isoformat()} for kind, until in unique]


def _documents(person: Person) -> list[tuple[str, date]]:
    """(kind, valid until) of the person's own current documents that renewals follow."""
    rows = renewable_document_versions(person.organization_id).filter(document__person=person)
    return [
        (kind, until)
        for kind, until in rows.values_list("document__kind", "valid_until")
        if until is not None
    ]


def organisation_facts(renewal_lead_weeks: Mapping[str, int] | None) -> dict[str, Any] | None:
    """``organisation``: the organisation's own renewal lead times (weeks per document kind)."""
    leads = {k: v for k, v in (renewal_lead_weeks or {}).items() if k in RENEWAL_DOCUMENT_KINDS}
    return {"renewal_lead_weeks": leads} if leads else None


def person_case_facts(
    person: Person,
    *,
    as_of: date,
    job_overrides: Mapping[str, Any] | None = None,
    renewal_lead_weeks: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The §5a input for one person; facts the record does not hold are ``None``.

    The person's passports, visas, residence permits and insurance certificates go in as
    ``person.documents``, so the engine plans their renewals (``renewal_lead_weeks``: the
    organisation's own lead times, which can only make a renewal due earlier). Four queries
    (nationalities, languages, qualifications, documents), whatever the person holds.
    """
    return record_case_facts(
        person,
        as_of=as_of,
        nationalities=[str(n.country) for n in person.nationalities.all()],
        documents=_documents(person),
        languages=list(person.languages.all()),
        qualification=newest_qualification(list(person.qualifications.all())),
        job_overrides=job_overrides,
        renewal_lead_weeks=renewal_lead_weeks,
    )


def _telework(person: Person) -> dict[str, Any] | None:
    """Telework from home in the residence country, when that is not the country of work."""
    share = person.telework_share_percent
    home = str(person.residence_country)
    if not share or not home or home == str(person.work_country):
        return None
    return {"country": home, "share_percent": share}


def record_case_facts(
    person: Person,
    *,
    as_of: date,
    nationalities: Iterable[str],
    documents: Iterable[tuple[str, date]],
    languages: list[PersonLanguage] | None = None,
    qualification: Qualification | None = None,
    job_overrides: Mapping[str, Any] | None = None,
    renewal_lead_weeks: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The §5a input from a person's row and collections loaded by the caller (no queries).

    ``person_case_facts`` loads the collections of one person; the benchmark tenant loads them
    for a batch of people at once and passes them here, so both give the engine the same facts.
    """
    documents = list(documents)
    languages = languages or []
    permits = [until for kind, until in documents if kind == DocumentKind.RESIDENCE_PERMIT]
    job: dict[str, Any] = {
        "work_country": str(person.work_country) or None,
        "state": person.work_state or None,
        "start_date": _iso(person.start_date),
        "end_date": _iso(person.end_date),
        "annual_gross_salary_eur": _money(person.annual_salary_eur),
        "weekly_hours": _hours(person.weekly_hours),
        "isco08": None,
        "regulated_profession": None,
        "employer_bound_by_collective_agreement": None,
        "industry": None,
        "intra_corporate_transfer": None,
        "research_hosting_agreement": None,
        "posting": None,
        "telework_abroad": _telework(person),
    }
    if job_overrides:
        job.update(job_overrides)
    facts: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "person": {
            "nationalities": sorted(nationalities),
            "birth_date": _iso(person.birth_date),
            "residence_country": str(person.residence_country) or None,
            "german_residence_title": None,
            "move_in_date": _iso(person.move_in_date),
            "permit_valid_until": _iso(max(permits) if permits else None),
            "qualification": _qualification_facts(qualification),
            "it_experience_years_last_7": None,
            "german_level": _cefr(languages, "de"),
            "english_level": _cefr(languages, "en"),
            "stay_in_germany_months_last_5": None,
            "spouse_eligible_for_opportunity_card": None,
            "documents": document_facts(documents),
        },
        "job": job,
    }
    organisation = organisation_facts(renewal_lead_weeks)
    if organisation is not None:
        facts["organisation"] = organisation
    return facts


def person_pension_facts(person: Person) -> dict[str, Any]:
    """The ``person`` part of the §5b input (one query for the nationalities)."""
    return {
        "birth_date": _iso(person.birth_date),
        "nationalities": sorted(str(n.country) for n in person.nationalities.all()),
        "annual_gross_salary_eur": _money(person.annual_salary_eur),
    }


def run_assessment(facts: Mapping[str, Any]) -> Assessment:
    """The §5a answer for the facts as typed objects (its JSON in ``.json``); bad input raises
    ``ServiceError`` naming the dotted field."""
    try:
        return Assessment.from_json(assess_json(facts))
    except InputError as error:
        raise ServiceError(error.message, field=error.field) from error


def run_pension(data: Mapping[str, Any]) -> PensionResult:
    """The §5b answer for the data as typed objects (its JSON in ``.json``); bad input raises
    ``ServiceError`` naming the dotted field."""
    try:
        return PensionResult.from_json(evaluate_json(data))
    except InputError as error:
        raise ServiceError(error.message, field=error.field) from error


# --- cases: time limits and document codes ----------------------------------------------------

TIME_LIMIT_UNITS = ("days", "weeks", "months", "working_days")


def add_time_limit(start: date, *, amount: int, unit: str, state: str | None) -> date:
    """End of a legal time limit that starts with an event on ``start``.

    Weeks and months end as §§ 187 Abs. 1, 188 BGB say (the engine's calendar); working days
    skip weekends and the public holidays of the German state of work. The end is not moved
    off a weekend: these are the authorities' processing times, which no statute shifts.
    """
    if unit == "days":
        return start + timedelta(days=amount)
    if unit == "weeks":
        return add_weeks(start, amount)
    if unit == "months":
        return add_months(start, amount)
    if unit == "working_days":
        day, left = start, amount
        while left:
            day += timedelta(days=1)
            if is_working_day(day, state or None):
                left -= 1
        return day
    raise ValueError(f"unknown time-limit unit {unit!r}")


# Engine document codes (``documents`` in docs/contracts.md, assess) -> the kind of person
# document that proves them. Codes not listed are kept as documents of kind "other" with a
# matching title.
CASE_DOCUMENT_KINDS: dict[str, str] = {
    "passport": DocumentKind.PASSPORT,
    "passport_or_identity_card": DocumentKind.PASSPORT,
    "residence_title": DocumentKind.RESIDENCE_PERMIT,
    "degree": DocumentKind.DEGREE,
    "vocational_certificate": DocumentKind.DEGREE,
    "qualification_certificate": DocumentKind.DEGREE,
    "proof_of_qualification": DocumentKind.DEGREE,
    "degree_comparability_proof": DocumentKind.RECOGNITION_DECISION,
    "equivalence_decision": DocumentKind.RECOGNITION_DECISION,
    "zab_confirmation": DocumentKind.RECOGNITION_DECISION,
    "recognition_deficit_notice": DocumentKind.RECOGNITION_DECISION,
    "employment_contract": DocumentKind.CONTRACT,
    "local_employment_contract": DocumentKind.CONTRACT,
    "cv": DocumentKind.CV,
    "health_insurance": DocumentKind.INSURANCE_CERTIFICATE,
}


def document_kind_for(code: str) -> str:
    return CASE_DOCUMENT_KINDS.get(code, DocumentKind.OTHER)
