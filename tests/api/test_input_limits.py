"""No input makes the API, the pages or the engine answer with a server error (defects 3-5, 7).

Far-future dates, huge amounts, deep or large bodies and unknown orderings are refused with
422 (413 for size) naming the field, the same way on the API and the pages.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.urls import reverse

from expatcare.accounts.models import PersonalAccessToken
from expatcare.accounts.roles import Role
from expatcare.apikit.body import MAX_BODY_BYTES, MAX_JSON_DEPTH, json_depth
from expatcare.engine.contracts import ASSESSMENT_EXAMPLE, PENSION_EXAMPLE
from tests.conftest import Tenant

RULES_OPERATIONS = [
    ("/api/v1/assessments", ASSESSMENT_EXAMPLE),
    ("/api/v1/pension-calculations", PENSION_EXAMPLE),
]


def _post(client, path: str, body: str | bytes):
    return client.generic("POST", path, data=body, content_type="application/json")


class TestDates:
    @pytest.mark.parametrize("field", ["start_date", "move_in_date", "end_date"])
    def test_a_far_future_person_date_is_422_naming_the_field(
        self, tenant: Tenant, client_for, field: str
    ) -> None:
        response = client_for(Role.HR).patch(
            f"/api/v1/people/{tenant.assigned_person.pk}",
            data={field: "9999-12-31"},
            content_type="application/json",
        )
        assert response.status_code == 422
        error = response.json()["detail"][0]
        assert error["loc"] == ["body", field]
        assert "Enter a date between" in error["msg"]

    def test_the_person_form_refuses_the_same_date_with_the_same_message(
        self, tenant: Tenant, client_for
    ) -> None:
        from expatcare.people import validation

        with pytest.raises(Exception) as error:
            validation.clean_date("9999-12-31", field="start_date")
        api = client_for(Role.HR).patch(
            f"/api/v1/people/{tenant.assigned_person.pk}",
            data={"start_date": "9999-12-31"},
            content_type="application/json",
        )
        assert api.json()["detail"][0]["msg"] == str(error.value)

    def test_a_far_future_job_start_is_422_naming_it(self, client_for) -> None:
        body = copy.deepcopy(dict(ASSESSMENT_EXAMPLE))
        body["job"]["start_date"] = "9999-12-31"
        response = _post(client_for(Role.EMPLOYEE), "/api/v1/assessments", json.dumps(body))
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "job.start_date"

    def test_a_far_future_as_of_is_blamed_on_as_of(self, client_for) -> None:
        body = copy.deepcopy(dict(PENSION_EXAMPLE))
        body["as_of"] = "9999-12-31"
        response = _post(
            client_for(Role.EMPLOYEE), "/api/v1/pension-calculations", json.dumps(body)
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["field"] == "as_of"

    @pytest.mark.parametrize("expires_on", ["9999-12-31", "2999-01-01"])
    def test_a_token_expiring_in_the_far_future_is_refused(
        self, client_for, expires_on: str
    ) -> None:
        response = client_for(Role.MANAGER).post(
            reverse("accounts:tokens"), {"name": "sync", "expires_on": expires_on}
        )
        assert response.status_code == 422
        assert "Enter a date between" in response.content.decode()
        assert not PersonalAccessToken.objects.exists()


class TestMoney:
    @pytest.mark.parametrize("amount", ['"' + "9" * 27 + '"', "1" + "0" * 400, '"1e999999"'])
    def test_a_huge_pension_amount_is_422(self, client_for, amount: str) -> None:
        body = json.dumps(dict(PENSION_EXAMPLE)).replace(
            '"annual_gross_salary_eur": "60000"', f'"annual_gross_salary_eur": {amount}'
        )
        assert amount in body
        response = _post(client_for(Role.EMPLOYEE), "/api/v1/pension-calculations", body)
        assert response.status_code == 422

    @pytest.mark.parametrize("amount", ["9" * 27, "1e400", 10**40])
    def test_a_huge_salary_of_a_person_is_422_naming_it(
        self, tenant: Tenant, client_for, amount: Any
    ) -> None:
        response = client_for(Role.HR).patch(
            f"/api/v1/people/{tenant.assigned_person.pk}",
            data=json.dumps({"annual_salary_eur": amount}),
            content_type="application/json",
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == "annual_salary_eur"


class TestBodies:
    @pytest.mark.parametrize(("path", "example"), RULES_OPERATIONS)
    @pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 1, 1000, 5000])
    def test_deep_nesting_is_422_before_parsing(
        self, client_for, path: str, example: Any, levels: int
    ) -> None:
        body = '{"as_of": ' + "[" * levels + "]" * levels + "}"
        response = _post(client_for(Role.EMPLOYEE), path, body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["type"] == "json_too_deep"

    def test_deep_nesting_in_a_pydantic_body_is_422(self, tenant: Tenant, client_for) -> None:
        body = '{"first_name": ' + "[" * 1000 + "]" * 1000 + "}"
        response = client_for(Role.HR).generic(
            "PATCH",
            f"/api/v1/people/{tenant.assigned_person.pk}",
            data=body,
            content_type="application/json",
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body"]

    @pytest.mark.parametrize(("path", "example"), RULES_OPERATIONS)
    def test_a_body_over_the_limit_is_413(self, client_for, path: str, example: Any) -> None:
        body = json.dumps({**dict(example), "padding": "x" * MAX_BODY_BYTES})
        response = _post(client_for(Role.EMPLOYEE), path, body)
        assert response.status_code == 413
        assert response.json()["detail"][0]["type"] == "body_too_large"

    def test_an_unparsable_pydantic_body_is_422_not_400(self, tenant: Tenant, client_for) -> None:
        response = client_for(Role.HR).generic(
            "PATCH",
            f"/api/v1/people/{tenant.assigned_person.pk}",
            data="{not json",
            content_type="application/json",
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["type"] == "json_invalid"

    def test_json_depth_skips_strings(self) -> None:
        assert json_depth('{"a": "[[[[\\"[[[", "b": [[]]}') == 3
        assert json_depth("[" * 50 + "]" * 50) == 50


class TestOrdering:
    def test_an_unknown_ordering_is_422(self, client_for) -> None:
        response = client_for(Role.HR).get("/api/v1/people?ordering=salary")
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "ordering"]

    @pytest.mark.parametrize("ordering", ["last_name", "-last_name"])
    def test_a_documented_ordering_is_accepted(self, client_for, ordering: str) -> None:
        assert client_for(Role.HR).get(f"/api/v1/people?ordering={ordering}").status_code == 200

    def test_a_search_over_the_limit_is_422(self, client_for) -> None:
        response = client_for(Role.HR).get("/api/v1/people?search=" + "x" * 101)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "search"]


class TestTimeZones:
    @pytest.mark.parametrize("zone", ["Mars/Base", "W-SU", "US/Eastern", "localtime"])
    def test_only_canonical_zones_are_stored(self, tenant: Tenant, client_for, zone: str) -> None:
        person = tenant.assigned_person
        response = client_for(Role.HR).patch(
            f"/api/v1/people/{person.pk}",
            data={"time_zone": zone},
            content_type="application/json",
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "time_zone"]
        person.refresh_from_db()
        assert person.time_zone != zone

    def test_a_canonical_zone_is_stored(self, tenant: Tenant, client_for) -> None:
        person = tenant.assigned_person
        response = client_for(Role.HR).patch(
            f"/api/v1/people/{person.pk}",
            data={"time_zone": "Asia/Kolkata"},
            content_type="application/json",
        )
        assert response.status_code == 200
        person.refresh_from_db()
        assert person.time_zone == "Asia/Kolkata"

    def test_the_profile_refuses_an_alias(self, client_for) -> None:
        response = client_for(Role.HR).post(
            reverse("accounts:profile"),
            {"full_name": "X", "language": "en", "time_zone": "W-SU"},
        )
        assert response.status_code == 422
