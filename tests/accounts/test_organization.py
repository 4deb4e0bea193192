"""Organisation settings: members, roles, the last owner, switching organisations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expatcare.accounts.http import ACTIVE_ORGANIZATION_SESSION_KEY
from expatcare.accounts.models import Membership, Organization
from expatcare.accounts.roles import Role
from expatcare.accounts.services import (
    membership_change_role,
    membership_remove,
    organization_update,
)
from expatcare.audit.models import AuditEntry
from expatcare.core.errors import PermissionDenied, ServiceError
from tests.conftest import Tenant
from tests.factories import MembershipFactory, UserFactory


def _membership(tenant: Tenant, role: Role) -> Membership:
    return Membership.objects.get(user=tenant.users[role])


class TestSettingsPage:
    @pytest.mark.parametrize("role", [Role.OWNER, Role.HR, Role.PROVIDER_ADMIN])
    def test_admins_see_members_and_invitations(self, tenant: Tenant, client_for, role) -> None:
        response = client_for(role).get(reverse("accounts:settings"))
        assert response.status_code == 200
        html = response.content.decode()
        assert tenant.users[role].email in html
        assert 'action="/org/invitations/new/"' in html

    def test_the_seat_is_named_not_coded(self, tenant: Tenant, client_for) -> None:
        Organization.objects.filter(pk=tenant.organization.pk).update(state="BY")
        html = client_for(Role.HR).get(reverse("accounts:settings")).content.decode()
        assert "<dd>Bayern</dd>" in html

    def test_members_of_other_tenants_are_not_listed(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        html = client_for(Role.HR).get(reverse("accounts:settings")).content.decode()
        assert other_tenant.users[Role.HR].email not in html
        assert tenant.users[Role.PROVIDER_AGENT].email not in html  # the provider is another org

    def test_query_count_does_not_grow_with_members(self, tenant: Tenant, client_for) -> None:
        client = client_for(Role.OWNER)
        client.get(reverse("accounts:settings"))
        with CaptureQueriesContext(connection) as before:
            client.get(reverse("accounts:settings"))
        for _ in range(15):
            MembershipFactory(organization=tenant.organization, role=Role.EMPLOYEE)
        with CaptureQueriesContext(connection) as after:
            client.get(reverse("accounts:settings"))
        assert len(after) == len(before)

    def test_user_without_membership_gets_403(self, db: None) -> None:
        client = Client()
        client.force_login(UserFactory(email="lonely@example.test"))
        for name in ("accounts:settings", "accounts:profile", "accounts:tokens"):
            response = client.get(reverse(name))
            assert response.status_code == 403
            assert "organisation" in response.content.decode()

    def test_anonymous_is_sent_to_login(self, db: None) -> None:
        response = Client().get(reverse("accounts:settings"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_owner_edits_the_organisation(self, tenant: Tenant, client_for) -> None:
        response = client_for(Role.OWNER).post(
            reverse("accounts:settings"), {"name": "Alpha Renamed GmbH", "state": "HE"}
        )
        assert response.status_code == 302
        tenant.organization.refresh_from_db()
        assert (tenant.organization.name, tenant.organization.state) == ("Alpha Renamed GmbH", "HE")
        entry = AuditEntry.objects.get(action="organization.update")
        assert entry.changes["state"] == ["BY", "HE"]

    def test_hr_cannot_edit_the_organisation(self, tenant: Tenant, client_for) -> None:
        response = client_for(Role.HR).post(
            reverse("accounts:settings"), {"name": "Hijacked", "state": "HE"}
        )
        assert response.status_code == 403
        with pytest.raises(PermissionDenied):
            organization_update(actor=tenant.actor(Role.HR), name="Hijacked", state="")
        assert Organization.objects.filter(name="Hijacked").count() == 0


class TestRoles:
    def test_hr_changes_a_role(self, tenant: Tenant, client_for) -> None:
        target = _membership(tenant, Role.MANAGER)
        response = client_for(Role.HR).post(
            reverse("accounts:membership_role", args=[target.pk]), {"role": "auditor"}
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.role == Role.AUDITOR
        assert AuditEntry.objects.get(action="membership.change_role").changes == {
            "role": ["manager", "auditor"]
        }

    def test_the_last_owner_cannot_be_demoted(self, tenant: Tenant) -> None:
        owner = _membership(tenant, Role.OWNER)
        with pytest.raises(ServiceError, match="at least one"):
            membership_change_role(actor=tenant.actor(Role.OWNER), membership=owner, role="hr")
        owner.refresh_from_db()
        assert owner.role == Role.OWNER

    def test_the_last_owner_cannot_be_removed(self, tenant: Tenant, client_for) -> None:
        owner = _membership(tenant, Role.OWNER)
        client = client_for(Role.OWNER)
        client.post(reverse("accounts:membership_remove", args=[owner.pk]))
        assert Membership.objects.filter(pk=owner.pk).exists()
        with pytest.raises(ServiceError):
            membership_remove(actor=tenant.actor(Role.OWNER), membership=owner)

    def test_an_owner_can_step_down_when_another_exists(self, tenant: Tenant) -> None:
        second = MembershipFactory(organization=tenant.organization, role=Role.OWNER)
        owner = _membership(tenant, Role.OWNER)
        membership_change_role(actor=tenant.actor(Role.OWNER), membership=owner, role="hr")
        owner.refresh_from_db()
        assert owner.role == Role.HR
        assert Membership.objects.get(pk=second.pk).role == Role.OWNER

    def test_hr_cannot_touch_owners_or_grant_ownership(self, tenant: Tenant) -> None:
        MembershipFactory(organization=tenant.organization, role=Role.OWNER)
        hr = tenant.actor(Role.HR)
        with pytest.raises(PermissionDenied):
            membership_change_role(actor=hr, membership=_membership(tenant, Role.OWNER), role="hr")
        with pytest.raises(ServiceError):
            membership_change_role(
                actor=hr, membership=_membership(tenant, Role.MANAGER), role="owner"
            )

    def test_role_of_the_other_kind_is_refused(self, tenant: Tenant) -> None:
        with pytest.raises(ServiceError):
            membership_change_role(
                actor=tenant.actor(Role.OWNER),
                membership=_membership(tenant, Role.MANAGER),
                role="provider_agent",
            )

    def test_remove_member_asks_for_confirmation_first(self, tenant: Tenant, client_for) -> None:
        target = _membership(tenant, Role.AUDITOR)
        client = client_for(Role.HR)
        url = reverse("accounts:membership_remove", args=[target.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert Membership.objects.filter(pk=target.pk).exists()
        assert client.post(url).status_code == 302
        assert not Membership.objects.filter(pk=target.pk).exists()

    def test_other_tenant_cannot_change_members(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        target = _membership(tenant, Role.MANAGER)
        foreign = client_for(Role.OWNER, of=other_tenant)
        assert (
            foreign.post(
                reverse("accounts:membership_role", args=[target.pk]), {"role": "auditor"}
            ).status_code
            == 404
        )
        assert foreign.post(
            reverse("accounts:membership_remove", args=[target.pk])
        ).status_code == (404)
        target.refresh_from_db()
        assert target.role == Role.MANAGER

    def test_managers_cannot_manage_members(self, tenant: Tenant, client_for) -> None:
        target = _membership(tenant, Role.AUDITOR)
        response = client_for(Role.MANAGER).post(
            reverse("accounts:membership_remove", args=[target.pk])
        )
        assert response.status_code == 404
        assert Membership.objects.filter(pk=target.pk).exists()


class TestOrganizationSwitch:
    def test_switch_to_another_membership(self, tenant: Tenant, other_tenant: Tenant) -> None:
        user = tenant.users[Role.HR]
        MembershipFactory(user=user, organization=other_tenant.organization, role=Role.AUDITOR)
        client = Client()
        client.force_login(user)
        assert (
            other_tenant.organization.name
            in client.get(reverse("accounts:profile")).content.decode()
        )
        response = client.post(
            reverse("accounts:switch"), {"organization": other_tenant.organization.pk}
        )
        assert response.status_code == 302
        assert client.session[ACTIVE_ORGANIZATION_SESSION_KEY] == other_tenant.organization.pk
        # Now acting as auditor there: the settings page is closed.
        assert client.get(reverse("accounts:settings")).status_code == 403

    def test_cannot_switch_into_a_foreign_organisation(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        client = client_for(Role.HR)
        client.post(reverse("accounts:switch"), {"organization": other_tenant.organization.pk})
        assert ACTIVE_ORGANIZATION_SESSION_KEY not in client.session
