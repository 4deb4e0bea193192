"""OpenAPI documentation of the rules-engine contracts (see docs/contracts.md).

These models only describe the JSON for the API document and its readers: requests are parsed
and validated by the rules engine itself (one validator, one set of error messages, shared
with the CLI), and responses are the engine's output as is. Output models allow extra keys
because the contract may grow new optional fields. The values a field accepts are the
engine's own enumerations (``engine/vocabulary.py``, generated from the engine's constants).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from expatcare.engine.contracts import ASSESSMENT_EXAMPLE, PENSION_EXAMPLE
from expatcare.engine.vocabulary import (
    CEFRLevel,
    DocumentKind,
    GermanState,
    ICTRole,
    Industry,
    PathwayStatus,
    PensionVehicle,
    QualificationKind,
    RecognitionState,
    ResidenceTitle,
    Severity,
)

Money = str | int | float
Number = int | float | str


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _optional_fields_take_null(schema: dict[str, Any]) -> None:
    """The assessment contract treats an optional field sent as null like one left out."""
    required = set(schema.get("required", ()))
    for name, prop in schema.get("properties", {}).items():
        if name in required or prop.get("type") == "null":
            continue
        if "anyOf" in prop:
            if not any(option.get("type") == "null" for option in prop["anyOf"]):
                prop["anyOf"].append({"type": "null"})
            continue
        kept = {key: prop.pop(key) for key in ("title", "description", "default") if key in prop}
        inner = dict(prop)
        prop.clear()
        prop.update(kept, anyOf=[inner, {"type": "null"}])


class _AssessIn(_In):
    """Input of §5a: optional fields may be null (see ``_optional_fields_take_null``)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_optional_fields_take_null)


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- 5a: assessment ---------------------------------------------------------------------------


class QualificationIn(_AssessIn):
    kind: QualificationKind
    recognition: RecognitionState = "not_assessed"
    completed_year: int | None = None
    state_recognised_abroad: bool = False
    training_years: Number | None = Field(None, description="Decimal, at most 20")
    experience_years_last_5: Number = Field(0, description="Decimal, at most 5")
    experience_years_last_7: Number = Field(0, description="Decimal, at most 7")
    shortage_occupation: bool = False


class DocumentIn(_AssessIn):
    kind: DocumentKind
    valid_until: str = Field(..., description="ISO date the document expires")


class RenewalLeadWeeksIn(_AssessIn):
    residence_permit: int | None = Field(None, ge=0, le=104)
    visa: int | None = Field(None, ge=0, le=104)
    passport: int | None = Field(None, ge=0, le=104)
    insurance_certificate: int | None = Field(None, ge=0, le=104)


class OrganisationIn(_AssessIn):
    renewal_lead_weeks: RenewalLeadWeeksIn | None = Field(
        None,
        description="The organisation's own lead times in weeks; they can only make a renewal "
        "due earlier than the engine's recommendation",
    )


class AssessmentPersonIn(_AssessIn):
    nationalities: list[str] = Field(..., min_length=1, description="ISO 3166-1 alpha-2 codes")
    birth_date: str = Field(..., description="ISO date")
    residence_country: str | None = Field(None, description="Default: the first nationality")
    german_residence_title: ResidenceTitle | None = None
    move_in_date: str | None = None
    permit_valid_until: str | None = Field(
        None, description="ISO date the current German residence title ends"
    )
    qualification: QualificationIn | None = Field(None, description="Default: kind none")
    it_experience_years_last_7: Number = Field(0, description="Decimal, at most 7")
    german_level: CEFRLevel | None = None
    english_level: CEFRLevel | None = None
    stay_in_germany_months_last_5: int = Field(0, ge=0, le=60)
    spouse_eligible_for_opportunity_card: bool = False
    documents: list[DocumentIn] | None = Field(
        None, description="Documents whose renewal the engine plans (at most 20)"
    )


class IntraCorporateTransferIn(_AssessIn):
    months_with_group: int
    planned_months: int
    role: ICTRole


class EarlierPostingIn(_In):
    start_date: str
    end_date: str


class PostingIn(_AssessIn):
    from_country: str
    to_country: str
    start_date: str
    months: int
    earlier_posting: EarlierPostingIn | None = None


class TeleworkAbroadIn(_AssessIn):
    country: str
    share_percent: Number


class JobIn(_AssessIn):
    work_country: str = Field("DE", description="ISO 3166-1 alpha-2 code")
    state: GermanState | None = Field(None, description="German state code, e.g. BY")
    start_date: str
    end_date: str | None = Field(None, description="ISO date a fixed-term contract ends")
    ended_early_on: str | None = Field(None, description="ISO date the job ended early")
    annual_gross_salary_eur: Money = Field(..., description="Decimal string (numbers accepted)")
    weekly_hours: Number = Field(..., description="Decimal, 1 to 80")
    isco08: (
        Annotated[str, Field(pattern=r"^[0-9]{1,4}$")] | Annotated[int, Field(ge=0, le=9999)] | None
    ) = Field(None, description="ISCO-08 code of 1-4 digits, as a string or a number")
    regulated_profession: bool = False
    employer_bound_by_collective_agreement: bool = False
    industry: Industry = "other"
    intra_corporate_transfer: IntraCorporateTransferIn | None = None
    research_hosting_agreement: bool = False
    posting: PostingIn | None = None
    telework_abroad: TeleworkAbroadIn | None = None


def _assessment_input_schema(schema: dict[str, Any]) -> None:
    _optional_fields_take_null(schema)
    schema["example"] = ASSESSMENT_EXAMPLE


class AssessmentInput(_In):
    """A case as of a date: the person and the job."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_assessment_input_schema)

    as_of: str = Field(..., description="ISO date the law is applied as of")
    person: AssessmentPersonIn
    job: JobIn
    organisation: OrganisationIn | None = None


class MessageOut(_Out):
    """A message code and its parameters; a parameter may itself be a message."""

    code: str
    params: dict[str, Any] = {}


class ParameterUseOut(_Out):
    name: str
    value: Any = None
    valid_from: str
    source: str


class RequirementOut(_Out):
    code: str
    met: bool | None = Field(..., description="null: a procedural step every case goes through")
    detail: str | None = None
    legal_basis: str | None = None
    source: str | None = None
    message: MessageOut | None = None


class PathwayOut(_Out):
    code: str
    status: PathwayStatus
    legal_basis: str | None = None
    requirements: list[RequirementOut] = []
    documents: list[str] = []
    sources: list[str] = []


class SocialSecurityOut(_Out):
    applicable_legislation: str
    legal_basis: str | None = None
    certificate: str | None = None
    a1_required: bool
    branches: dict[str, str] = {}
    message: MessageOut | None = None


class AssessmentObligationOut(_Out):
    code: str
    due: str | None = None
    responsible: str | None = None
    legal_basis: str | None = None
    source: str | None = None
    explanation: str | None = None
    message: MessageOut | None = None
    parameters: list[ParameterUseOut] = []


class FindingOut(_Out):
    code: str
    severity: Severity
    legal_basis: str | None = None
    detail: str | None = None
    message: MessageOut | None = None
    parameters: list[ParameterUseOut] = []


class AssessmentOutput(_Out):
    as_of: str
    ruleset_version: str
    pathways: list[PathwayOut]
    recommended: str | None
    social_security: SocialSecurityOut
    obligations: list[AssessmentObligationOut]
    findings: list[FindingOut]


# --- 5b: pension ------------------------------------------------------------------------------


class PensionPersonIn(_In):
    birth_date: str
    nationalities: list[str] = Field(..., min_length=1)
    annual_gross_salary_eur: Money


class PensionPlanIn(_In):
    vehicle: PensionVehicle
    commitment_start: str
    employer_contribution_monthly_eur: Money = "0"
    deferred_compensation_monthly_eur: Money = "0"
    assumed_annual_return: Money = Field("0", description="Decimal fraction, -0.05 to 0.15")
    retirement_age: int = Field(67, ge=60, le=75)


class LeavingIn(_In):
    date: str
    to_country: str


class PensionInput(_In):
    """A company-pension commitment and, optionally, the employee leaving."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"example": PENSION_EXAMPLE})

    as_of: str
    person: PensionPersonIn
    plan: PensionPlanIn
    leaving: LeavingIn | None = None


class LimitsOut(_Out):
    tax_free_annual_eur: str
    social_security_free_annual_eur: str
    legal_basis: str


class VestingStatusOut(_Out):
    vested: bool
    vested_on: str | None = None
    legal_basis: str


class VestingOut(_Out):
    employer_funded: VestingStatusOut
    deferred_compensation: VestingStatusOut


class ProjectionOut(_Out):
    capital_at_retirement_eur: str
    assumptions: dict[str, Any] = {}


class OnLeavingOut(_Out):
    code: str
    legal_basis: str | None = None
    explanation: str | None = None


class PensionOutput(_Out):
    year: int
    limits: LimitsOut
    employer_subsidy_monthly_eur: str
    vesting: VestingOut
    projection: ProjectionOut
    on_leaving: list[OnLeavingOut]
