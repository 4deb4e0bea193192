"""JSON in, JSON out for the assessment contract (docs/contracts.md, assess).

Validation is strict and explicit: unknown keys are rejected (a typo must not silently drop a
fact), every error is an ``InputError`` whose ``field`` is the dotted JSON path, so the CLI (exit
code 2) and the API (HTTP 422) can tell the user exactly what to fix. Money leaves the engine as
decimal strings, never floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from expatcare.rules.assessment import assess
from expatcare.rules.countries import GERMAN_STATES
from expatcare.rules.engine import ParameterSet, load_parameters
from expatcare.rules.errors import InputError
from expatcare.rules.fields import (
    boolean,
    check_keys,
    choice,
    country,
    decimal,
    integer,
    iso_date,
    mapping,
    member,
    required_date,
)
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


def _cefr(raw: object, field: str) -> str | None:
    if raw is None:
        return None
    return choice(raw, field, CEFR_LEVELS)


# --------------------------------------------------------------------------- parsing


def _qualification(raw: object, as_of: date) -> Qualification:
    prefix = "person.qualification."
    data = mapping(raw, "person.qualification")
    check_keys(data, prefix, _QUALIFICATION_KEYS)
    kind = choice(member(data, "kind", prefix, required=True), prefix + "kind", QUALIFICATION_KINDS)
    recognition_raw = data.get("recognition")
    recognition = (
        "not_assessed"
        if recognition_raw is None
        else choice(recognition_raw, prefix + "recognition", RECOGNITION_STATES)
    )
    completed_raw = data.get("completed_year")
    completed = (
        None
        if completed_raw is None
        else integer(
            completed_raw, prefix + "completed_year", minimum=1900, maximum=as_of.year + 10
        )
    )
    training_raw = data.get("training_years")
    training = (
        None
        if training_raw is None
        else decimal(training_raw, prefix + "training_years", maximum=Decimal(20))
    )
    last_5 = decimal(
        data.get("experience_years_last_5"),
        prefix + "experience_years_last_5",
        maximum=Decimal(5),
        default=Decimal(0),
    )
    last_7 = decimal(
        data.get("experience_years_last_7"),
        prefix + "experience_years_last_7",
        maximum=Decimal(7),
        default=Decimal(0),
    )
    return Qualification(
        kind=kind,
        recognition=recognition,
        completed_year=completed,
        state_recognised_abroad=boolean(
            data.get("state_recognised_abroad"), prefix + "state_recognised_abroad"
        ),
        training_years=training,
        experience_years_last_5=last_5,
        experience_years_last_7=max(last_7, last_5),
        shortage_occupation=boolean(
            data.get("shortage_occupation"), prefix + "shortage_occupation"
        ),
    )


def _person(raw: object, as_of: date) -> Person:
    prefix = "person."
    data = mapping(raw, "person")
    check_keys(data, prefix, _PERSON_KEYS)
    nationalities_raw = member(data, "nationalities", prefix, required=True)
    if not isinstance(nationalities_raw, list) or not nationalities_raw:
        raise InputError("person.nationalities", "expected a non-empty list of country codes")
    nationalities = tuple(
        dict.fromkeys(
            country(code, f"person.nationalities[{i}]") for i, code in enumerate(nationalities_raw)
        )
    )
    birth = required_date(member(data, "birth_date", prefix, required=True), "person.birth_date")
    if birth > as_of:
        raise InputError("person.birth_date", "must not be after as_of")
    if birth.year < as_of.year - 120:
        raise InputError("person.birth_date", "implausible birth date (more than 120 years)")
    residence_raw = data.get("residence_country")
    residence = (
        nationalities[0]
        if residence_raw is None
        else country(residence_raw, "person.residence_country")
    )
    title_raw = data.get("german_residence_title")
    title = (
        None
        if title_raw is None
        else choice(title_raw, "person.german_residence_title", RESIDENCE_TITLES)
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
        move_in_date=iso_date(data.get("move_in_date"), "person.move_in_date"),
        permit_valid_until=iso_date(data.get("permit_valid_until"), "person.permit_valid_until"),
        qualification=qualification,
        it_experience_years_last_7=decimal(
            data.get("it_experience_years_last_7"),
            "person.it_experience_years_last_7",
            maximum=Decimal(7),
            default=Decimal(0),
        ),
        german_level=_cefr(data.get("german_level"), "person.german_level"),
        english_level=_cefr(data.get("english_level"), "person.english_level"),
        stay_in_germany_months_last_5=integer(
            data.get("stay_in_germany_months_last_5"),
            "person.stay_in_germany_months_last_5",
            maximum=60,
            default=0,
        ),
        spouse_eligible_for_opportunity_card=boolean(
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
        data = mapping(item, prefix[:-1])
        check_keys(data, prefix, _DOCUMENT_KEYS)
        documents.append(
            Document(
                kind=choice(
                    member(data, "kind", prefix, required=True), prefix + "kind", DOCUMENT_KINDS
                ),
                valid_until=required_date(
                    member(data, "valid_until", prefix, required=True), prefix + "valid_until"
                ),
            )
        )
    return tuple(documents)


def _renewal_lead_weeks(raw: object) -> tuple[tuple[str, int], ...]:
    """``organisation.renewal_lead_weeks``: the organisation's own lead time per document kind."""
    if raw is None:
        return ()
    data = mapping(raw, "organisation")
    check_keys(data, "organisation.", _ORGANISATION_KEYS)
    leads_raw = data.get("renewal_lead_weeks")
    if leads_raw is None:
        return ()
    leads = mapping(leads_raw, "organisation.renewal_lead_weeks")
    check_keys(leads, "organisation.renewal_lead_weeks.", frozenset(DOCUMENT_KINDS))
    return tuple(
        (kind, integer(value, f"organisation.renewal_lead_weeks.{kind}", maximum=_MAX_LEAD_WEEKS))
        for kind, value in leads.items()
        if value is not None
    )


def _ict(raw: object) -> IntraCorporateTransfer | None:
    if raw is None:
        return None
    prefix = "job.intra_corporate_transfer."
    data = mapping(raw, "job.intra_corporate_transfer")
    check_keys(data, prefix, _ICT_KEYS)
    return IntraCorporateTransfer(
        months_with_group=integer(
            member(data, "months_with_group", prefix, required=True),
            prefix + "months_with_group",
            maximum=600,
        ),
        planned_months=integer(
            member(data, "planned_months", prefix, required=True),
            prefix + "planned_months",
            minimum=1,
            maximum=600,
        ),
        role=choice(member(data, "role", prefix, required=True), prefix + "role", ICT_ROLES),
    )


def _posting(raw: object) -> Posting | None:
    if raw is None:
        return None
    prefix = "job.posting."
    data = mapping(raw, "job.posting")
    check_keys(data, prefix, _POSTING_KEYS)
    origin = country(member(data, "from_country", prefix, required=True), prefix + "from_country")
    host = country(member(data, "to_country", prefix, required=True), prefix + "to_country")
    if origin == host:
        raise InputError(prefix + "to_country", "must differ from from_country")
    start = required_date(member(data, "start_date", prefix, required=True), prefix + "start_date")
    earlier_start, earlier_end = _earlier_posting(
        member(data, "earlier_posting", prefix, required=False), start
    )
    return Posting(
        from_country=origin,
        to_country=host,
        start_date=start,
        months=integer(
            member(data, "months", prefix, required=True), prefix + "months", minimum=1, maximum=600
        ),
        earlier_start_date=earlier_start,
        earlier_end_date=earlier_end,
    )


def _earlier_posting(raw: object, start: date) -> tuple[date | None, date | None]:
    """Start and end of an earlier posting to the same state, both before ``start``."""
    if raw is None:
        return None, None
    prefix = "job.posting.earlier_posting."
    data = mapping(raw, "job.posting.earlier_posting")
    check_keys(data, prefix, _EARLIER_POSTING_KEYS)
    first = required_date(member(data, "start_date", prefix, required=True), prefix + "start_date")
    last = required_date(member(data, "end_date", prefix, required=True), prefix + "end_date")
    if last < first:
        raise InputError(prefix + "end_date", "must not be before its start_date")
    if last >= start:
        raise InputError(prefix + "end_date", "must be before the posting's start_date")
    return first, last


def _telework(raw: object) -> TeleworkAbroad | None:
    if raw is None:
        return None
    prefix = "job.telework_abroad."
    data = mapping(raw, "job.telework_abroad")
    check_keys(data, prefix, _TELEWORK_KEYS)
    return TeleworkAbroad(
        country=country(member(data, "country", prefix, required=True), prefix + "country"),
        share_percent=decimal(
            member(data, "share_percent", prefix, required=True),
            prefix + "share_percent",
            maximum=Decimal(100),
        ),
    )


def _job(raw: object) -> Job:
    prefix = "job."
    data = mapping(raw, "job")
    check_keys(data, prefix, _JOB_KEYS)
    work_raw = data.get("work_country")
    work_country = "DE" if work_raw is None else country(work_raw, "job.work_country")
    state_raw = data.get("state")
    state: str | None = None
    if state_raw is not None:
        state = choice(state_raw, "job.state", GERMAN_STATES)
    start = required_date(member(data, "start_date", prefix, required=True), "job.start_date")
    end = iso_date(data.get("end_date"), "job.end_date")
    if end is not None and end < start:
        raise InputError("job.end_date", "must not be before job.start_date")
    ended_early = iso_date(data.get("ended_early_on"), "job.ended_early_on")
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
    industry = "other" if industry_raw is None else choice(industry_raw, "job.industry", INDUSTRIES)
    return Job(
        work_country=work_country,
        state=state,
        start_date=start,
        end_date=end,
        ended_early_on=ended_early,
        annual_gross_salary_eur=decimal(
            member(data, "annual_gross_salary_eur", prefix, required=True),
            "job.annual_gross_salary_eur",
            maximum=_MAX_SALARY,
        ),
        weekly_hours=decimal(
            member(data, "weekly_hours", prefix, required=True),
            "job.weekly_hours",
            minimum=Decimal(1),
            maximum=Decimal(80),
        ),
        isco08=isco,
        regulated_profession=boolean(data.get("regulated_profession"), "job.regulated_profession"),
        employer_bound_by_collective_agreement=boolean(
            data.get("employer_bound_by_collective_agreement"),
            "job.employer_bound_by_collective_agreement",
        ),
        industry=industry,
        intra_corporate_transfer=_ict(data.get("intra_corporate_transfer")),
        research_hosting_agreement=boolean(
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
    top = mapping(data, "")
    check_keys(top, "", _TOP_KEYS)
    as_of = required_date(member(top, "as_of", "", required=True), "as_of")
    (parameters or load_parameters()).at(as_of)
    person = _person(member(top, "person", "", required=True), as_of)
    job = _job(member(top, "job", "", required=True))
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
