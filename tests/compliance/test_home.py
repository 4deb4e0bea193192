"""The HR home says what to do today (issue 10): duties overdue or due this week, open cases
by step, documents expiring within 60 days, each with links; the head counts follow below.
The page costs the same number of queries for few and for many rows, and a manager sees only
their reports' items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from expatcare.accounts.roles import Role
from expatcare.compliance.home_section import week_end
from expatcare.compliance.models import Duty
from expatcare.mobility.models import Milestone
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db

URL = reverse("people:dashboard")


def _page(client, language: str = "en") -> str:
    client.cookies["django_language"] = language
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html: str = response.content.decode()
    return html


def _block(html: str, key: str) -> str:
    start = html.index(f'id="home-{key}"')
    return html[start : html.index("</section>", start)]


def test_overdue_and_this_weeks_duties_come_first_with_links(tenant: Tenant, client_for) -> None:
    today = timezone.localdate()
    person = tenant.other_person
    overdue = make_duty(person, due=today - dt.timedelta(days=3))
    this_week = make_duty(person, code="HEALTH_INSURANCE_REGISTRATION", due=week_end(today))
    later = make_duty(person, code="RESIDENCE_TITLE_CHECK", due=week_end(today) + dt.timedelta(10))
    for language, overdue_word in (("en", "Overdue"), ("de", "Überfällig")):
        html = _page(client_for(Role.HR), language)
        block = _block(html, "duties")
        assert reverse("compliance:duty_detail", args=[overdue.pk]) in block
        assert reverse("compliance:duty_detail", args=[this_week.pk]) in block
        assert reverse("compliance:duty_detail", args=[later.pk]) not in block
        assert reverse("people:detail", args=[person.pk]) in block
        assert overdue_word in block
        with override(language):
            assert overdue.due is not None
            assert date_format(overdue.due, "SHORT_DATE_FORMAT") in block
        assert "DEUEV_REGISTRATION" not in block
        # What to do today comes before the head counts.
        assert html.index('id="home-duties"') < html.index('id="status-heading"')


def test_open_cases_are_counted_by_step_with_a_filtered_link(tenant: Tenant, client_for) -> None:
    make_case(tenant.other_person)
    case = make_case(tenant.assigned_person)
    first = Milestone.objects.filter(case=case).order_by("position").first()
    assert first is not None
    block = _block(_page(client_for(Role.HR)), "cases")
    assert reverse("mobility:case_list") + f"?step={first.code}" in block
    assert "<strong>2</strong>" in block


def test_each_block_has_an_empty_state(tenant: Tenant, client_for) -> None:
    Duty.objects.filter(organization=tenant.organization).delete()
    html = _page(client_for(Role.HR), "de")
    assert "Keine Pflicht ist überfällig oder diese Woche fällig." in _block(html, "duties")
    assert "Keine offenen Verfahren." in _block(html, "cases")


def test_a_manager_sees_only_their_reports_items(tenant: Tenant, client_for) -> None:
    today = timezone.localdate()
    report = make_duty(tenant.assigned_person, due=today - dt.timedelta(days=1))
    other = make_duty(tenant.other_person, due=today - dt.timedelta(days=1))
    make_case(tenant.other_person)
    html = _page(client_for(Role.MANAGER))
    block = _block(html, "duties")
    assert reverse("compliance:duty_detail", args=[report.pk]) in block
    assert reverse("compliance:duty_detail", args=[other.pk]) not in block
    assert "No open cases." in _block(html, "cases")


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured.captured_queries)


def _add_rows(tenant: Tenant, count: int) -> None:
    today = timezone.localdate()
    for index in range(count):
        person = PersonFactory(organization=tenant.organization)
        make_duty(person, due=today - dt.timedelta(days=1 + index % 5))
        make_duty(person, code="HEALTH_INSURANCE_REGISTRATION", due=week_end(today))
        make_case(person)


def test_query_count_does_not_grow_with_rows(tenant: Tenant, client_for) -> None:
    client = client_for(Role.HR)
    _add_rows(tenant, 2)
    client.get(URL)  # warm the session and the caches
    few = _queries(client)
    _add_rows(tenant, 25)
    many = _queries(client)
    assert few == many
