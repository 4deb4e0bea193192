"""ICS feed, CSV/XLSX export and the API operations of the compliance app."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.http import HttpRequest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from icalendar import Calendar
from openpyxl import load_workbook

from expatcare.accounts.roles import Role
from expatcare.compliance import api
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.models import CalendarFeed
from expatcare.compliance.services import calendar_feed_create
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant, streamed

pytestmark = pytest.mark.django_db


@pytest.fixture
def duties(tenant: Tenant):
    today = berlin_today()
    return [
        make_duty(tenant.other_person, "DEUEV_REGISTRATION", today + dt.timedelta(5)),
        make_duty(tenant.assigned_person, "SOFORTMELDUNG", today - dt.timedelta(2)),
        make_duty(tenant.assigned_person, "HEALTH_INSURANCE_REGISTRATION", today, status="done"),
        make_duty(
            tenant.employee_person,
            "RESIDENCE_REGISTRATION",
            today + dt.timedelta(9),
            responsible="employee",
            responsible_user=tenant.users[Role.EMPLOYEE],
        ),
    ]


def _token(url: str) -> str:
    return url.rsplit("/", 1)[-1].removesuffix(".ics")


def _create_link(client) -> str:
    """Create (or rotate) the link on the calendar page, which shows it after the redirect."""
    response = client.post(reverse("compliance:calendar"), {"action": "create"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("compliance:calendar")
    url: str = response.context["feed_url"]
    assert url.startswith("http") and url.endswith(".ics")
    return url


class TestCalendarFeed:
    def test_feed_has_one_all_day_event_per_open_duty(self, tenant, client_for, duties) -> None:
        client = client_for(Role.HR)
        url = _create_link(client)
        assert client.get(reverse("compliance:calendar")).context["feed_url"] == url
        response = client_for(Role.AUDITOR).get(url)  # the token alone is the credential
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(b"".join(response.streaming_content))
        events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
        # The HR team answers for the unassigned employer duties that are still open.
        assert set(events) == {f"duty-{duties[0].pk}@expatcare", f"duty-{duties[1].pk}@expatcare"}
        event = events[f"duty-{duties[0].pk}@expatcare"]
        assert event.decoded("dtstart") == duties[0].due
        assert not isinstance(event.decoded("dtstart"), dt.datetime)  # all-day
        assert "§ 6 DEÜV" in str(event["description"])
        assert str(event["url"]).endswith(reverse("compliance:duty_detail", args=[duties[0].pk]))

    def test_employee_feed_has_own_duties(self, tenant, duties) -> None:
        _feed, token = calendar_feed_create(actor=tenant.actor(Role.EMPLOYEE))
        from django.test import Client

        response = Client().get(reverse("compliance:ics_feed", args=[token]))
        body = streamed(response)
        events = list(Calendar.from_ical(body).walk("VEVENT"))
        assert [e.decoded("dtstart") for e in events] == [duties[3].due]

    @pytest.mark.parametrize(
        ("language", "sentence"),
        [
            ("en", "A calendar link has been active since {day}."),
            ("de", "Ein Kalender-Link ist seit {day} aktiv."),
        ],
    )
    def test_page_says_since_which_day_the_link_is_active(
        self, client_for, language: str, sentence: str
    ) -> None:
        """The day is enough, and an English time would end the sentence in "p.m.."."""
        client = client_for(Role.HR)
        _create_link(client)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(reverse("compliance:calendar"))
        zone = ZoneInfo(page.context["user"].time_zone)
        created = page.context["active_feed"].created_at.astimezone(zone)
        with translation.override(language):
            day = date_format(created.date(), "DATE_FORMAT")
        assert day.endswith(str(created.year))
        assert sentence.format(day=day) in page.content.decode()

    def test_revoked_or_rotated_token_is_404(self, tenant, client, client_for, duties) -> None:
        hr = client_for(Role.HR)
        first = _token(_create_link(hr))
        second = _token(_create_link(hr))
        assert client.get(reverse("compliance:ics_feed", args=[first])).status_code == 404
        assert client.get(reverse("compliance:ics_feed", args=[second])).status_code == 200
        hr.post(reverse("compliance:calendar"), {"action": "revoke"})
        assert hr.get(reverse("compliance:calendar")).context["feed_url"] is None
        assert client.get(reverse("compliance:ics_feed", args=[second])).status_code == 404
        assert client.get(reverse("compliance:ics_feed", args=["nonsense"])).status_code == 404
        assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()

    def test_provider_may_not_create_a_feed(self, client_for) -> None:
        response = client_for(Role.PROVIDER_ADMIN).post(
            reverse("compliance:calendar"), {"action": "create"}
        )
        assert response.status_code == 403


class TestExport:
    def test_csv(self, client_for, duties) -> None:
        response = client_for(Role.HR).get(
            reverse("compliance:export"), {"format": "csv", "state": "pending"}
        )
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0][:3] == ["Person", "Person ID", "Code"]
        assert [r[2] for r in rows[1:]] == [
            "SOFORTMELDUNG",
            "DEUEV_REGISTRATION",
            "RESIDENCE_REGISTRATION",
        ]
        assert rows[1][5] == "Overdue"
        assert rows[1][6] == "Employer"
        assert rows[2][8].startswith("https://")

    def test_xlsx(self, client_for, duties) -> None:
        response = client_for(Role.AUDITOR).get(
            reverse("compliance:export"), {"format": "xlsx", "state": "done"}
        )
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][2] == "Code"
        assert len(rows) == 2 and rows[1][2] == "HEALTH_INSURANCE_REGISTRATION"
        assert rows[1][4].date() == duties[2].due
        assert rows[1][5] == "Done"

    def test_xlsx_speaks_the_readers_language(self, client_for, duties) -> None:
        client = client_for(Role.HR)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
        response = client.get(reverse("compliance:export"), {"format": "xlsx", "state": "overdue"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert sheet.title == "Pflichten"
        assert rows[0][:6] == ("Person", "Personen-ID", "Code", "Pflicht", "Fällig", "Status")
        assert rows[1][2:4] == ("SOFORTMELDUNG", "Sofortmeldung")
        assert rows[1][5:7] == ("Überfällig", "Arbeitgeber")

    def test_employee_export_is_own_only(self, tenant, client_for, duties) -> None:
        response = client_for(Role.EMPLOYEE).get(reverse("compliance:export"), {"state": "all"})
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert {r[1] for r in rows[1:]} == {str(tenant.employee_person.pk)}


def _request(tenant: Tenant, role: Role, path: str = "/api/v1/obligations") -> HttpRequest:
    request = RequestFactory().get(path)
    request.auth = tenant.actor(role)  # type: ignore[attr-defined]  # set by ninja's auth
    return request


def _filters(**values: Any) -> api.ObligationFilters:
    """The query schema as ninja builds it from a query string (defaults filled in)."""
    return api.ObligationFilters.model_validate(values)


class TestApi:
    def test_obligations_filters_and_fields(self, tenant, duties) -> None:
        data = api.obligation_list(_request(tenant, Role.HR), _filters(status="overdue"))
        assert data["count"] == 1
        item = data["results"][0]
        assert (item.code, item.status, item.due) == ("SOFORTMELDUNG", "overdue", duties[1].due)
        assert item.legal_basis and item.source and item.responsible == "employer"
        by_person = api.obligation_list(
            _request(tenant, Role.HR), _filters(person=tenant.other_person.pk)
        )
        assert [i.code for i in by_person["results"]] == ["DEUEV_REGISTRATION"]
        window = api.obligation_list(
            _request(tenant, Role.HR),
            _filters(due_after=berlin_today(), code="RESIDENCE_REGISTRATION"),
        )
        assert window["count"] == 1

    def test_obligations_scoping(self, tenant, other_tenant, duties) -> None:
        employee = api.obligation_list(_request(tenant, Role.EMPLOYEE), _filters())
        assert {i.person_id for i in employee["results"]} == {tenant.employee_person.pk}
        provider = api.obligation_list(_request(tenant, Role.PROVIDER_AGENT), _filters())
        assert provider["count"] == 0
        stranger = api.obligation_list(_request(other_tenant, Role.HR), _filters())
        assert stranger["count"] == 0

    def test_calendar_feed_create_and_revoke(self, tenant, client, duties) -> None:
        out = api.calendar_feed_create(_request(tenant, Role.HR, "/api/v1/me/calendar-feed"))
        assert out.calendar_url.startswith("http://testserver/compliance/calendar/")
        assert client.get(out.calendar_url).status_code == 200
        assert api.calendar_feed_revoke(_request(tenant, Role.HR)).status_code == 204
        assert client.get(out.calendar_url).status_code == 404
        assert json.dumps(out.model_dump())
