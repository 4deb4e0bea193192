"""The OpenAPI document and the docs page: complete, and served without any CDN."""

from __future__ import annotations

import re

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
