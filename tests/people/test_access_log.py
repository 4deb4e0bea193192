"""Defect 11: sensitive reads are logged once per reader, person and hour, and shown apart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.people import services

pytestmark = pytest.mark.django_db
READ = "person.salary_read"


@pytest.fixture
def person(tenant):
    person = tenant.other_person
    person.annual_salary_eur = Decimal("62000")
    person.save()
    return person


def _reads(person) -> int:
    return AuditEntry.objects.filter(action=READ, person_id=person.pk).count()


def test_five_views_in_a_minute_log_one_read(tenant, person, client_for) -> None:
    hr = client_for(Role.HR)
    for _ in range(5):
        assert hr.get(reverse("people:detail", args=[person.pk])).status_code == 200
    assert _reads(person) == 1
    # Another reader is logged on their own.
    client_for(Role.OWNER).get(reverse("people:detail", args=[person.pk]))
    assert _reads(person) == 2


def test_a_read_an_hour_later_is_logged_again(tenant, person) -> None:
    actor = tenant.actor(Role.HR)
    services.person_salary_read(actor=actor, person=person)
    AuditEntry.objects.filter(action=READ).update(
        created_at=AuditEntry.objects.get(action=READ).created_at - dt.timedelta(minutes=61)
    )
    services.person_salary_read(actor=actor, person=person)
    assert _reads(person) == 2


def test_reads_are_shown_apart_from_changes(tenant, person, client_for) -> None:
    services.person_update(
        actor=tenant.actor(Role.HR), person=person, changes={"job_title": "Welder"}
    )
    html = client_for(Role.HR).get(reverse("people:detail", args=[person.pk])).content.decode()
    trail = html[html.index('id="section-audit"') : html.index('id="section-access-log"')]
    access = html[html.index('id="section-access-log"') :]
    assert "Salary viewed" not in trail and "Person changed" in trail
    assert "Salary viewed" in access
    full = client_for(Role.HR).get(reverse("people:audit", args=[person.pk]), {"log": "reads"})
    assert "Salary viewed" in full.content.decode()
    changes = client_for(Role.HR).get(reverse("people:audit", args=[person.pk]))
    assert "Salary viewed" not in changes.content.decode().split("<main", 1)[-1]


def test_an_own_read_buried_under_others_reads_is_still_found(tenant, person, client_for) -> None:
    hr = client_for(Role.HR)
    url = reverse("people:detail", args=[person.pk])
    hr.get(url)
    owner = tenant.actor(Role.OWNER)
    # Twelve newer reads of someone else: more than the access log on the page shows.
    for _ in range(12):
        services.person_salary_read(actor=owner, person=person, already_logged=False)
    html = hr.get(url).content.decode()
    assert _reads(person) == 13
    access = html[html.index('id="section-access-log"') :]
    assert "Show the whole access log" in access


def test_a_read_older_than_an_hour_is_logged_again_by_the_page(tenant, person, client_for) -> None:
    hr = client_for(Role.HR)
    url = reverse("people:detail", args=[person.pk])
    hr.get(url)
    AuditEntry.objects.filter(action=READ).update(
        created_at=AuditEntry.objects.get(action=READ).created_at - dt.timedelta(minutes=61)
    )
    html = hr.get(url).content.decode()
    assert _reads(person) == 2
    access = html[html.index('id="section-access-log"') :]
    assert access.count("Salary viewed") == 2


def test_both_logs_are_cut_apart_with_their_own_links(tenant, person, client_for) -> None:
    hr = tenant.actor(Role.HR)
    for n in range(51):
        services.person_update(actor=hr, person=person, changes={"job_title": f"Welder {n}"})
    html = client_for(Role.HR).get(reverse("people:detail", args=[person.pk])).content.decode()
    trail = html[html.index('id="section-audit"') : html.index('id="section-access-log"')]
    access = html[html.index('id="section-access-log"') :]
    assert "Show the whole audit trail" in trail and "Welder 50" in trail
    assert "Welder 0<" not in trail  # the oldest change is one too many for the page
    assert "Salary viewed" in access and "Show the whole access log" not in access
