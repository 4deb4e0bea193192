"""Recomputation: bring a person's stored duties and findings in line with the engine.

Recomputation keeps one row per ``(person, code, origin, origin_key)``: a changed fact moves
the due date of the existing duty (and keeps the evidence of a duty already done) instead of
creating a new one; a duty that no longer applies is withdrawn, not deleted. The duty writes a
person makes by hand live in ``services``, the reminder mails in ``reminders``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any, Generic, TypeVar

from django.db import transaction
from django.utils import timezone

from expatcare.accounts.actor import Actor
from expatcare.audit.services import audit_record, diff, snapshot
from expatcare.compliance.actions import ComplianceAction
from expatcare.compliance.leadtimes import berlin_today, lead_times_for
from expatcare.compliance.messages import (
    ASSESSMENT_INCOMPLETE,
    ASSESSMENT_MISSING_FACT,
    RULES_RECHECK,
)
from expatcare.compliance.models import (
    PENDING_STATUSES,
    Duty,
    DutyOrigin,
    DutyStatus,
    Finding,
    Responsible,
    Severity,
)
from expatcare.compliance.selectors import (
    bump_dashboard_version,
)
from expatcare.engine.assessments import assess_person
from expatcare.engine.results import Assessment, Obligation
from expatcare.engine.results import Finding as EngineFinding
from expatcare.people.choices import DocumentKind, PersonStatus
from expatcare.people.models import DocumentVersion, Person

# The engine's finding for a person working on an expired residence permit.
EXPIRED_PERMIT_FINDING = "PERMIT_EXPIRED"
DUTY_FIELDS = (
    "due",
    "responsible",
    "legal_basis",
    "source",
    "message_code",
    "message_params",
    "parameters",
    "status",
    "withdrawn",
    "ruleset_version",
    "trace",
    "responsible_user",
)
FINDING_FIELDS = (
    "severity",
    "legal_basis",
    "source",
    "message_code",
    "message_params",
    "parameters",
    "active",
    "ruleset_version",
)
# Person fields (and related collections) whose change can change a duty or a finding.
RELEVANT_FIELDS = frozenset(
    {
        "start_date",
        "end_date",
        "status",
        "work_state",
        "work_country",
        "annual_salary_eur",
        "weekly_hours",
        "telework_share_percent",
        "move_in_date",
        "birth_date",
        "residence_country",
        "nationalities",
        "languages",
        "qualifications",
        "documents",
        "permit_documents",
        "user",
    }
)


@dataclass
class RecomputeResult:
    person_id: int
    created: list[str] = field(default_factory=list)
    moved: dict[str, list[str | None]] = field(default_factory=dict)
    withdrawn: list[str] = field(default_factory=list)
    findings_raised: list[str] = field(default_factory=list)
    findings_cleared: list[str] = field(default_factory=list)
    assessment_error: str = ""

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.moved
            or self.withdrawn
            or self.findings_raised
            or self.findings_cleared
        )


@dataclass(frozen=True, slots=True)
class DutyWant:
    """A duty as the rules want it now."""

    code: str
    origin: str
    origin_key: str
    due: dt.date | None
    responsible: str
    legal_basis: str
    source: str
    message_code: str
    message_params: dict[str, Any]
    parameters: list[dict[str, Any]]
    ruleset_version: str
    trace: dict[str, Any]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.code, self.origin, self.origin_key)


@dataclass(frozen=True, slots=True)
class FindingWant:
    code: str
    origin: str
    origin_key: str
    severity: str
    legal_basis: str
    source: str
    message_code: str
    message_params: dict[str, Any]
    parameters: list[dict[str, Any]] = field(default_factory=list)
    ruleset_version: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.code, self.origin, self.origin_key)


def pending_status(due: dt.date | None, today: dt.date) -> str:
    return DutyStatus.OVERDUE if due is not None and due < today else DutyStatus.OPEN


def _origin_key(obligation: Obligation) -> str:
    """Renewal duties are told apart by their document (kind and expiry), the rest by code.

    A renewed document (a new expiry) is a new duty: the duty done for the old one stays done.
    """
    return "" if obligation.document is None else obligation.document.key()[:64]


def _explained(item: Obligation | EngineFinding, version: str) -> dict[str, Any]:
    """What a duty and a finding keep of the engine's item to explain themselves."""
    message = item.message.as_json() if item.message is not None else {"code": "", "params": {}}
    return {
        "legal_basis": item.legal_basis,
        "source": item.source[:500],
        "message_code": str(message["code"])[:120],
        "message_params": message["params"],
        "parameters": [parameter.as_json() for parameter in item.parameters],
        "ruleset_version": version[:64],
    }


def assessment_wants(
    result: Assessment, as_of: dt.date
) -> tuple[list[DutyWant], list[FindingWant]]:
    version = result.ruleset_version
    duties = [
        DutyWant(
            code=obligation.code,
            origin=DutyOrigin.ASSESSMENT,
            origin_key=_origin_key(obligation),
            due=obligation.due,
            responsible=str(obligation.responsible or Responsible.EMPLOYER),
            **_explained(obligation, version),
            trace={
                "as_of": as_of.isoformat(),
                "moved_from": (
                    obligation.moved_from.isoformat() if obligation.moved_from else None
                ),
            },
        )
        for obligation in result.obligations
    ]
    findings: list[FindingWant] = []
    seen: dict[str, int] = {}
    for finding in result.findings:
        code = finding.code
        seen[code] = seen.get(code, 0) + 1
        findings.append(
            FindingWant(
                code=code,
                origin=DutyOrigin.ASSESSMENT,
                origin_key="" if seen[code] == 1 else str(seen[code]),
                severity=str(finding.severity or Severity.INFO),
                **_explained(finding, version),
            )
        )
    return duties, findings


#: The fields that name a stored row; every other field of a want is a column it writes.
_IDENTITY = ("code", "origin", "origin_key")


def _columns(want: DutyWant | FindingWant) -> dict[str, Any]:
    """The columns a want writes, read from its fields, so a new field cannot be forgotten
    in either the insert or the update (they used to be two hand-written lists)."""
    return {f.name: getattr(want, f.name) for f in fields(want) if f.name not in _IDENTITY}


def _new_row_values(person: Person, want: DutyWant | FindingWant) -> dict[str, Any]:
    identity = {name: getattr(want, name) for name in _IDENTITY}
    return {
        "organization_id": person.organization_id,
        "person": person,
        **identity,
        **_columns(want),
    }


def _apply(row: Duty | Finding, want: DutyWant | FindingWant) -> None:
    for name, value in _columns(want).items():
        setattr(row, name, value)


_Row = TypeVar("_Row", Duty, Finding)
_Want = TypeVar("_Want", DutyWant, FindingWant)


def _locked_rows(model: type[_Row], person: Person) -> dict[tuple[str, str, str], _Row]:
    """The person's stored rows by identity, locked until the recomputation commits."""
    rows = model.objects.select_for_update().filter(person=person)
    return {(row.code, row.origin, row.origin_key): row for row in rows}


@dataclass
class _Reconciled(Generic[_Row, _Want]):
    """What one walk over a person's stored rows did: which wants became new rows, which
    changed columns of rows that were there, and the rows no want claims any more."""

    created: list[_Want]
    changed: list[tuple[_Want, dict[str, list[Any]]]]
    unclaimed: list[_Row]


def _reconcile(
    model: type[_Row],
    person: Person,
    wants: Iterable[_Want],
    watched: tuple[str, ...],
    *,
    build: Callable[[_Want], _Row],
    update: Callable[[_Row, _Want], None],
) -> _Reconciled[_Row, _Want]:
    """Bring a person's stored duties or findings in line with what the engine wants, under
    lock: a want without a row is inserted (one bulk insert), a row with a want is saved with
    the ``watched`` columns that ``update`` changed, and the rows no want claims go back to
    the caller, who alone knows how a duty or a finding is retired. One walk for both kinds,
    so a fix to the matching cannot reach one and miss the other."""
    existing = _locked_rows(model, person)
    new_rows: list[_Row] = []
    reconciled: _Reconciled[_Row, _Want] = _Reconciled([], [], [])
    for want in wants:
        row = existing.pop(want.key, None)
        if row is None:
            new_rows.append(build(want))
            reconciled.created.append(want)
            continue
        before = snapshot(row, watched)
        update(row, want)
        changes: dict[str, list[Any]] = diff(before, snapshot(row, watched))
        if changes:
            row.save(update_fields=[*changes.keys(), "updated_at"])
            reconciled.changed.append((want, changes))
    if new_rows:
        model.objects.bulk_create(new_rows)
    reconciled.unclaimed = list(existing.values())
    return reconciled


def _default_responsible_user(person: Person, responsible: str) -> int | None:
    """Employee duties go to the employee's login; everything else to the HR team (None)."""
    if responsible == Responsible.EMPLOYEE:
        return person.user_id
    return None


def _sync_duties(
    person: Person,
    wants: list[DutyWant],
    managed_origins: set[str],
    today: dt.date,
    result: RecomputeResult,
) -> None:
    def build(want: DutyWant) -> Duty:
        return Duty(
            **_new_row_values(person, want),
            responsible_user_id=_default_responsible_user(person, want.responsible),
            status=pending_status(want.due, today),
        )

    def update(row: Duty, want: DutyWant) -> None:
        _apply(row, want)
        if row.responsible_user_id is None:
            row.responsible_user_id = _default_responsible_user(person, want.responsible)
        if row.withdrawn:
            row.withdrawn = False
            if row.status == DutyStatus.NOT_APPLICABLE:
                row.status = DutyStatus.OPEN
        if row.status in PENDING_STATUSES:
            row.status = pending_status(row.due, today)

    reconciled = _reconcile(Duty, person, wants, DUTY_FIELDS, build=build, update=update)
    result.created.extend(want.code for want in reconciled.created)
    for want, changes in reconciled.changed:
        if "due" in changes:
            result.moved[want.code] = list(changes["due"])
    for row in reconciled.unclaimed:
        if row.origin in managed_origins and row.status in PENDING_STATUSES:
            row.status = DutyStatus.NOT_APPLICABLE
            row.withdrawn = True
            row.save(update_fields=["status", "withdrawn", "updated_at"])
            result.withdrawn.append(row.code)


def _sync_findings(
    person: Person,
    wants: list[FindingWant],
    managed_origins: set[str],
    result: RecomputeResult,
) -> None:
    def update(row: Finding, want: FindingWant) -> None:
        _apply(row, want)
        row.active = True

    reconciled = _reconcile(
        Finding,
        person,
        wants,
        FINDING_FIELDS,
        build=lambda want: Finding(**_new_row_values(person, want)),
        update=update,
    )
    # New findings, and cleared ones wanted again, are raised, in the engine's order.
    raised = {want.key for want in reconciled.created}
    raised |= {want.key for want, changes in reconciled.changed if "active" in changes}
    result.findings_raised.extend(want.code for want in wants if want.key in raised)
    for row in reconciled.unclaimed:
        if row.origin in managed_origins and row.active:
            row.active = False
            row.save(update_fields=["active", "updated_at"])
            result.findings_cleared.append(row.code)


def duties_recompute_for_person(
    *, actor: Actor | None, person: Person, reason: str, today: dt.date | None = None
) -> RecomputeResult:
    """Re-assess one person and bring their duties and findings in line, in one transaction.

    ``actor`` is None for background work (the audit entry then has no user). When the record
    lacks a fact the engine needs, the assessment duties are left as they were (we cannot tell
    that they stopped applying) and a finding names the missing fact.
    """
    today = today or berlin_today()
    result = RecomputeResult(person_id=person.pk)
    with transaction.atomic():
        # Lock the person so two recomputations of the same person run one after the other.
        locked = Person.objects.select_for_update().get(pk=person.pk)
        lead = lead_times_for(locked.organization_id)
        outcome = assess_person(locked, as_of=today, renewal_lead_weeks=lead.renewal_lead_weeks)
        duty_wants: list[DutyWant] = []
        finding_wants: list[FindingWant] = []
        managed: set[str] = set()
        finding_managed: set[str] = set()
        if outcome.result is not None:
            duty_wants, finding_wants = assessment_wants(outcome.result, today)
            # Rows of the former document register: the engine's renewals replace them.
            managed = {DutyOrigin.ASSESSMENT.value, DutyOrigin.PERMIT.value}
            finding_managed = {DutyOrigin.ASSESSMENT.value, DutyOrigin.PERMIT.value}
        else:
            result.assessment_error = ": ".join(
                part for part in (outcome.error_field, outcome.error_message) if part
            )
            # Keep the engine's findings; only the "incomplete" note is ours to manage here.
            finding_wants.append(
                FindingWant(
                    code="ASSESSMENT_INCOMPLETE",
                    origin="manual",
                    origin_key="",
                    severity=Severity.WARNING,
                    legal_basis="",
                    source="",
                    # A named field reads as its label; any other refusal as the engine said it.
                    message_code=(
                        ASSESSMENT_MISSING_FACT if outcome.error_field else ASSESSMENT_INCOMPLETE
                    ),
                    message_params=(
                        {"fact": outcome.error_field}
                        if outcome.error_field
                        else {"problem": result.assessment_error}
                    ),
                )
            )
        finding_managed.add("manual")
        _sync_duties(locked, duty_wants, managed, today, result)
        _sync_findings(locked, finding_wants, finding_managed, result)
        if result.changed:
            organization_id = locked.organization_id
            transaction.on_commit(lambda: bump_dashboard_version(organization_id))
            audit_record(
                actor=actor,
                action=ComplianceAction.DUTIES_RECOMPUTE,
                obj=locked,
                organization_id=locked.organization_id,
                person_id=locked.pk,
                changes={
                    "reason": reason,
                    "due": result.moved,
                    "created": result.created,
                    "withdrawn": result.withdrawn,
                    "findings_raised": result.findings_raised,
                    "findings_cleared": result.findings_cleared,
                },
            )
    return result


def duties_recompute_for_organization(
    *, actor: Actor | None, organization_id: int, reason: str, today: dt.date | None = None
) -> list[RecomputeResult]:
    """Each person in their own transaction, so one bad record cannot stop the rest."""
    results = []
    people = Person.objects.filter(organization_id=organization_id).order_by("pk")
    for person in people.iterator(chunk_size=500):
        results.append(
            duties_recompute_for_person(actor=actor, person=person, reason=reason, today=today)
        )
    return results


def duties_flag_overdue(*, today: dt.date | None = None) -> int:
    """Open duties past their due date become overdue (one UPDATE, for every tenant)."""
    today = today or berlin_today()
    return Duty.objects.filter(status=DutyStatus.OPEN, due__lt=today).update(
        status=DutyStatus.OVERDUE, updated_at=timezone.now()
    )


def findings_flag_recheck(*, person: Person, result: RecomputeResult, year: int) -> Finding | None:
    """After a new rules year, tell HR which duties of the person moved or appeared."""
    if not (result.moved or result.created or result.withdrawn):
        return None
    parts = [f"{code}: {old} → {new}" for code, (old, new) in result.moved.items()]
    parts += [f"+ {code}" for code in result.created]
    parts += [f"- {code}" for code in result.withdrawn]
    text = "; ".join(parts)
    with transaction.atomic():
        finding, _created = Finding.objects.update_or_create(
            person=person,
            code="RULES_RECHECK_CHANGED",
            origin="recheck",
            origin_key=str(year),
            defaults={
                "organization_id": person.organization_id,
                "severity": Severity.WARNING,
                "message_code": RULES_RECHECK,
                "message_params": {"year": str(year), "changes": text},
                "active": True,
            },
        )
        audit_record(
            actor=None,
            action=ComplianceAction.RECHECK_FLAGGED,
            obj=finding,
            organization_id=person.organization_id,
            person_id=person.pk,
            changes={"year": year, "changes": text},
        )
    return finding


def relevant_changes(changed_fields: Iterable[str]) -> set[str]:
    return set(changed_fields) & RELEVANT_FIELDS


def permits_refresh(*, today: dt.date | None = None) -> int:
    """Recompute the people whose residence permit expired without the finding saying so.

    Renewals are recomputed when the document is written; this daily pass catches the day a
    permit runs out (the engine's ``PERMIT_EXPIRED``), which no write announces.
    """
    today = today or berlin_today()
    expired = (
        DocumentVersion.objects.filter(
            is_current=True,
            valid_until__lt=today,
            document__kind=DocumentKind.RESIDENCE_PERMIT,
            document__family_member__isnull=True,
            document__person__status=PersonStatus.ACTIVE,
        )
        .exclude(
            document__person__compliance_findings__code=EXPIRED_PERMIT_FINDING,
            document__person__compliance_findings__active=True,
        )
        .values_list("document__person_id", flat=True)
        .distinct()
    )
    count = 0
    for person in Person.objects.filter(pk__in=list(expired)).iterator(chunk_size=200):
        duties_recompute_for_person(actor=None, person=person, reason="permit expiry", today=today)
        count += 1
    return count
