"""The person page as the hub of the person: status, next steps and overdue items at the top,
sections contributed by other apps (case and eligibility, duties), linked both ways, in a number
of queries that does not grow with the person's cases, milestones and duties."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from expatcare.accounts.roles import Role
from expatcare.compliance.models import Duty
from expatcare.people.hooks import (
    PersonPageRequest,
    PersonPageSection,
    collect_person_page_sections,
    person_page_sections,
)
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db


def _duty(person, code: str, due: dt.date) -> Duty:
    return Duty.objects.create(
        organization_id=person.organization_id,
        person=person,
        code=code,
        origin_key=f"{code}-{due.isoformat()}",
        due=due,
        legal_basis="§ 6 DEÜV",
        source="https://www.gesetze-im-internet.de/de_v/__6.html",
        message_code="obligation.deuev_registration",
        message_params={"weeks": "6"},
    )


def _detail(client, person) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("people:detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode(), len(context.captured_queries)


def test_page_links_case_duties_and_eligibility_and_raises_overdue(tenant, client_for):
    person = tenant.other_person
    case = make_case(person)
    today = timezone.localdate()
    late = _duty(person, "DEUEV_REGISTRATION", today - dt.timedelta(days=3))
    _duty(person, "HEALTH_INSURANCE_REGISTRATION", today + dt.timedelta(days=20))
    html, _count = _detail(client_for(Role.HR), person)
    for anchor in ("section-record", "section-family", "section-documents"):
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html
    assert 'id="section-case"' in html and 'id="section-duties"' in html
    assert reverse("mobility:case_detail", args=[case.pk]) in html
    assert reverse("compliance:duty_detail", args=[late.pk]) in html
    assert reverse("mobility:eligibility") + f"?person={person.pk}" in html
    summary = html[html.index('id="person-summary"') : html.index("section-tabs")]
    assert "Overdue" in summary
    assert reverse("compliance:duty_detail", args=[late.pk]) in summary
    assert "Next steps" in summary and reverse("mobility:case_detail", args=[case.pk]) in summary
    # Codes stay out of sight: the duty shows its name.
    assert "DEUEV_REGISTRATION" not in html


def test_case_page_and_duty_page_link_back(tenant, client_for):
    person = tenant.other_person
    case = make_case(person)
    html = client_for(Role.HR).get(reverse("mobility:case_detail", args=[case.pk])).content
    assert reverse("people:detail", args=[person.pk]).encode() in html


def test_query_count_is_constant_in_cases_and_duties(tenant, client_for):
    small, big = tenant.other_person, PersonFactory(organization=tenant.organization)
    make_case(small)
    today = timezone.localdate()
    _duty(small, "DEUEV_REGISTRATION", today - dt.timedelta(days=1))
    for goal in ("entry", "recognition", "permit_renewal"):
        make_case(big, goal=goal)
    for i in range(25):
        _duty(big, f"DUTY_{i}", today + dt.timedelta(days=i - 5))
    client = client_for(Role.HR)
    _html, few = _detail(client, small)
    _html, many = _detail(client, big)
    assert many == few


def test_employee_sees_own_sections_without_the_eligibility_check(tenant, client_for):
    person = tenant.employee_person
    make_case(person)
    html = client_for(Role.EMPLOYEE).get(reverse("people:me")).content.decode()
    assert 'id="section-case"' in html and reverse("mobility:my_case") in html
    assert reverse("mobility:eligibility") + "?person=" not in html
    assert "Invite to the portal" not in html


def test_provider_sees_no_duties_section(tenant, client_for):
    html = client_for(Role.PROVIDER_AGENT).get(
        reverse("people:detail", args=[tenant.assigned_person.pk])
    )
    assert html.status_code == 200
    assert 'id="section-duties"' not in html.content.decode()


def test_other_apps_can_add_a_section(tenant):
    """The extension point care, messages, onboarding and pension use."""

    def messages_section(request: PersonPageRequest) -> PersonPageSection:
        return PersonPageSection(
            key="messages", title="Messages", order=70, template="people/_audit_entries.html"
        )

    person_page_sections.subscribe(messages_section)
    try:
        sections = collect_person_page_sections(
            PersonPageRequest(
                actor=tenant.actor(Role.HR),
                person=tenant.other_person,
                today=timezone.localdate(),
                is_own=False,
            )
        )
    finally:
        person_page_sections.unsubscribe(messages_section)
    keys = [section.key for section in sections]
    assert keys == ["case", "duties", "care", "messages"]
