"""Typed facts in and typed results out of the rules engine (docs/contracts.md, assess).

Everything is a frozen dataclass so an assessment is a value: it can be cached, compared in tests
and stored with its trace without anyone mutating it afterwards. Codes are plain strings (not
enums) because they are part of a JSON contract that may only grow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal, cast

from expatcare.rules.builders import builder
from expatcare.rules.citations import Citation
from expatcare.rules.messages import Message, Text

__all__ = [
    "CEFR_LEVELS",
    "DOCUMENT_KINDS",
    "INDUSTRIES",
    "PATHWAY_CODES",
    "PERMANENT_TITLES",
    "QUALIFICATION_KINDS",
    "RECOGNITION_STATES",
    "RESIDENCE_TITLES",
    "Assessment",
    "Case",
    "Document",
    "Finding",
    "IntraCorporateTransfer",
    "Job",
    "Message",
    "Obligation",
    "PathwayResult",
    "Person",
    "Posting",
    "Qualification",
    "Requirement",
    "SocialSecurity",
    "TeleworkAbroad",
    "TraceEntry",
]

CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
QUALIFICATION_KINDS: frozenset[str] = frozenset({"academic", "vocational", "none"})
RECOGNITION_STATES: frozenset[str] = frozenset(
    {"full", "partial", "comparable", "none", "not_assessed"}
)
RESIDENCE_TITLES: frozenset[str] = frozenset(
    {
        "settlement_permit",
        "permanent_eu",
        "family_reunification",
        "student",
        "blue_card",
        "skilled_worker",
        "opportunity_card",
        "asylum_related",
        "other",
    }
)
INDUSTRIES: frozenset[str] = frozenset(
    {
        "manufacturing",
        "construction",
        "hospitality",
        "passenger_transport",
        "freight_transport_logistics",
        "showmen",
        "forestry",
        "building_cleaning",
        "trade_fair_construction",
        "meat_industry",
        "butchers_trade",
        "security_services",
        "hairdressing_cosmetics",
        "prostitution",
        "it",
        "health_care",
        "other",
    }
)
ICT_ROLES: frozenset[str] = frozenset({"manager", "specialist", "trainee"})
#: Documents whose expiry the engine plans renewals for: identity and residence documents, and
#: the certificate of the health insurance cover a residence title requires.
DOCUMENT_KINDS: tuple[str, ...] = ("residence_permit", "visa", "passport", "insurance_certificate")
#: Titles that do not expire (their card may, but the right of residence does not).
PERMANENT_TITLES: frozenset[str] = frozenset({"settlement_permit", "permanent_eu"})

#: Every assessment lists every one of these, in this order; it is also the order of preference
#: for the recommendation (``residence.catalogue.PREFERENCE_ORDER``: all but REMOTE_ABROAD).
PATHWAY_CODES: tuple[str, ...] = (
    "EU_FREE_MOVEMENT",
    "EXISTING_TITLE",
    "DE_BLUE_CARD",
    "DE_SKILLED_ACADEMIC",
    "DE_SKILLED_VOCATIONAL",
    "DE_ICT_CARD",
    "DE_RESEARCHER",
    "DE_EXPERIENCE_BASED",
    "DE_WESTERN_BALKANS",
    "DE_RECOGNITION_PARTNERSHIP",
    "DE_RECOGNITION_MEASURES",
    "DE_OPPORTUNITY_CARD",
    "REMOTE_ABROAD",
)

Status = Literal["eligible", "conditional", "not_eligible"]
Severity = Literal["error", "warning", "info"]


# --------------------------------------------------------------------------- input


@dataclass(frozen=True, slots=True)
class Qualification:
    kind: str
    recognition: str
    completed_year: int | None
    state_recognised_abroad: bool
    training_years: Decimal | None
    experience_years_last_5: Decimal
    experience_years_last_7: Decimal
    shortage_occupation: bool


@dataclass(frozen=True, slots=True)
class Document:
    """A document the person holds, with its expiry (``person.documents``)."""

    kind: str
    valid_until: date


@dataclass(frozen=True, slots=True)
class Person:
    nationalities: tuple[str, ...]
    birth_date: date
    residence_country: str
    german_residence_title: str | None
    move_in_date: date | None
    permit_valid_until: date | None
    qualification: Qualification
    it_experience_years_last_7: Decimal
    german_level: str | None
    english_level: str | None
    stay_in_germany_months_last_5: int
    spouse_eligible_for_opportunity_card: bool
    documents: tuple[Document, ...] = ()


@dataclass(frozen=True, slots=True)
class IntraCorporateTransfer:
    months_with_group: int
    planned_months: int
    role: str


@dataclass(frozen=True, slots=True)
class Posting:
    """A posting; ``months`` is its expected length as planned at the start.

    ``earlier_start_date``/``earlier_end_date`` describe an earlier posting by the same employer
    to the same state (its first start if there were several), for agreements that limit
    repeated postings (Germany-US: ``de.social_security.repeat_posting_rules``).
    """

    from_country: str
    to_country: str
    start_date: date
    months: int
    earlier_start_date: date | None = None
    earlier_end_date: date | None = None


@dataclass(frozen=True, slots=True)
class TeleworkAbroad:
    country: str
    share_percent: Decimal


@dataclass(frozen=True, slots=True)
class Job:
    work_country: str
    state: str | None
    start_date: date
    end_date: date | None
    ended_early_on: date | None
    annual_gross_salary_eur: Decimal
    weekly_hours: Decimal
    isco08: str | None
    regulated_profession: bool
    employer_bound_by_collective_agreement: bool
    industry: str
    intra_corporate_transfer: IntraCorporateTransfer | None
    research_hosting_agreement: bool
    posting: Posting | None
    telework_abroad: TeleworkAbroad | None


@dataclass(frozen=True, slots=True)
class Case:
    as_of: date
    person: Person
    job: Job
    #: The organisation's own renewal lead times in weeks, per document kind (they can only
    #: make a renewal due earlier than the engine's recommendation).
    renewal_lead_weeks: tuple[tuple[str, int], ...] = ()


# --------------------------------------------------------------------------- output


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """A parameter a result relied on, so it can be explained and replayed.

    The one trace entry of the engine: assessments and pension calculations build it with
    ``context.trace_entry`` from the parameter itself (value as loaded, its provision, source
    and whether it was verified).
    """

    parameter: str
    value: Any
    valid_from: date
    source: str
    verified: bool
    legal_basis: str
    #: Message code of the open question of an unverified value (not part of the JSON trace).
    open_question_message: str | None = None


@dataclass(frozen=True, slots=True)
class Requirement:
    """One condition of a pathway; ``met is None`` marks a procedural step (a case milestone)."""

    code: str
    met: bool | None
    detail: str
    legal_basis: str
    source: str
    detail_de: str
    message: Message


@dataclass(frozen=True, slots=True)
class PathwayResult:
    code: str
    status: Status
    legal_basis: str
    source: str
    requirements: tuple[Requirement, ...]
    documents: tuple[str, ...]
    sources: tuple[str, ...]
    variant: str | None = None


@dataclass(frozen=True, slots=True)
class SocialSecurity:
    applicable_legislation: str
    legal_basis: str
    source: str
    certificate: str | None
    a1_required: bool
    branches: tuple[tuple[str, str], ...]
    explanation: str
    explanation_de: str
    message: Message
    max_posting_months: int | None = None


@dataclass(frozen=True, slots=True)
class Obligation:
    code: str
    due: date | None
    responsible: str
    legal_basis: str
    source: str
    explanation: str
    explanation_de: str
    message: Message
    moved_from: date | None = None
    #: The parameters the due date and the text were computed from.
    parameters: tuple[TraceEntry, ...] = ()
    #: The document a renewal duty is planned for (``None`` for every other duty), so that a
    #: caller storing duties can tell two renewals of the same code apart.
    document: Document | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    legal_basis: str
    source: str
    detail: str
    detail_de: str
    message: Message
    #: The parameters the finding was computed from.
    parameters: tuple[TraceEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    as_of: date
    ruleset_version: str
    pathways: tuple[PathwayResult, ...]
    recommended: str | None
    recommended_order: tuple[str, ...]
    social_security: SocialSecurity
    obligations: tuple[Obligation, ...]
    findings: tuple[Finding, ...]
    trace: tuple[TraceEntry, ...]


# --------------------------------------------------------------------------- fast construction

# Typed as the classes themselves so call sites are checked against the real signatures.
new_requirement = cast("type[Requirement]", builder(Requirement))
new_pathway = cast("type[PathwayResult]", builder(PathwayResult))
new_obligation = cast("type[Obligation]", builder(Obligation))
new_finding = cast("type[Finding]", builder(Finding))
new_assessment = cast("type[Assessment]", builder(Assessment))


#: Requirements by (code, met, identity of text and citation). The pathways of a population
#: state the same few hundred requirements again and again; sharing one object per distinct
#: requirement saves building it and, above all, keeps the memoised results from holding tens of
#: thousands of equal objects that every full garbage collection would have to walk. The entry
#: keeps the text and the citation alive, so their ids cannot be reused while it exists.
_REQUIREMENTS: dict[tuple[object, ...], tuple[Requirement, Text, Citation]] = {}
_REQUIREMENTS_LIMIT = 20_000


def requirement(code: str, met: bool | None, detail: Text, citation: Citation) -> Requirement:
    """A requirement whose detail comes from the message table and basis from the citations.

    Texts (``messages.text``) and citations (``citations.cite``) are shared objects, so equal
    requirements are found by identity without hashing their contents.
    """
    key = (code, met, id(detail), id(citation))
    entry = _REQUIREMENTS.get(key)
    if entry is not None:
        return entry[0]
    built = new_requirement(
        code, met, detail.en, citation.legal_basis, citation.source, detail.de, detail.message
    )
    if len(_REQUIREMENTS) >= _REQUIREMENTS_LIMIT:
        _REQUIREMENTS.clear()
    _REQUIREMENTS[key] = (built, detail, citation)
    return built


def finding(
    code: str,
    severity: Severity,
    detail: Text,
    citation: Citation,
    parameters: tuple[TraceEntry, ...] = (),
) -> Finding:
    """A finding whose detail comes from the message table and basis from the citations."""
    return new_finding(
        code,
        severity,
        citation.legal_basis,
        citation.source,
        detail.en,
        detail.de,
        detail.message,
        parameters,
    )
