"""Who sees whom: tenants are isolated, employees see themselves, providers their assignments."""

from __future__ import annotations

import pytest
from django.http import Http404

from expatcare.accounts.roles import Role
from expatcare.core.errors import PermissionDenied
from expatcare.people import policies
from tests.conftest import Tenant
from tests.factories import DocumentFactory, DocumentVersionFactory


@pytest.mark.parametrize("role", [Role.OWNER, Role.HR, Role.AUDITOR])
def test_tenant_wide_staff_see_every_person_of_their_tenant_only(
    tenant: Tenant, other_tenant: Tenant, role: Role
) -> None:
    actor = tenant.actor(role)
    visible = set(policies.visible_people(actor))
    assert visible == {tenant.employee_person, tenant.assigned_person, tenant.other_person}
    with pytest.raises(Http404):
        policies.access_person(actor, other_tenant.other_person.pk)


def test_employee_sees_only_own_record(tenant: Tenant) -> None:
    actor = tenant.actor(Role.EMPLOYEE)
    assert list(policies.visible_people(actor)) == [tenant.employee_person]
    assert policies.access_person(actor, tenant.employee_person.pk) == tenant.employee_person
    with pytest.raises(Http404):
        policies.access_person(actor, tenant.other_person.pk)


@pytest.mark.parametrize("role", [Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT])
def test_provider_sees_assigned_people_only_and_no_sensitive_data(
    tenant: Tenant, role: Role
) -> None:
    actor = tenant.actor(role)
    assert list(policies.visible_people(actor)) == [tenant.assigned_person]
    with pytest.raises(Http404):
        policies.access_person(actor, tenant.other_person.pk)
    assigned = policies.access_person(actor, tenant.assigned_person.pk)
    assert not policies.can_see_sensitive(actor, assigned)
    assert not policies.can_see_audit_trail(actor, assigned)


def test_other_tenants_provider_sees_nothing(tenant: Tenant, other_tenant: Tenant) -> None:
    actor = other_tenant.actor(Role.PROVIDER_ADMIN)
    with pytest.raises(Http404):
        policies.access_person(actor, tenant.assigned_person.pk)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.AUDITOR, Role.EMPLOYEE])
def test_readers_may_not_write(tenant: Tenant, role: Role) -> None:
    # Each reader's visible person: the manager's report, else the employee's own record.
    person = tenant.assigned_person if role == Role.MANAGER else tenant.employee_person
    with pytest.raises(PermissionDenied):
        policies.access_person(tenant.actor(role), person.pk, for_write=True)


def test_sensitive_data_for_staff_and_the_person_themself(tenant: Tenant) -> None:
    assert policies.can_see_sensitive(tenant.actor(Role.AUDITOR), tenant.other_person)
    assert policies.can_see_sensitive(tenant.actor(Role.EMPLOYEE), tenant.employee_person)
    assert not policies.can_see_sensitive(tenant.actor(Role.EMPLOYEE), tenant.other_person)


def test_document_versions_follow_person_visibility(tenant: Tenant, other_tenant: Tenant) -> None:
    own = DocumentVersionFactory(document=DocumentFactory(person=tenant.employee_person))
    assigned = DocumentVersionFactory(document=DocumentFactory(person=tenant.assigned_person))
    assert policies.access_document_version(tenant.actor(Role.HR), own.pk) == own
    assert policies.access_document_version(tenant.actor(Role.EMPLOYEE), own.pk) == own
    for actor, version_id in [
        (tenant.actor(Role.EMPLOYEE), assigned.pk),
        (tenant.actor(Role.PROVIDER_ADMIN), assigned.pk),
        (other_tenant.actor(Role.HR), own.pk),
    ]:
        with pytest.raises(Http404):
            policies.access_document_version(actor, version_id)


def test_employee_uploads_only_self_service_kinds_to_own_record(tenant: Tenant) -> None:
    actor = tenant.actor(Role.EMPLOYEE)
    assert policies.can_upload_document(actor, tenant.employee_person, "passport")
    assert not policies.can_upload_document(actor, tenant.employee_person, "contract")
    assert not policies.can_upload_document(actor, tenant.other_person, "passport")
