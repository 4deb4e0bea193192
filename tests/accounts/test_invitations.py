"""Invitations: only admins invite, one open invitation per address, links work once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from expatcare.accounts.models import Invitation, Membership, User
from expatcare.accounts.roles import Role
from expatcare.accounts.services import (
    InvitationSignup,
    invitation_accept,
    invitation_create,
    invitation_revoke,
)
from expatcare.audit.models import AuditEntry
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people.models import Person
from tests.conftest import Tenant
from tests.factories import PersonFactory

PASSWORD = "a-long-enough-passphrase-42"
LINK = re.compile(r"https?://\S+/org/invitations/([A-Za-z0-9_-]+)/")


def _token_from_outbox() -> str:
    assert len(mail.outbox) == 1
    match = LINK.search(str(mail.outbox[0].body))
    assert match is not None
    return match.group(1)


class TestInvitationFlow:
    def test_invite_accept_and_join_end_to_end(
        self, tenant: Tenant, client_for, django_capture_on_commit_callbacks
    ) -> None:
        person = PersonFactory(organization=tenant.organization, email="new.hire@mail.test")
        hr = client_for(Role.HR)
        settings_page = hr.get(reverse("accounts:settings"))
        assert settings_page.status_code == 200

        with django_capture_on_commit_callbacks(execute=True):
            response = hr.post(
                reverse("accounts:invitation_create"),
                {"email": "New.Hire@mail.test", "role": "employee", "person": person.pk},
            )
        assert response.status_code == 302
        message = mail.outbox[0]
        assert message.to == ["new.hire@mail.test"]
        assert tenant.organization.name in message.subject
        token = _token_from_outbox()
        # Only the hash is kept.
        assert not Invitation.objects.filter(token_hash=token).exists()

        visitor = Client()
        accept_url = reverse("accounts:invitation_accept", args=[token])
        page = visitor.get(accept_url)
        assert page.status_code == 200
        html = page.content.decode()
        assert tenant.organization.name in html
        assert "Employee" in html

        response = visitor.post(
            accept_url,
            {"full_name": "Nia Newhire", "password1": PASSWORD, "password2": PASSWORD},
        )
        assert response.status_code == 302
        user = User.objects.get(email="new.hire@mail.test")
        assert user.full_name == "Nia Newhire"
        assert user.check_password(PASSWORD)
        membership = Membership.objects.get(user=user)
        assert membership.organization == tenant.organization
        assert membership.role == Role.EMPLOYEE
        person.refresh_from_db()
        assert person.user == user
        assert int(visitor.session["_auth_user_id"]) == user.pk
        assert Invitation.objects.get(email="new.hire@mail.test").accepted_at is not None
        # The link works once.
        assert visitor.get(accept_url).status_code == 410

    def test_logged_in_user_with_the_invited_address_joins(
        self, tenant: Tenant, other_tenant: Tenant, django_capture_on_commit_callbacks
    ) -> None:
        outsider = other_tenant.users[Role.MANAGER]
        with django_capture_on_commit_callbacks(execute=True):
            invitation_create(actor=tenant.actor(Role.OWNER), email=outsider.email, role="auditor")
        token = _token_from_outbox()
        client = Client()
        client.force_login(outsider)
        response = client.post(reverse("accounts:invitation_accept", args=[token]))
        assert response.status_code == 302
        assert Membership.objects.get(user=outsider, organization=tenant.organization).role == (
            Role.AUDITOR
        )

    def test_logged_in_user_with_another_address_cannot_join(
        self, tenant: Tenant, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            invitation_create(actor=tenant.actor(Role.HR), email="x@mail.test", role="manager")
        token = _token_from_outbox()
        client = Client()
        client.force_login(tenant.users[Role.MANAGER])
        client.post(reverse("accounts:invitation_accept", args=[token]))
        assert not User.objects.filter(email="x@mail.test").exists()
        assert Invitation.objects.get(email="x@mail.test").accepted_at is None

    def test_weak_password_is_refused_and_nothing_is_created(
        self, tenant: Tenant, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            invitation_create(actor=tenant.actor(Role.HR), email="weak@mail.test", role="manager")
        token = _token_from_outbox()
        response = Client().post(
            reverse("accounts:invitation_accept", args=[token]),
            {"full_name": "Weak", "password1": "12345", "password2": "12345"},
        )
        assert response.status_code == 422
        assert not User.objects.filter(email="weak@mail.test").exists()

    def test_email_is_german_first_then_english(
        self, tenant: Tenant, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            invitation_create(actor=tenant.actor(Role.HR), email="b@mail.test", role="manager")
        body = mail.outbox[0].body
        assert body.count("/org/invitations/") == 2
        assert "-----" in body


class TestInvitationRules:
    def test_open_invitation_blocks_a_second_one(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.HR)
        invitation_create(actor=actor, email="dup@mail.test", role="manager")
        audit_before = AuditEntry.objects.count()
        with pytest.raises(ServiceError, match="open invitation"):
            invitation_create(actor=actor, email="DUP@mail.test", role="auditor")
        assert Invitation.objects.filter(email="dup@mail.test").count() == 1
        assert AuditEntry.objects.count() == audit_before
        assert mail.outbox == []

    def test_existing_member_cannot_be_invited(self, tenant: Tenant) -> None:
        with pytest.raises(ServiceError, match="already a member"):
            invitation_create(
                actor=tenant.actor(Role.HR), email=tenant.users[Role.MANAGER].email, role="hr"
            )
        assert not Invitation.objects.exists()

    def test_duplicate_through_the_form_shows_the_message(self, tenant: Tenant, client_for) -> None:
        hr = client_for(Role.HR)
        response = hr.post(
            reverse("accounts:invitation_create"),
            {"email": tenant.users[Role.AUDITOR].email, "role": "manager"},
        )
        assert response.status_code == 422
        assert "already a member" in response.content.decode()
        assert not Invitation.objects.exists()

    @pytest.mark.parametrize(
        ("role", "kind_actor"),
        [("provider_agent", Role.HR), ("hr", Role.PROVIDER_ADMIN), ("bogus", Role.OWNER)],
    )
    def test_role_must_fit_the_organisation_kind(
        self, tenant: Tenant, role: str, kind_actor: Role
    ) -> None:
        with pytest.raises(ServiceError, match="role"):
            invitation_create(actor=tenant.actor(kind_actor), email="r@mail.test", role=role)
        assert not Invitation.objects.exists()

    def test_provider_admin_invites_provider_roles(self, tenant: Tenant) -> None:
        invitation = invitation_create(
            actor=tenant.actor(Role.PROVIDER_ADMIN), email="agent@mail.test", role="provider_agent"
        )
        assert invitation.organization == tenant.provider

    def test_hr_cannot_invite_an_owner(self, tenant: Tenant) -> None:
        with pytest.raises(ServiceError):
            invitation_create(actor=tenant.actor(Role.HR), email="o@mail.test", role="owner")
        invitation_create(actor=tenant.actor(Role.OWNER), email="o@mail.test", role="owner")

    @pytest.mark.parametrize(
        "role", [Role.MANAGER, Role.EMPLOYEE, Role.AUDITOR, Role.PROVIDER_AGENT]
    )
    def test_non_admins_cannot_invite(self, tenant: Tenant, client_for, role: Role) -> None:
        with pytest.raises(PermissionDenied):
            invitation_create(actor=tenant.actor(role), email="n@mail.test", role="employee")
        client = client_for(role)
        response = client.post(
            reverse("accounts:invitation_create"), {"email": "n@mail.test", "role": "employee"}
        )
        assert response.status_code in {403, 404}
        assert client.get(reverse("accounts:settings")).status_code == 403
        assert not Invitation.objects.exists()

    def test_person_of_another_tenant_cannot_be_linked(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        foreign: Person = other_tenant.other_person
        with pytest.raises(ServiceError):
            invitation_create(
                actor=tenant.actor(Role.HR),
                email="f@mail.test",
                role="employee",
                person_id=foreign.pk,
            )
        response = client_for(Role.HR).post(
            reverse("accounts:invitation_create"),
            {"email": "f@mail.test", "role": "employee", "person": foreign.pk},
        )
        assert response.status_code == 404
        assert not Invitation.objects.exists()


class TestRevokeAndExpiry:
    def test_revoked_link_is_dead(
        self, tenant: Tenant, client_for, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_create(
                actor=tenant.actor(Role.HR), email="rev@mail.test", role="manager"
            )
        token = _token_from_outbox()
        hr = client_for(Role.HR)
        revoke_url = reverse("accounts:invitation_revoke", args=[invitation.pk])
        assert hr.get(revoke_url).status_code == 200  # the confirmation page
        assert hr.post(revoke_url).status_code == 302
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        response = Client().get(reverse("accounts:invitation_accept", args=[token]))
        assert response.status_code == 410
        with pytest.raises(ServiceError):
            invitation_accept(token=token, user_or_signup_data=InvitationSignup("Rev", PASSWORD))
        # A new invitation to the same address is possible again.
        invitation_create(actor=tenant.actor(Role.HR), email="rev@mail.test", role="manager")

    def test_other_tenant_cannot_revoke(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        invitation = invitation_create(
            actor=tenant.actor(Role.HR), email="t@mail.test", role="manager"
        )
        with pytest.raises(PermissionDenied):
            invitation_revoke(actor=other_tenant.actor(Role.HR), invitation=invitation)
        foreign = client_for(Role.HR, of=other_tenant)
        url = reverse("accounts:invitation_revoke", args=[invitation.pk])
        assert foreign.post(url).status_code == 404
        invitation.refresh_from_db()
        assert invitation.revoked_at is None

    def test_expired_link_is_dead_and_can_be_replaced(
        self, tenant: Tenant, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_create(
                actor=tenant.actor(Role.HR), email="old@mail.test", role="manager"
            )
        token = _token_from_outbox()
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
        assert Client().get(reverse("accounts:invitation_accept", args=[token])).status_code == 410
        with pytest.raises(ServiceError):
            invitation_accept(token=token, user_or_signup_data=InvitationSignup("Old", PASSWORD))
        assert not User.objects.filter(email="old@mail.test").exists()
        replacement = invitation_create(
            actor=tenant.actor(Role.HR), email="old@mail.test", role="manager"
        )
        assert replacement.is_open
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None

    def test_unknown_token_is_refused(self, db: None) -> None:
        assert Client().get(reverse("accounts:invitation_accept", args=["nope"])).status_code == 410

    def test_invitation_expires_after_fourteen_days(self, tenant: Tenant) -> None:
        invitation = invitation_create(
            actor=tenant.actor(Role.HR), email="d@mail.test", role="manager"
        )
        delta = invitation.expires_at - timezone.now()
        assert dt.timedelta(days=13, hours=23) < delta <= dt.timedelta(days=14)
