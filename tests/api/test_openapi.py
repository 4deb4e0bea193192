"""The OpenAPI document and the docs page: complete, and served without any CDN."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.staticfiles import finders

from expatcare.api.api import api

EXPECTED_OPERATIONS = {
    ("get", "/api/v1/me"): "me_read",
    ("get", "/api/v1/people"): "person_list",
    ("get", "/api/v1/people/{person_id}"): "person_read",
    ("patch", "/api/v1/people/{person_id}"): "person_update",
    ("post", "/api/v1/assessments"): "assessment_create",
    ("post", "/api/v1/pension-calculations"): "pension_calculation_create",
    ("get", "/api/v1/cases"): "case_list",
    ("get", "/api/v1/cases/{case_id}"): "case_read",
    ("patch", "/api/v1/cases/{case_id}/milestones/{milestone_id}"): "milestone_update",
    ("post", "/api/v1/me/calendar-feed"): "calendar_feed_create",
    ("delete", "/api/v1/me/calendar-feed"): "calendar_feed_revoke",
    ("get", "/api/v1/obligations"): "obligation_list",
    ("get", "/api/v1/care/modules"): "care_module_list",
    ("get", "/api/v1/care/enrolments"): "care_enrolment_list",
    ("post", "/api/v1/care/enrolments"): "care_enrolment_create",
    ("get", "/api/v1/care/enrolments/{enrolment_id}"): "care_enrolment_read",
    ("patch", "/api/v1/care/enrolments/{enrolment_id}"): "care_enrolment_update",
    ("get", "/api/v1/care/costs"): "care_costs_read",
}


def test_the_document_lists_every_operation(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    found = {
        (method, path): operation["operationId"]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert found == EXPECTED_OPERATIONS
    for methods in document["paths"].values():
        for operation in methods.values():
            assert operation["security"], "every operation needs a caller"


def test_rules_request_bodies_are_documented_with_resolvable_references():
    document = api.get_openapi_schema()
    schemas = document["components"]["schemas"]
    body = document["paths"]["/api/v1/assessments"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/AssessmentInput"
    assert body["content"]["application/json"]["example"]["as_of"] == "2026-03-01"
    for name in ("AssessmentInput", "PensionInput", "AssessmentOutput", "PensionOutput"):
        assert name in schemas
    text = str(document)
    for target in re.findall(r"#/components/schemas/(\w+)", text):
        assert target in schemas, f"dangling reference to {target}"
    assert "#/$defs/" not in text


def test_the_docs_page_needs_no_external_host(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "no CDN or external asset"
    assert "http://" not in html and "https://" not in html
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert '"validatorUrl": null' in html
    assert "/api/v1/openapi.json" in html


def test_the_swagger_assets_are_served_by_our_static_files():
    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css", "favicon.svg"):
        assert finders.find(f"vendor/swagger-ui/{name}"), name


# --- the document equals the behaviour (issue 12, defect 6) -----------------------------------


def _document() -> dict[str, Any]:
    return dict(api.get_openapi_schema())


def _all_models(base: type) -> list[type]:
    found: list[type] = []
    todo: list[type] = [base]
    while todo:
        subclasses: list[type] = todo.pop().__subclasses__()
        for sub in subclasses:
            found.append(sub)
            todo.append(sub)
    return found


def test_every_documented_schema_name_belongs_to_one_model():
    from pydantic import BaseModel

    schemas = _document()["components"]["schemas"]
    by_name: dict[str, set[str]] = {}
    for model in _all_models(BaseModel):
        if model.__module__.startswith("expatcare."):
            by_name.setdefault(model.__name__, set()).add(model.__module__)
    clashes = {name: mods for name, mods in by_name.items() if name in schemas and len(mods) > 1}
    assert clashes == {}


def test_assessment_obligations_are_not_the_stored_duties():
    schemas = _document()["components"]["schemas"]
    output = schemas["AssessmentOutput"]["properties"]["obligations"]["items"]["$ref"]
    item = schemas[output.rsplit("/", 1)[1]]
    assert "person_id" not in item.get("required", [])
    assert "person_id" in schemas["ObligationOut"]["required"]


def test_every_operation_documents_the_shared_answers():
    for path, operations in _document()["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            where = f"{method.upper()} {path}"
            assert {"401", "403"} <= set(responses), where
            assert any(status.startswith("2") for status in responses), where
            if "{" in path:
                assert "404" in responses, where
            takes_input = "requestBody" in operation or any(
                p["in"] == "query" for p in operation.get("parameters", [])
            )
            if takes_input:
                schema = responses["422"]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/FieldProblems"}, where
            if "requestBody" in operation:
                assert "413" in responses, where


def _properties(schema_name: str) -> dict[str, Any]:
    properties: dict[str, Any] = _document()["components"]["schemas"][schema_name]["properties"]
    return properties


def _nullable(prop: dict[str, Any]) -> bool:
    return prop.get("type") == "null" or any(o.get("type") == "null" for o in prop.get("anyOf", []))


def test_nullability_and_list_sizes_are_those_the_api_enforces():
    patch = _properties("PersonPatch")
    for name in ("first_name", "last_name", "kind", "status", "nationalities"):
        assert not _nullable(patch[name]), name
    for name in ("email", "phone", "start_date", "annual_salary_eur"):
        assert _nullable(patch[name]), name
    assert patch["nationalities"]["minItems"] == 1
    job = _properties("JobIn")
    assert _nullable(job["research_hosting_agreement"])
    assert not _nullable(job["start_date"])
    assert _properties("AssessmentPersonIn")["nationalities"]["minItems"] == 1


def test_the_refusals_the_document_promises(client, db, tenant, client_for):
    from expatcare.accounts.roles import Role

    hr = client_for(Role.HR)
    person = tenant.assigned_person.pk
    null_name = hr.patch(
        f"/api/v1/people/{person}", data={"first_name": None}, content_type="application/json"
    )
    assert null_name.status_code == 422
    no_nationality = hr.patch(
        f"/api/v1/people/{person}", data={"nationalities": []}, content_type="application/json"
    )
    assert no_nationality.status_code == 422
    repeated = hr.get("/api/v1/people?page_size=10&page_size=200")
    assert repeated.status_code == 422
    assert repeated.json()["detail"][0]["loc"] == ["query", "page_size"]
    epoch = hr.get("/api/v1/obligations?due_before=0")
    assert epoch.status_code == 422
    text_id = hr.get("/api/v1/people/abc")
    assert text_id.status_code == 404 and text_id.json() == {"detail": "Not found."}
