"""Duties and findings for a generated benchmark tenant, written in bulk.

``expatcare demo --people N`` creates people and their documents with ``bulk_create``; running
the rules engine and the document register per person (``duties_recompute_for_person``) would
cost minutes at 100,000 people. This module writes the rows a recomputation would store for
those people, with the state a working HR team leaves behind: most past duties done, a few
overdue, registrations of new hires and renewals of expiring documents coming up. The
compliance pages and their benchmark then see a tenant of realistic shape and size.

The rows follow ``services._sync_duties``: the same identity ``(person, code, origin,
origin_key)``, the same renewal due dates from the organisation's lead times, the same
responsible party. People who already have duties are skipped, so the generator can extend a
tenant (as ``build_bench_tenant`` does) or be run again after an interruption.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from django.db import connection, models, transaction
from django.utils import timezone

from expatcare.compliance.leadtimes import berlin_today, lead_times_for
from expatcare.compliance.models import (
    Duty,
    DutyOrigin,
    DutyStatus,
    Finding,
    Responsible,
    Severity,
)
from expatcare.compliance.selectors import bump_dashboard_version
from expatcare.compliance.services import (
    AUFENTHG_4A,
    AUFENTHG_81,
    AUFENTHV_56,
    TITLE_KINDS,
    renewable_permit_versions,
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
_GII = "https://www.gesetze-im-internet.de/"
# Share of past duties an HR team has not closed yet (they show as overdue).
MISSED_SHARE = 0.02
# Share of renewals past their lead date that were already applied for.
RENEWED_SHARE = 0.35
# Share of people who left whose title was tied to the job (they need an end notice).
END_NOTICE_SHARE = 0.5
SGB_X_26 = "§ 26 Abs. 3 SGB X"


@dataclass(frozen=True, slots=True)
class _Kind:
    """One assessment duty: who answers for it, its basis and its texts (no dates in them)."""

    code: str
    responsible: str
    legal_basis: str
    source: str
    explanation: str
    explanation_de: str


_TITLE_CHECK = _Kind(
    "RESIDENCE_TITLE_CHECK",
    Responsible.EMPLOYER.value,
    "§ 4a Abs. 5 Satz 1, Satz 3 Nr. 1 AufenthG",
    AUFENTHG_4A,
    "Before the employee starts work, check that their residence title permits this "
    "employment (no prohibition or restriction).",
    "Vor Arbeitsbeginn prüfen, dass der Aufenthaltstitel diese Beschäftigung erlaubt "
    "(kein Verbot, keine Beschränkung).",
)
_TITLE_COPY = _Kind(
    "RESIDENCE_TITLE_COPY",
    Responsible.EMPLOYER.value,
    "§ 4a Abs. 5 Satz 3 Nr. 2 AufenthG",
    AUFENTHG_4A,
    "Keep a copy (paper or electronic) of the residence title for the whole duration of the "
    "employment, from the first working day.",
    "Eine Kopie (Papier oder elektronisch) des Aufenthaltstitels für die gesamte Dauer der "
    "Beschäftigung aufbewahren, ab dem ersten Arbeitstag.",
)
_DEUEV_REGISTRATION = _Kind(
    "DEUEV_REGISTRATION",
    Responsible.EMPLOYER.value,
    "§ 6 DEÜV; § 28a Abs. 1 Nr. 1 SGB IV",
    _GII + "de_v/__6.html",
    "Register the employee with the health insurance fund with the first payroll run, at the "
    "latest 6 weeks after the start of employment.",
    "Anmeldung bei der Krankenkasse mit der ersten Entgeltabrechnung, spätestens 6 Wochen "
    "nach Beschäftigungsbeginn.",
)
_HEALTH_INSURANCE = _Kind(
    "HEALTH_INSURANCE_REGISTRATION",
    Responsible.EMPLOYEE.value,
    "§ 175 Abs. 3 SGB V",
    _GII + "sgb_5/__175.html",
    "The employee chooses a statutory health insurance fund within 2 weeks of the start of "
    "compulsory insurance and tells the employer; otherwise the employer registers them with a "
    "fund and informs them in text form.",
    "Die beschäftigte Person wählt binnen 2 Wochen nach Beginn der Versicherungspflicht eine "
    "Krankenkasse und teilt sie dem Arbeitgeber mit; sonst meldet der Arbeitgeber sie bei einer "
    "Kasse an und informiert sie in Textform.",
)
_RESIDENCE_REGISTRATION = _Kind(
    "RESIDENCE_REGISTRATION",
    Responsible.EMPLOYEE.value,
    "§ 17 Abs. 1 BMG",
    _GII + "bmg/__17.html",
    "Register the new address with the registration office (Meldebehörde) within 2 weeks of "
    "moving in.",
    "Die Wohnung binnen 2 Wochen nach dem Einzug bei der Meldebehörde anmelden.",
)
_DEUEV_DEREGISTRATION = _Kind(
    "DEUEV_DEREGISTRATION",
    Responsible.EMPLOYER.value,
    "§ 8 DEÜV",
    _GII + "de_v/__8.html",
    "Deregister the employee with the next payroll run, at the latest 6 weeks after the end of "
    "employment.",
    "Abmeldung mit der nächsten Entgeltabrechnung, spätestens 6 Wochen nach Beschäftigungsende.",
)
_END_NOTICE = _Kind(
    "EMPLOYMENT_END_NOTICE",
    Responsible.EMPLOYER.value,
    "§ 4a Abs. 5 Satz 3 Nr. 3 AufenthG",
    AUFENTHG_4A,
    "The employment ended early: tell the foreigners authority within 4 weeks of learning of it.",
    "Die Beschäftigung endete vorzeitig: Die Ausländerbehörde binnen 4 Wochen ab Kenntnis "
    "informieren.",
)


@dataclass(frozen=True, slots=True)
class BenchDutiesResult:
    people: int
    duties: int
    findings: int
    seconds: float


class _Person(NamedTuple):
    pk: int
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    move_in_date: dt.date | None
    user_id: int | None


class _Permit(NamedTuple):
    version_id: int
    document_id: int
    kind: str
    valid_until: dt.date


def _next_working_day(end: dt.date) -> dt.date:
    """A period ending on a weekend moves to the Monday (public holidays are left out here)."""
    return end + dt.timedelta(days=max(0, 7 - end.weekday())) if end.weekday() >= 5 else end


class _Writer:
    """Builds the rows of one batch of people; ``today`` and the lead times are fixed per run."""

    def __init__(self, *, organization_id: int, today: dt.date, seed: int) -> None:
        self.organization_id = organization_id
        self.today = today
        self.seed = seed
        self.lead_days = lead_times_for(organization_id).permit_lead_days
        self.duties: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []

    def _state(
        self, rng: random.Random, due: dt.date, *, done_share: float
    ) -> tuple[str, dt.date | None]:
        """Status and done date of a duty: past ones are mostly done, future ones open."""
        if due < self.today:
            if rng.random() < done_share:
                return DutyStatus.DONE.value, min(
                    due - dt.timedelta(days=rng.randint(0, 10)), self.today
                )
            return DutyStatus.OVERDUE.value, None
        return DutyStatus.OPEN.value, None

    def _add(
        self,
        person: _Person,
        rng: random.Random,
        kind: _Kind,
        event: dt.date,
        *,
        period: bool,
        done_share: float = 1 - MISSED_SHARE,
    ) -> None:
        due = _next_working_day(event) if period else event
        moved = due != event
        status, done_on = self._state(rng, due, done_share=done_share)
        self.duties.append(
            {
                "organization_id": self.organization_id,
                "person_id": person.pk,
                "code": kind.code,
                "origin": DutyOrigin.ASSESSMENT.value,
                "due": due,
                "responsible": kind.responsible,
                "responsible_user_id": (
                    person.user_id if kind.responsible == Responsible.EMPLOYEE.value else None
                ),
                "legal_basis": f"{kind.legal_basis}; {SGB_X_26}" if moved else kind.legal_basis,
                "source": kind.source,
                "explanation": kind.explanation,
                "explanation_de": kind.explanation_de,
                "status": status,
                "done_on": done_on,
                "trace": {
                    "as_of": self.today.isoformat(),
                    "moved_from": event.isoformat() if moved else None,
                },
            }
        )

    def _assessment(self, person: _Person, rng: random.Random) -> None:
        start = person.start_date
        if start is None:  # candidates: no employment yet, nothing to assess
            return
        self._add(person, rng, _TITLE_CHECK, start, period=False)
        self._add(person, rng, _TITLE_COPY, start, period=False)
        self._add(person, rng, _DEUEV_REGISTRATION, start + dt.timedelta(weeks=6), period=True)
        self._add(person, rng, _HEALTH_INSURANCE, start + dt.timedelta(weeks=2), period=True)
        if person.move_in_date is not None:
            moved_in = person.move_in_date + dt.timedelta(weeks=2)
            self._add(person, rng, _RESIDENCE_REGISTRATION, moved_in, period=True)
        if person.status == PersonStatus.LEFT and person.end_date is not None:
            # Recent leavers: deregistrations are the duties most often still open.
            end = person.end_date
            self._add(
                person,
                rng,
                _DEUEV_DEREGISTRATION,
                end + dt.timedelta(weeks=6),
                period=True,
                done_share=0.85,
            )
            if rng.random() < END_NOTICE_SHARE:
                notice = end + dt.timedelta(weeks=4)
                self._add(person, rng, _END_NOTICE, notice, period=True, done_share=0.85)

    def _permits(self, person: _Person, rng: random.Random, permits: list[_Permit]) -> None:
        """Renewals as ``services._permit_wants`` computes them, and the expired-title finding."""
        title_expiry: dt.date | None = None
        for permit in permits:
            days = self.lead_days.get(permit.kind, 90)
            is_title = permit.kind in TITLE_KINDS
            if is_title:
                title_expiry = max(title_expiry or permit.valid_until, permit.valid_until)
            due = permit.valid_until - dt.timedelta(days=days)
            status, done_on = self._state(rng, due, done_share=RENEWED_SHARE)
            if done_on is not None:
                done_on = min(due + dt.timedelta(days=rng.randint(0, 30)), self.today)
            until = permit.valid_until.isoformat()
            self.duties.append(
                {
                    "organization_id": self.organization_id,
                    "person_id": person.pk,
                    "code": "PERMIT_RENEWAL",
                    "origin": DutyOrigin.PERMIT.value,
                    "origin_key": f"document:{permit.document_id}",
                    "due": due,
                    "responsible": Responsible.EMPLOYEE.value,
                    "responsible_user_id": person.user_id,
                    "legal_basis": (
                        "§ 81 Abs. 4 AufenthG" if is_title else "§ 56 Abs. 1 Nr. 1 AufenthV"
                    ),
                    "source": AUFENTHG_81 if is_title else AUFENTHV_56,
                    "explanation": (
                        f"The {permit.kind.replace('_', ' ')} expires on {until}: apply for its "
                        f"renewal now ({days} days ahead). An application for a residence title "
                        "filed before expiry keeps the title in force until the decision."
                    ),
                    "explanation_de": (
                        f"Das Dokument ({permit.kind}) läuft am {until} ab: jetzt die "
                        f"Verlängerung beantragen ({days} Tage vorher). Ein vor Ablauf "
                        "gestellter Antrag auf einen Aufenthaltstitel lässt den Titel bis zur "
                        "Entscheidung fortgelten."
                    ),
                    "status": status,
                    "done_on": done_on,
                    "trace": {
                        "document_version_id": permit.version_id,
                        "valid_until": until,
                        "lead_days": days,
                    },
                }
            )
        if (
            person.status == PersonStatus.ACTIVE
            and title_expiry is not None
            and title_expiry < self.today
        ):
            self.findings.append(
                {
                    "organization_id": self.organization_id,
                    "person_id": person.pk,
                    "code": "WORKS_ON_EXPIRED_TITLE",
                    "origin": DutyOrigin.PERMIT.value,
                    "severity": Severity.ERROR.value,
                    "legal_basis": "§ 4a Abs. 5 AufenthG",
                    "source": AUFENTHG_4A,
                    "detail": (
                        "The person is active but their residence title expired on "
                        f"{title_expiry.isoformat()}. Unless a timely renewal application keeps "
                        "it in force (§ 81 Abs. 4 AufenthG), they may not be employed."
                    ),
                    "detail_de": (
                        "Die Person ist aktiv, ihr Aufenthaltstitel ist aber am "
                        f"{title_expiry.isoformat()} abgelaufen. Ohne rechtzeitigen "
                        "Verlängerungsantrag (§ 81 Abs. 4 AufenthG) darf sie nicht beschäftigt "
                        "werden."
                    ),
                }
            )

    def person(self, person: _Person, permits: list[_Permit]) -> None:
        rng = random.Random(self.seed * 1_000_003 + person.pk)  # noqa: S311  # seed data
        self._assessment(person, rng)
        self._permits(person, rng, permits)

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


def _analyze(*tables: type[models.Model]) -> None:
    """Fresh planner statistics (and, on PostgreSQL, a fresh visibility map) after the load.

    PostgreSQL's autovacuum gets to a grown table only after a while; until then the planner
    takes the tenant's tens of thousands of open duties for a handful and sorts them all
    instead of reading the first page from the partial index (150 ms instead of 0.5 ms), and
    without the visibility map the counts per kind read the table instead of the index alone
    (68 ms instead of 6 ms). VACUUM cannot run inside a transaction; there ANALYZE must do.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM ANALYZE" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def _people_batches(organization_id: int, batch_size: int) -> Iterator[list[_Person]]:
    """The tenant's people in id order, one keyset page at a time (never the whole table)."""
    last = 0
    while True:
        rows = list(
            Person.objects.filter(organization_id=organization_id, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "status", "start_date", "end_date", "move_in_date", "user_id")[
                :batch_size
            ]
        )
        if not rows:
            return
        last = rows[-1][0]
        yield [_Person(*row) for row in rows]


def _permits_of(organization_id: int, person_ids: list[int]) -> dict[int, list[_Permit]]:
    """Current, dated identity and residence documents of the people themselves (no family)."""
    rows = (
        renewable_permit_versions(organization_id)
        .filter(document__person_id__in=person_ids)
        .order_by("document_id")
        .values_list("document__person_id", "pk", "document_id", "document__kind", "valid_until")
    )
    permits: dict[int, list[_Permit]] = defaultdict(list)
    for person_id, version_id, document_id, kind, valid_until in rows:
        if valid_until is None:  # excluded by the filter; narrows the type
            continue
        permits[person_id].append(_Permit(version_id, document_id, kind, valid_until))
    return permits


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
            permits = _permits_of(organization_id, [person.pk for person in todo])
            for person in todo:
                writer.person(person, permits.get(person.pk, []))
            new_duties, new_findings = writer.flush()
        people += len(todo)
        duties += new_duties
        findings += new_findings
    if duties or findings:
        # Every table the generator just filled: the people pages plan their joins (documents
        # expiring, nationalities) from these statistics as much as the duty lists do.
        _analyze(
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
