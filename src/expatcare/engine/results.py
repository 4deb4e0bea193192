"""The engine's assessment (§5a) as typed, frozen objects for everything above the door.

The rules engine answers in its JSON contract (docs/contracts.md), which the API, the CLI and
the JSON twins of the pages hand out unchanged. Pages, services and the compliance
recomputation read the same answer through these dataclasses instead of ``dict[str, Any]``:
a typo in a field name is a type error, dates are ``datetime.date``, and nothing can change a
result another caller holds. Each object is built from the contract's JSON (so the door does
not depend on the engine's internals), and ``Assessment.json`` keeps that JSON for whoever
must serialise it byte for byte (the API, the JSON twin, the stored case).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

__all__ = [
    "Assessment",
    "DocumentRef",
    "Finding",
    "Message",
    "Obligation",
    "ParameterUse",
    "Pathway",
    "Requirement",
    "SocialSecurity",
    "TraceEntry",
    "date_or_none",
    "message_or_none",
    "trace_entries",
]


def date_or_none(raw: object) -> dt.date | None:
    """An ISO date of the contract, or None where the contract has none."""
    return dt.date.fromisoformat(raw) if isinstance(raw, str) and raw else None


def _text(raw: object) -> str:
    return "" if raw is None else str(raw)


@dataclass(frozen=True, slots=True)
class Message:
    """A message code and its parameters (strings, or nested messages) as the engine gave them.

    ``params`` is read-only; ``as_json`` gives a plain copy to store or send.
    """

    code: str
    params: Mapping[str, str | Message]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        params: dict[str, str | Message] = {}
        for name, value in (data.get("params") or {}).items():
            params[str(name)] = cls.from_json(value) if isinstance(value, Mapping) else _text(value)
        return cls(code=str(data["code"]), params=MappingProxyType(params))

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "params": {
                name: value.as_json() if isinstance(value, Message) else value
                for name, value in self.params.items()
            },
        }


def message_or_none(raw: object) -> Message | None:
    if isinstance(raw, Mapping) and isinstance(raw.get("code"), str):
        return Message.from_json(raw)
    return None


@dataclass(frozen=True, slots=True)
class ParameterUse:
    """A dated legal value a duty or finding was computed from."""

    name: str
    #: The value as the contract states it: a decimal string, a date, a list of codes...
    value: object
    valid_from: dt.date | None
    source: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ParameterUse:
        return cls(
            name=str(data["name"]),
            value=data.get("value"),
            valid_from=date_or_none(data.get("valid_from")),
            source=_text(data.get("source")),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "source": self.source,
        }


def _parameters(raw: object) -> tuple[ParameterUse, ...]:
    if not isinstance(raw, list | tuple):
        return ()
    return tuple(ParameterUse.from_json(entry) for entry in raw if isinstance(entry, Mapping))


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One parameter the engine consulted: value, date, source and whether it is verified."""

    parameter: str
    value: object
    valid_from: dt.date | None
    legal_basis: str
    source: str
    verified: bool

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TraceEntry:
        return cls(
            parameter=str(data["parameter"]),
            value=data.get("value"),
            valid_from=date_or_none(data.get("valid_from")),
            legal_basis=_text(data.get("legal_basis")),
            source=_text(data.get("source")),
            verified=bool(data.get("verified")),
        )


def trace_entries(raw: object) -> tuple[TraceEntry, ...]:
    if not isinstance(raw, list | tuple):
        return ()
    return tuple(TraceEntry.from_json(entry) for entry in raw if isinstance(entry, Mapping))


@dataclass(frozen=True, slots=True)
class Requirement:
    """One condition of a pathway: met (True/False) or a procedural step (None)."""

    code: str
    met: bool | None
    detail: str
    detail_de: str
    legal_basis: str
    source: str
    message: Message | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Requirement:
        met = data.get("met")
        return cls(
            code=str(data["code"]),
            met=met if isinstance(met, bool) else None,
            detail=_text(data.get("detail")),
            detail_de=_text(data.get("detail_de")),
            legal_basis=_text(data.get("legal_basis")),
            source=_text(data.get("source")),
            message=message_or_none(data.get("message")),
        )


@dataclass(frozen=True, slots=True)
class Pathway:
    code: str
    status: str  # eligible, conditional or not_eligible
    variant: str | None
    legal_basis: str
    source: str
    requirements: tuple[Requirement, ...]
    documents: tuple[str, ...]
    sources: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Pathway:
        variant = data.get("variant")
        return cls(
            code=str(data["code"]),
            status=str(data.get("status") or ""),
            variant=None if variant is None else str(variant),
            legal_basis=_text(data.get("legal_basis")),
            source=_text(data.get("source")),
            requirements=tuple(Requirement.from_json(r) for r in data.get("requirements") or []),
            documents=tuple(str(d) for d in data.get("documents") or []),
            sources=tuple(str(s) for s in data.get("sources") or []),
        )


@dataclass(frozen=True, slots=True)
class SocialSecurity:
    applicable_legislation: str
    legal_basis: str
    source: str
    certificate: str | None
    a1_required: bool
    #: Branch (pension, health, ...) -> the country whose law applies to it.
    branches: Mapping[str, str]
    max_posting_months: int | None
    explanation: str
    explanation_de: str
    message: Message | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SocialSecurity:
        certificate = data.get("certificate")
        months = data.get("max_posting_months")
        branches = {str(k): str(v) for k, v in (data.get("branches") or {}).items()}
        return cls(
            applicable_legislation=_text(data.get("applicable_legislation")),
            legal_basis=_text(data.get("legal_basis")),
            source=_text(data.get("source")),
            certificate=None if certificate is None else str(certificate),
            a1_required=bool(data.get("a1_required")),
            branches=MappingProxyType(branches),
            max_posting_months=months if isinstance(months, int) else None,
            explanation=_text(data.get("explanation")),
            explanation_de=_text(data.get("explanation_de")),
            message=message_or_none(data.get("message")),
        )


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """The document a renewal duty is about (kind and expiry)."""

    kind: str
    valid_until: dt.date | None

    def key(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else ""
        return f"{self.kind}:{until}"


@dataclass(frozen=True, slots=True)
class Obligation:
    """An employer (or employee) duty with its due date and the law behind it."""

    code: str
    due: dt.date | None
    responsible: str
    legal_basis: str
    source: str
    explanation: str
    explanation_de: str
    moved_from: dt.date | None
    message: Message | None
    parameters: tuple[ParameterUse, ...]
    document: DocumentRef | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Obligation:
        document = data.get("document")
        return cls(
            code=str(data["code"]),
            due=date_or_none(data.get("due")),
            responsible=_text(data.get("responsible")),
            legal_basis=_text(data.get("legal_basis")),
            source=_text(data.get("source")),
            explanation=_text(data.get("explanation")),
            explanation_de=_text(data.get("explanation_de")),
            moved_from=date_or_none(data.get("moved_from")),
            message=message_or_none(data.get("message")),
            parameters=_parameters(data.get("parameters")),
            document=(
                DocumentRef(
                    kind=_text(document.get("kind")),
                    valid_until=date_or_none(document.get("valid_until")),
                )
                if isinstance(document, Mapping)
                else None
            ),
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """Something HR should know (an error, warning or hint) with its legal basis."""

    code: str
    severity: str
    legal_basis: str
    source: str
    detail: str
    detail_de: str
    message: Message | None
    parameters: tuple[ParameterUse, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        return cls(
            code=str(data["code"]),
            severity=str(data.get("severity") or "info"),
            legal_basis=_text(data.get("legal_basis")),
            source=_text(data.get("source")),
            detail=_text(data.get("detail")),
            detail_de=_text(data.get("detail_de")),
            message=message_or_none(data.get("message")),
            parameters=_parameters(data.get("parameters")),
        )


@dataclass(frozen=True, slots=True)
class Assessment:
    """The engine's answer for one person and job on one day (the §5a output)."""

    as_of: dt.date
    ruleset_version: str
    pathways: tuple[Pathway, ...]
    recommended: str | None
    recommended_order: tuple[str, ...]
    social_security: SocialSecurity | None
    obligations: tuple[Obligation, ...]
    findings: tuple[Finding, ...]
    trace: tuple[TraceEntry, ...]
    #: The contract's JSON exactly as the engine returned it, read-only (``as_json`` copies).
    json: Mapping[str, Any]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Assessment:
        as_of = date_or_none(data.get("as_of"))
        if as_of is None:
            raise ValueError("an assessment names the day it was made for (as_of)")
        recommended = data.get("recommended")
        social_security = data.get("social_security")
        return cls(
            as_of=as_of,
            ruleset_version=_text(data.get("ruleset_version")),
            pathways=tuple(Pathway.from_json(p) for p in data.get("pathways") or []),
            recommended=None if recommended is None else str(recommended),
            recommended_order=tuple(str(c) for c in data.get("recommended_order") or []),
            social_security=(
                SocialSecurity.from_json(social_security)
                if isinstance(social_security, Mapping)
                else None
            ),
            obligations=tuple(Obligation.from_json(o) for o in data.get("obligations") or []),
            findings=tuple(Finding.from_json(f) for f in data.get("findings") or []),
            trace=trace_entries(data.get("trace")),
            json=MappingProxyType(dict(data)),
        )

    def as_json(self) -> dict[str, Any]:
        """A plain copy of the contract's JSON, to serialise or store."""
        return copy.deepcopy(dict(self.json))

    def pathway(self, code: str) -> Pathway | None:
        return next((p for p in self.pathways if p.code == code), None)
