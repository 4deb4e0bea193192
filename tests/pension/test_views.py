"""The pension calculator: employees see their own figures only, providers nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.core.errors import ServiceError
from expatcare.core.templatetags.ui import ldate

URL = reverse("pension:calculator")

# The §5b example.
PLAN_QUERY = {
    "step": "calculate",
    "as_of": "2026-03-01",
    "birth_date": "1990-01-15",
    "nationalities": "IN",
    "annual_gross_salary_eur": "60000",
    "vehicle": "direktversicherung",
    "commitment_start": "2024-01-01",
    "employer_contribution_monthly_eur": "100",
    "deferred_compensation_monthly_eur": "200",
    "assumed_annual_return": "0.02",
    "retirement_age": "67",
    "leaving_date": "2026-06-30",
    "leaving_to_country": "IN",
}


class TestAccess:
    @pytest.mark.parametrize("role", [Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT])
    def test_providers_are_refused(self, client_for, role):
        assert client_for(role).get(URL).status_code == 403

    @pytest.mark.parametrize("role", [Role.OWNER, Role.HR, Role.MANAGER])
    def test_staff_may_calculate_for_any_visible_person(self, client_for, tenant, role):
        response = client_for(role).get(URL, {"person": tenant.other_person.pk})
        assert response.status_code == 200
        assert response.context["person"] == tenant.other_person

    def test_staff_get_404_for_another_tenant(self, client_for, other_tenant):
        response = client_for(Role.HR).get(URL, {"person": other_tenant.employee_person.pk})
        assert response.status_code == 404

    def test_employee_gets_404_for_someone_else(self, client_for, tenant):
        employee = client_for(Role.EMPLOYEE)
        assert employee.get(URL, {"person": tenant.other_person.pk}).status_code == 404
        query = {**PLAN_QUERY, "person": tenant.other_person.pk}
        assert employee.get(URL, query).status_code == 404


class TestEmployee:
    def test_prefilled_from_own_record(self, client_for, tenant):
        tenant.employee_person.birth_date = dt.date(1988, 2, 29)
        tenant.employee_person.annual_salary_eur = Decimal("61000.00")
        tenant.employee_person.save()

        response = client_for(Role.EMPLOYEE).get(URL)

        assert response.status_code == 200
        assert response.context["person"] == tenant.employee_person
        assert response.context["picker"] is None  # no choosing of other people
        initial = response.context["form"].initial
        assert initial["birth_date"] == "1988-02-29"
        assert initial["nationalities"] == ["IN"]
        assert initial["annual_gross_salary_eur"] == "61000.00"

    def test_employee_sees_the_result_in_their_language(self, client_for):
        employee = client_for(Role.EMPLOYEE)

        english = employee.get(URL, PLAN_QUERY, HTTP_ACCEPT_LANGUAGE="en")
        employee.cookies["django_language"] = "de"
        german = employee.get(URL, PLAN_QUERY, HTTP_ACCEPT_LANGUAGE="de")

        result = english.context["result"]
        assert result is not None, english.context["form"].errors
        codes = [item.code for item in result.on_leaving]
        assert "RIGHTS_FORFEITED" in codes
        forfeited = next(i for i in result.on_leaving if i.code == "RIGHTS_FORFEITED")
        assert forfeited.explained.explanation in english.content.decode()
        assert forfeited.explained.explanation_de in german.content.decode()
        vested_on = result.vesting[0].vested_on
        assert vested_on is not None
        with translation.override("en"):
            assert ldate(vested_on) in english.content.decode()


class TestErrors:
    def test_invalid_input_shows_the_error_on_the_field(self, client_for):
        query = {**PLAN_QUERY, "retirement_age": "12", "leaving_to_country": ""}

        response = client_for(Role.HR).get(URL, query)

        assert set(response.context["form"].errors) == {"retirement_age", "leaving_to_country"}
        assert response.context["result"] is None

    def test_engine_refusal_lands_on_the_field_it_names(self, client_for, monkeypatch):
        def refuse(data):
            raise ServiceError(
                "must not be before the date of birth", field="plan.commitment_start"
            )

        monkeypatch.setattr("expatcare.pension.views.run_pension", refuse)

        response = client_for(Role.HR).get(URL, PLAN_QUERY)

        assert response.context["form"].errors == {
            "commitment_start": ["must not be before the date of birth"]
        }

    def test_without_leaving_the_leaving_part_is_null(self):
        from expatcare.pension.forms import PensionForm

        form = PensionForm({**PLAN_QUERY, "leaving_date": "", "leaving_to_country": ""})
        assert form.is_valid(), form.errors
        facts = form.to_facts()
        assert facts["leaving"] is None
        assert facts["plan"]["retirement_age"] == 67
        assert facts["person"]["annual_gross_salary_eur"] == "60000"


class TestOutOfRangeInput:
    """Far-future dates and huge amounts are field errors, never a server error (issue 12)."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("as_of", "9999-12-31"),
            ("leaving_date", "9999-12-31"),
            ("commitment_start", "9999-12-31"),
            ("annual_gross_salary_eur", "9" * 27),
            ("employer_contribution_monthly_eur", "1" + "0" * 30),
        ],
    )
    def test_the_form_shows_an_error_on_the_field(self, client_for, field, value):
        response = client_for(Role.EMPLOYEE).get(URL, {**PLAN_QUERY, field: value})
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode()
