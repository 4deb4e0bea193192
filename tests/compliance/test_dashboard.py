"""The compliance dashboard: lights, filters, counts, scoping and a bounded query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.models import Duty, DutyStatus, Finding
from expatcare.people.models import Person
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> dt.date:
    return berlin_today()


@pytest.fixture
def duties(tenant: Tenant, today: dt.date) -> dict[str, Duty]:
    return {
        "overdue": make_duty(tenant.other_person, "DEUEV_REGISTRATION", today - dt.timedelta(3)),
        "soon": make_duty(
            tenant.assigned_person,
            "RESIDENCE_REGISTRATION",
            today + dt.timedelta(5),
            responsible="employee",
        ),
        "later": make_duty(tenant.employee_person, "SOFORTMELDUNG", today + dt.timedelta(60)),
        "done": make_duty(
            tenant.employee_person,
            "HEALTH_INSURANCE_REGISTRATION",
            today - dt.timedelta(10),
            status=DutyStatus.DONE,
        ),
    }


class TestDashboard:
    def test_lights_counts_and_rows(self, tenant: Tenant, client_for, duties) -> None:
        response = client_for(Role.HR).get(reverse("compliance:dashboard"))
        assert response.status_code == 200
        counts = response.context["light_counts"]
        assert (counts.red, counts.amber, counts.green) == (1, 1, 1)
        listed = [d["pk"] for d in response.context["duties"]]
        assert listed == [duties["overdue"].pk, duties["soon"].pk, duties["later"].pk]
        assert response.context["duties"][0]["effective_status"] == "overdue"
        lights = {row["pk"]: row["light"] for row in response.context["lights"]}
        assert lights[tenant.other_person.pk] == "red"
        assert lights[tenant.assigned_person.pk] == "amber"
        assert lights[tenant.employee_person.pk] == "green"
        kinds = {k["code"]: k for k in response.context["kind_counts"]}
        assert kinds["DEUEV_REGISTRATION"]["overdue"] == 1
        assert kinds["RESIDENCE_REGISTRATION"]["due_soon"] == 1
        assert "HEALTH_INSURANCE_REGISTRATION" not in kinds  # done duties are not counted
        body = response.content.decode()
        assert duties["overdue"].source in body  # each row links to the legal source

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"state": "overdue"}, ["overdue"]),
            ({"state": "due_soon"}, ["soon"]),
            ({"state": "done"}, ["done"]),
            ({"owner": "employee"}, ["soon"]),
            ({"code": "SOFORTMELDUNG"}, ["later"]),
            ({"state": "all", "due_after": "{d+1}"}, ["soon", "later"]),
            ({"state": "all", "due_before": "{d}"}, ["done", "overdue"]),
        ],
    )
    def test_filters(self, client_for, duties, today, query, expected) -> None:
        params = {
            k: v.replace("{d+1}", (today + dt.timedelta(1)).isoformat()).replace(
                "{d}", today.isoformat()
            )
            for k, v in query.items()
        }
        response = client_for(Role.HR).get(reverse("compliance:dashboard"), params)
        assert [d["pk"] for d in response.context["duties"]] == [duties[n].pk for n in expected]

    def test_light_filter(self, tenant: Tenant, client_for, duties) -> None:
        response = client_for(Role.HR).get(reverse("compliance:dashboard"), {"light": "red"})
        assert [row["pk"] for row in response.context["lights"]] == [tenant.other_person.pk]

    def test_findings_listed(self, tenant: Tenant, client_for) -> None:
        Finding.objects.create(
            organization=tenant.organization,
            person=tenant.other_person,
            code="WORKS_ON_EXPIRED_TITLE",
            severity="error",
            legal_basis="§ 4a Abs. 5 AufenthG",
            source="https://www.gesetze-im-internet.de/aufenthg_2004/__4a.html",
            message_code="finding.permit_expired",
            message_params={"expired_on": "2026-01-31"},
        )
        client = client_for(Role.AUDITOR)
        response = client.get(reverse("compliance:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
        assert [f["code"] for f in response.context["findings"]] == ["WORKS_ON_EXPIRED_TITLE"]
        client.cookies["django_language"] = "de"
        german = client.get(reverse("compliance:dashboard")).context["findings"][0]["detail"]
        assert german.startswith("Der Aufenthaltstitel ist am 31.01.2026 abgelaufen")


class TestAccess:
    def test_employee_sees_only_own_duties(self, tenant: Tenant, client_for, duties) -> None:
        response = client_for(Role.EMPLOYEE).get(reverse("compliance:dashboard"), {"state": "all"})
        assert response.status_code == 200
        assert {d["person_id"] for d in response.context["duties"]} == {tenant.employee_person.pk}
        other = client_for(Role.EMPLOYEE).get(
            reverse("compliance:duty_detail", args=[duties["overdue"].pk])
        )
        assert other.status_code == 404

    @pytest.mark.parametrize("role", [Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT])
    def test_providers_see_nothing(self, client_for, duties, role) -> None:
        client = client_for(role)
        assert client.get(reverse("compliance:dashboard")).status_code == 403
        detail = reverse("compliance:duty_detail", args=[duties["soon"].pk])
        assert client.get(detail).status_code == 403
        assert client.get(reverse("compliance:export")).status_code == 403

    def test_other_tenant_gets_404(self, client_for, other_tenant: Tenant, duties) -> None:
        client = client_for(Role.HR, of=other_tenant)
        detail = reverse("compliance:duty_detail", args=[duties["soon"].pk])
        assert client.get(detail).status_code == 404
        assert client.post(detail, {"done_on": "2026-01-01"}).status_code == 404
        response = client.get(reverse("compliance:dashboard"), {"state": "all"})
        assert list(response.context["duties"]) == []

    def test_anonymous_is_sent_to_login(self, client, duties) -> None:
        response = client.get(reverse("compliance:dashboard"))
        assert response.status_code == 302 and "login" in response["Location"]


class TestMarkDone:
    def test_hr_marks_done_with_evidence(self, tenant: Tenant, client_for, duties, today) -> None:
        duty = duties["overdue"]
        url = reverse("compliance:duty_detail", args=[duty.pk])
        response = client_for(Role.HR).post(
            url, {"done_on": today.isoformat(), "note": "Meldung 4711"}
        )
        assert response.status_code == 302
        duty.refresh_from_db()
        assert duty.status == DutyStatus.DONE and duty.evidence_note == "Meldung 4711"
        assert duty.done_by == tenant.users[Role.HR]

    def test_future_date_is_refused(self, client_for, duties, today) -> None:
        url = reverse("compliance:duty_detail", args=[duties["overdue"].pk])
        response = client_for(Role.HR).post(url, {"done_on": (today + dt.timedelta(2)).isoformat()})
        assert response.status_code == 422
        duties["overdue"].refresh_from_db()
        assert duties["overdue"].status != DutyStatus.DONE

    def test_employee_may_close_own_employee_duty_only(
        self, tenant: Tenant, client_for, today
    ) -> None:
        own = make_duty(tenant.employee_person, "RESIDENCE_REGISTRATION", responsible="employee")
        employer = make_duty(tenant.employee_person, "DEUEV_REGISTRATION")
        client = client_for(Role.EMPLOYEE)
        ok = client.post(
            reverse("compliance:duty_detail", args=[own.pk]), {"done_on": today.isoformat()}
        )
        assert ok.status_code == 302
        refused = client.post(
            reverse("compliance:duty_detail", args=[employer.pk]), {"done_on": today.isoformat()}
        )
        assert refused.status_code == 403
        employer.refresh_from_db()
        assert employer.status == DutyStatus.OPEN

    @pytest.mark.parametrize("role", [Role.MANAGER, Role.AUDITOR])
    def test_read_only_roles_cannot_change(self, tenant, client_for, duties, role, today) -> None:
        duty = duties["overdue"]
        if role == Role.MANAGER:  # a manager reads the duties of their own reports only
            duty.person.manager = tenant.actor(Role.MANAGER).membership
            duty.person.save(update_fields=["manager"])
        client = client_for(role)
        assert client.get(reverse("compliance:duty_detail", args=[duty.pk])).status_code == 200
        done = client.post(
            reverse("compliance:duty_detail", args=[duty.pk]), {"done_on": today.isoformat()}
        )
        status = client.post(
            reverse("compliance:duty_status", args=[duty.pk]), {"status": "not_applicable"}
        )
        assert done.status_code == 403 and status.status_code == 403

    def test_hr_waives_and_reopens(self, client_for, duties) -> None:
        duty = duties["later"]
        url = reverse("compliance:duty_status", args=[duty.pk])
        client_for(Role.HR).post(url, {"status": "not_applicable"})
        duty.refresh_from_db()
        assert duty.status == DutyStatus.NOT_APPLICABLE
        client_for(Role.HR).post(url, {"status": "open"})
        duty.refresh_from_db()
        assert duty.status == DutyStatus.OPEN


def _populate(tenant: Tenant, n: int, today: dt.date) -> None:
    people = Person.objects.bulk_create(
        [
            Person(
                organization=tenant.organization,
                first_name=f"P{i}",
                last_name=f"L{i:05d}",
                status="active",
            )
            for i in range(n)
        ]
    )
    Duty.objects.bulk_create(
        [
            Duty(
                organization=tenant.organization,
                person=person,
                code=code,
                due=today + dt.timedelta(days=(i % 40) - 10 + k),
                legal_basis="§ 6 DEÜV",
                source="https://www.gesetze-im-internet.de/de_v/__6.html",
            )
            for i, person in enumerate(people)
            for k, code in enumerate(("DEUEV_REGISTRATION", "SOFORTMELDUNG"))
        ]
    )


def test_query_count_does_not_grow_with_people(tenant: Tenant, client_for) -> None:
    today = berlin_today()
    client = client_for(Role.HR)
    counts = []
    for n in (10, 990):
        _populate(tenant, n, today)
        cache.clear()  # measure the cold path, with the tenant-wide figures computed
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("compliance:dashboard"), {"state": "all"})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 15


def test_cached_figures_follow_writes(
    tenant: Tenant, client_for, django_capture_on_commit_callbacks
) -> None:
    """A write to a duty makes the next dashboard show fresh figures."""
    today = berlin_today()
    duty = make_duty(tenant.other_person, "DEUEV_REGISTRATION", today - dt.timedelta(1))
    client = client_for(Role.HR)
    assert client.get(reverse("compliance:dashboard")).context["light_counts"].red == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("compliance:duty_detail", args=[duty.pk]), {"done_on": today.isoformat()}
        )
    assert client.get(reverse("compliance:dashboard")).context["light_counts"].red == 0


def test_findings_come_from_the_index_in_their_order(tenant: Tenant) -> None:
    """The dashboard's first findings are read from ``compliance_finding_order``: a plan that
    sorts all active findings of the tenant made the page grow with the tenant (128 ms for the
    findings query alone at 100,000 people on PostgreSQL)."""
    from expatcare.compliance.selectors import FINDINGS_ON_DASHBOARD, active_findings

    actor = tenant.actor(Role.HR)
    findings = active_findings(actor=actor).values("code", "person__last_name")[
        :FINDINGS_ON_DASHBOARD
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a tiny test table would otherwise be scanned
            cursor.execute("SET enable_seqscan = off")
        try:
            plan = findings.explain()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET enable_seqscan")
        assert "compliance_finding_order" in plan
        assert "Sort" not in plan
    else:
        plan = findings.explain()
        assert "compliance_finding_order" in plan
        assert "TEMP B-TREE" not in plan


def test_findings_list_errors_before_warnings(tenant: Tenant) -> None:
    from expatcare.compliance.selectors import active_findings

    for person, severity in (
        (tenant.employee_person, "warning"),
        (tenant.other_person, "error"),
        (tenant.assigned_person, "info"),
    ):
        Finding.objects.create(
            organization=tenant.organization, person=person, code=f"X_{severity}", severity=severity
        )
    listed = list(active_findings(actor=tenant.actor(Role.HR)).values_list("severity", flat=True))
    assert listed == ["error", "warning"]
