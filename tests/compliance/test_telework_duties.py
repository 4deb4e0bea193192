"""A person who teleworks from their country of residence gets the duties of the law that applies.

Italy applies the cross-border telework framework agreement since 2024-01-01: an employee living
in Italy who works 40 % from home for a German employer keeps German social-security law on
request, with an A1 certificate due when the work starts. The telework share is part of the
person's record, so the duty appears in the person's duty list and through the API.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.compliance.models import Duty
from expatcare.people import services as people_services
from tests.conftest import Tenant
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

START = dt.date(2027, 2, 1)  # a Monday


@pytest.fixture
def teleworker(tenant: Tenant):
    person = PersonFactory(
        organization=tenant.organization,
        first_name="Giulia",
        last_name="Rossi",
        nationalities=["IT"],
        residence_country="IT",
        work_country="DE",
        work_state="BY",
        start_date=START,
    )
    people_services.person_update(
        actor=tenant.actor(Role.HR), person=person, changes={"telework_share_percent": 40}
    )
    return person


def test_the_a1_duty_is_due_when_the_work_starts(teleworker) -> None:
    duty = Duty.objects.get(person=teleworker, code="A1_CERTIFICATE")
    assert duty.due == START


def test_the_api_lists_the_a1_duty_with_its_due_date(tenant: Tenant, client_for, teleworker):
    response = client_for(Role.HR).get("/api/v1/obligations", {"person": teleworker.pk})
    assert response.status_code == 200, response.content
    a1 = [d for d in response.json()["results"] if d["code"] == "A1_CERTIFICATE"]
    assert len(a1) == 1 and a1[0]["due"] == START.isoformat()


def test_the_persons_duty_list_shows_the_a1_duty(tenant: Tenant, client_for, teleworker):
    url = reverse("compliance:dashboard")
    response = client_for(Role.HR).get(
        url, {"person": teleworker.pk, "state": "all"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Apply for the A1 certificate" in html
    duty = Duty.objects.get(person=teleworker, code="A1_CERTIFICATE")
    assert reverse("compliance:duty_detail", args=[duty.pk]) in html


def test_without_telework_there_is_no_a1_duty(tenant: Tenant, teleworker) -> None:
    people_services.person_update(
        actor=tenant.actor(Role.HR), person=teleworker, changes={"telework_share_percent": None}
    )
    assert Duty.objects.get(person=teleworker, code="A1_CERTIFICATE").withdrawn


def test_the_person_page_shows_the_telework_share(tenant: Tenant, client_for, teleworker):
    response = client_for(Role.HR).get(
        reverse("people:detail", args=[teleworker.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Telework from the country of residence" in response.content.decode()
    assert "40 %" in response.content.decode()


def test_the_person_page_lists_the_a1_duty_with_its_due_date(
    tenant: Tenant, client_for, teleworker
) -> None:
    response = client_for(Role.HR).get(
        reverse("people:detail", args=[teleworker.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    duty = Duty.objects.get(person=teleworker, code="A1_CERTIFICATE")
    assert "Apply for the A1 certificate" in html
    assert reverse("compliance:duty_detail", args=[duty.pk]) in html
