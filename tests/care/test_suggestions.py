"""Suggestions: reasons from the facts, the legal basis from the engine, dismissals that hold
until the facts change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.care import services
from expatcare.care.actions import CareAction
from expatcare.care.choices import CareCategory
from expatcare.care.models import CareModule, Enrolment
from expatcare.care.suggestions import person_suggestions
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people.models import PersonLanguage
from tests.care.factories import CareModuleFactory
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def _codes(tenant: Tenant, person: Any) -> dict[str, Any]:
    modules = list(CareModule.objects.all())
    return {s.code: s for s in person_suggestions(modules=modules, person=person, today=TODAY)}


def test_a_hire_from_india_before_the_start_gets_health_cover_with_its_legal_basis(
    tenant: Tenant,
) -> None:
    person = PersonFactory(
        organization=tenant.organization, status="hired", start_date=dt.date(2026, 6, 1)
    )
    suggestions = _codes(tenant, person)
    health = suggestions[CareCategory.HEALTH_INSURANCE]
    assert "§ 5 Abs. 1 Nr. 1 AufenthG" in health.legal_basis
    assert health.source.startswith("https://www.gesetze-im-internet.de/")
    # No German yet, moving now, everyone gets support and a help desk; no children.
    assert {
        CareCategory.LANGUAGE_COURSE,
        CareCategory.AUTHORITY_HELP,
        CareCategory.PSYCHOSOCIAL_SUPPORT,
        CareCategory.HELP_DESK,
    } <= set(suggestions)
    assert CareCategory.FAMILY_ASSISTANCE not in suggestions


def test_an_eu_citizen_in_germany_needs_no_proof_and_b1_needs_no_course(tenant: Tenant) -> None:
    person = PersonFactory(
        organization=tenant.organization,
        nationalities=["FR"],
        status="active",
        move_in_date=dt.date(2024, 1, 1),
    )
    PersonLanguage.objects.create(
        organization=tenant.organization, person=person, language="de", level="B2"
    )
    suggestions = _codes(tenant, person)
    assert CareCategory.HEALTH_INSURANCE not in suggestions
    assert CareCategory.LANGUAGE_COURSE not in suggestions
    assert CareCategory.AUTHORITY_HELP not in suggestions


def test_a_dismissal_holds_until_the_facts_change(tenant: Tenant) -> None:
    person = tenant.other_person
    hr = tenant.actor(Role.HR)
    services.suggestion_dismiss(actor=hr, person=person, code=CareCategory.HELP_DESK, today=TODAY)
    assert CareCategory.HELP_DESK not in _codes(tenant, person)
    FamilyMemberFactory(person=person, relation="child")
    assert CareCategory.FAMILY_ASSISTANCE in _codes(tenant, person)
    services.suggestion_dismiss(
        actor=hr, person=person, code=CareCategory.FAMILY_ASSISTANCE, today=TODAY
    )
    assert CareCategory.FAMILY_ASSISTANCE not in _codes(tenant, person)
    # A second child changes the facts: the suggestion is back.
    FamilyMemberFactory(person=person, relation="child")
    assert CareCategory.FAMILY_ASSISTANCE in _codes(tenant, person)
    assert (
        AuditEntry.objects.filter(action=CareAction.SUGGESTION_DISMISS, person_id=person.pk).count()
        == 2
    )
    with pytest.raises(ServiceError):
        services.suggestion_dismiss(
            actor=hr, person=person, code=CareCategory.HELP_DESK, today=TODAY
        )


def test_accepting_requests_the_module_but_only_offers_confidential_care(
    tenant: Tenant,
) -> None:
    helpdesk = CareModuleFactory(organization=tenant.provider, category="help_desk")
    CareModuleFactory(
        organization=tenant.provider, category="psychosocial_support", confidential=True
    )
    hr = tenant.actor(Role.HR)
    person = tenant.other_person
    enrolment = services.suggestion_accept(
        actor=hr, person=person, code=CareCategory.HELP_DESK, start_date=TODAY, today=TODAY
    )
    assert enrolment is not None and enrolment.module == helpdesk
    offered = services.suggestion_accept(
        actor=hr,
        person=person,
        code=CareCategory.PSYCHOSOCIAL_SUPPORT,
        start_date=TODAY,
        today=TODAY,
    )
    assert offered is None and Enrolment.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.suggestion_accept(
            actor=tenant.actor(Role.MANAGER),
            person=person,
            code=CareCategory.LANGUAGE_COURSE,
            start_date=TODAY,
        )


def test_the_person_care_page_shows_and_takes_decisions(tenant: Tenant, client_for: Any) -> None:
    CareModuleFactory(organization=tenant.provider, category="help_desk", name_en="Desk")
    client = client_for(Role.HR)
    url = reverse("care:person_care", args=[tenant.other_person.pk])
    page = client.get(url).content.decode()
    assert "Desk" in page and "help_desk" in page
    response = client.post(
        reverse("care:suggestion_dismiss", args=[tenant.other_person.pk]), {"code": "help_desk"}
    )
    assert response.status_code == 302
    assert 'value="help_desk"' not in client.get(url).content.decode()
