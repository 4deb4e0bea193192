"""The case and obligation operations and the caller's calendar link, over HTTP with a token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from icalendar import Calendar

from expatcare.accounts.roles import Role
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.models import CalendarFeed
from expatcare.core.crypto import derived_key
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant, streamed

pytestmark = pytest.mark.django_db


class TestCalendarLinkOnMe:
    def test_create_read_on_me_rotate_and_revoke(self, tenant: Tenant, bearer_for) -> None:
        duty = make_duty(
            tenant.other_person, "DEUEV_REGISTRATION", berlin_today() + dt.timedelta(3)
        )
        api = bearer_for(Role.HR)
        assert api.get("/api/v1/me").json()["calendar_url"] is None

        first = api.post("/api/v1/me/calendar-feed").json()["calendar_url"]
        assert api.get("/api/v1/me").json()["calendar_url"] == first
        feed = streamed(Client().get(first))
        events = list(Calendar.from_ical(feed).walk("VEVENT"))
        assert [e.decoded("dtstart") for e in events] == [duty.due]

        second = api.post("/api/v1/me/calendar-feed").json()["calendar_url"]
        assert second != first
        assert api.get("/api/v1/me").json()["calendar_url"] == second
        assert Client().get(first).status_code == 404

        assert api.delete("/api/v1/me/calendar-feed").status_code == 204
        assert api.get("/api/v1/me").json()["calendar_url"] is None
        assert Client().get(second).status_code == 404

    def test_the_token_is_stored_only_hashed_and_encrypted(
        self, tenant: Tenant, bearer_for
    ) -> None:
        url = bearer_for(Role.HR).post("/api/v1/me/calendar-feed").json()["calendar_url"]
        token = url.rsplit("/", 1)[-1].removesuffix(".ics")
        feed = CalendarFeed.objects.get(revoked_at__isnull=True)
        assert token not in feed.token_hash and token not in feed.token_encrypted

    def test_a_rotated_encryption_key_still_reads_the_link(
        self, tenant: Tenant, bearer_for
    ) -> None:
        api = bearer_for(Role.HR)
        url = api.post("/api/v1/me/calendar-feed").json()["calendar_url"]
        from django.conf import settings

        old_key = derived_key(settings.SECRET_KEY).decode()
        new_key = derived_key("a newer key").decode()
        with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, old_key]):
            assert api.get("/api/v1/me").json()["calendar_url"] == url
        with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):
            # Without the key that wrote it the link is unknown, not an error.
            assert api.get("/api/v1/me").json()["calendar_url"] is None

    def test_provider_users_get_no_link(self, bearer_for) -> None:
        assert bearer_for(Role.PROVIDER_AGENT).post("/api/v1/me/calendar-feed").status_code == 403


class TestObligations:
    def test_filters_and_fields(self, tenant: Tenant, bearer_for) -> None:
        today = berlin_today()
        make_duty(tenant.other_person, "DEUEV_REGISTRATION", today + dt.timedelta(5))
        make_duty(tenant.assigned_person, "SOFORTMELDUNG", today - dt.timedelta(2))
        api = bearer_for(Role.HR)
        body = api.get("/api/v1/obligations", {"status": "overdue"}).json()
        assert body["count"] == 1
        item = body["results"][0]
        assert item["code"] == "SOFORTMELDUNG" and item["status"] == "overdue"
        assert item["due"] == (today - dt.timedelta(2)).isoformat()
        assert item["legal_basis"] and item["source"] and item["responsible"] == "employer"
        later = api.get("/api/v1/obligations", {"due_after": today.isoformat()}).json()
        assert [i["code"] for i in later["results"]] == ["DEUEV_REGISTRATION"]
        assert api.get("/api/v1/obligations", {"due_after": "someday"}).status_code == 422

    def test_other_tenants_see_nothing(
        self, tenant: Tenant, other_tenant: Tenant, bearer_for
    ) -> None:
        make_duty(tenant.other_person, "DEUEV_REGISTRATION", berlin_today())
        stranger = bearer_for(Role.HR, of=other_tenant)
        assert stranger.get("/api/v1/obligations").json()["count"] == 0
