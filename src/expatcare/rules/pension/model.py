"""Typed input and result of the company-pension (bAV) calculator (docs/contracts.md, pension).

The JSON contract is parsed into these frozen dataclasses once, so the calculation works on
checked, typed values (Decimal money, dates, enums) and can never see a raw string. Results are
frozen too: the same case always yields an equal result object, which makes the calculation easy
to cache, compare and replay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from expatcare.rules.messages import Message, Text
from expatcare.rules.model import TraceEntry

__all__ = [
    "EXTERNAL_VEHICLES",
    "Contributions",
    "EmployerSubsidy",
    "LeavingItem",
    "LeavingPlan",
    "Limits",
    "Note",
    "PensionCase",
    "PensionPerson",
    "PensionPlan",
    "PensionResult",
    "Projection",
    "Vehicle",
    "Vesting",
    "VestingStatus",
]


class Vehicle(StrEnum):
    """The five ways (Durchführungswege) a German company pension can be run."""

    DIREKTVERSICHERUNG = "direktversicherung"
    PENSIONSKASSE = "pensionskasse"
    PENSIONSFONDS = "pensionsfonds"
    UNTERSTUETZUNGSKASSE = "unterstuetzungskasse"
    DIREKTZUSAGE = "direktzusage"


#: Vehicles run by an external insurer-like body. Only these get the 15 % subsidy
#: (§ 1a Abs. 1a BetrAVG), the tax exemption of § 3 Nr. 63 EStG and the transfer right of
#: § 4 Abs. 3 BetrAVG.
EXTERNAL_VEHICLES = frozenset(
    {Vehicle.DIREKTVERSICHERUNG, Vehicle.PENSIONSKASSE, Vehicle.PENSIONSFONDS}
)


# --------------------------------------------------------------------------- input


@dataclass(frozen=True, slots=True)
class PensionPerson:
    birth_date: date
    nationalities: tuple[str, ...]
    annual_gross_salary_eur: Decimal


@dataclass(frozen=True, slots=True)
class PensionPlan:
    vehicle: Vehicle
    commitment_start: date
    employer_contribution_monthly_eur: Decimal
    deferred_compensation_monthly_eur: Decimal
    assumed_annual_return: Decimal
    retirement_age: int


@dataclass(frozen=True, slots=True)
class LeavingPlan:
    """The planned end of employment (``date`` is the last day employed)."""

    date: date
    to_country: str


@dataclass(frozen=True, slots=True)
class PensionCase:
    as_of: date
    person: PensionPerson
    plan: PensionPlan
    leaving: LeavingPlan | None = None


# --------------------------------------------------------------------------- result


class Explained:
    """A result part that explains itself: its ``text`` holds the message and the English and
    German sentences the JSON contract carries, read under the contract's names here."""

    __slots__ = ()
    text: Text

    @property
    def explanation(self) -> str:
        return self.text.en

    @property
    def explanation_de(self) -> str:
        return self.text.de

    @property
    def message(self) -> Message:
        return self.text.message


@dataclass(frozen=True, slots=True)
class Limits:
    year: int
    bbg_pension_annual_eur: Decimal
    tax_free_annual_eur: Decimal
    social_security_free_annual_eur: Decimal
    deferred_compensation_entitlement_annual_eur: Decimal
    legal_basis: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EmployerSubsidy(Explained):
    """The statutory subsidy and how it was capped (§ 1a Abs. 1a BetrAVG)."""

    monthly_eur: Decimal
    rate: Decimal
    cap_monthly_eur: Decimal
    employer_saving_monthly_eur: Decimal
    status: str
    #: The explanation: its message and the English and German sentences.
    text: Text
    legal_basis: str
    source: str


@dataclass(frozen=True, slots=True)
class Contributions:
    employer_monthly_eur: Decimal
    deferred_compensation_monthly_eur: Decimal
    employer_subsidy_monthly_eur: Decimal
    total_monthly_eur: Decimal
    total_annual_eur: Decimal
    tax_free_excess_annual_eur: Decimal
    social_security_free_excess_annual_eur: Decimal


@dataclass(frozen=True, slots=True)
class VestingStatus(Explained):
    vested: bool
    vested_on: date | None
    evaluated_on: date
    legal_basis: str
    source: str
    text: Text


@dataclass(frozen=True, slots=True)
class Vesting:
    employer_funded: VestingStatus
    deferred_compensation: VestingStatus


@dataclass(frozen=True, slots=True)
class Projection:
    capital_at_retirement_eur: Decimal
    from_deferred_compensation_eur: Decimal
    from_employer_contributions_eur: Decimal
    forfeited_employer_funded_eur: Decimal
    capital_at_leaving_eur: Decimal | None
    contributions_paid_eur: Decimal
    assumptions: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class LeavingItem(Explained):
    """One consequence of leaving; ``details`` holds code-specific facts as JSON-ready values."""

    code: str
    legal_basis: str
    source: str
    text: Text
    details: tuple[tuple[str, str | bool | int | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Note(Explained):
    """A hint that does not change a figure (limit exceeded, unverified parameter used)."""

    code: str
    severity: str
    legal_basis: str
    source: str
    text: Text


@dataclass(frozen=True, slots=True)
class PensionResult:
    as_of: date
    ruleset_version: str
    limits: Limits
    employer_subsidy: EmployerSubsidy
    contributions: Contributions
    vesting: Vesting
    projection: Projection
    on_leaving: tuple[LeavingItem, ...]
    notes: tuple[Note, ...]
    trace: tuple[TraceEntry, ...] = field(default=())
    leaving: LeavingPlan | None = None
    #: ``DE``, ``COORDINATION`` (EU/EEA/CH), ``AGREEMENT`` or ``NONE``; None without leaving.
    destination: str | None = None

    @property
    def year(self) -> int:
        return self.limits.year
