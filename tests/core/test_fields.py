"""Forms ask for names and percentages, and store codes and fractions.

The person form, the eligibility check and the pension calculator used to ask for "ISO
country codes, separated by commas", "de:B1, en:C1", an ISCO-08 number and a return of
"0.02" ("Nigeria" was refused). These tests post what a person types or picks and check the
codes and decimals that reach the services and the engine.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.core.errors import ServiceError
from expatcare.core.fields import (
    CountriesField,
    LanguageField,
    LanguageLevelsField,
    OccupationField,
    PercentField,
)
from expatcare.people.choices import CEFRLevel
from expatcare.people.models import Person
from tests.conftest import Tenant


class TestCountries:
    @pytest.mark.parametrize(
        ("typed", "codes"),
        [
            (["Nigeria"], ["NG"]),
            (["nigeria", "India"], ["NG", "IN"]),
            (["Nigeria, India"], ["NG", "IN"]),
            (["ng"], ["NG"]),
            (["Türkiye", "turkiye"], ["TR"]),
        ],
    )
    def test_names_and_codes_clean_to_codes(self, typed: list[str], codes: list[str]) -> None:
        assert CountriesField().clean(typed) == codes

    def test_german_names_are_understood_on_german_pages(self) -> None:
        with translation.override("de"):
            assert CountriesField().clean(["Deutschland", "Indien"]) == ["DE", "IN"]

    def test_an_unknown_name_is_named_in_the_error(self) -> None:
        with pytest.raises(forms.ValidationError) as caught:
            CountriesField().clean(["Nigeria", "Atlantis"])
        assert "Atlantis" in str(caught.value)

    def test_the_select_offers_translated_names(self) -> None:
        with translation.override("de"):
            # The choices are read in the language of the page being rendered.
            html = cast(Any, CountriesField().widget).render("n", ["DE"], attrs={"id": "id_n"})
        assert '<option value="DE" selected>Deutschland</option>' in html
        assert "data-chips" in html


class TestLanguages:
    def test_the_select_names_languages_in_the_reader_language(self) -> None:
        field = LanguageField()
        with translation.override("de"):
            assert ("de", "Deutsch") in list(cast(Any, field.choices))
        with translation.override("en"):
            assert ("de", "German") in list(cast(Any, field.choices))

    def test_rows_clean_to_pairs_and_blank_rows_are_ignored(self) -> None:
        field = LanguageLevelsField(levels=CEFRLevel.choices)
        rows = [("de", "B1"), ("", ""), ("en", "C1")]
        assert field.clean(rows) == [("de", "B1"), ("en", "C1")]

    def test_a_language_without_level_names_the_language(self) -> None:
        field = LanguageLevelsField(levels=CEFRLevel.choices)
        with translation.override("en"), pytest.raises(forms.ValidationError) as caught:
            field.clean([("hi", "")])
        assert "Hindi" in str(caught.value)

    def test_rows_render_with_add_and_remove_buttons(self) -> None:
        field = LanguageLevelsField(levels=CEFRLevel.choices)
        with translation.override("en"):
            html = cast(Any, field.widget).render("languages", [("de", "B1")])
        assert 'name="languages_language"' in html and 'name="languages_level"' in html
        assert '<option value="de" selected>German</option>' in html
        assert "Add a language" in html and "Remove" in html
        assert html.count('class="language-row"') == 1 + 2 + 1  # given, two blank, template


class TestOccupation:
    def test_offers_names_grouped_by_major_group(self) -> None:
        with translation.override("en"):
            groups = {
                label: options
                for label, options in cast(Any, OccupationField().choices)
                if isinstance(options, list)
            }
        it = dict(groups["Professionals"])
        assert it["251"] == "Software and applications developers and analysts"

    def test_a_listed_group_or_a_finer_code_is_kept(self) -> None:
        field = OccupationField(required=False)
        assert field.clean("251") == "251"
        assert field.clean("2512") == "2512"
        with pytest.raises(forms.ValidationError):
            field.clean("software")


class TestPercent:
    @pytest.mark.parametrize(
        ("typed", "fraction"),
        [("2", "0.02"), ("2 %", "0.02"), ("2,5", "0.025"), ("2.5%", "0.025"), ("-1", "-0.01")],
    )
    def test_per_cent_typed_fraction_stored(self, typed: str, fraction: str) -> None:
        field = PercentField(min_percent=Decimal(-50), max_percent=Decimal(50))
        assert field.clean(typed) == Decimal(fraction)

    def test_out_of_range_and_nonsense_are_refused(self) -> None:
        field = PercentField(min_percent=Decimal(-50), max_percent=Decimal(50))
        for typed in ("51", "two", "NaN"):
            with pytest.raises(forms.ValidationError):
                field.clean(typed)

    def test_a_fraction_is_shown_as_per_cent(self) -> None:
        assert PercentField().prepare_value(Decimal("0.02")) == "2"
        assert PercentField().prepare_value(Decimal("0.025")) == "2.5"


PENSION_QUERY = {
    "step": "calculate",
    "as_of": "2026-03-01",
    "birth_date": "1990-01-15",
    "nationalities": "India",
    "annual_gross_salary_eur": "60000",
    "vehicle": "direktversicherung",
    "commitment_start": "2024-01-01",
    "employer_contribution_monthly_eur": "100",
    "deferred_compensation_monthly_eur": "200",
    "assumed_annual_return": "2 %",
    "retirement_age": "67",
}


@pytest.mark.django_db
class TestPages:
    def test_pension_return_in_per_cent_reaches_the_engine_as_a_fraction(
        self, client_for, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        seen: dict[str, Any] = {}

        def run(facts: dict[str, Any]) -> Any:
            seen.update(facts)
            # Stop after the input is seen; the view shows an engine refusal on the form.
            raise ServiceError("stopped by the test", field="plan.retirement_age")

        monkeypatch.setattr("expatcare.pension.views.run_pension", run)
        response = client_for(Role.HR).get(reverse("pension:calculator"), PENSION_QUERY)
        assert response.status_code == 200, response.context["form"].errors
        assert seen["plan"]["assumed_annual_return"] == "0.02"
        assert seen["person"]["nationalities"] == ["IN"]

    def test_pension_form_shows_the_default_return_as_per_cent(self, client_for) -> None:
        page = client_for(Role.HR).get(reverse("pension:calculator")).content.decode()
        assert 'name="assumed_annual_return" value="2"' in page

    def test_eligibility_occupation_and_nationalities_by_name(
        self, client_for, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from tests.mobility.test_views import JOB_QUERY

        seen: dict[str, Any] = {}

        def assess(facts: dict[str, Any]) -> Any:
            seen.update(facts)
            raise RuntimeError("stop here")

        monkeypatch.setattr("expatcare.mobility.views.run_assessment", assess)
        query = {**JOB_QUERY, "nationalities": ["Nigeria"], "isco08": "251"}
        with pytest.raises(RuntimeError):
            client_for(Role.HR).get(reverse("mobility:eligibility"), query)
        assert seen["person"]["nationalities"] == ["NG"]
        assert seen["job"]["isco08"] == "251"
        page = client_for(Role.HR).get(reverse("mobility:eligibility")).content.decode()
        assert "Software and applications developers and analysts" in page

    def test_person_form_posts_names_and_rows_and_stores_codes(
        self, tenant: Tenant, client_for
    ) -> None:
        response = client_for(Role.HR).post(
            reverse("people:create"),
            {
                "first_name": "Chidi",
                "last_name": "Okafor",
                "kind": "employee",
                "status": "candidate",
                "nationalities": ["Nigeria"],
                "preferred_language": "en",
                "languages_language": ["en", "yo", ""],
                "languages_level": ["C1", "native", ""],
                "work_country": "DE",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        person = Person.objects.get(last_name="Okafor")
        assert list(person.nationalities.values_list("country", flat=True)) == ["NG"]
        assert sorted(person.languages.values_list("language", "level")) == [
            ("en", "C1"),
            ("yo", "native"),
        ]
        edit = client_for(Role.HR).get(reverse("people:edit", args=[person.pk]))
        html = edit.content.decode()
        assert '<option value="NG" selected>Nigeria</option>' in html
        assert '<option value="yo" selected>Yoruba</option>' in html
        assert "ISO" not in html
