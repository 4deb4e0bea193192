"""Request and response schemas of the people and account endpoints.

Responses come in two shapes: the full one for employer staff and for employees reading their
own record, and the declared one for provider users (``DeclaredPersonOut``), which carries only
the fields the provider's assignments declare, by code of the fixed list, and nothing else.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from expatcare.apikit.schemas import IsoDate, NotNull
from expatcare.core.bounds import DB_INT_MAX


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str


class MeOut(Schema):
    email: str
    full_name: str
    language: str
    time_zone: str
    organization: OrganizationOut
    role: str
    person_id: int | None = Field(None, description="The caller's own person record, if any.")
    calendar_url: str | None = Field(
        None, description="The caller's secret calendar (ICS) link while one is active."
    )


class LanguageSkill(Schema):
    language: str = Field(..., description="ISO 639-1 code", examples=["de"])
    level: str = Field(..., description="CEFR level A1..C2 or native", examples=["B1"])


class DeclaredPersonOut(Schema):
    """What a provider user is given of an assigned person: the declared fields only."""

    id: int
    services: list[str] = Field(..., description="The services it is assigned for.")
    declared_fields: list[str] = Field(
        ..., description="Codes of the fixed field list its assignments declare."
    )
    fields: dict[str, Any] = Field(
        ...,
        description=(
            "The declared fields' values by code (dates ISO, countries ISO 3166 codes, "
            "work_location as country and state, family_members as a list); a field that is "
            "not declared is absent."
        ),
    )


class PersonSummary(Schema):
    """The columns of a person every staff list shows."""

    id: int
    first_name: str
    last_name: str
    full_name: str
    kind: str
    status: str
    nationalities: list[str] = Field(..., examples=[["IN"]])
    job_title: str
    work_country: str
    work_state: str


class PersonListItem(PersonSummary):
    """Employer staff (and the person themself) see contact and employment dates too."""

    email: str
    birth_date: IsoDate | None
    start_date: IsoDate | None
    end_date: IsoDate | None


class PersonPage(Schema):
    count: int = Field(
        ..., description="Number of matches; a lower bound when count_is_exact is false."
    )
    count_is_exact: bool = Field(
        True,
        description=(
            "False when there are more than 10,000 matches (and more than a few pages past the"
            " one asked for): counting stops there, the pages and next links still work."
        ),
    )
    next: str | None
    previous: str | None
    results: list[PersonListItem | DeclaredPersonOut]


class FamilyMemberSummary(Schema):
    id: int
    relation: str
    first_name: str
    last_name: str


class FamilyMemberOut(FamilyMemberSummary):
    birth_date: IsoDate | None
    nationality: str
    joins_in_germany: bool


class QualificationOut(Schema):
    id: int
    kind: str
    title: str
    country: str
    completed_year: int | None
    recognition: str
    state_recognised_abroad: bool
    training_years: int | None


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    current_version: int | None
    valid_until: dt.date | None


class PersonDetailSummary(PersonSummary):
    """A manager's view of a report when HR has not granted more: no contact, salary or IDs."""

    languages: list[LanguageSkill]
    family_members: list[FamilyMemberSummary]


class PersonDetail(PersonListItem):
    languages: list[LanguageSkill]
    phone: str
    preferred_language: str
    time_zone: str
    residence_country: str
    address: str
    move_in_date: IsoDate | None
    annual_salary_eur: Decimal | None = Field(..., description="Decimal string, EUR per year.")
    weekly_hours: Decimal | None
    telework_share_percent: int | None = Field(
        ..., description="Per cent of the working time worked from home in the residence country."
    )
    manager_id: int | None = Field(
        None, description="Membership id of the manager the person reports to, or null."
    )
    family_members: list[FamilyMemberOut]
    qualifications: list[QualificationOut]
    documents: list[DocumentOut]


class PersonPatch(Schema):
    """Every field is optional; only the fields sent are changed (JSON merge semantics).

    Unknown fields are refused rather than ignored, so a misspelt field name is reported
    instead of silently changing nothing.
    """

    model_config = ConfigDict(extra="forbid")

    # Fields the record cannot be without take no null (``NotNull``: absent or a value).
    kind: str | NotNull = Field(None, examples=["employee"])
    status: str | NotNull = Field(None, examples=["active"])
    first_name: str | NotNull = None
    last_name: str | NotNull = None
    email: str | None = None
    phone: str | None = None
    birth_date: IsoDate | None = None
    preferred_language: str | None = Field(None, examples=["en"])
    time_zone: str | None = Field(None, examples=["Asia/Kolkata"])
    residence_country: str | None = Field(None, examples=["IN"])
    address: str | None = None
    job_title: str | None = None
    work_country: str | None = Field(None, examples=["DE"])
    work_state: str | None = Field(None, examples=["BY"])
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    move_in_date: IsoDate | None = None
    annual_salary_eur: Decimal | None = Field(None, examples=["52000.00"])
    weekly_hours: Decimal | None = Field(None, examples=["40"])
    telework_share_percent: int | None = Field(None, examples=[40])
    # At least one: the service refuses an empty list (422 on ``nationalities``).
    nationalities: list[str] | NotNull = Field(
        None,
        json_schema_extra={"minItems": 1},
        description="ISO 3166-1 alpha-2 codes; replaces the list.",
        examples=[["IN"]],
    )
    languages: list[LanguageSkill] | None = Field(None, description="Replaces the list.")
    manager_id: int | None = Field(
        None,
        ge=1,
        le=DB_INT_MAX,
        description=(
            "Membership id of a manager of the same organisation (the person's reporting line;"
            " the manager then sees this person). null removes the manager."
        ),
        examples=[12],
    )
