"""Factories of the care app: modules of a provider, packages and enrolments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from expatcare.care.choices import EnrolmentStatus, PriceModel
from expatcare.care.models import CareModule, Enrolment, PackageItem, PackageTemplate
from tests.factories import PersonFactory, ProviderOrganizationFactory


class CareModuleFactory(DjangoModelFactory[CareModule]):
    """A published module of a provider tenant (``organization`` is the provider)."""

    class Meta:
        model = CareModule

    organization = factory.SubFactory(ProviderOrganizationFactory)
    provider = factory.SelfAttribute("organization")
    provider_name = factory.LazyAttribute(lambda m: m.organization.name)
    code = factory.Sequence(lambda n: f"module-{n}")
    category = "help_desk"
    name_en = factory.Sequence(lambda n: f"Module {n}")
    name_de = factory.Sequence(lambda n: f"Modul {n}")
    price_model = PriceModel.PER_PERSON_MONTH
    price = Decimal("10.00")
    provider_fields = ["name", "email"]


class PackageTemplateFactory(DjangoModelFactory[PackageTemplate]):
    class Meta:
        model = PackageTemplate

    name = factory.Sequence(lambda n: f"Package {n}")
    monthly_budget_per_person = Decimal("200.00")


class PackageItemFactory(DjangoModelFactory[PackageItem]):
    class Meta:
        model = PackageItem

    package = factory.SubFactory(PackageTemplateFactory)
    organization = factory.SelfAttribute("package.organization")
    module = factory.SubFactory(CareModuleFactory)


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    """A non-confidential enrolment of the person in the module, priced like the module."""

    class Meta:
        model = Enrolment

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    module = factory.SubFactory(CareModuleFactory)
    provider = factory.SelfAttribute("module.provider")
    status = EnrolmentStatus.ACTIVE
    requested_on = dt.date(2026, 1, 1)
    start_date = dt.date(2026, 1, 1)
    price_model = factory.SelfAttribute("module.price_model")
    unit_price = factory.LazyAttribute(lambda e: e.module.price or Decimal("0"))
    vat_rate = factory.SelfAttribute("module.vat_rate")
