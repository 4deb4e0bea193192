"""Duties and findings for a generated benchmark tenant, written in bulk.

``expatcare demo --people N`` creates people and their documents with ``bulk_create``;
recomputing them one by one (``duties_recompute_for_person``: a locked transaction, four
queries and an audit entry per person) would cost minutes at 100,000 people. This module loads
a batch of people with their nationalities and documents in three queries, asks the rules
engine for each of them (the same facts as the recomputation, through
``engine.facts.record_case_facts``, and the same mapping to rows,
``compliance.recompute.assessment_wants``), and writes the rows in bulk, with the state a
working HR team leaves behind: most past duties done, a few overdue, registrations of new hires
and renewals of expiring documents coming up. Texts, legal bases and due dates (holiday-aware,
per state) are therefore the engine's own; nothing here restates the law.

Findings of severity ``info`` (notes that a parameter is not yet verified, which every person
shares) are left out to keep the tables at the size a team sees in practice. People who already
have duties are skipped, so the generator can extend a tenant (as ``build_bench_tenant`` does)
or be run again after an interruption.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from expatcare.compliance.labels import RENEWAL_CODES
from expatcare.compliance.leadtimes import berlin_today, lead_times_for
from expatcare.compliance.models import (
    Duty,
    DutyStatus,
    Finding,
    Responsible,
    Severity,
)
from expatcare.compliance.recompute import DutyWant, FindingWant, assessment_wants
from expatcare.compliance.selectors import bump_dashboard_version
from expatcare.core.errors import ServiceError
from expatcare.demo.statistics import refresh_statistics
from expatcare.engine.facts import (
    newest_qualification,
    record_case_facts,
    renewable_document_versions,
    run_assessment,
)
from expatcare.people.choices import PersonStatus
from expatcare.people.models import (
    Document,
    DocumentVersion,
    FamilyMember,
    Person,
    PersonLanguage,
    PersonNationality,
    Qualification,
)

BATCH_SIZE = 2_000
# Share of past duties an HR team has not closed yet (they show as overdue).
MISSED_SHARE = 0.02
# Share of renewals past their lead date that were already applied for.
RENEWED_SHARE = 0.35
# Share of duties around a departure that are done once past due (they are the ones most
# often still open).
LEAVING_DONE_SHARE = 0.85
LEAVING_CODES = frozenset({"DEUEV_DEREGISTRATION", "EMPLOYMENT_END_NOTICE"})
_PERSON_FIELDS = (
    "pk",
    "organization_id",
    "status",
    "user_id",
    "birth_date",
    "residence_country",
    "work_country",
    "work_state",
    "start_date",
    "end_date",
    "move_in_date",
    "annual_salary_eur",
    "weekly_hours",
)


@dataclass(frozen=True, slots=True)
class BenchDutiesResult:
    #: People who were given duties (candidates, not yet employed, get none).
    people: int
    duties: int
    findings: int
    seconds: float


@dataclass(frozen=True, slots=True)
class _Facts:
    """The collections of a batch of people, by person id (one query each)."""

    nationalities: dict[int, list[str]]
    documents: dict[int, list[tuple[str, dt.date]]]
    languages: dict[int, list[PersonLanguage]]
    qualifications: dict[int, list[Qualification]]

    @classmethod
    def load(cls, organization_id: int, person_ids: list[int]) -> _Facts:
        languages: dict[int, list[PersonLanguage]] = defaultdict(list)
        for language in PersonLanguage.objects.filter(
            organization_id=organization_id, person_id__in=person_ids
        ).order_by("pk"):
            languages[language.person_id].append(language)
        qualifications: dict[int, list[Qualification]] = defaultdict(list)
        for qualification in Qualification.objects.filter(
            organization_id=organization_id, person_id__in=person_ids
        ).order_by("pk"):
            qualifications[qualification.person_id].append(qualification)
        return cls(
            nationalities=_nationalities_of(organization_id, person_ids),
            documents=_documents_of(organization_id, person_ids),
            languages=languages,
            qualifications=qualifications,
        )


class _Writer:
    """Builds the rows of one batch of people; ``today`` and the lead times are fixed per run."""

    def __init__(self, *, organization_id: int, today: dt.date, seed: int) -> None:
        self.organization_id = organization_id
        self.today = today
        self.seed = seed
        self.lead_weeks = lead_times_for(organization_id).renewal_lead_weeks
        self.duties: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []

    def _state(
        self, rng: random.Random, due: dt.date | None, *, done_share: float
    ) -> tuple[str, dt.date | None]:
        """Status and done date of a duty: past ones are mostly done, future ones open."""
        if due is not None and due < self.today:
            if rng.random() < done_share:
                return DutyStatus.DONE.value, min(
                    due + dt.timedelta(days=rng.randint(-10, 0)), self.today
                )
            return DutyStatus.OVERDUE.value, None
        return DutyStatus.OPEN.value, None

    def _duty(self, person: Person, rng: random.Random, want: DutyWant) -> None:
        if want.code in RENEWAL_CODES:
            done_share = RENEWED_SHARE
        elif want.code in LEAVING_CODES:
            done_share = LEAVING_DONE_SHARE
        else:
            done_share = 1 - MISSED_SHARE
        status, done_on = self._state(rng, want.due, done_share=done_share)
        self.duties.append(
            {
                "organization_id": self.organization_id,
                "person_id": person.pk,
                "code": want.code,
                "origin": want.origin,
                "origin_key": want.origin_key,
                "due": want.due,
                "responsible": want.responsible,
                "responsible_user_id": (
                    person.user_id if want.responsible == Responsible.EMPLOYEE.value else None
                ),
                "legal_basis": want.legal_basis,
                "source": want.source,
                "message_code": want.message_code,
                "message_params": want.message_params,
                "parameters": want.parameters,
                "status": status,
                "done_on": done_on,
                "ruleset_version": want.ruleset_version,
                "trace": want.trace,
            }
        )

    def _finding(self, person: Person, want: FindingWant) -> None:
        self.findings.append(
            {
                "organization_id": self.organization_id,
                "person_id": person.pk,
                "code": want.code,
                "origin": want.origin,
                "origin_key": want.origin_key,
                "severity": want.severity,
                "legal_basis": want.legal_basis,
                "source": want.source,
                "message_code": want.message_code,
                "message_params": want.message_params,
                "parameters": want.parameters,
                "ruleset_version": want.ruleset_version,
            }
        )

    def person(self, person: Person, facts: _Facts) -> None:
        if person.start_date is None:  # candidates: no employment yet, nothing to assess
            return
        overrides: dict[str, Any] | None = None
        if person.status == PersonStatus.LEFT:
            overrides = {"ended_early_on": (person.end_date or self.today).isoformat()}
        case = record_case_facts(
            person,
            as_of=self.today,
            nationalities=facts.nationalities.get(person.pk, []),
            documents=facts.documents.get(person.pk, []),
            languages=facts.languages.get(person.pk, []),
            qualification=newest_qualification(facts.qualifications.get(person.pk, [])),
            job_overrides=overrides,
            renewal_lead_weeks=self.lead_weeks,
        )
        try:
            result = run_assessment(case)
        except ServiceError:  # a record the engine cannot assess gets no duties, as on recompute
            return
        duties, findings = assessment_wants(result, self.today)
        rng = random.Random(self.seed * 1_000_003 + person.pk)  # noqa: S311  # seed data
        for duty in duties:
            self._duty(person, rng, duty)
        for finding in findings:
            if finding.severity != Severity.INFO:
                self._finding(person, finding)

    def flush(self) -> tuple[int, int]:
        _insert(Duty, self.duties)
        _insert(Finding, self.findings)
        counts = (len(self.duties), len(self.findings))
        self.duties, self.findings = [], []
        return counts


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Plain rows (attribute name to Python value) written with COPY on PostgreSQL, else with
    one ``executemany`` INSERT.

    ``bulk_create`` spends most of its time building model instances and preparing every
    value field by field (about 0.5 ms per duty); here only dates and JSON are converted, the
    missing fields get their model default once, and the driver does the rest. The columns
    come from the model, so a new field with a default needs no change here.
    """
    if not rows:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key or f.generated)]
    encoders: list[tuple[str, Any, Any]] = []  # (attname, converter or None, default)
    for field in fields:
        if isinstance(field, models.DateTimeField):
            default = connection.ops.adapt_datetimefield_value(now)
            encoders.append((field.attname, None, default))
            continue
        default = field.get_db_prep_save(field.get_default(), connection)
        if isinstance(field, models.DateField):
            encoders.append((field.attname, connection.ops.adapt_datefield_value, default))
        elif isinstance(field, models.JSONField):
            encode = partial(connection.ops.adapt_json_value, encoder=field.encoder)
            encoders.append((field.attname, encode, default))
        else:
            encoders.append((field.attname, None, default))
    values = [
        tuple(
            (default if name not in row else convert(row[name]) if convert else row[name])
            for name, convert, default in encoders
        )
        for row in rows
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    # Concrete fields always have a column; the stubs type it as optional.
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one row per INSERT statement costs PostgreSQL a round trip and a parse each.
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # model's names
        cursor.executemany(sql, values)


def _people_batches(organization_id: int, batch_size: int) -> Iterator[list[Person]]:
    """The tenant's people in id order, one keyset page at a time (never the whole table)."""
    last = 0
    while True:
        rows = list(
            Person.objects.filter(organization_id=organization_id, pk__gt=last)
            .order_by("pk")
            .only(*_PERSON_FIELDS)[:batch_size]
        )
        if not rows:
            return
        last = rows[-1].pk
        yield rows


def _nationalities_of(organization_id: int, person_ids: list[int]) -> dict[int, list[str]]:
    rows = PersonNationality.objects.filter(
        organization_id=organization_id, person_id__in=person_ids
    ).values_list("person_id", "country")
    found: dict[int, list[str]] = defaultdict(list)
    for person_id, country in rows:
        found[person_id].append(str(country))
    return found


def _documents_of(
    organization_id: int, person_ids: list[int]
) -> dict[int, list[tuple[str, dt.date]]]:
    """Current, dated identity and residence documents of the people themselves (no family)."""
    rows = (
        renewable_document_versions(organization_id)
        .filter(document__person_id__in=person_ids)
        .values_list("document__person_id", "document__kind", "valid_until")
    )
    found: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for person_id, kind, valid_until in rows:
        if valid_until is not None:  # excluded by the filter; narrows the type
            found[person_id].append((kind, valid_until))
    return found


def build_bench_duties(
    *,
    organization_id: int,
    seed: int,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
) -> BenchDutiesResult:
    """Duties and findings for every person of the tenant who has none yet, in bulk.

    One transaction per batch of people, so memory stays flat at any tenant size and an
    interrupted run resumes where it stopped.
    """
    started = time.perf_counter()
    writer = _Writer(organization_id=organization_id, today=today or berlin_today(), seed=seed)
    people = duties = findings = 0
    for batch in _people_batches(organization_id, batch_size):
        ids = [person.pk for person in batch]
        with transaction.atomic():
            done: set[Any] = set(
                Duty.objects.filter(organization_id=organization_id, person_id__in=ids)
                .order_by()
                .values_list("person_id", flat=True)
                .distinct()
            )
            todo = [person for person in batch if person.pk not in done]
            if not todo:
                continue
            facts = _Facts.load(organization_id, [person.pk for person in todo])
            for person in todo:
                writer.person(person, facts)
            people += len({row["person_id"] for row in writer.duties})
            new_duties, new_findings = writer.flush()
        duties += new_duties
        findings += new_findings
    if duties or findings:
        # Every table the generator just filled: the people pages plan their joins (documents
        # expiring, nationalities) from these statistics as much as the duty lists do.
        refresh_statistics(
            Duty,
            Finding,
            Person,
            PersonNationality,
            PersonLanguage,
            FamilyMember,
            Qualification,
            Document,
            DocumentVersion,
        )
        bump_dashboard_version(organization_id)
    return BenchDutiesResult(
        people=people, duties=duties, findings=findings, seconds=time.perf_counter() - started
    )
