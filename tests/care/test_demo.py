"""Care demo data: a catalog of every category, packages, every state; bench enrolments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership
from expatcare.care.choices import CareCategory, EnrolmentStatus, PriceModel
from expatcare.care.cost_report import compute_cost_report
from expatcare.care.models import CareModule, Enrolment, PackageTemplate
from expatcare.compliance.models import Duty
from expatcare.demo.bench_tenant import build_bench_tenant
from expatcare.demo.care import build_bench_care
from expatcare.demo.tenant import DEMO_ORGANIZATION_SLUG, build_demo_tenant
from expatcare.people.choices import DocumentKind
from expatcare.people.models import Document

pytestmark = pytest.mark.django_db
PASSWORD = "demo-password-for-tests"
TODAY = dt.date(2026, 6, 15)


def test_the_demo_tenant_has_a_live_catalog_packages_and_every_state() -> None:
    build_demo_tenant(password=PASSWORD, today=TODAY)
    modules = CareModule.objects.all()
    assert set(modules.values_list("category", flat=True)) == set(CareCategory.values)
    core = modules.get(code="expat-health-core")
    assert core.price_model == PriceModel.PER_FAMILY_TIER and core.counts_as_health_insurance_proof
    assert modules.filter(core_module=core).count() == 2
    assert modules.get(code="eap").confidential
    assert PackageTemplate.objects.count() == 2
    states = set(Enrolment.objects.values_list("status", flat=True))
    assert {
        EnrolmentStatus.ACTIVE,
        EnrolmentStatus.REQUESTED,
        EnrolmentStatus.CONFIRMED,
        EnrolmentStatus.ENDED,
    } <= states
    assert Enrolment.objects.filter(confidential=True, person__isnull=True).exists()
    membership = Membership.objects.get(organization__slug=DEMO_ORGANIZATION_SLUG, role="hr")
    report = compute_cost_report(Actor(membership.user, membership), TODAY)
    assert report.totals["EUR"].gross > 0 and report.providers and report.packages
    # The insurer filed the certificates of running core insurances: they are in the register,
    # linked from the enrolment, and the engine planned their renewal.
    certified = Enrolment.objects.filter(certificate__isnull=False)
    assert certified.exists()
    kinds = set(
        Document.objects.filter(pk__in=certified.values("certificate")).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {DocumentKind.INSURANCE_CERTIFICATE}
    assert Document.objects.filter(kind=DocumentKind.INSURANCE_CERTIFICATE).count() == (
        certified.count()
    )
    assert Duty.objects.filter(code="INSURANCE_RENEWAL", due__gt=TODAY).exists()


def test_bench_tenants_get_about_two_enrolments_per_person() -> None:
    result = build_bench_tenant(people=300, password=PASSWORD, progress=False, today=TODAY)
    care = build_bench_care(organization_id=result.organization.pk, seed=1, today=TODAY)
    assert care.enrolments == 600
    per_person = (
        Enrolment.objects.filter(organization=result.organization, person__isnull=False)
        .values("person_id")
        .annotate(n=Count("id"))
    )
    assert max(row["n"] for row in per_person) == 2
    # Running again adds nothing for people who have enrolments already.
    assert (
        build_bench_care(organization_id=result.organization.pk, seed=1, today=TODAY).enrolments
        == 0
    )


def test_the_bench_provider_agent_logs_in_and_sees_the_bench_enrolments() -> None:
    """The web benchmark measures the provider's enrolment list as this agent (issue 13)."""
    from django.contrib.auth import authenticate

    from expatcare.care.policies import visible_enrolments
    from expatcare.demo.care import bench_provider_login

    result = build_bench_tenant(people=20, password=PASSWORD, progress=False, today=TODAY)
    build_bench_care(organization_id=result.organization.pk, seed=1, today=TODAY)
    email = bench_provider_login(PASSWORD)
    assert bench_provider_login(PASSWORD) == email  # a second run changes nothing
    user = authenticate(email=email, password=PASSWORD)
    assert user is not None
    membership = Membership.objects.select_related("organization").get(user=user)
    assert membership.role == "provider_agent"
    assert visible_enrolments(Actor(user, membership)).count() == 40


def _has_statistics(table: str) -> bool:
    from django.db import connection

    query = {
        "sqlite": "SELECT 1 FROM sqlite_stat1 WHERE tbl = %s",
        "postgresql": "SELECT 1 FROM pg_stats WHERE tablename = %s",
    }[connection.vendor]
    if (
        connection.vendor == "sqlite"
        and "sqlite_stat1" not in connection.introspection.table_names()
    ):
        return False  # no table was ever analysed
    with connection.cursor() as cursor:
        cursor.execute(query, [table])
        return cursor.fetchone() is not None


def test_bench_enrolments_leave_fresh_planner_statistics() -> None:
    """Without them PostgreSQL took the new enrolments for a handful and sorted all of a
    provider's rows for the first page of its list (88 ms instead of 0.6 ms at 10,000 people)."""
    result = build_bench_tenant(people=30, password=PASSWORD, progress=False, today=TODAY)
    assert not _has_statistics(Enrolment._meta.db_table)
    build_bench_care(organization_id=result.organization.pk, seed=1, today=TODAY)
    assert _has_statistics(Enrolment._meta.db_table)
