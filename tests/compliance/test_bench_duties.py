"""Duties of a generated benchmark tenant: the rows a recomputation would store, in bulk.

The generator asks the engine (no texts, bases or due dates of its own), so its rows match a
recomputation of the same person field for field, status and done date aside."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from expatcare.accounts.models import Organization, User
from expatcare.compliance import policies
from expatcare.compliance.models import PENDING_STATUSES, Duty, DutyStatus, Finding
from expatcare.compliance.recompute import duties_recompute_for_person
from expatcare.demo.bench_tenant import build_bench_tenant
from expatcare.demo.duties import build_bench_duties
from expatcare.people.choices import PersonStatus
from expatcare.people.models import DocumentVersion, Person

pytestmark = pytest.mark.django_db

PASSWORD = "bench-password-for-tests"
TODAY = dt.date(2026, 11, 24)
PEOPLE = 400


@pytest.fixture
def organization() -> Organization:
    result = build_bench_tenant(
        people=PEOPLE, password=PASSWORD, slug="bench-duties", today=TODAY, progress=False
    )
    return result.organization


def test_every_employed_person_gets_the_assessment_duties(organization: Organization) -> None:
    result = build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY)
    with_duties = Duty.objects.filter(organization=organization).values("person").distinct()
    assert result.people == with_duties.count() > PEOPLE // 2
    assert result.duties == Duty.objects.filter(organization=organization).count()
    employed = Person.objects.filter(organization=organization, start_date__isnull=False)
    title_checks = 0
    for person in employed[:50]:
        codes = set(person.duties.values_list("code", flat=True))
        assert "DEUEV_REGISTRATION" in codes
        title_checks += "RESIDENCE_TITLE_CHECK" in codes
        if person.status == PersonStatus.LEFT:
            assert "DEUEV_DEREGISTRATION" in codes
    assert title_checks > 10  # third-country nationals, most of the generated staff
    candidates = Person.objects.filter(organization=organization, start_date__isnull=True)
    assert not Duty.objects.filter(person__in=candidates, origin="assessment").exists()


def test_rows_are_those_a_recomputation_stores(organization: Organization) -> None:
    build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY)
    fields: tuple[str, ...] = ("code", "origin", "origin_key", "due", "responsible")
    fields += ("legal_basis", "source")
    fields += ("message_code", "message_params", "parameters", "ruleset_version", "trace")
    people = Person.objects.filter(organization=organization, start_date__isnull=False)
    renewals = 0
    for person in people.order_by("pk")[:40]:
        generated = sorted(person.duties.values_list(*fields))
        renewals += sum(1 for row in generated if row[0].endswith("_RENEWAL"))
        found = sorted(person.compliance_findings.values_list("code", "severity", "legal_basis"))
        Duty.objects.filter(person=person).delete()
        Finding.objects.filter(person=person).delete()
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert sorted(person.duties.values_list(*fields)) == generated, person.pk
        stored = person.compliance_findings.exclude(severity="info")
        assert sorted(stored.values_list("code", "severity", "legal_basis")) == found
    assert renewals > 0


def test_renewals_follow_the_documents(organization: Organization) -> None:
    build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY)
    renewals = Duty.objects.filter(
        organization=organization, code__in=["PERMIT_RENEWAL", "PASSPORT_RENEWAL"]
    )
    assert renewals.exists()
    for duty in renewals[:100]:
        kind, valid_until = duty.origin_key.split(":")
        assert DocumentVersion.objects.filter(
            document__person_id=duty.person_id,
            document__kind=kind,
            valid_until=valid_until,
            is_current=True,
        ).exists()
        assert duty.code == ("PASSPORT_RENEWAL" if kind == "passport" else "PERMIT_RENEWAL")
        assert duty.responsible == "employee" and duty.due is not None
        assert duty.due < dt.date.fromisoformat(valid_until)
        assert duty.parameters


def test_states_look_like_a_working_team(organization: Organization) -> None:
    build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY)
    duties = Duty.objects.filter(organization=organization)
    by_status = dict(duties.values_list("status").annotate(n=Count("pk")))
    assert by_status[DutyStatus.DONE] > by_status[DutyStatus.OVERDUE] > 0
    assert by_status[DutyStatus.OPEN] > 0
    # The stored status agrees with the date, done duties carry their date, and the
    # database's "pending" column follows the status.
    assert not duties.filter(status=DutyStatus.OVERDUE, due__gte=TODAY).exists()
    assert not duties.filter(status=DutyStatus.OPEN, due__lt=TODAY).exists()
    assert not duties.filter(status=DutyStatus.DONE, done_on__isnull=True).exists()
    assert duties.filter(pending=True).count() == duties.filter(status__in=PENDING_STATUSES).count()
    share_overdue_people = (
        duties.filter(status=DutyStatus.OVERDUE).values("person").distinct().count() / PEOPLE
    )
    assert 0.01 <= share_overdue_people <= 0.3


def test_expired_permits_are_findings(organization: Organization) -> None:
    build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY)
    expired = set(
        DocumentVersion.objects.filter(
            organization=organization,
            is_current=True,
            document__kind="residence_permit",
            document__family_member__isnull=True,
            valid_until__lt=TODAY,
        ).values_list("document__person_id", flat=True)
    )
    findings = Finding.objects.filter(organization=organization, code="PERMIT_EXPIRED")
    assert findings.exists()
    assert set(findings.values_list("person_id", flat=True)) <= expired
    assert all(f.severity == "error" and f.active for f in findings)
    assert not Finding.objects.filter(organization=organization, severity="info").exists()


def test_running_again_adds_nothing_and_extends_new_people(organization: Organization) -> None:
    build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY)
    before = Duty.objects.count()
    assert build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY).duties == 0
    assert Duty.objects.count() == before
    build_bench_tenant(
        people=PEOPLE + 30, password=PASSWORD, slug="bench-duties", today=TODAY, progress=False
    )
    again = build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY, batch_size=7)
    assert 0 < again.people <= 30
    assert Duty.objects.count() == before + again.duties


def test_same_seed_gives_the_same_duties(organization: Organization) -> None:
    build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY)
    first = list(Duty.objects.order_by("pk").values_list("person_id", "code", "due", "status"))
    Duty.objects.all().delete()
    Finding.objects.all().delete()
    build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY)
    second = list(Duty.objects.order_by("pk").values_list("person_id", "code", "due", "status"))
    assert first == second


def test_demo_command_gives_the_bench_tenant_its_dashboard() -> None:
    out = StringIO()
    call_command("demo", "--people", "120", "--password", PASSWORD, stdout=out, stderr=StringIO())
    assert " duties and " in out.getvalue()
    organization = Organization.objects.get(slug="bench-120")
    assert Duty.objects.filter(organization=organization).exists()
    client = Client()
    client.force_login(User.objects.get(email="hr@bench-120.example"))
    response = client.get(reverse("compliance:dashboard"))
    assert response.status_code == 200
    counts = response.context["light_counts"]
    assert counts.total == 120 and counts.red + counts.amber > 0
    assert response.context["duties"].paginator.count > 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_dashboard_reads_follow_the_partial_indexes(organization: Organization) -> None:
    """The duty list, a kind and a page's lights are read from the indexes of open duties."""
    from expatcare.accounts.actor import Actor
    from expatcare.compliance import selectors

    build_bench_duties(organization_id=organization.pk, seed=7, today=TODAY)
    hr = User.objects.get(email="hr@bench-duties.example")
    actor = Actor(user=hr, membership=hr.memberships.get())
    filters = selectors.DutyFilters

    def plan(queryset: object) -> str:
        sql, params = queryset.query.sql_with_params()  # type: ignore[attr-defined]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " ".join(str(row[-1]) for row in cursor.fetchall())

    listed = selectors.duty_list(actor=actor, filters=filters(), today=TODAY)[:50]
    assert "compliance_duty_pending " in plan(listed) + " "
    of_kind = selectors.duty_list(
        actor=actor, filters=filters(code="DEUEV_REGISTRATION"), today=TODAY
    )
    assert "compliance_duty_pending_code" in plan(of_kind[:50])
    people = list(Person.objects.filter(organization=organization)[:25])
    lights = (
        policies.visible_duties(actor)
        .filter(pending=True, person_id__in=[p.pk for p in people])
        .values("person_id")
        .annotate(n=Count("pk"))
    )
    assert "compliance_duty_pending_person" in plan(lights)
    assert "TEMP B-TREE FOR ORDER BY" not in plan(listed)
