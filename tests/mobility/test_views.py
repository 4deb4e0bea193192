"""The eligibility page: who may use it, how facts are pre-filled, how results and errors show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import JsonResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.core.errors import ServiceError
from expatcare.core.templatetags.ui import ldate
from expatcare.people.models import PersonLanguage
from tests.factories import PersonFactory, QualificationFactory

URL = reverse("mobility:eligibility")
JSON_URL = reverse("mobility:assessment_json")

# The §5a example: an Indian engineer with a comparable degree, 52,000 EUR in Bavaria.
JOB_QUERY = {
    "step": "assess",
    "as_of": "2026-03-01",
    "nationalities": "IN",
    "birth_date": "1991-04-02",
    "residence_country": "IN",
    "qualification_kind": "academic",
    "qualification_recognition": "comparable",
    "qualification_completed_year": "2015",
    "qualification_state_recognised_abroad": "on",
    "qualification_training_years": "4",
    "experience_years_last_5": "3",
    "experience_years_last_7": "5",
    "it_experience_years_last_7": "0",
    "german_level": "A2",
    "english_level": "B2",
    "stay_in_germany_months_last_5": "0",
    "work_country": "DE",
    "state": "BY",
    "start_date": "2026-06-01",
    "annual_gross_salary_eur": "52000",
    "weekly_hours": "40",
    "isco08": "2512",
    "industry": "manufacturing",
}


@pytest.fixture
def engineer(tenant):
    person = PersonFactory(
        organization=tenant.organization,
        first_name="Arjun",
        last_name="Rao",
        nationalities=["IN"],
        residence_country="IN",
    )
    QualificationFactory(person=person, completed_year=2015, training_years=4)
    PersonLanguage.objects.create(
        organization=tenant.organization, person=person, language="en", level="B2"
    )
    return person


class TestAccess:
    @pytest.mark.parametrize("role", [Role.OWNER, Role.HR, Role.MANAGER, Role.AUDITOR])
    def test_employer_staff_may_use_it(self, client_for, role):
        assert client_for(role).get(URL).status_code == 200

    @pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT])
    @pytest.mark.parametrize("url", [URL, JSON_URL, reverse("mobility:person_options")])
    def test_employees_and_providers_are_refused(self, client_for, role, url):
        assert client_for(role).get(url).status_code == 403

    def test_anonymous_is_sent_to_login(self, client, tenant):
        response = client.get(URL)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]

    def test_person_of_another_tenant_is_not_found(self, client_for, other_tenant):
        hr = client_for(Role.HR)
        person_id = other_tenant.employee_person.pk
        assert hr.get(URL, {"person": person_id}).status_code == 404
        assert hr.get(URL, {**JOB_QUERY, "person": person_id}).status_code == 404
        assert hr.get(JSON_URL, {**JOB_QUERY, "person": person_id}).status_code == 404


class TestPrefill:
    def test_person_facts_prefill_the_form(self, client_for, engineer):
        response = client_for(Role.HR).get(URL, {"person": engineer.pk})

        assert response.status_code == 200
        initial = response.context["form"].initial
        assert initial["nationalities"] == ["IN"]
        assert initial["residence_country"] == "IN"
        assert initial["qualification_kind"] == "academic"
        assert initial["qualification_recognition"] == "comparable"
        assert initial["english_level"] == "B2"
        assert "german_level" not in initial  # unknown stays empty, not guessed
        assert initial["annual_gross_salary_eur"] == "52000.00"
        assert response.context["result"] is None
        html = response.content.decode()
        assert 'value="IN"' in html
        assert "Arjun Rao" in html

    def test_picker_searches_visible_people_only(self, client_for, tenant, other_tenant):
        response = client_for(Role.HR).get(reverse("mobility:person_options"), {"q": "oscar"})

        html = response.content.decode()
        assert f'value="{tenant.other_person.pk}"' in html
        assert f'value="{other_tenant.other_person.pk}"' not in html
        assert f'value="{tenant.employee_person.pk}"' not in html

    def test_query_count_does_not_grow_with_people(self, client_for, tenant):
        hr = client_for(Role.HR)
        hr.get(URL)  # warm up session and caches

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert hr.get(URL).status_code == 200
            return len(queries)

        few = count()
        PersonFactory.create_batch(60, organization=tenant.organization, nationalities=[])
        many = count()

        assert many == few
        assert (
            "Only the first 50 matches" in hr.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        )


class TestErrors:
    def test_invalid_input_shows_the_error_on_the_field(self, client_for):
        query = {**JOB_QUERY, "annual_gross_salary_eur": "lots", "nationalities": "IN, XX"}

        response = client_for(Role.HR).get(URL, query)

        form = response.context["form"]
        assert set(form.errors) == {"annual_gross_salary_eur", "nationalities"}
        assert "XX" in form.errors["nationalities"][0]
        assert response.context["result"] is None

    def test_partial_posting_asks_for_the_rest(self, client_for):
        response = client_for(Role.HR).get(URL, {**JOB_QUERY, "posting_to_country": "FR"})

        form = response.context["form"]
        assert {"posting_from_country", "posting_start_date", "posting_months"} <= set(form.errors)

    def test_engine_refusal_lands_on_the_field_it_names(self, client_for, monkeypatch):
        def refuse(facts):
            raise ServiceError("must be a 4-digit code", field="job.isco08")

        monkeypatch.setattr("expatcare.mobility.views.run_assessment", refuse)

        response = client_for(Role.HR).get(URL, JOB_QUERY)

        assert response.context["form"].errors == {"isco08": ["must be a 4-digit code"]}
        json_response = client_for(Role.HR).get(JSON_URL, JOB_QUERY)
        assert json_response.status_code == 422
        assert json_response.json()["errors"]["isco08"][0]["message"] == "must be a 4-digit code"

    def test_engine_path_inside_a_list_or_group_finds_its_field(self):
        from expatcare.mobility.forms import EligibilityForm

        form = EligibilityForm()
        assert form.field_for_path("person.nationalities[1]") == "nationalities"
        assert form.field_for_path("job.posting") == "posting_from_country"
        assert form.field_for_path("person.qualification") == "qualification_kind"
        assert form.field_for_path("job.unknown_thing") is None

    def test_form_builds_the_engine_input(self):
        from expatcare.mobility.forms import EligibilityForm

        form = EligibilityForm(JOB_QUERY)
        assert form.is_valid(), form.errors
        facts = form.to_facts()

        assert facts["as_of"] == "2026-03-01"
        assert facts["person"]["nationalities"] == ["IN"]
        assert facts["person"]["qualification"]["recognition"] == "comparable"
        assert facts["person"]["german_residence_title"] is None
        assert facts["job"]["annual_gross_salary_eur"] == "52000"
        assert facts["job"]["posting"] is None
        assert facts["job"]["telework_abroad"] is None
        assert facts["job"]["intra_corporate_transfer"] is None


class TestResult:
    def test_indian_engineer_gets_the_blue_card_recommended(self, client_for, engineer):
        response = client_for(Role.HR).get(
            URL, {**JOB_QUERY, "person": engineer.pk}, HTTP_ACCEPT_LANGUAGE="en"
        )

        assert response.status_code == 200
        result = response.context["result"]
        assert result is not None, response.context["form"].errors
        assert result.recommended == "DE_BLUE_CARD"
        html = response.content.decode()
        assert "pathway-recommended" in html
        assert "Recommended pathway:" in html
        assert result.ruleset_version in html
        for pathway in result.pathways:
            assert f'id="pathway-{pathway.code}"' in html
        shown = [p.status for p in response.context["pathways"]]
        assert response.context["pathways"][0].code == "DE_BLUE_CARD"
        assert shown == sorted(shown, key=["eligible", "conditional", "not_eligible"].index)

    def test_italian_teleworker_sees_the_a1_duty_with_its_due_date(self, client_for, tenant):
        """The person's assessment page lists the A1 certificate due on the first working day
        (Italy applies the telework framework agreement since 2024-01-01)."""
        person = PersonFactory(
            organization=tenant.organization, nationalities=["IT"], residence_country="IT"
        )
        query = {
            **JOB_QUERY,
            "person": person.pk,
            "nationalities": "IT",
            "residence_country": "IT",
            "telework_country": "IT",
            "telework_share_percent": "40",
        }
        response = client_for(Role.HR).get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
        result = response.context["result"]
        assert result is not None, response.context["form"].errors
        a1 = next(o for o in result.obligations if o.code == "A1_CERTIFICATE")
        assert a1.due == dt.date(2026, 6, 1)
        html = response.content.decode()
        row = html[html.index('<th scope="row">Apply for the A1 certificate</th>') :]
        with translation.override("en"):
            shown_due = ldate(dt.date(2026, 6, 1))
        assert f"<td>{shown_due}</td>" in row[: row.index("</tr>")]

    def test_a_repeated_posting_to_the_us_is_checked_against_the_agreement(self, client_for):
        """A second posting six months after a three-year one, ending more than five years after
        the first start, is outside the US agreement's rule on repeated postings."""
        query = {
            **JOB_QUERY,
            "nationalities": "DE",
            "residence_country": "DE",
            "posting_from_country": "DE",
            "posting_to_country": "US",
            "posting_start_date": "2026-07-01",
            "posting_months": "36",
            "earlier_posting_start_date": "2023-01-01",
            "earlier_posting_end_date": "2025-12-31",
        }
        response = client_for(Role.HR).get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
        result = response.context["result"]
        assert result is not None, response.context["form"].errors
        assert "REPEATED_POSTING_NOT_COVERED" in {f.code for f in result.findings}
        assert result.social_security is not None
        assert result.social_security.applicable_legislation == "US"
        assert "Repeated posting not covered by the agreement" in response.content.decode()

    def test_an_earlier_posting_without_a_posting_is_refused(self, client_for):
        query = {**JOB_QUERY, "earlier_posting_start_date": "2023-01-01"}
        response = client_for(Role.HR).get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
        assert response.context["result"] is None
        assert "earlier_posting_start_date" in response.context["form"].errors

    def test_json_twin_returns_the_same_result(self, client_for):
        response = client_for(Role.AUDITOR).get(JSON_URL, JOB_QUERY)

        assert response.status_code == 200
        data = response.json()
        assert data["recommended"] == "DE_BLUE_CARD"
        assert data["as_of"] == "2026-03-01"
        # The page reads typed objects; the twin still sends the engine's JSON byte for byte.
        from expatcare.engine.contracts import assess_json
        from expatcare.mobility.forms import EligibilityForm

        form = EligibilityForm(JOB_QUERY)
        assert form.is_valid()
        assert response.content == JsonResponse(assess_json(form.to_facts())).content

    def test_unknown_date_is_refused_on_the_as_of_field(self, client_for):
        """The engine refuses dates it has no parameters for instead of guessing."""
        response = client_for(Role.HR).get(URL, {**JOB_QUERY, "as_of": "2031-03-01"})

        assert response.context["result"] is None
        assert "as_of" in response.context["form"].errors
