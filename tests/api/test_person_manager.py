"""HR sets a person's manager through ``PATCH /api/v1/people/{id}`` as through the person form
(issue 10, defect 10): ``manager_id`` is a manager membership of the same organisation, the
change is audited by name, and anything else is refused with 422 naming ``manager_id``."""

from __future__ import annotations

import pytest

from expatcare.accounts.models import Membership
from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _membership(tenant: Tenant, role: Role) -> Membership:
    return Membership.objects.get(user=tenant.users[role], organization=tenant.organization)


def _url(tenant: Tenant) -> str:
    return f"/api/v1/people/{tenant.other_person.pk}"


def test_hr_sets_and_removes_the_manager_and_it_is_audited(tenant: Tenant, client_for) -> None:
    manager = _membership(tenant, Role.MANAGER)
    client = client_for(Role.HR)
    response = client.patch(_url(tenant), data={"manager_id": manager.pk}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["manager_id"] == manager.pk
    tenant.other_person.refresh_from_db()
    assert tenant.other_person.manager_id == manager.pk
    entry = AuditEntry.objects.filter(action="person.update").latest("pk")
    assert entry.changes["manager"][1] == tenant.users[Role.MANAGER].get_full_name()
    # The manager now sees the person through the API.
    seen = client_for(Role.MANAGER).get(_url(tenant))
    assert seen.status_code == 200

    response = client.patch(_url(tenant), data={"manager_id": None}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["manager_id"] is None
    tenant.other_person.refresh_from_db()
    assert tenant.other_person.manager_id is None


@pytest.mark.parametrize("who", ["hr", "other_tenant_manager", "unknown", "zero"])
def test_anything_but_a_manager_of_the_tenant_is_refused_naming_manager_id(
    tenant: Tenant, other_tenant: Tenant, client_for, who: str
) -> None:
    value = {
        "hr": _membership(tenant, Role.HR).pk,
        "other_tenant_manager": _membership(other_tenant, Role.MANAGER).pk,
        "unknown": 2_000_000_000,
        "zero": 0,
    }[who]
    before = tenant.other_person.manager_id
    audit_before = AuditEntry.objects.count()
    response = client_for(Role.HR).patch(
        _url(tenant), data={"manager_id": value}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "manager_id"]
    tenant.other_person.refresh_from_db()
    assert tenant.other_person.manager_id == before
    assert AuditEntry.objects.count() == audit_before


def test_the_manager_field_is_documented(client_for) -> None:
    schema = client_for(Role.HR).get("/api/v1/openapi.json").json()
    patch = schema["components"]["schemas"]["PersonPatch"]["properties"]["manager_id"]
    assert "manager" in str(patch).lower()
    assert "manager_id" in schema["components"]["schemas"]["PersonDetail"]["properties"]
