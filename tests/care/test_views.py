"""The care pages: HR builds and assigns a package, the provider decides, HR ends with terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.care.choices import EnrolmentStatus, PriceModel
from expatcare.care.models import CareModule, Enrolment, PackageTemplate
from tests.care.factories import CareModuleFactory, EnrolmentFactory, PackageTemplateFactory
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory

pytestmark = pytest.mark.django_db


def _insurance(tenant: Tenant) -> CareModule:
    return CareModuleFactory(
        organization=tenant.provider,
        name_en="Expat Health Core",
        name_de="Auslandskranken Basis",
        category="health_insurance",
        price_model=PriceModel.PER_FAMILY_TIER,
        price=None,
        price_employee=Decimal("120.00"),
        price_employee_partner=Decimal("230.00"),
        price_employee_children=Decimal("190.00"),
        price_family=Decimal("310.00"),
        covers_children=True,
        minimum_term_months=12,
        provider_fields=["name", "birth_date", "family_members"],
    )


class TestPackageJourney:
    def test_hr_builds_assigns_provider_confirms_hr_ends(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        insurance = _insurance(tenant)
        helpdesk = CareModuleFactory(organization=tenant.provider, name_en="Help desk")
        person = tenant.assigned_person
        child = FamilyMemberFactory(person=person, relation="child", first_name="Kiran")
        hr = client_for(Role.HR)
        response = hr.post(
            reverse("care:package_create"),
            {
                "name": "Arrival package",
                "covers_children": "on",
                "currency": "EUR",
                "monthly_budget_per_person": "400.00",
                "is_active": "on",
                "modules": [insurance.pk, helpdesk.pk],
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        package = PackageTemplate.objects.get(name="Arrival package")
        response = hr.post(
            reverse("care:person_assign", args=[person.pk]),
            {"package": package.pk, "start_date": "2026-02-01"},
        )
        assert response.status_code == 302
        assert set(
            Enrolment.objects.filter(person=person).values_list("module_id", "family_member_id")
        ) == {(insurance.pk, None), (insurance.pk, child.pk), (helpdesk.pk, None)}
        page = hr.get(reverse("care:person_care", args=[person.pk]))
        assert "Kiran" in page.content.decode()

        own = Enrolment.objects.get(person=person, module=insurance, family_member=None)
        provider = client_for(Role.PROVIDER_AGENT)
        response = provider.post(
            reverse("care:enrolment_confirm", args=[own.pk]), {"provider_reference": "POL-77"}
        )
        assert response.status_code == 302
        own.refresh_from_db()
        assert (own.status, own.provider_reference) == (EnrolmentStatus.CONFIRMED, "POL-77")

        response = hr.post(reverse("care:enrolment_end", args=[own.pk]), {"end_date": "2026-06-30"})
        assert response.status_code == 422
        assert "at the earliest" in response.content.decode() or "frühestens" in (
            response.content.decode()
        )
        own.refresh_from_db()
        assert own.status == EnrolmentStatus.CONFIRMED

    def test_a_provider_list_shows_only_declared_fields(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        silent = CareModuleFactory(organization=tenant.provider, provider_fields=["phone"])
        EnrolmentFactory(person=tenant.assigned_person, module=silent)
        body = client_for(Role.PROVIDER_AGENT).get(reverse("care:enrolment_list")).content
        assert tenant.assigned_person.last_name.encode() not in body
        hr_body = client_for(Role.HR).get(reverse("care:enrolment_list")).content
        assert tenant.assigned_person.last_name.encode() in hr_body


class TestCatalogPages:
    def test_search_sort_and_pages(self, tenant: Tenant, client_for: Any, settings: Any) -> None:
        settings.EXPATCARE_PAGE_SIZE = 5
        for index in range(12):
            CareModuleFactory(
                organization=tenant.provider, name_en=f"Course {index:02d}", price=Decimal(index)
            )
        CareModuleFactory(organization=tenant.provider, name_en="Dental add-on")
        client = client_for(Role.MANAGER)
        page = client.get(reverse("care:module_list"), {"q": "dental"}).content.decode()
        assert "Dental add-on" in page and "Course 00" not in page
        page = client.get(reverse("care:module_list"), {"sort": "-price", "page": "1"})
        text = page.content.decode()
        assert text.index("Course 11") < text.index("Course 10")
        assert 'rel="next"' in text

    def test_delete_asks_first_and_refuses_a_module_in_use(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        used = CareModuleFactory(organization=tenant.provider)
        EnrolmentFactory(person=tenant.assigned_person, module=used)
        unused = CareModuleFactory(organization=tenant.provider)
        admin = client_for(Role.PROVIDER_ADMIN)
        confirm = admin.get(reverse("care:module_delete", args=[unused.pk]))
        assert confirm.status_code == 200 and CareModule.objects.filter(pk=unused.pk).exists()
        assert admin.post(reverse("care:module_delete", args=[unused.pk])).status_code == 302
        assert not CareModule.objects.filter(pk=unused.pk).exists()
        assert admin.post(reverse("care:module_delete", args=[used.pk])).status_code == 422
        assert CareModule.objects.filter(pk=used.pk).exists()

    def test_a_provider_admin_publishes_through_the_form(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        response = client_for(Role.PROVIDER_ADMIN).post(
            reverse("care:module_create"),
            {
                "code": "eap",
                "category": "psychosocial_support",
                "name_en": "Employee assistance",
                "name_de": "Mitarbeiterberatung",
                "delivery_languages": "de, en, tr",
                "countries": "DE",
                "covers_employee": "on",
                "price_model": "per_person_month",
                "price": "1.80",
                "currency": "EUR",
                "vat_treatment": "net_plus_vat",
                "vat_rate": "19",
                "confidential": "on",
                "provider_fields": ["name", "phone", "preferred_language"],
                "is_published": "on",
                "is_active": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        module = CareModule.objects.get(code="eap")
        assert module.confidential and module.vat_rate == Decimal("19.00")
        assert module.delivery_languages == ["de", "en", "tr"]
        assert module.provider_fields == ["name", "phone", "preferred_language"]

    def test_pages_render_in_german(self, tenant: Tenant, client_for: Any) -> None:
        package = PackageTemplateFactory(organization=tenant.organization)
        module = _insurance(tenant)
        client = client_for(Role.HR)
        client.cookies["django_language"] = "de"
        for url in (
            reverse("care:module_list"),
            reverse("care:module_detail", args=[module.pk]),
            reverse("care:package_list"),
            reverse("care:package_edit", args=[package.pk]),
            reverse("care:enrolment_list"),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
        detail = client.get(reverse("care:module_detail", args=[module.pk])).content.decode()
        assert "Auslandskranken Basis" in detail and "Mindestlaufzeit" in detail
        assert "120,00\xa0€" in detail


def test_an_end_date_field_suggests_the_earliest_date(tenant: Tenant, client_for: Any) -> None:
    enrolment = EnrolmentFactory(
        person=tenant.assigned_person,
        module=_insurance(tenant),
        start_date=dt.date(2026, 1, 1),
        status=EnrolmentStatus.ACTIVE,
        tier="employee",
    )
    page = client_for(Role.HR).get(reverse("care:enrolment_detail", args=[enrolment.pk]))
    assert 'value="2026-12-31"' in page.content.decode()
