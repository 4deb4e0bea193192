"""Provider assignments: HR assigns a provider to a person or a case for a named service with
declared fields, ends it after a confirmation; every write is audited, every refusal writes
nothing, and the provider's access follows the open assignments."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people.assignments import assignment_create, assignment_end
from expatcare.people.choices import DEFAULT_ASSIGNMENT_FIELDS
from expatcare.people.errors import PeopleErrorCode
from expatcare.people.models import ProviderAssignment
from expatcare.people.policies import visible_people
from tests.factories import ProviderAssignmentFactory, ProviderOrganizationFactory, make_case

pytestmark = pytest.mark.django_db


def _create(tenant, **overrides):
    arguments = {
        "actor": tenant.actor(Role.HR),
        "person": tenant.other_person,
        "provider_id": tenant.provider.pk,
        "service": "Relocation agency",
        "fields": ["phone", "name"],
    }
    return assignment_create(**(arguments | overrides))


class TestCreate:
    def test_hr_assigns_a_provider_who_then_sees_the_person(self, tenant):
        provider = tenant.actor(Role.PROVIDER_AGENT)
        assert not visible_people(provider).filter(pk=tenant.other_person.pk).exists()
        assignment = _create(tenant)
        # Stored in the order of the fixed list, whatever order they were chosen in.
        assert assignment.fields == ["name", "phone"]
        assert assignment.service == "Relocation agency"
        assert visible_people(provider).filter(pk=tenant.other_person.pk).exists()
        entry = AuditEntry.objects.get(action="provider.assign")
        assert entry.person_id == tenant.other_person.pk
        assert entry.organization_id == tenant.organization.pk
        assert entry.changes["fields"] == [None, ["name", "phone"]]

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"service": "  "}, "service"),
            ({"fields": []}, "provider_fields"),
            ({"fields": ["name", "salary"]}, "provider_fields"),
            ({"fields": "name"}, "provider_fields"),
            ({"provider_id": "x"}, "provider"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, tenant, overrides, field):
        before = ProviderAssignment.objects.count()
        with pytest.raises(ServiceError) as error:
            _create(tenant, **overrides)
        assert error.value.field == field
        assert ProviderAssignment.objects.count() == before
        assert not AuditEntry.objects.filter(action="provider.assign").exists()

    def test_an_employer_is_not_a_provider(self, tenant, other_tenant):
        with pytest.raises(ServiceError) as error:
            _create(tenant, provider_id=other_tenant.organization.pk)
        assert error.value.code == PeopleErrorCode.NOT_A_PROVIDER

    def test_one_open_assignment_per_provider_and_person(self, tenant):
        with pytest.raises(ServiceError) as error:
            _create(tenant, person=tenant.assigned_person)
        assert error.value.code == PeopleErrorCode.ALREADY_ASSIGNED

    def test_a_case_assignment_beside_the_person_assignment(self, tenant):
        case = make_case(tenant.assigned_person)
        assignment = _create(tenant, person=tenant.assigned_person, case_id=case.pk)
        assert assignment.case_id == case.pk
        # Two open assignments, one person: the provider's list still holds them once.
        provider = tenant.actor(Role.PROVIDER_ADMIN)
        assert list(visible_people(provider)).count(tenant.assigned_person) == 1

    @pytest.mark.parametrize(
        "role", [Role.MANAGER, Role.AUDITOR, Role.EMPLOYEE, Role.PROVIDER_ADMIN]
    )
    def test_only_owners_and_hr_assign(self, tenant, role):
        with pytest.raises(PermissionDenied):
            _create(tenant, actor=tenant.actor(role))
        assert not ProviderAssignment.objects.filter(person=tenant.other_person).exists()

    def test_hr_of_another_employer_cannot_assign(self, tenant, other_tenant):
        with pytest.raises(PermissionDenied):
            _create(tenant, actor=other_tenant.actor(Role.HR))


class TestEnd:
    def test_ending_takes_the_access_away_and_keeps_the_row(self, tenant):
        assignment = ProviderAssignment.objects.get(person=tenant.assigned_person)
        assignment_end(actor=tenant.actor(Role.HR), assignment=assignment)
        assignment.refresh_from_db()
        assert assignment.ended_at is not None
        provider = tenant.actor(Role.PROVIDER_AGENT)
        assert not visible_people(provider).filter(pk=tenant.assigned_person.pk).exists()
        entry = AuditEntry.objects.get(action="provider.unassign")
        assert entry.person_id == tenant.assigned_person.pk
        # A new assignment may follow the ended one.
        _create(tenant, person=tenant.assigned_person)

    def test_ending_twice_is_refused(self, tenant):
        assignment = ProviderAssignment.objects.get(person=tenant.assigned_person)
        assignment_end(actor=tenant.actor(Role.HR), assignment=assignment)
        with pytest.raises(ServiceError) as error:
            assignment_end(actor=tenant.actor(Role.HR), assignment=assignment)
        assert error.value.code == PeopleErrorCode.ALREADY_ENDED

    def test_a_manager_cannot_end(self, tenant):
        assignment = ProviderAssignment.objects.get(person=tenant.assigned_person)
        with pytest.raises(PermissionDenied):
            assignment_end(actor=tenant.actor(Role.MANAGER), assignment=assignment)
        assignment.refresh_from_db()
        assert assignment.ended_at is None


class TestPages:
    def test_person_page_lists_assignments_with_their_fields(self, tenant, client_for):
        page = client_for(Role.HR).get(reverse("people:detail", args=[tenant.assigned_person.pk]))
        content = page.content.decode()
        assert 'id="section-providers"' in content
        assert tenant.provider.name in content
        assert reverse("people:assignment_create", args=[tenant.assigned_person.pk]) in content
        manager = client_for(Role.MANAGER).get(
            reverse("people:detail", args=[tenant.assigned_person.pk])
        )
        assert tenant.provider.name in manager.content.decode()
        assert reverse("people:assignment_create", args=[tenant.assigned_person.pk]) not in (
            manager.content.decode()
        )

    def test_hr_assigns_through_the_form(self, tenant, client_for):
        url = reverse("people:assignment_create", args=[tenant.other_person.pk])
        hr = client_for(Role.HR)
        form = hr.get(url)
        assert form.status_code == 200
        assert tenant.provider.name in form.content.decode()
        response = hr.post(
            url,
            {"provider": tenant.provider.pk, "service": "Relocation", "provider_fields": ["name"]},
        )
        assert response.status_code == 302
        assert ProviderAssignment.objects.get(person=tenant.other_person).fields == ["name"]

    def test_a_refused_form_names_the_field(self, tenant, client_for):
        url = reverse("people:assignment_create", args=[tenant.other_person.pk])
        response = client_for(Role.HR).post(url, {"provider": tenant.provider.pk, "service": ""})
        assert response.status_code == 422
        assert not ProviderAssignment.objects.filter(person=tenant.other_person).exists()

    def test_ending_asks_first(self, tenant, client_for):
        assignment = ProviderAssignment.objects.get(person=tenant.assigned_person)
        url = reverse("people:assignment_end", args=[assignment.pk])
        hr = client_for(Role.HR)
        confirmation = hr.get(url)
        assert confirmation.status_code == 200
        assert "End the assignment" in confirmation.content.decode()
        assignment.refresh_from_db()
        assert assignment.ended_at is None
        response = hr.post(f"{url}?next=/elsewhere/")
        assert response.status_code == 302
        assert response["Location"] == "/elsewhere/"
        assignment.refresh_from_db()
        assert assignment.ended_at is not None

    def test_ending_never_leads_off_site(self, tenant, client_for):
        assignment = ProviderAssignment.objects.get(person=tenant.assigned_person)
        url = reverse("people:assignment_end", args=[assignment.pk])
        response = client_for(Role.HR).post(f"{url}?next=https://evil.example/")
        assert response["Location"] == reverse("people:detail", args=[tenant.assigned_person.pk])

    def test_hr_assigns_a_lawyer_to_a_case_from_the_case_page(self, tenant, client_for):
        case = make_case(tenant.other_person)
        hr = client_for(Role.HR)
        page = hr.get(reverse("mobility:case_detail", args=[case.pk])).content.decode()
        url = reverse("mobility:case_assign_provider", args=[case.pk])
        assert url in page
        response = hr.post(
            url,
            {
                "provider": tenant.provider.pk,
                "service": "Immigration lawyer",
                "provider_fields": ["name", "email"],
            },
        )
        assert response.status_code == 302
        assignment = ProviderAssignment.objects.get(case=case)
        assert assignment.person_id == tenant.other_person.pk
        provider = client_for(Role.PROVIDER_AGENT)
        assert provider.get(reverse("mobility:case_detail", args=[case.pk])).status_code == 200
        page = hr.get(reverse("mobility:case_detail", args=[case.pk])).content.decode()
        assert "Immigration lawyer" in page
        assert reverse("people:assignment_end", args=[assignment.pk]) in page


def test_existing_assignments_get_the_default_fields_and_a_service():
    """The migration's data step: assignments made before declarations keep working."""
    assignment = ProviderAssignmentFactory(provider=ProviderOrganizationFactory())
    ProviderAssignment.objects.filter(pk=assignment.pk).update(fields=[])
    migration = import_module("expatcare.people.migrations.0005_provider_assignment_service_fields")
    migration.declare_defaults(apps, None)
    assignment.refresh_from_db()
    assert assignment.fields == list(DEFAULT_ASSIGNMENT_FIELDS)
