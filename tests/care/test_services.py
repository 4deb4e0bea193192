"""The care services: catalog rules, package assignment, the lifecycle and its audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.care import confidential, policies, services
from expatcare.care.actions import CareAction
from expatcare.care.choices import EnrolmentStatus, FamilyTier, PriceModel
from expatcare.care.errors import CareErrorCode
from expatcare.care.models import CareModule, Enrolment, EnrolmentComment
from expatcare.core.crypto import decrypt_text
from expatcare.core.errors import PermissionDenied, ServiceError
from tests.care.factories import CareModuleFactory, EnrolmentFactory, PackageTemplateFactory
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)

MODULE_VALUES: dict[str, Any] = {
    "code": "expat-core",
    "category": "health_insurance",
    "name_en": "Expat health core",
    "name_de": "Auslandskranken Basis",
    "price_model": "per_family_tier",
    "price_employee": "120.00",
    "price_employee_partner": "230.00",
    "price_employee_children": "190.00",
    "price_family": "310.00",
    "covers_partner": True,
    "covers_children": True,
    "delivery_languages": "en, de",
    "countries": ["DE", "AT"],
    "provider_fields": ["name", "birth_date", "family_members"],
    "minimum_term_months": 12,
    "notice_period_days": 30,
    "counts_as_health_insurance_proof": True,
}


def _error(call: Any) -> ServiceError:
    with pytest.raises(ServiceError) as info:
        call()
    return info.value


class TestCatalog:
    def test_a_provider_publishes_a_module_in_its_own_name(self, tenant: Tenant) -> None:
        module = services.module_create(
            actor=tenant.actor(Role.PROVIDER_ADMIN), values=MODULE_VALUES
        )
        assert module.organization_id == tenant.provider.pk == module.provider_id
        assert module.provider_name == tenant.provider.name and module.is_published
        assert module.delivery_languages == ["en", "de"]
        entry = AuditEntry.objects.get(action=CareAction.MODULE_CREATE)
        assert entry.changes["price_family"] == [None, "310.00"]
        # Every employer sees published modules; its own off-platform ones stay its own.
        assert policies.visible_modules(tenant.actor(Role.HR)).filter(pk=module.pk).exists()

    def test_hr_adds_an_off_platform_module_that_no_other_employer_sees(
        self, tenant: Tenant, other_tenant: Tenant
    ) -> None:
        values = {**MODULE_VALUES, "provider_name": "Sprachschule Müller"}
        module = services.module_create(actor=tenant.actor(Role.HR), values=values)
        assert module.provider_id is None and not module.is_published
        assert not policies.visible_modules(other_tenant.actor(Role.HR)).filter(pk=module.pk)
        assert not policies.visible_modules(tenant.actor(Role.PROVIDER_ADMIN)).filter(pk=module.pk)

    def test_prices_must_fit_the_price_model(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.PROVIDER_ADMIN)
        error = _error(
            lambda: services.module_create(
                actor=actor, values={**MODULE_VALUES, "price_family": ""}
            )
        )
        assert (error.field, error.code) == ("price_family", CareErrorCode.PRICE_MISSING)
        values = {**MODULE_VALUES, "price_model": "per_person_month", "vat_treatment": "exempt"}
        values["vat_rate"] = "19"
        values["price"] = "2.50"
        assert _error(lambda: services.module_create(actor=actor, values=values)).field == (
            "vat_rate"
        )
        assert not CareModule.objects.exists()

    def test_an_add_on_needs_a_core_that_is_not_itself_an_add_on(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.PROVIDER_ADMIN)
        core = services.module_create(actor=actor, values=MODULE_VALUES)
        dental = services.module_create(
            actor=actor,
            values={**MODULE_VALUES, "code": "dental", "core_module": core.pk},
        )
        assert dental.core_module == core
        error = _error(
            lambda: services.module_create(
                actor=actor, values={**MODULE_VALUES, "code": "x", "core_module": dental.pk}
            )
        )
        assert error.code == CareErrorCode.CORE_MODULE_INVALID

    def test_agents_and_managers_may_not_change_the_catalog(self, tenant: Tenant) -> None:
        for role in (Role.PROVIDER_AGENT, Role.MANAGER, Role.EMPLOYEE, Role.AUDITOR):
            with pytest.raises(PermissionDenied):
                services.module_create(actor=tenant.actor(role), values=MODULE_VALUES)
        assert not CareModule.objects.exists()

    def test_a_module_in_use_is_not_deleted(self, tenant: Tenant) -> None:
        module = CareModuleFactory(organization=tenant.provider)
        EnrolmentFactory(person=tenant.assigned_person, module=module)
        error = _error(
            lambda: services.module_delete(actor=tenant.actor(Role.PROVIDER_ADMIN), module=module)
        )
        assert error.code == CareErrorCode.MODULE_IN_USE
        assert CareModule.objects.filter(pk=module.pk).exists()


def _tier_module(tenant: Tenant, **extra: Any) -> CareModule:
    return CareModuleFactory(
        organization=tenant.provider,
        category="health_insurance",
        price_model=PriceModel.PER_FAMILY_TIER,
        price=None,
        price_employee=Decimal("120.00"),
        price_employee_partner=Decimal("230.00"),
        price_employee_children=Decimal("190.00"),
        price_family=Decimal("310.00"),
        covers_partner=True,
        covers_children=True,
        minimum_term_months=12,
        notice_period_days=30,
        **extra,
    )


class TestPackageAssignment:
    def test_one_enrolment_per_module_and_covered_member_with_the_family_tier(
        self, tenant: Tenant
    ) -> None:
        person = tenant.other_person
        partner = FamilyMemberFactory(person=person, relation="spouse")
        child = FamilyMemberFactory(person=person, relation="child")
        FamilyMemberFactory(person=person, relation="parent")  # no module covers parents
        core = _tier_module(tenant)
        dental = CareModuleFactory(
            organization=tenant.provider,
            core_module=core,
            price_model=PriceModel.PER_MEMBER_MONTH,
            price=Decimal("15.00"),
            covers_partner=True,
            covers_children=False,
        )
        helpdesk = CareModuleFactory(organization=tenant.provider, price=Decimal("4.00"))
        hr = tenant.actor(Role.HR)
        package = services.package_create(
            actor=hr,
            values={"name": "Family package", "covers_partner": True, "covers_children": True},
            module_ids=[dental.pk, helpdesk.pk, core.pk],
        )
        result = services.package_assign(
            actor=hr, package=package, person=person, start_date=dt.date(2026, 4, 1), today=TODAY
        )
        rows = {
            (e.module_id, e.family_member_id): (e.unit_price, e.tier)
            for e in Enrolment.objects.filter(person=person)
        }
        assert rows == {
            (core.pk, None): (Decimal("310.00"), FamilyTier.FAMILY),
            (core.pk, partner.pk): (Decimal("0.00"), ""),
            (core.pk, child.pk): (Decimal("0.00"), ""),
            (dental.pk, None): (Decimal("15.00"), ""),
            (dental.pk, partner.pk): (Decimal("15.00"), ""),
            (helpdesk.pk, None): (Decimal("4.00"), ""),
        }
        assert len(result.created) == 6
        assert {e.status for e in result.created} == {EnrolmentStatus.REQUESTED}
        assert (
            AuditEntry.objects.filter(
                action=CareAction.ENROLMENT_REQUEST, person_id=person.pk
            ).count()
            == 6
        )
        # Assigning again holds no second place in any module.
        with pytest.raises(ServiceError) as info:
            services.package_assign(
                actor=hr, package=package, person=person, start_date=dt.date(2026, 4, 1)
            )
        assert info.value.code == CareErrorCode.NOTHING_TO_ASSIGN

    def test_an_add_on_without_its_core_is_refused_in_a_package(self, tenant: Tenant) -> None:
        core = _tier_module(tenant)
        dental = CareModuleFactory(organization=tenant.provider, core_module=core)
        error = _error(
            lambda: services.package_create(
                actor=tenant.actor(Role.HR), values={"name": "Teeth"}, module_ids=[dental.pk]
            )
        )
        assert error.code == CareErrorCode.CORE_MODULE_MISSING

    def test_a_module_of_another_employer_cannot_be_packaged(
        self, tenant: Tenant, other_tenant: Tenant
    ) -> None:
        theirs = services.module_create(
            actor=other_tenant.actor(Role.HR), values={**MODULE_VALUES, "provider_name": "X"}
        )
        error = _error(
            lambda: services.package_create(
                actor=tenant.actor(Role.HR), values={"name": "P"}, module_ids=[theirs.pk]
            )
        )
        assert error.code == CareErrorCode.MODULE_NOT_AVAILABLE


class TestLifecycle:
    def _requested(self, tenant: Tenant, module: CareModule) -> Enrolment:
        return services.enrolment_request(
            actor=tenant.actor(Role.HR),
            person=tenant.assigned_person,
            module=module,
            start_date=dt.date(2026, 1, 1),
            today=dt.date(2025, 12, 1),
        )

    def test_request_confirm_activate_end(self, tenant: Tenant) -> None:
        enrolment = self._requested(tenant, _tier_module(tenant))
        provider = tenant.actor(Role.PROVIDER_AGENT)
        with pytest.raises(PermissionDenied):  # HR does not confirm for the provider
            services.enrolment_confirm(actor=tenant.actor(Role.HR), enrolment=enrolment)
        enrolment = services.enrolment_confirm(
            actor=provider, enrolment=enrolment, provider_reference="POL-1"
        )
        enrolment = services.enrolment_activate(actor=provider, enrolment=enrolment, today=TODAY)
        enrolment = services.enrolment_end(
            actor=tenant.actor(Role.HR),
            enrolment=enrolment,
            end_date=dt.date(2026, 12, 31),
            today=TODAY,
        )
        assert (enrolment.status, enrolment.provider_reference) == (EnrolmentStatus.ENDED, "POL-1")
        actions = list(
            AuditEntry.objects.filter(person_id=tenant.assigned_person.pk)
            .order_by("id")
            .values_list("action", "organization_id")
        )
        assert actions == [
            (CareAction.ENROLMENT_REQUEST, tenant.organization.pk),
            # Provider actions land in the employer's trail of the person.
            (CareAction.ENROLMENT_CONFIRM, tenant.organization.pk),
            (CareAction.ENROLMENT_ACTIVATE, tenant.organization.pk),
            (CareAction.ENROLMENT_END, tenant.organization.pk),
        ]

    def test_an_end_before_the_minimum_term_names_the_earliest_date(self, tenant: Tenant) -> None:
        enrolment = self._requested(tenant, _tier_module(tenant))
        provider = tenant.actor(Role.PROVIDER_ADMIN)
        enrolment = services.enrolment_confirm(actor=provider, enrolment=enrolment)
        with translation.override("en"):
            error = _error(
                lambda: services.enrolment_end(
                    actor=provider, enrolment=enrolment, end_date=dt.date(2026, 6, 30), today=TODAY
                )
            )
        assert (error.field, error.code) == ("end_date", CareErrorCode.END_TOO_EARLY)
        assert "12/31/2026" in error.message  # the one short date format of the locale
        assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.CONFIRMED

    def test_the_notice_period_can_decide_the_earliest_end(self, tenant: Tenant) -> None:
        enrolment = self._requested(tenant, _tier_module(tenant))
        enrolment = services.enrolment_confirm(
            actor=tenant.actor(Role.PROVIDER_ADMIN), enrolment=enrolment
        )
        with translation.override("de"):
            error = _error(
                lambda: services.enrolment_end(
                    actor=tenant.actor(Role.HR),
                    enrolment=enrolment,
                    end_date=dt.date(2027, 1, 5),
                    today=dt.date(2026, 12, 20),
                )
            )
        assert "19.01.2027" in error.message

    def test_a_rejection_needs_a_reason_and_is_final(self, tenant: Tenant) -> None:
        enrolment = self._requested(tenant, CareModuleFactory(organization=tenant.provider))
        provider = tenant.actor(Role.PROVIDER_ADMIN)
        assert _error(
            lambda: services.enrolment_reject(actor=provider, enrolment=enrolment, reason=" ")
        ).field == ("reason")
        enrolment = services.enrolment_reject(actor=provider, enrolment=enrolment, reason="Full")
        error = _error(lambda: services.enrolment_confirm(actor=provider, enrolment=enrolment))
        assert error.code == CareErrorCode.TRANSITION_NOT_ALLOWED

    def test_an_enrolment_starts_no_earlier_than_its_start_date(self, tenant: Tenant) -> None:
        enrolment = self._requested(tenant, CareModuleFactory(organization=tenant.provider))
        provider = tenant.actor(Role.PROVIDER_ADMIN)
        enrolment = services.enrolment_confirm(actor=provider, enrolment=enrolment)
        error = _error(
            lambda: services.enrolment_activate(
                actor=provider, enrolment=enrolment, today=dt.date(2025, 12, 31)
            )
        )
        assert error.code == CareErrorCode.NOT_STARTED

    def test_another_provider_cannot_see_or_confirm(
        self, tenant: Tenant, other_tenant: Tenant
    ) -> None:
        enrolment = self._requested(tenant, CareModuleFactory(organization=tenant.provider))
        stranger = other_tenant.actor(Role.PROVIDER_ADMIN)
        with pytest.raises(Http404):
            policies.access_enrolment(stranger, enrolment.pk)
        with pytest.raises(PermissionDenied):
            services.enrolment_confirm(actor=stranger, enrolment=enrolment)


class TestConfidential:
    def test_nobody_in_clear_and_nothing_in_the_trail(self, tenant: Tenant) -> None:
        eap = CareModuleFactory(
            organization=tenant.provider, category="psychosocial_support", confidential=True
        )
        person = tenant.other_person
        enrolment = services.enrolment_request(
            actor=tenant.actor(Role.HR), person=person, module=eap, start_date=dt.date(2026, 1, 1)
        )
        enrolment.refresh_from_db()
        assert enrolment.person_id is None and enrolment.family_member_id is None
        assert confidential.unseal(enrolment.subject_encrypted).person_id == person.pk
        provider = tenant.actor(Role.PROVIDER_ADMIN)
        services.enrolment_reject(actor=provider, enrolment=enrolment, reason="Burn-out details")
        enrolment.refresh_from_db()
        assert enrolment.reason == "" and "Burn-out" not in enrolment.subject_encrypted
        assert confidential.unseal(enrolment.subject_encrypted).reason == "Burn-out details"
        services.enrolment_comment_add(actor=provider, enrolment=enrolment, body="Call on Monday")
        comment = EnrolmentComment.objects.get()
        assert comment.body == "" and decrypt_text(comment.body_encrypted) == "Call on Monday"
        entries = AuditEntry.objects.filter(object_type="care.enrolment")
        assert entries.count() == 3
        assert not entries.filter(person_id=person.pk).exists()
        text = str(list(entries.values("object_repr", "changes")))
        assert person.last_name not in text and "Burn-out" not in text
        # Employer staff do not see it one by one; the provider does.
        for role in (Role.OWNER, Role.HR, Role.MANAGER, Role.AUDITOR):
            assert not policies.visible_enrolments(tenant.actor(role)).exists()
        assert policies.visible_enrolments(provider).get() == enrolment


class TestRefusedWritesChangeNothing:
    def test_refused_package_assignment_writes_nothing(
        self, tenant: Tenant, other_tenant: Tenant
    ) -> None:
        package = PackageTemplateFactory(organization=tenant.organization)
        for actor, person in (
            (tenant.actor(Role.MANAGER), tenant.other_person),
            (other_tenant.actor(Role.HR), tenant.other_person),
        ):
            with pytest.raises(PermissionDenied):
                services.package_assign(
                    actor=actor, package=package, person=person, start_date=dt.date(2026, 1, 1)
                )
        assert not Enrolment.objects.exists() and not AuditEntry.objects.exists()
