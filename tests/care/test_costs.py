"""Care costs to the cent: partial months, family tiers, a mid-month end, VAT, rounding once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.care import costs, services
from expatcare.care.choices import EnrolmentStatus, PriceModel, VatTreatment
from expatcare.care.cost_report import compute_cost_report, cost_report, person_costs
from expatcare.care.costs import Charge, Figure
from expatcare.care.models import CareModule, Enrolment
from tests.care.factories import CareModuleFactory, EnrolmentFactory, PackageTemplateFactory
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory, PersonFactory

MARCH = dt.date(2026, 3, 1)


def _fig(net: str, vat: str = "0.00") -> Figure:
    return Figure(net=Decimal(net), vat=Decimal(vat), gross=Decimal(net) + Decimal(vat))


class TestArithmetic:
    def test_a_partial_month_is_prorated_by_calendar_days(self) -> None:
        charge = Charge(
            "per_person_month", Decimal("31.00"), Decimal(0), dt.date(2026, 3, 10), None
        )
        assert costs.charge_in_month(charge, MARCH).figure() == _fig("22.00")
        # February 2026 has 28 days: from the 15th it is 14 of them.
        february = Charge(
            "per_person_month", Decimal("100.00"), Decimal(0), dt.date(2026, 2, 15), None
        )
        assert costs.charge_in_month(february, dt.date(2026, 2, 1)).figure() == _fig("50.00")

    def test_a_mid_month_end(self) -> None:
        charge = Charge(
            "per_member_month",
            Decimal("100.00"),
            Decimal(0),
            dt.date(2025, 1, 1),
            dt.date(2026, 4, 15),
        )
        assert costs.charge_in_month(charge, dt.date(2026, 4, 1)).figure() == _fig("50.00")
        assert costs.charge_in_month(charge, dt.date(2026, 5, 1)).figure() == _fig("0.00")

    def test_vat_is_rounded_once_over_the_sum(self) -> None:
        # 1.80 + 19 % VAT is 0.342 each: seven of them are 2.394 -> 2.39, not 7 x 0.34 = 2.38.
        charge = Charge(
            "per_person_month",
            Decimal("1.80"),
            Decimal("19.00"),
            dt.date(2026, 1, 1),
            None,
            count=7,
            vat_treatment=VatTreatment.NET_PLUS_VAT,
        )
        assert costs.charge_in_month(charge, MARCH).figure() == _fig("12.60", "2.39")

    def test_one_off_and_sessions(self) -> None:
        once = Charge("one_off", Decimal("950.00"), Decimal(0), dt.date(2026, 3, 20), None)
        assert costs.charge_in_month(once, MARCH).figure() == _fig("950.00")
        assert costs.charge_in_month(once, dt.date(2026, 4, 1)).figure() == _fig("0.00")
        sessions = Charge(
            "per_session",
            Decimal("80.00"),
            Decimal(0),
            dt.date(2026, 1, 1),
            None,
            sessions_per_month=3,
        )
        assert costs.charge_in_month(sessions, MARCH).figure() == _fig("240.00")

    def test_a_year_of_a_partial_start(self) -> None:
        charge = Charge(
            "per_person_month", Decimal("120.00"), Decimal(0), dt.date(2026, 3, 10), None
        )
        year = costs.Amount()
        for amount in costs.over_months([charge], dt.date(2026, 1, 1), 12):
            year.add(amount)
        # March: 22/31 x 120 = 85.16129...; April to December: 9 x 120 = 1080.
        assert year.figure() == _fig("1165.16")

    def test_months_are_parsed_strictly(self) -> None:
        assert costs.parse_month("2026-03") == MARCH
        for bad in ("2026-3", "2026-13", "26-03", "", None, "1999-01", "2026-03-01"):
            assert costs.parse_month(bad) is None


def _tiered(tenant: Tenant) -> CareModule:
    return CareModuleFactory(
        organization=tenant.provider,
        name_en="Expat Health",
        category="health_insurance",
        price_model=PriceModel.PER_FAMILY_TIER,
        price=None,
        price_employee=Decimal("120.00"),
        price_employee_partner=Decimal("230.00"),
        price_employee_children=Decimal("190.00"),
        price_family=Decimal("310.00"),
        covers_partner=True,
        covers_children=True,
    )


@pytest.mark.django_db
class TestReport:
    def _family_package(self, tenant: Tenant) -> tuple[Any, CareModule, CareModule]:
        insurance = _tiered(tenant)
        eap = CareModuleFactory(
            organization=tenant.provider,
            name_en="EAP",
            category="psychosocial_support",
            price=Decimal("1.80"),
            vat_treatment=VatTreatment.NET_PLUS_VAT,
            vat_rate=Decimal("19.00"),
        )
        hr = tenant.actor(Role.HR)
        package = services.package_create(
            actor=hr,
            values={
                "name": "Family",
                "covers_partner": True,
                "covers_children": True,
                "monthly_budget_per_person": "400.00",
            },
            module_ids=[insurance.pk, eap.pk],
        )
        return package, insurance, eap

    def test_family_tiers_partial_months_and_vat_in_one_report(self, tenant: Tenant) -> None:
        package, insurance, _ = self._family_package(tenant)
        hr = tenant.actor(Role.HR)
        family = PersonFactory(organization=tenant.organization)
        FamilyMemberFactory(person=family, relation="spouse")
        FamilyMemberFactory(person=family, relation="child")
        single = PersonFactory(organization=tenant.organization)
        services.package_assign(
            actor=hr, package=package, person=family, start_date=dt.date(2026, 1, 1)
        )
        # The single person starts on 10 March: 22 of 31 days.
        services.package_assign(
            actor=hr, package=package, person=single, start_date=dt.date(2026, 3, 10)
        )
        Enrolment.objects.update(status=EnrolmentStatus.ACTIVE)
        # The family's insurance ends mid-April.
        Enrolment.objects.filter(person=family, module=insurance, family_member=None).update(
            status=EnrolmentStatus.ENDED, end_date=dt.date(2026, 4, 15)
        )
        report = compute_cost_report(hr, MARCH)
        # Family tier 310 + single 120 x 22/31 = 85.16129; EAP 1.80 + 1.80 x 22/31 = 1.27742
        net = Decimal("310") + Decimal("85.16") + Decimal("1.80") + Decimal("1.28")
        assert report.totals["EUR"].net == net.quantize(Decimal("0.01"))
        # VAT: 19 % of the exact EAP sum 3.077419... = 0.5847 -> 0.58
        assert report.totals["EUR"].vat == Decimal("0.58")
        april = dict(report.forecast)[dt.date(2026, 4, 1)]["EUR"]
        # April: family tier 310 x 15/30 = 155, single 120, EAP 2 x 1.80 = 3.60.
        assert april.net == Decimal("278.60")
        assert april.vat == Decimal("0.68")
        statement = report.providers[0]
        assert statement.total == report.totals["EUR"]
        assert [line.name_en for line in statement.lines] == ["EAP", "Expat Health"]
        budget = report.packages[0]
        assert (budget.people, budget.budget) == (2, Decimal("800.00"))
        assert budget.budget_use_percent == (
            report.totals["EUR"].gross * 100 / Decimal(800)
        ).quantize(Decimal("0.1"))

    def test_the_year_and_the_person(self, tenant: Tenant) -> None:
        hr = tenant.actor(Role.HR)
        module = CareModuleFactory(organization=tenant.provider, price=Decimal("120.00"))
        EnrolmentFactory(
            person=tenant.assigned_person, module=module, start_date=dt.date(2026, 3, 10)
        )
        assert compute_cost_report(hr, MARCH).year_totals["EUR"].net == Decimal("1165.16")
        own = person_costs(hr, tenant.assigned_person.pk, MARCH)
        assert own.month["EUR"].net == Decimal("85.16")
        assert own.year["EUR"].net == Decimal("1165.16")

    def test_confidential_below_five_users_shows_no_figure_but_is_summed(
        self, tenant: Tenant
    ) -> None:
        hr = tenant.actor(Role.HR)
        eap = CareModuleFactory(
            organization=tenant.provider, confidential=True, price=Decimal("2.00")
        )
        people = PersonFactory.create_batch(4, organization=tenant.organization)
        for person in people:
            services.enrolment_request(
                actor=hr, person=person, module=eap, start_date=dt.date(2026, 1, 1)
            )
        Enrolment.objects.update(status=EnrolmentStatus.ACTIVE)
        report = compute_cost_report(hr, MARCH)
        assert report.totals["EUR"].net == Decimal("8.00")
        (line,) = report.providers[0].lines
        assert line.figure is None and line.enrolments == 0
        fifth = PersonFactory(organization=tenant.organization)
        services.enrolment_request(
            actor=hr, person=fifth, module=eap, start_date=dt.date(2026, 1, 1)
        )
        Enrolment.objects.update(status=EnrolmentStatus.ACTIVE)
        (line,) = compute_cost_report(hr, MARCH).providers[0].lines
        assert line.figure == _fig("10.00") and line.enrolments == 5

    def test_the_report_is_cached_until_an_enrolment_changes(
        self, tenant: Tenant, django_assert_num_queries: Any
    ) -> None:
        hr = tenant.actor(Role.HR)
        module = CareModuleFactory(organization=tenant.provider, price=Decimal("10.00"))
        enrolment = services.enrolment_request(
            actor=hr, person=tenant.other_person, module=module, start_date=dt.date(2026, 1, 1)
        )
        assert cost_report(hr, MARCH).totals == {}
        with django_assert_num_queries(0):
            cost_report(hr, MARCH)
        services.enrolment_confirm(actor=tenant.actor(Role.PROVIDER_ADMIN), enrolment=enrolment)
        assert cost_report(hr, MARCH).totals["EUR"].net == Decimal("10.00")

    def test_query_count_does_not_grow(
        self, tenant: Tenant, django_assert_num_queries: Any
    ) -> None:
        hr = tenant.actor(Role.HR)
        package = PackageTemplateFactory(organization=tenant.organization)
        module = CareModuleFactory(organization=tenant.provider)
        for size in (3, 60):
            for person in PersonFactory.create_batch(size, organization=tenant.organization):
                EnrolmentFactory(person=person, module=module, package=package)
            with django_assert_num_queries(2):
                compute_cost_report(hr, MARCH)


@pytest.mark.django_db
class TestExportsAndPage:
    def test_csv_lists_people_and_hides_few_confidential_users(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        module = CareModuleFactory(organization=tenant.provider, name_en="Help desk")
        EnrolmentFactory(
            person=tenant.assigned_person, module=module, start_date=dt.date(2026, 3, 10)
        )
        eap = CareModuleFactory(organization=tenant.provider, name_en="EAP", confidential=True)
        services.enrolment_request(
            actor=tenant.actor(Role.HR),
            person=tenant.other_person,
            module=eap,
            start_date=dt.date(2026, 1, 1),
        )
        Enrolment.objects.filter(confidential=True).update(status=EnrolmentStatus.ACTIVE)
        response = client_for(Role.AUDITOR).get(reverse("care:cost_export"), {"month": "2026-03"})
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[1][0] == tenant.assigned_person.full_name
        assert rows[1][8:13] == ["22", "7.10", "0.00", "7.10", "EUR"]
        assert rows[2][0].startswith("Confidential") and rows[2][9] == ""
        assert tenant.other_person.last_name not in str(rows)

    def test_xlsx_and_page(self, tenant: Tenant, client_for: Any) -> None:
        module = CareModuleFactory(
            organization=tenant.provider, name_en="Help desk", name_de="Hilfe-Hotline"
        )
        EnrolmentFactory(person=tenant.assigned_person, module=module)
        client = client_for(Role.MANAGER)
        response = client.get(reverse("care:cost_export"), {"month": "2026-03", "format": "xlsx"})
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert "Help desk" in archive.read("xl/worksheets/sheet1.xml").decode()
        client.cookies["django_language"] = "de"
        page = client.get(reverse("care:cost_report"), {"month": "2026-03"}).content.decode()
        assert "10,00\xa0€" in page and "Hilfe-Hotline" in page


class TestLedger:
    def test_the_ledger_equals_month_by_month_arithmetic(self) -> None:
        import random

        rng = random.Random(7)
        first = dt.date(2026, 1, 1)
        charges = []
        for _ in range(300):
            start = first + dt.timedelta(days=rng.randint(0, 700))
            end = None if rng.random() < 0.5 else start + dt.timedelta(days=rng.randint(0, 400))
            charges.append(
                Charge(
                    rng.choice([m.value for m in PriceModel]),
                    Decimal(rng.randint(0, 50000)) / 100,
                    rng.choice([Decimal(0), Decimal("7.00"), Decimal("19.00")]),
                    start,
                    end,
                    count=rng.randint(1, 5),
                    sessions_per_month=rng.randint(0, 8),
                    vat_treatment=rng.choice([t.value for t in VatTreatment]),
                )
            )
        ledger = costs.Ledger(first, 24)
        last = costs.month_end(ledger.months[-1])
        for charge in charges:
            if charge.start <= last:
                ledger.add(
                    Charge(
                        charge.price_model,
                        charge.unit_price,
                        charge.vat_rate,
                        charge.start,
                        min(charge.end or last, last),
                        charge.count,
                        charge.sessions_per_month,
                        charge.vat_treatment,
                    )
                )
        for month, amount in zip(ledger.months, ledger.amounts(), strict=True):
            expected = costs.total(charges, month)
            assert (amount.net, amount.vat, amount.owed_vat) == (
                expected.net,
                expected.vat,
                expected.owed_vat,
            ), month
