"""The care API: same scoping, minimisation and rules as the pages, documented in OpenAPI."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from expatcare.accounts.roles import Role
from expatcare.api.api import api
from expatcare.care.choices import EnrolmentStatus, PriceModel
from tests.care.factories import CareModuleFactory, EnrolmentFactory
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory

pytestmark = pytest.mark.django_db


def test_the_operations_are_documented() -> None:
    schema = api.get_openapi_schema()
    operations = {
        operation["operationId"]
        for methods in schema["paths"].values()
        for operation in methods.values()
    }
    assert {
        "care_module_list",
        "care_enrolment_list",
        "care_enrolment_create",
        "care_enrolment_read",
        "care_enrolment_update",
        "care_costs_read",
    } <= operations
    assert "/api/v1/care/costs" in schema["paths"]


def test_hr_requests_the_provider_confirms_and_an_early_end_is_refused(
    tenant: Tenant, bearer_for: Any
) -> None:
    module = CareModuleFactory(
        organization=tenant.provider,
        price_model=PriceModel.PER_MEMBER_MONTH,
        covers_children=True,
        minimum_term_months=6,
        provider_fields=["name", "family_members"],
    )
    child = FamilyMemberFactory(person=tenant.assigned_person, relation="child", first_name="Ali")
    hr = bearer_for(Role.HR)
    response = hr.post(
        "/api/v1/care/enrolments",
        {
            "person_id": tenant.assigned_person.pk,
            "module_id": module.pk,
            "family_member_id": child.pk,
            "start_date": "2026-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["status"], created["family_member_name"]) == ("requested", "Ali")
    assert created["unit_price"] == "10.00"
    provider = bearer_for(Role.PROVIDER_AGENT)
    url = f"/api/v1/care/enrolments/{created['id']}"
    confirmed = provider.patch(
        url, {"status": "confirmed", "provider_reference": "P-9"}, content_type="application/json"
    ).json()
    assert (confirmed["status"], confirmed["provider_reference"]) == ("confirmed", "P-9")
    assert confirmed["person_id"] is None and confirmed["unit_price"] is None
    refused = hr.patch(
        url, {"status": "ended", "end_date": "2026-03-31"}, content_type="application/json"
    )
    assert refused.status_code == 422
    (problem,) = refused.json()["detail"]
    assert problem["loc"] == ["body", "end_date"] and problem["type"] == "end_too_early"
    assert "2026" in problem["msg"]


def test_a_provider_list_shows_only_declared_fields(tenant: Tenant, bearer_for: Any) -> None:
    silent = CareModuleFactory(organization=tenant.provider, provider_fields=["phone"])
    EnrolmentFactory(person=tenant.assigned_person, module=silent)
    body = bearer_for(Role.PROVIDER_ADMIN).get("/api/v1/care/enrolments").json()
    assert body["count"] == 1
    assert body["results"][0]["person_name"] == ""
    assert tenant.assigned_person.last_name not in str(body)
    hr = bearer_for(Role.HR).get("/api/v1/care/enrolments").json()
    assert hr["results"][0]["person_name"] == tenant.assigned_person.full_name


def test_costs_of_a_month(tenant: Tenant, bearer_for: Any) -> None:
    module = CareModuleFactory(organization=tenant.provider, price=Decimal("31.00"))
    EnrolmentFactory(
        person=tenant.assigned_person,
        module=module,
        start_date=dt.date(2026, 3, 10),
        status=EnrolmentStatus.ACTIVE,
    )
    client = bearer_for(Role.AUDITOR)
    body = client.get("/api/v1/care/costs", {"month": "2026-03"}).json()
    assert body["totals"] == [{"currency": "EUR", "net": "22.00", "vat": "0.00", "gross": "22.00"}]
    assert body["forecast"][1]["totals"][0]["net"] == "31.00"
    assert body["providers"][0]["modules"][0]["enrolments"] == 1
    assert client.get("/api/v1/care/costs", {"month": "2026-13"}).status_code == 422
    assert bearer_for(Role.PROVIDER_ADMIN).get("/api/v1/care/costs").status_code == 403


def test_unknown_filters_are_refused(tenant: Tenant, bearer_for: Any) -> None:
    client = bearer_for(Role.HR)
    assert client.get("/api/v1/care/enrolments", {"ordering": "salary"}).status_code == 422
    assert client.get("/api/v1/care/enrolments", {"status": "lost"}).status_code == 422
    assert client.get("/api/v1/care/modules", {"category": "spa"}).status_code == 422
    CareModuleFactory(organization=tenant.provider, category="telemedicine")
    body = client.get("/api/v1/care/modules", {"category": "telemedicine"}).json()
    assert body["count"] == 1 and body["results"][0]["price"] == "10.00"
