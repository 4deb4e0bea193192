"""The company-pension answer (§5b) as typed, frozen objects for the pages above the door.

Like ``engine.results`` for the assessment: built from the contract's JSON, money as
``Decimal``, dates as ``datetime.date``, every explanation with its message (``{code,
params}``) so a page renders it in the reader's language; ``PensionResult.json`` keeps the
contract's JSON for whoever serialises it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from expatcare.engine.results import (
    Message,
    TraceEntry,
    date_or_none,
    message_or_none,
    trace_entries,
)

__all__ = [
    "Contributions",
    "Explained",
    "LeavingItem",
    "PensionLimits",
    "PensionResult",
    "Projection",
    "Subsidy",
    "VestingStatus",
]


def _money(raw: object) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def _amount(raw: object) -> Decimal:
    return Decimal(str(raw)) if raw is not None else Decimal(0)


def _text(raw: object) -> str:
    return "" if raw is None else str(raw)


@dataclass(frozen=True, slots=True)
class Explained:
    """What every pension statement carries: the law, its source and the sentence."""

    legal_basis: str
    source: str
    explanation: str
    explanation_de: str
    message: Message | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Explained:
        return cls(
            legal_basis=_text(data.get("legal_basis")),
            source=_text(data.get("source")),
            explanation=_text(data.get("explanation")),
            explanation_de=_text(data.get("explanation_de")),
            message=message_or_none(data.get("message")),
        )


@dataclass(frozen=True, slots=True)
class PensionLimits:
    tax_free_annual_eur: Decimal
    social_security_free_annual_eur: Decimal
    tax_free_monthly_eur: Decimal
    social_security_free_monthly_eur: Decimal
    deferred_compensation_entitlement_annual_eur: Decimal
    bbg_pension_annual_eur: Decimal
    legal_basis: str
    sources: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PensionLimits:
        return cls(
            tax_free_annual_eur=_amount(data.get("tax_free_annual_eur")),
            social_security_free_annual_eur=_amount(data.get("social_security_free_annual_eur")),
            tax_free_monthly_eur=_amount(data.get("tax_free_monthly_eur")),
            social_security_free_monthly_eur=_amount(data.get("social_security_free_monthly_eur")),
            deferred_compensation_entitlement_annual_eur=_amount(
                data.get("deferred_compensation_entitlement_annual_eur")
            ),
            bbg_pension_annual_eur=_amount(data.get("bbg_pension_annual_eur")),
            legal_basis=_text(data.get("legal_basis")),
            sources=tuple(str(s) for s in data.get("sources") or []),
        )


@dataclass(frozen=True, slots=True)
class Subsidy:
    """The employer's statutory subsidy to deferred compensation (§ 1a Abs. 1a BetrAVG)."""

    monthly_eur: Decimal
    status: str
    rate: Decimal
    cap_monthly_eur: Decimal
    employer_saving_monthly_eur: Decimal
    explained: Explained

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Subsidy:
        return cls(
            monthly_eur=_amount(data.get("monthly_eur")),
            status=_text(data.get("status")),
            rate=_amount(data.get("rate")),
            cap_monthly_eur=_amount(data.get("cap_monthly_eur")),
            employer_saving_monthly_eur=_amount(data.get("employer_saving_monthly_eur")),
            explained=Explained.from_json(data),
        )


@dataclass(frozen=True, slots=True)
class Contributions:
    employer_monthly_eur: Decimal
    deferred_compensation_monthly_eur: Decimal
    employer_subsidy_monthly_eur: Decimal
    total_monthly_eur: Decimal
    total_annual_eur: Decimal
    tax_free_excess_annual_eur: Decimal
    social_security_free_excess_annual_eur: Decimal

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Contributions:
        return cls(**{name: _amount(data.get(name)) for name in cls.__dataclass_fields__})


@dataclass(frozen=True, slots=True)
class VestingStatus:
    kind: str  # employer_funded or deferred_compensation
    vested: bool
    vested_on: dt.date | None
    evaluated_on: dt.date | None
    explained: Explained

    @classmethod
    def from_json(cls, kind: str, data: Mapping[str, Any]) -> VestingStatus:
        return cls(
            kind=kind,
            vested=bool(data.get("vested")),
            vested_on=date_or_none(data.get("vested_on")),
            evaluated_on=date_or_none(data.get("evaluated_on")),
            explained=Explained.from_json(data),
        )


@dataclass(frozen=True, slots=True)
class Projection:
    capital_at_retirement_eur: Decimal
    from_deferred_compensation_eur: Decimal
    from_employer_contributions_eur: Decimal
    forfeited_employer_funded_eur: Decimal
    capital_at_leaving_eur: Decimal | None
    contributions_paid_eur: Decimal
    #: Assumption name (``annual_return``, ``retirement_date``...) -> its value as stated.
    assumptions: Mapping[str, str]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Projection:
        assumptions = {str(k): _text(v) for k, v in (data.get("assumptions") or {}).items()}
        return cls(
            capital_at_retirement_eur=_amount(data.get("capital_at_retirement_eur")),
            from_deferred_compensation_eur=_amount(data.get("from_deferred_compensation_eur")),
            from_employer_contributions_eur=_amount(data.get("from_employer_contributions_eur")),
            forfeited_employer_funded_eur=_amount(data.get("forfeited_employer_funded_eur")),
            capital_at_leaving_eur=_money(data.get("capital_at_leaving_eur")),
            contributions_paid_eur=_amount(data.get("contributions_paid_eur")),
            assumptions=MappingProxyType(assumptions),
        )


_ITEM_KEYS = frozenset(
    {"code", "severity", "legal_basis", "source", "explanation", "explanation_de", "message"}
)


@dataclass(frozen=True, slots=True)
class LeavingItem:
    """One consequence of leaving (or a note): code, law, sentence and code-specific facts."""

    code: str
    severity: str
    explained: Explained
    details: Mapping[str, object]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LeavingItem:
        details = {str(k): v for k, v in data.items() if k not in _ITEM_KEYS}
        return cls(
            code=str(data["code"]),
            severity=_text(data.get("severity")),
            explained=Explained.from_json(data),
            details=MappingProxyType(details),
        )


@dataclass(frozen=True, slots=True)
class PensionResult:
    as_of: dt.date
    ruleset_version: str
    year: int
    limits: PensionLimits
    employer_subsidy: Subsidy
    contributions: Contributions
    vesting: tuple[VestingStatus, ...]
    projection: Projection
    leaving_date: dt.date | None
    leaving_to_country: str | None
    destination: str | None
    on_leaving: tuple[LeavingItem, ...]
    notes: tuple[LeavingItem, ...]
    trace: tuple[TraceEntry, ...]
    #: The contract's JSON exactly as the engine returned it, read-only (``as_json`` copies).
    json: Mapping[str, Any]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PensionResult:
        as_of = date_or_none(data.get("as_of"))
        if as_of is None:
            raise ValueError("a pension result names the day it was made for (as_of)")
        leaving = data.get("leaving")
        leaving = leaving if isinstance(leaving, Mapping) else {}
        vesting = data.get("vesting") or {}
        return cls(
            as_of=as_of,
            ruleset_version=_text(data.get("ruleset_version")),
            year=int(data.get("year") or as_of.year),
            limits=PensionLimits.from_json(data.get("limits") or {}),
            employer_subsidy=Subsidy.from_json(data.get("employer_subsidy") or {}),
            contributions=Contributions.from_json(data.get("contributions") or {}),
            vesting=tuple(
                VestingStatus.from_json(kind, vesting[kind])
                for kind in ("employer_funded", "deferred_compensation")
                if isinstance(vesting.get(kind), Mapping)
            ),
            projection=Projection.from_json(data.get("projection") or {}),
            leaving_date=date_or_none(leaving.get("date")),
            leaving_to_country=leaving.get("to_country"),
            destination=leaving.get("destination"),
            on_leaving=tuple(LeavingItem.from_json(i) for i in data.get("on_leaving") or []),
            notes=tuple(LeavingItem.from_json(n) for n in data.get("notes") or []),
            trace=trace_entries(data.get("trace")),
            json=MappingProxyType(dict(data)),
        )

    def as_json(self) -> dict[str, Any]:
        return copy.deepcopy(dict(self.json))
