"""Managers see their own reports only, and their private details only when HR allows it.

``build_tenant`` makes Asha (the assigned person) report to the tenant's manager; Oscar and
Emma report to nobody. Every surface that lists or opens people is checked: the people list
and page, documents, cases, the compliance dashboard, the export, the calendar feed and the API.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import Client
from django.urls import reverse

from expatcare.accounts.models import Membership
from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.services import calendar_feed_create
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people import policies, services
from expatcare.people.managers import manager_grant_set
from expatcare.people.models import Person
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant, streamed
from tests.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    FamilyMemberFactory,
    MembershipFactory,
    UserFactory,
    make_case,
)

pytestmark = pytest.mark.django_db


def _manager(tenant: Tenant) -> Membership:
    return Membership.objects.get(user=tenant.users[Role.MANAGER], organization=tenant.organization)


def _grant(tenant: Tenant) -> None:
    manager_grant_set(actor=tenant.actor(Role.HR), manager=_manager(tenant), sees_details=True)


def _passport(person: Person) -> int:
    version = DocumentVersionFactory(document=DocumentFactory(person=person, kind="passport"))
    version.file.save("passport.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return int(version.pk)


class TestScope:
    def test_a_manager_sees_only_their_reports(self, tenant: Tenant, other_tenant: Tenant) -> None:
        actor = tenant.actor(Role.MANAGER)
        assert list(policies.visible_people(actor)) == [tenant.assigned_person]
        for person in (tenant.other_person, tenant.employee_person, other_tenant.assigned_person):
            with pytest.raises(Http404):
                policies.access_person(actor, person.pk)

    def test_people_list_and_page(self, tenant: Tenant, client_for) -> None:
        client = client_for(Role.MANAGER)
        listing = client.get(reverse("people:list")).content.decode()
        assert "Assigned" in listing
        assert "Oscar" not in listing and "Emma" not in listing
        assert (
            client.get(reverse("people:detail", args=[tenant.assigned_person.pk])).status_code
            == 200
        )
        other = client.get(reverse("people:detail", args=[tenant.other_person.pk]))
        assert other.status_code == 404

    def test_another_tenants_report_is_not_found(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        client = client_for(Role.MANAGER)
        person = other_tenant.assigned_person  # reports to the other tenant's manager
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
        assert client.get(f"/api/v1/people/{person.pk}").status_code == 404

    def test_cases_follow_the_reports(self, tenant: Tenant, client_for) -> None:
        own = make_case(tenant.assigned_person)
        other = make_case(tenant.other_person)
        client = client_for(Role.MANAGER)
        page = client.get(reverse("mobility:case_list")).content.decode()
        assert reverse("mobility:case_detail", args=[own.pk]) in page
        assert reverse("mobility:case_detail", args=[other.pk]) not in page
        assert client.get(reverse("mobility:case_detail", args=[other.pk])).status_code == 404
        ids = {row["id"] for row in client.get("/api/v1/cases").json()["results"]}
        assert ids == {own.pk}

    def test_compliance_dashboard_export_and_api(self, tenant: Tenant, client_for) -> None:
        today = berlin_today()
        own = make_duty(tenant.assigned_person, "SOFORTMELDUNG", today + dt.timedelta(3))
        other = make_duty(tenant.other_person, "DEUEV_REGISTRATION", today + dt.timedelta(4))
        client = client_for(Role.MANAGER)
        page = client.get(reverse("compliance:dashboard")).content.decode()
        assert reverse("compliance:duty_detail", args=[own.pk]) in page
        assert reverse("compliance:duty_detail", args=[other.pk]) not in page
        assert client.get(reverse("compliance:duty_detail", args=[other.pk])).status_code == 404
        export = streamed(client.get(reverse("compliance:export"))).decode()
        assert "Assigned" in export and "Oscar" not in export
        ids = {row["id"] for row in client.get("/api/v1/obligations").json()["results"]}
        assert ids == {own.pk}

    def test_calendar_feed_holds_only_the_reports_duties(self, tenant: Tenant) -> None:
        manager = tenant.users[Role.MANAGER]
        today = berlin_today()
        make_duty(tenant.assigned_person, "SOFORTMELDUNG", today, responsible_user=manager)
        make_duty(tenant.other_person, "DEUEV_REGISTRATION", today, responsible_user=manager)
        _feed, token = calendar_feed_create(actor=tenant.actor(Role.MANAGER))
        body = streamed(Client().get(reverse("compliance:ics_feed", args=[token]))).decode()
        assert body.count("BEGIN:VEVENT") == 1
        assert "Asha" in body and "Oscar" not in body

    def test_api_list_is_the_reports_without_private_fields(
        self, tenant: Tenant, client_for
    ) -> None:
        client = client_for(Role.MANAGER)
        rows = client.get("/api/v1/people").json()["results"]
        assert [row["id"] for row in rows] == [tenant.assigned_person.pk]
        assert "birth_date" not in rows[0] and "email" not in rows[0]
        assert client.get(f"/api/v1/people/{tenant.other_person.pk}").status_code == 404


class TestPrivateDetails:
    def test_hidden_without_a_grant(self, tenant: Tenant, client_for) -> None:
        person = tenant.assigned_person
        FamilyMemberFactory(person=person, first_name="Ravi")
        actor = tenant.actor(Role.MANAGER)
        assert not policies.can_see_sensitive(actor, person)
        page = client_for(Role.MANAGER).get(reverse("people:detail", args=[person.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert 'class="salary"' not in html
        assert "Ravi" not in html
        assert "1990" not in html  # the date of birth
        assert not AuditEntry.objects.filter(action="person.salary_read").exists()
        detail = client_for(Role.MANAGER).get(f"/api/v1/people/{person.pk}").json()
        for hidden in ("annual_salary_eur", "birth_date", "address", "documents"):
            assert hidden not in detail
        assert detail["family_members"] == []

    def test_document_download_refused_without_a_grant(self, tenant: Tenant, client_for) -> None:
        version_id = _passport(tenant.assigned_person)
        url = reverse("people:document_download", args=[version_id])
        assert client_for(Role.MANAGER).get(url).status_code in (403, 404)
        _grant(tenant)
        assert client_for(Role.MANAGER).get(url).status_code == 200
        other = reverse("people:document_download", args=[_passport(tenant.other_person)])
        assert client_for(Role.MANAGER).get(other).status_code == 404

    def test_a_grant_opens_the_reports_details_only(self, tenant: Tenant, client_for) -> None:
        _grant(tenant)
        actor = tenant.actor(Role.MANAGER)
        assert policies.can_see_sensitive(actor, tenant.assigned_person)
        assert not policies.can_see_sensitive(actor, tenant.other_person)
        page = client_for(Role.MANAGER).get(
            reverse("people:detail", args=[tenant.assigned_person.pk])
        )
        assert 'class="salary"' in page.content.decode()
        assert AuditEntry.objects.filter(
            action="person.salary_read", person_id=tenant.assigned_person.pk
        ).exists()

    def test_the_grant_is_audited_and_hr_only(self, tenant: Tenant) -> None:
        _grant(tenant)
        entry = AuditEntry.objects.get(action="manager.grant")
        assert entry.changes == {"sees_report_details": [False, True]}
        assert entry.actor_id == tenant.users[Role.HR].pk
        for role in (Role.MANAGER, Role.AUDITOR, Role.EMPLOYEE):
            with pytest.raises(PermissionDenied):
                manager_grant_set(
                    actor=tenant.actor(role), manager=_manager(tenant), sees_details=False
                )
        assert _manager(tenant).sees_report_details

    def test_managers_page_grants_and_withdraws(self, tenant: Tenant, client_for) -> None:
        manager = _manager(tenant)
        client = client_for(Role.HR)
        page = client.get(reverse("people:managers"))
        assert page.status_code == 200
        assert tenant.users[Role.MANAGER].full_name in page.content.decode()
        url = reverse("people:manager_grant", args=[manager.pk])
        assert client.post(url, {"sees_details": "1"}).status_code == 302
        manager.refresh_from_db()
        assert manager.sees_report_details
        client.post(url, {"sees_details": "0"})
        assert not Membership.objects.get(pk=manager.pk).sees_report_details
        assert client_for(Role.MANAGER).post(url, {"sees_details": "1"}).status_code == 403


class TestChoosingTheManager:
    def test_hr_sets_the_manager_on_the_person_form(self, tenant: Tenant, client_for) -> None:
        person = tenant.other_person
        manager = _manager(tenant)
        client = client_for(Role.HR)
        form = client.get(reverse("people:edit", args=[person.pk])).content.decode()
        assert f'value="{manager.pk}"' in form
        data = client.get(reverse("people:edit", args=[person.pk])).context["form"].initial
        data = {k: ("" if v is None else v) for k, v in data.items()}
        data.update(manager=str(manager.pk), nationalities="IN")
        response = client.post(reverse("people:edit", args=[person.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        person.refresh_from_db()
        assert person.manager_id == manager.pk
        entry = AuditEntry.objects.filter(action="person.update", person_id=person.pk).latest("id")
        assert entry.changes["manager"] == [None, tenant.users[Role.MANAGER].get_full_name()]
        assert person in policies.visible_people(tenant.actor(Role.MANAGER))

    def test_only_a_manager_of_the_same_tenant_can_be_chosen(
        self, tenant: Tenant, other_tenant: Tenant
    ) -> None:
        hr = tenant.actor(Role.HR)
        not_a_manager = Membership.objects.get(
            user=tenant.users[Role.AUDITOR], organization=tenant.organization
        )
        foreign = _manager(other_tenant)
        for candidate in (not_a_manager.pk, foreign.pk, "x", 10**12):
            with pytest.raises(ServiceError) as caught:
                services.person_update(
                    actor=hr, person=tenant.other_person, changes={"manager": candidate}
                )
            assert caught.value.field == "manager"
        tenant.other_person.refresh_from_db()
        assert tenant.other_person.manager_id is None

    def test_a_second_manager_sees_nobody_elses_reports(self, tenant: Tenant) -> None:
        second = MembershipFactory(
            user=UserFactory(email="second-manager@alpha.test"),
            organization=tenant.organization,
            role=Role.MANAGER,
        )
        services.person_update(
            actor=tenant.actor(Role.HR), person=tenant.other_person, changes={"manager": second.pk}
        )
        actor = tenant.actor(Role.MANAGER)
        assert list(policies.visible_people(actor)) == [tenant.assigned_person]
