"""The "Care" section of the person page: each reader sees the enrolments the care policies
give them, a confidential enrolment only its own employee, in one query whatever their number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expatcare.accounts.models import Membership, User
from expatcare.accounts.roles import Role
from expatcare.care import confidential
from expatcare.care.choices import EnrolmentStatus
from expatcare.care.models import CareModule, Enrolment
from expatcare.care.policies import can_see_person_enrolments
from expatcare.people.models import Person
from tests.care.factories import CareModuleFactory, EnrolmentFactory
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory

pytestmark = pytest.mark.django_db

# What a confidential enrolment must never show to staff: its module, provider and price.
EAP_NAME = "Employee Assistance Programme"
EAP_PROVIDER = "Calm Minds Counselling"
EAP_PRICE = Decimal("83.27")


def _insurance(tenant: Tenant, **values: Any) -> CareModule:
    defaults: dict[str, Any] = {
        "organization": tenant.provider,
        "name_en": "Expat health insurance",
        "name_de": "Auslandskrankenversicherung",
        "provider_name": "Globe Health AG",
        "category": "health_insurance",
        "price": Decimal("47.11"),
    }
    return CareModuleFactory(**(defaults | values))


def _eap(tenant: Tenant) -> CareModule:
    return CareModuleFactory(
        organization=tenant.provider,
        name_en=EAP_NAME,
        name_de="Mitarbeiterberatung",
        provider_name=EAP_PROVIDER,
        category="psychosocial_support",
        confidential=True,
        price=EAP_PRICE,
    )


def _sealed(tenant: Tenant, module: CareModule, person: Person) -> Enrolment:
    return Enrolment.objects.create(
        organization=tenant.organization,
        module=module,
        provider=module.provider,
        status=EnrolmentStatus.ACTIVE,
        requested_on=dt.date(2026, 1, 1),
        start_date=dt.date(2026, 1, 1),
        price_model=module.price_model,
        unit_price=module.price,
        confidential=True,
        subject_encrypted=confidential.seal(confidential.Subject(person_id=person.pk)),
    )


def _page(client: Any, person: Person, *, own: bool = False, language: str = "en") -> str:
    """The page in ``language`` (the reader's profile language decides before the browser's)."""
    User.objects.filter(pk=client.session["_auth_user_id"]).update(language=language)
    url = reverse("people:me") if own else reverse("people:detail", args=[person.pk])
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def _section(html: str) -> str:
    start = html.index('id="section-care"')
    return html[start : html.index("</section>", start)]


def _assert_no_trace_of_the_eap(html: str) -> None:
    for text in (EAP_NAME, "Mitarbeiterberatung", EAP_PROVIDER, "83.27", "83,27"):
        assert text not in html


class TestStaff:
    @pytest.mark.parametrize("role", [Role.HR, Role.AUDITOR, Role.OWNER])
    def test_tenant_wide_staff_see_the_enrolments_with_costs_and_links(
        self, tenant: Tenant, client_for: Any, role: Role
    ) -> None:
        person = tenant.other_person
        child = FamilyMemberFactory(person=person, relation="child", first_name="Deniz")
        mine = EnrolmentFactory(person=person, module=_insurance(tenant))
        theirs = EnrolmentFactory(
            person=person,
            family_member=child,
            module=_insurance(tenant, name_en="Family cover", price=Decimal("12.00")),
            status=EnrolmentStatus.ENDED,
            end_date=dt.date(2026, 3, 31),
        )
        section = _section(_page(client_for(role), person))
        assert "Expat health insurance" in section and "Globe Health AG" in section
        assert "Family cover" in section and "Deniz (Child)" in section
        assert "Ended" in section and "03/31/2026" in section and "01/01/2026" in section
        assert "€47.11" in section and "€12.00" in section
        for enrolment in (mine, theirs):
            assert reverse("care:enrolment_detail", args=[enrolment.pk]) in section
        assert reverse("care:person_care", args=[person.pk]) in section

    @pytest.mark.parametrize("role", [Role.HR, Role.AUDITOR, Role.MANAGER])
    def test_a_confidential_enrolment_is_neither_shown_nor_counted_nor_hinted_at(
        self, tenant: Tenant, client_for: Any, role: Role
    ) -> None:
        person = tenant.assigned_person  # a report of the manager
        EnrolmentFactory(person=person, module=_insurance(tenant))
        _sealed(tenant, _eap(tenant), person)
        html = _page(client_for(role), person)
        _assert_no_trace_of_the_eap(html)
        assert "Confidential" not in _section(html)
        # The tab's count is the one enrolment they may see.
        assert '#section-care">Care <span class="badge">1</span>' in html

    def test_german_readers_see_the_german_module_name(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        EnrolmentFactory(person=tenant.other_person, module=_insurance(tenant))
        section = _section(_page(client_for(Role.HR), tenant.other_person, language="de"))
        assert "Auslandskrankenversicherung" in section and "47,11" in section
        assert "Monatliche Kosten" in section

    def test_a_person_without_enrolments_has_the_empty_state(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        section = _section(_page(client_for(Role.HR), tenant.other_person))
        assert "No care enrolments yet." in section and "<table" not in section


class TestManager:
    def test_a_report_without_costs_and_family_by_relation_only(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        person = tenant.assigned_person
        child = FamilyMemberFactory(person=person, relation="child", first_name="Deniz")
        enrolment = EnrolmentFactory(person=person, family_member=child, module=_insurance(tenant))
        section = _section(_page(client_for(Role.MANAGER), person))
        assert "Expat health insurance" in section
        assert reverse("care:enrolment_detail", args=[enrolment.pk]) in section
        assert "Monthly cost" not in section and "€47.11" not in section
        assert "Deniz" not in section and "Child" in section

    def test_with_hr_s_grant_the_family_is_named(self, tenant: Tenant, client_for: Any) -> None:
        Membership.objects.filter(user=tenant.users[Role.MANAGER]).update(sees_report_details=True)
        person = tenant.assigned_person
        child = FamilyMemberFactory(person=person, relation="child", first_name="Deniz")
        EnrolmentFactory(person=person, family_member=child, module=_insurance(tenant))
        assert "Deniz (Child)" in _section(_page(client_for(Role.MANAGER), person))

    def test_nothing_of_someone_who_is_not_a_report(self, tenant: Tenant, client_for: Any) -> None:
        EnrolmentFactory(person=tenant.other_person, module=_insurance(tenant))
        response = client_for(Role.MANAGER).get(
            reverse("people:detail", args=[tenant.other_person.pk])
        )
        assert response.status_code == 404
        assert b"Expat health insurance" not in response.content
        actor = tenant.actor(Role.MANAGER)
        assert not can_see_person_enrolments(actor, tenant.other_person)
        assert can_see_person_enrolments(actor, tenant.assigned_person)


class TestEmployee:
    def test_my_own_enrolments_with_my_confidential_one_and_no_costs(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        person = tenant.employee_person
        EnrolmentFactory(person=person, module=_insurance(tenant))
        _sealed(tenant, _eap(tenant), person)
        section = _section(_page(client_for(Role.EMPLOYEE), person, own=True))
        assert "Expat health insurance" in section and EAP_NAME in section
        assert EAP_PROVIDER in section and "You" in section
        assert "Confidential: your employer does not see who uses it." in section
        assert "€" not in section and "Monthly cost" not in section
        assert reverse("care:my_care") in section
        assert reverse("care:enrolment_detail", args=[0]).removesuffix("0/") not in section

    def test_someone_elses_confidential_enrolment_is_not_mine(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        _sealed(tenant, _eap(tenant), tenant.other_person)
        html = _page(client_for(Role.EMPLOYEE), tenant.employee_person, own=True)
        _assert_no_trace_of_the_eap(html)
        assert "No care enrolments yet." in _section(html)

    def test_the_section_speaks_the_portal_languages(self, tenant: Tenant, client_for: Any) -> None:
        EnrolmentFactory(person=tenant.employee_person, module=_insurance(tenant))
        client = client_for(Role.EMPLOYEE)
        section = _section(_page(client, tenant.employee_person, own=True, language="tr"))
        assert "Bakım hizmetleri" in section and "Kapsanan kişi" in section
        assert "Siz" in section and "Bakım hizmetlerim" in section


def test_providers_get_their_own_page_without_the_section(tenant: Tenant, client_for: Any) -> None:
    person = tenant.assigned_person
    EnrolmentFactory(person=person, module=_insurance(tenant))
    _sealed(tenant, _eap(tenant), person)
    for role in (Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT):
        html = _page(client_for(role), person)
        assert 'id="section-care"' not in html
        assert "Expat health insurance" not in html
        _assert_no_trace_of_the_eap(html)


class TestQueries:
    def _count(self, client: Any, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    def test_one_or_ten_enrolments_cost_the_same_queries(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        person = tenant.other_person
        url = reverse("people:detail", args=[person.pk])
        client = client_for(Role.HR)
        EnrolmentFactory(person=person, module=_insurance(tenant))
        client.get(url)  # the first view logs the salary read
        one = self._count(client, url)
        for n in range(9):
            member = FamilyMemberFactory(person=person) if n % 2 else None
            EnrolmentFactory(person=person, family_member=member, module=_insurance(tenant))
        assert self._count(client, url) == one

    def test_the_employees_own_page_too_with_sealed_enrolments(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        person = tenant.employee_person
        url = reverse("people:me")
        client = client_for(Role.EMPLOYEE)
        EnrolmentFactory(person=person, module=_insurance(tenant))
        client.get(url)
        one = self._count(client, url)
        for _n in range(5):
            EnrolmentFactory(person=person, module=_insurance(tenant))
            _sealed(tenant, _eap(tenant), person)
            _sealed(tenant, _eap(tenant), tenant.other_person)
        assert self._count(client, url) == one

    def test_the_section_reads_one_query(self, tenant: Tenant, client_for: Any) -> None:
        from expatcare.care.person_section import care_section
        from expatcare.people.hooks import PersonPageRequest
        from expatcare.people.selectors import person_detail

        actor = tenant.actor(Role.HR)
        person = person_detail(actor=actor, person_id=tenant.other_person.pk)
        for _n in range(3):
            EnrolmentFactory(person=tenant.other_person, module=_insurance(tenant))
        request = PersonPageRequest(
            actor=actor, person=person, today=dt.date(2026, 6, 1), is_own=False
        )
        with CaptureQueriesContext(connection) as captured:
            section = care_section(request)
        assert section is not None and len(section.context["rows"]) == 3  # type: ignore[arg-type]
        assert len(captured.captured_queries) == 1
