"""Assessments and pension calculations over HTTP: the contracts of docs/contracts.md."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client

from expatcare.accounts.roles import Role
from expatcare.api.rules_schemas import (
    AssessmentOutput,
    PensionOutput,
)
from expatcare.rules.examples import ASSESSMENT_EXAMPLE, PENSION_EXAMPLE

JSON = "application/json"


def _post(client: Client, url: str, body: object) -> Any:
    return client.post(url, data=json.dumps(body), content_type=JSON)


class TestAssessments:
    url = "/api/v1/assessments"

    def test_the_contract_example_is_assessed(self, tenant, client_for):
        response = _post(client_for(Role.HR), self.url, ASSESSMENT_EXAMPLE)
        assert response.status_code == 200, response.content
        body = response.json()
        AssessmentOutput.model_validate(body)  # the documented schema matches the output
        assert body["as_of"] == "2026-03-01"
        codes = {p["code"] for p in body["pathways"]}
        assert {"DE_BLUE_CARD", "EU_FREE_MOVEMENT", "DE_OPPORTUNITY_CARD"} <= codes
        blue_card = next(p for p in body["pathways"] if p["code"] == "DE_BLUE_CARD")
        assert blue_card["status"] == "eligible"
        assert body["social_security"]["applicable_legislation"] == "DE"

    def test_italian_teleworker_keeps_german_law_with_an_a1_duty(self, tenant, client_for):
        """Italy applies the telework framework agreement since 2024-01-01: 40 % from home in
        Italy keeps German law on request, so the A1 certificate is a duty from the start."""
        body = copy.deepcopy(ASSESSMENT_EXAMPLE)
        body["person"].update(nationalities=["IT"], residence_country="IT")
        body["job"]["telework_abroad"] = {"country": "IT", "share_percent": 40}
        response = _post(client_for(Role.HR), self.url, body)
        assert response.status_code == 200, response.content
        result = response.json()
        assert result["social_security"]["applicable_legislation"] == "DE"
        a1 = next(o for o in result["obligations"] if o["code"] == "A1_CERTIFICATE")
        assert a1["due"] == body["job"]["start_date"] == "2026-06-01"
        findings = {f["code"] for f in result["findings"]}
        assert "TELEWORK_FRAMEWORK_AGREEMENT" in findings
        assert "TELEWORK_RESIDENCE_STATE_LAW" not in findings

    @pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.PROVIDER_AGENT, Role.AUDITOR])
    def test_any_member_may_assess(self, tenant, client_for, role):
        assert _post(client_for(role), self.url, ASSESSMENT_EXAMPLE).status_code == 200

    @pytest.mark.parametrize(
        ("path", "value", "field"),
        [
            (("person", "birth_date"), "1991-13-45", "person.birth_date"),
            (("job", "annual_gross_salary_eur"), "a lot", "job.annual_gross_salary_eur"),
            (("as_of",), "yesterday", "as_of"),
        ],
    )
    def test_invalid_input_is_refused_naming_the_field(
        self, tenant, client_for, path, value, field
    ):
        body = copy.deepcopy(ASSESSMENT_EXAMPLE)
        target = body
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        response = _post(client_for(Role.HR), self.url, body)
        assert response.status_code == 422
        error = response.json()["detail"][0]
        assert error["field"] == field
        assert error["loc"] == ["body", *field.split(".")]
        assert error["msg"]

    def test_a_missing_section_is_named(self, tenant, client_for):
        body = {k: v for k, v in ASSESSMENT_EXAMPLE.items() if k != "job"}
        response = _post(client_for(Role.HR), self.url, body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"].startswith("job")

    def test_malformed_json_is_422(self, tenant, client_for):
        response = client_for(Role.HR).post(self.url, data="{not json", content_type=JSON)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body"]

    def test_a_json_array_is_422(self, tenant, client_for):
        response = _post(client_for(Role.HR), self.url, [1, 2])
        assert response.status_code == 422

    def test_anonymous_callers_are_refused(self, db, client):
        assert _post(client, self.url, ASSESSMENT_EXAMPLE).status_code == 401


class TestPensionCalculations:
    url = "/api/v1/pension-calculations"

    def test_the_contract_example_is_calculated(self, tenant, client_for):
        response = _post(client_for(Role.HR), self.url, PENSION_EXAMPLE)
        assert response.status_code == 200, response.content
        body = response.json()
        PensionOutput.model_validate(body)
        assert body["year"] == 2026
        assert body["employer_subsidy_monthly_eur"] == "30.00"
        assert body["vesting"]["deferred_compensation"]["vested"] is True
        assert body["vesting"]["employer_funded"]["vested"] is False
        assert {item["code"] for item in body["on_leaving"]}

    def test_no_leaving_is_allowed(self, tenant, client_for):
        body = {**PENSION_EXAMPLE, "leaving": None}
        assert _post(client_for(Role.EMPLOYEE), self.url, body).status_code == 200

    def test_an_unknown_vehicle_is_refused_naming_the_field(self, tenant, client_for):
        body = copy.deepcopy(PENSION_EXAMPLE)
        body["plan"]["vehicle"] = "piggy_bank"
        response = _post(client_for(Role.HR), self.url, body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "plan.vehicle"
