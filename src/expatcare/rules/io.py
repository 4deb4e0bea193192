"""JSON in, JSON out for the assessment contract (docs/contracts.md, assess).

Validation is strict and explicit: unknown keys are rejected (a typo must not silently drop a
fact), every error is an ``InputError`` whose ``field`` is the dotted JSON path, so the CLI (exit
code 2) and the API (HTTP 422) can tell the user exactly what to fix. Money leaves the engine as
decimal strings, never floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from expatcare.rules.assessment import assess
from expatcare.rules.countries import COUNTRY_CODES, GERMAN_STATES
from expatcare.rules.engine import ParameterSet, load_parameters
from expatcare.rules.errors import InputError
from expatcare.rules.limits import check_date, check_number_size
from expatcare.rules.model import (
    CEFR_LEVELS,
    DOCUMENT_KINDS,
    ICT_ROLES,
    INDUSTRIES,
    QUALIFICATION_KINDS,
    RECOGNITION_STATES,
    RESIDENCE_TITLES,
    Case,
    Document,
    IntraCorporateTransfer,
    Job,
    Person,
    Posting,
    Qualification,
    TeleworkAbroad,
)
from expatcare.rules.output import assessment_to_dict

__all__ = ["assess_json", "assessment_to_dict", "parse_case"]

_MAX_SALARY = Decimal("100000000")
_MAX_YEARS = Decimal(80)
_MISSING = object()

_TOP_KEYS = frozenset({"as_of", "person", "job", "organisation"})
_DOCUMENT_KEYS = frozenset({"kind", "valid_until"})
_ORGANISATION_KEYS = frozenset({"renewal_lead_weeks"})
_MAX_DOCUMENTS = 20
_MAX_LEAD_WEEKS = 104
_PERSON_KEYS = frozenset(
    {
        "nationalities",
        "birth_date",
        "residence_country",
        "german_residence_title",
        "move_in_date",
        "permit_valid_until",
        "qualification",
        "it_experience_years_last_7",
        "german_level",
        "english_level",
        "stay_in_germany_months_last_5",
        "spouse_eligible_for_opportunity_card",
        "documents",
    }
)
_QUALIFICATION_KEYS = frozenset(
    {
        "kind",
        "recognition",
        "completed_year",
        "state_recognised_abroad",
        "training_years",
        "experience_years_last_5",
        "experience_years_last_7",
        "shortage_occupation",
    }
)
_JOB_KEYS = frozenset(
    {
        "work_country",
        "state",
        "start_date",
        "end_date",
        "ended_early_on",
        "annual_gross_salary_eur",
        "weekly_hours",
        "isco08",
        "regulated_profession",
        "employer_bound_by_collective_agreement",
        "industry",
        "intra_corporate_transfer",
        "research_hosting_agreement",
        "posting",
        "telework_abroad",
    }
)
_ICT_KEYS = frozenset({"months_with_group", "planned_months", "role"})
_POSTING_KEYS = frozenset(
    {
        "from_country",
        "to_country",
        "start_date",
        "months",
        "earlier_posting",
    }
)
_EARLIER_POSTING_KEYS = frozenset({"start_date", "end_date"})
_TELEWORK_KEYS = frozenset({"country", "share_percent"})
_NO_QUALIFICATION: Mapping[str, Any] = {"kind": "none", "recognition": "not_assessed"}


# --------------------------------------------------------------------------- field readers


def _mapping(raw: object, field: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise InputError(field or "input", "expected a JSON object")
    return raw


def _keys(data: Mapping[str, Any], allowed: frozenset[str], prefix: str) -> None:
    for key in data:
        if not isinstance(key, str) or key not in allowed:
            raise InputError(f"{prefix}{key}", "unknown field")


def _get(data: Mapping[str, Any], key: str, prefix: str, *, required: bool) -> Any:
    value = data.get(key, _MISSING)
    if value is _MISSING:
        if required:
            raise InputError(prefix + key, "is required")
        return None
    return value


def _date(raw: object, field: str, *, required: bool = False) -> date | None:
    if raw is None:
        if required:
            raise InputError(field, "is required (ISO date YYYY-MM-DD)")
        return None
    if isinstance(raw, datetime):
        raise InputError(field, "expected a date, not a timestamp")
    if isinstance(raw, date):
        return check_date(raw, field)
    if isinstance(raw, str) and len(raw) == 10:
        try:
            parsed = date.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return check_date(parsed, field)
    raise InputError(field, f"expected an ISO date YYYY-MM-DD, got {str(raw)[:40]!r}")


def _req_date(raw: object, field: str) -> date:
    value = _date(raw, field, required=True)
    assert value is not None
    return value


def _bool(raw: object, field: str, default: bool = False) -> bool:
    if raw is None:
        return default
    if not isinstance(raw, bool):
        raise InputError(field, f"expected true or false, got {raw!r}")
    return raw


def _decimal(
    raw: object,
    field: str,
    *,
    minimum: Decimal = Decimal(0),
    maximum: Decimal | None = None,
    default: Decimal | None = None,
) -> Decimal:
    if raw is None:
        if default is None:
            raise InputError(field, "is required (a decimal number)")
        return default
    if isinstance(raw, bool):
        raise InputError(field, f"expected a number, got {raw!r}")
    check_number_size(raw, field)
    try:
        if isinstance(raw, Decimal):
            value = raw
        elif isinstance(raw, int):
            value = Decimal(raw)
        elif isinstance(raw, float):
            value = Decimal(repr(raw))
        elif isinstance(raw, str):
            value = Decimal(raw.strip())
        else:
            raise InputError(field, f"expected a number or a decimal string, got {raw!r}")
    except InvalidOperation:
        raise InputError(field, f"not a decimal number: {raw!r}") from None
    if not value.is_finite():
        raise InputError(field, f"not a finite number: {raw!r}")
    if value < minimum:
        if minimum == 0:
            raise InputError(field, f"must not be negative, got {raw!r}")
        raise InputError(field, f"must be at least {minimum}, got {raw!r}")
    if maximum is not None and value > maximum:
        raise InputError(field, f"must be at most {maximum}, got {raw!r}")
    return value


def _int(
    raw: object, field: str, *, minimum: int = 0, maximum: int = 10_000, default: int | None = None
) -> int:
    if raw is None:
        if default is None:
            raise InputError(field, "is required (an integer)")
        return default
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | float):
        raise InputError(field, f"expected an integer, got {str(raw)[:40]!r}")
    check_number_size(raw, field)
    if not isinstance(raw, int):
        if raw != raw or raw in (float("inf"), float("-inf")) or int(raw) != raw:
            raise InputError(field, f"expected an integer, got {raw!r}")
        raw = int(raw)
    if raw < minimum or raw > maximum:
        raise InputError(field, f"must be between {minimum} and {maximum}, got {raw!r}")
    return raw


def _country(raw: object, field: str) -> str:
    if not isinstance(raw, str) or raw not in COUNTRY_CODES:
        raise InputError(field, f"unknown ISO 3166-1 alpha-2 country code {raw!r}")
    return raw


def _choice(raw: object, field: str, choices: frozenset[str] | tuple[str, ...]) -> str:
    if not isinstance(raw, str) or raw not in choices:
        raise InputError(field, f"must be one of {', '.join(sorted(choices))}; got {raw!r}")
    return raw


def _cefr(raw: object, field: str) -> str | None:
    if raw is None:
        return None
    return _choice(raw, field, CEFR_LEVELS)


# --------------------------------------------------------------------------- parsing


def _qualification(raw: object, as_of: date) -> Qualification:
    prefix = "person.qualification."
    data = _mapping(raw, "person.qualification")
    _keys(data, _QUALIFICATION_KEYS, prefix)
    kind = _choice(_get(data, "kind", prefix, required=True), prefix + "kind", QUALIFICATION_KINDS)
    recognition_raw = data.get("recognition")
    recognition = (
        "not_assessed"
        if recognition_raw is None
        else _choice(recognition_raw, prefix + "recognition", RECOGNITION_STATES)
    )
    completed_raw = data.get("completed_year")
    completed = (
        None
        if completed_raw is None
        else _int(completed_raw, prefix + "completed_year", minimum=1900, maximum=as_of.year + 10)
    )
    training_raw = data.get("training_years")
    training = (
        None
        if training_raw is None
        else _decimal(training_raw, prefix + "training_years", maximum=Decimal(20))
    )
    last_5 = _decimal(
        data.get("experience_years_last_5"),
        prefix + "experience_years_last_5",
        maximum=Decimal(5),
        default=Decimal(0),
    )
    last_7 = _decimal(
        data.get("experience_years_last_7"),
        prefix + "experience_years_last_7",
        maximum=Decimal(7),
        default=Decimal(0),
    )
    return Qualification(
        kind=kind,
        recognition=recognition,
        completed_year=completed,
        state_recognised_abroad=_bool(
            data.get("state_recognised_abroad"), prefix + "state_recognised_abroad"
        ),
        training_years=training,
        experience_years_last_5=last_5,
        experience_years_last_7=max(last_7, last_5),
        shortage_occupation=_bool(data.get("shortage_occupation"), prefix + "shortage_occupation"),
    )


def _person(raw: object, as_of: date) -> Person:
    prefix = "person."
    data = _mapping(raw, "person")
    _keys(data, _PERSON_KEYS, prefix)
    nationalities_raw = _get(data, "nationalities", prefix, required=True)
    if not isinstance(nationalities_raw, list) or not nationalities_raw:
        raise InputError("person.nationalities", "expected a non-empty list of country codes")
    nationalities = tuple(
        dict.fromkeys(
            _country(code, f"person.nationalities[{i}]") for i, code in enumerate(nationalities_raw)
        )
    )
    birth = _req_date(_get(data, "birth_date", prefix, required=True), "person.birth_date")
    if birth > as_of:
        raise InputError("person.birth_date", "must not be after as_of")
    if birth.year < as_of.year - 120:
        raise InputError("person.birth_date", "implausible birth date (more than 120 years)")
    residence_raw = data.get("residence_country")
    residence = (
        nationalities[0]
        if residence_raw is None
        else _country(residence_raw, "person.residence_country")
    )
    title_raw = data.get("german_residence_title")
    title = (
        None
        if title_raw is None
        else _choice(title_raw, "person.german_residence_title", RESIDENCE_TITLES)
    )
    qualification_raw = data.get("qualification")
    qualification = _qualification(
        _NO_QUALIFICATION if qualification_raw is None else qualification_raw, as_of
    )
    return Person(
        nationalities=nationalities,
        birth_date=birth,
        residence_country=residence,
        german_residence_title=title,
        move_in_date=_date(data.get("move_in_date"), "person.move_in_date"),
        permit_valid_until=_date(data.get("permit_valid_until"), "person.permit_valid_until"),
        qualification=qualification,
        it_experience_years_last_7=_decimal(
            data.get("it_experience_years_last_7"),
            "person.it_experience_years_last_7",
            maximum=Decimal(7),
            default=Decimal(0),
        ),
        german_level=_cefr(data.get("german_level"), "person.german_level"),
        english_level=_cefr(data.get("english_level"), "person.english_level"),
        stay_in_germany_months_last_5=_int(
            data.get("stay_in_germany_months_last_5"),
            "person.stay_in_germany_months_last_5",
            maximum=60,
            default=0,
        ),
        spouse_eligible_for_opportunity_card=_bool(
            data.get("spouse_eligible_for_opportunity_card"),
            "person.spouse_eligible_for_opportunity_card",
        ),
        documents=_documents(data.get("documents")),
    )


def _documents(raw: object) -> tuple[Document, ...]:
    """``person.documents``: the documents whose renewal the engine plans."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InputError("person.documents", "expected a list of documents")
    if len(raw) > _MAX_DOCUMENTS:
        raise InputError("person.documents", f"at most {_MAX_DOCUMENTS} documents")
    documents = []
    for index, item in enumerate(raw):
        prefix = f"person.documents[{index}]."
        data = _mapping(item, prefix[:-1])
        _keys(data, _DOCUMENT_KEYS, prefix)
        documents.append(
            Document(
                kind=_choice(
                    _get(data, "kind", prefix, required=True), prefix + "kind", DOCUMENT_KINDS
                ),
                valid_until=_req_date(
                    _get(data, "valid_until", prefix, required=True), prefix + "valid_until"
                ),
            )
        )
    return tuple(documents)


def _renewal_lead_weeks(raw: object) -> tuple[tuple[str, int], ...]:
    """``organisation.renewal_lead_weeks``: the organisation's own lead time per document kind."""
    if raw is None:
        return ()
    data = _mapping(raw, "organisation")
    _keys(data, _ORGANISATION_KEYS, "organisation.")
    leads_raw = data.get("renewal_lead_weeks")
    if leads_raw is None:
        return ()
    leads = _mapping(leads_raw, "organisation.renewal_lead_weeks")
    _keys(leads, frozenset(DOCUMENT_KINDS), "organisation.renewal_lead_weeks.")
    return tuple(
        (kind, _int(value, f"organisation.renewal_lead_weeks.{kind}", maximum=_MAX_LEAD_WEEKS))
        for kind, value in leads.items()
        if value is not None
    )


def _ict(raw: object) -> IntraCorporateTransfer | None:
    if raw is None:
        return None
    prefix = "job.intra_corporate_transfer."
    data = _mapping(raw, "job.intra_corporate_transfer")
    _keys(data, _ICT_KEYS, prefix)
    return IntraCorporateTransfer(
        months_with_group=_int(
            _get(data, "months_with_group", prefix, required=True),
            prefix + "months_with_group",
            maximum=600,
        ),
        planned_months=_int(
            _get(data, "planned_months", prefix, required=True),
            prefix + "planned_months",
            minimum=1,
            maximum=600,
        ),
        role=_choice(_get(data, "role", prefix, required=True), prefix + "role", ICT_ROLES),
    )


def _posting(raw: object) -> Posting | None:
    if raw is None:
        return None
    prefix = "job.posting."
    data = _mapping(raw, "job.posting")
    _keys(data, _POSTING_KEYS, prefix)
    origin = _country(_get(data, "from_country", prefix, required=True), prefix + "from_country")
    host = _country(_get(data, "to_country", prefix, required=True), prefix + "to_country")
    if origin == host:
        raise InputError(prefix + "to_country", "must differ from from_country")
    start = _req_date(_get(data, "start_date", prefix, required=True), prefix + "start_date")
    earlier_start, earlier_end = _earlier_posting(
        _get(data, "earlier_posting", prefix, required=False), start
    )
    return Posting(
        from_country=origin,
        to_country=host,
        start_date=start,
        months=_int(
            _get(data, "months", prefix, required=True), prefix + "months", minimum=1, maximum=600
        ),
        earlier_start_date=earlier_start,
        earlier_end_date=earlier_end,
    )


def _earlier_posting(raw: object, start: date) -> tuple[date | None, date | None]:
    """Start and end of an earlier posting to the same state, both before ``start``."""
    if raw is None:
        return None, None
    prefix = "job.posting.earlier_posting."
    data = _mapping(raw, "job.posting.earlier_posting")
    _keys(data, _EARLIER_POSTING_KEYS, prefix)
    first = _req_date(_get(data, "start_date", prefix, required=True), prefix + "start_date")
    last = _req_date(_get(data, "end_date", prefix, required=True), prefix + "end_date")
    if last < first:
        raise InputError(prefix + "end_date", "must not be before its start_date")
    if last >= start:
        raise InputError(prefix + "end_date", "must be before the posting's start_date")
    return first, last


def _telework(raw: object) -> TeleworkAbroad | None:
    if raw is None:
        return None
    prefix = "job.telework_abroad."
    data = _mapping(raw, "job.telework_abroad")
    _keys(data, _TELEWORK_KEYS, prefix)
    return TeleworkAbroad(
        country=_country(_get(data, "country", prefix, required=True), prefix + "country"),
        share_percent=_decimal(
            _get(data, "share_percent", prefix, required=True),
            prefix + "share_percent",
            maximum=Decimal(100),
        ),
    )


def _job(raw: object) -> Job:
    prefix = "job."
    data = _mapping(raw, "job")
    _keys(data, _JOB_KEYS, prefix)
    work_raw = data.get("work_country")
    work_country = "DE" if work_raw is None else _country(work_raw, "job.work_country")
    state_raw = data.get("state")
    state: str | None = None
    if state_raw is not None:
        state = _choice(state_raw, "job.state", GERMAN_STATES)
    start = _req_date(_get(data, "start_date", prefix, required=True), "job.start_date")
    end = _date(data.get("end_date"), "job.end_date")
    if end is not None and end < start:
        raise InputError("job.end_date", "must not be before job.start_date")
    ended_early = _date(data.get("ended_early_on"), "job.ended_early_on")
    if ended_early is not None and ended_early < start:
        raise InputError("job.ended_early_on", "must not be before job.start_date")
    isco_raw = data.get("isco08")
    isco: str | None = None
    if isco_raw is not None:
        if isinstance(isco_raw, int) and not isinstance(isco_raw, bool):
            isco_raw = str(isco_raw)
        if not isinstance(isco_raw, str) or not (1 <= len(isco_raw) <= 4) or not isco_raw.isdigit():
            raise InputError(
                "job.isco08", f"expected an ISCO-08 code of 1-4 digits, got {isco_raw!r}"
            )
        isco = isco_raw
    industry_raw = data.get("industry")
    industry = (
        "other" if industry_raw is None else _choice(industry_raw, "job.industry", INDUSTRIES)
    )
    return Job(
        work_country=work_country,
        state=state,
        start_date=start,
        end_date=end,
        ended_early_on=ended_early,
        annual_gross_salary_eur=_decimal(
            _get(data, "annual_gross_salary_eur", prefix, required=True),
            "job.annual_gross_salary_eur",
            maximum=_MAX_SALARY,
        ),
        weekly_hours=_decimal(
            _get(data, "weekly_hours", prefix, required=True),
            "job.weekly_hours",
            minimum=Decimal(1),
            maximum=Decimal(80),
        ),
        isco08=isco,
        regulated_profession=_bool(data.get("regulated_profession"), "job.regulated_profession"),
        employer_bound_by_collective_agreement=_bool(
            data.get("employer_bound_by_collective_agreement"),
            "job.employer_bound_by_collective_agreement",
        ),
        industry=industry,
        intra_corporate_transfer=_ict(data.get("intra_corporate_transfer")),
        research_hosting_agreement=_bool(
            data.get("research_hosting_agreement"), "job.research_hosting_agreement"
        ),
        posting=_posting(data.get("posting")),
        telework_abroad=_telework(data.get("telework_abroad")),
    )


def parse_case(data: Mapping[str, Any], parameters: ParameterSet | None = None) -> Case:
    """Validate §5a input; raises ``InputError`` naming the dotted field on the first problem.

    An ``as_of`` outside the parameters' window is refused first (``OutOfRange``), since no
    other answer would be meaningful for it.
    """
    top = _mapping(data, "")
    _keys(top, _TOP_KEYS, "")
    as_of = _req_date(_get(top, "as_of", "", required=True), "as_of")
    (parameters or load_parameters()).at(as_of)
    person = _person(_get(top, "person", "", required=True), as_of)
    job = _job(_get(top, "job", "", required=True))
    if job.start_date < person.birth_date:
        raise InputError("job.start_date", "must not be before person.birth_date")
    return Case(
        as_of=as_of,
        person=person,
        job=job,
        renewal_lead_weeks=_renewal_lead_weeks(top.get("organisation")),
    )


def assess_json(data: Mapping[str, Any]) -> dict[str, Any]:
    """Parse, assess and serialise in one step (the CLI and API entry point)."""
    return assessment_to_dict(assess(parse_case(data)))
