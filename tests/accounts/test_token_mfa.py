"""Personal access tokens honour the second-factor obligation of the role (issue 12, defect 1).

A token has no login of its own, so the obligation is checked when a token is made (a fresh
second-factor confirmation in the browser session), on every request it authenticates (the
role is read from the membership each time), and when the user's situation changes (password
set anew, promotion into a role that requires a second factor): the tokens are revoked and the
user is told by e-mail.
"""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from expatcare.accounts.adapters import InvitationOnlyAccountAdapter
from expatcare.accounts.models import Membership, PersonalAccessToken
from expatcare.accounts.roles import Role
from expatcare.accounts.services import membership_change_role, token_create
from expatcare.core.errors import ServiceError
from tests.conftest import Tenant

MFA_ROLES = ["owner", "hr"]


def _authenticator(user) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


def _bearer(client, raw: str, path: str = "/api/v1/people"):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")


def _confirm_second_factor(client, user, *, seconds_ago: float = 0) -> None:
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time() - seconds_ago, "type": "totp"}
    ]
    session.save()


class TestTokenUseUnderMFA:
    def test_a_token_made_earlier_is_refused_once_the_role_requires_mfa(
        self, tenant: Tenant, client, settings
    ) -> None:
        _token, raw = token_create(actor=tenant.actor(Role.OWNER), name="sync")
        assert _bearer(client, raw).status_code == 200
        settings.EXPATCARE_MFA_REQUIRED_ROLES = MFA_ROLES
        response = _bearer(client, raw)
        assert response.status_code == 403
        assert response.json()["code"] == "mfa_required"

    def test_the_token_works_again_once_a_second_factor_exists(
        self, tenant: Tenant, client, settings
    ) -> None:
        _token, raw = token_create(actor=tenant.actor(Role.HR), name="sync")
        settings.EXPATCARE_MFA_REQUIRED_ROLES = MFA_ROLES
        _authenticator(tenant.users[Role.HR])
        assert _bearer(client, raw).status_code == 200

    def test_roles_outside_the_list_keep_their_tokens(
        self, tenant: Tenant, client, settings
    ) -> None:
        _token, raw = token_create(actor=tenant.actor(Role.MANAGER), name="sync")
        settings.EXPATCARE_MFA_REQUIRED_ROLES = MFA_ROLES
        assert _bearer(client, raw).status_code == 200


class TestTokenCreationUnderMFA:
    @pytest.fixture(autouse=True)
    def _mfa(self, settings) -> None:
        settings.EXPATCARE_MFA_REQUIRED_ROLES = MFA_ROLES

    def test_the_service_refuses_without_a_fresh_confirmation(self, tenant: Tenant) -> None:
        _authenticator(tenant.users[Role.HR])
        with pytest.raises(ServiceError) as error:
            token_create(actor=tenant.actor(Role.HR), name="sync")
        assert error.value.code == "mfa_required"
        assert not PersonalAccessToken.objects.exists()

    def test_the_service_refuses_a_user_without_a_factor_even_if_told_confirmed(
        self, tenant: Tenant
    ) -> None:
        with pytest.raises(ServiceError):
            token_create(actor=tenant.actor(Role.HR), name="sync", second_factor_confirmed=True)

    def test_the_page_asks_for_the_second_factor_first(self, tenant: Tenant, client_for) -> None:
        _authenticator(tenant.users[Role.HR])
        client = client_for(Role.HR)
        response = client.post(reverse("accounts:tokens"), {"name": "sync"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_reauthenticate"))
        assert not PersonalAccessToken.objects.exists()

    def test_a_stale_confirmation_is_not_enough(self, tenant: Tenant, client_for) -> None:
        user = tenant.users[Role.HR]
        _authenticator(user)
        client = client_for(Role.HR)
        _confirm_second_factor(client, user, seconds_ago=3600)
        assert client.post(reverse("accounts:tokens"), {"name": "sync"}).status_code == 302
        assert not PersonalAccessToken.objects.exists()

    def test_a_fresh_confirmation_creates_the_token(self, tenant: Tenant, client_for) -> None:
        user = tenant.users[Role.HR]
        _authenticator(user)
        client = client_for(Role.HR)
        _confirm_second_factor(client, user)
        response = client.post(reverse("accounts:tokens"), {"name": "sync"})
        assert response.status_code == 200
        assert PersonalAccessToken.objects.filter(user=user).count() == 1

    def test_roles_outside_the_list_create_tokens_as_before(self, client_for) -> None:
        response = client_for(Role.MANAGER).post(reverse("accounts:tokens"), {"name": "sync"})
        assert response.status_code == 200
        assert PersonalAccessToken.objects.count() == 1


class TestRevocation:
    def test_a_password_set_anew_revokes_the_tokens_and_says_so(
        self, tenant: Tenant, client, django_capture_on_commit_callbacks
    ) -> None:
        user = tenant.users[Role.MANAGER]
        _token, raw = token_create(actor=tenant.actor(Role.MANAGER), name="Payroll sync")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            InvitationOnlyAccountAdapter().set_password(user, "a new long passphrase 42")
        assert _bearer(client, raw).status_code == 401
        assert PersonalAccessToken.objects.get().revoked_at is not None
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [user.email]
        assert "Payroll sync" in mail.outbox[0].body

    def test_the_reset_flow_revokes_them(self, tenant: Tenant, client) -> None:
        from allauth.account.internal.flows.password_reset import reset_password

        _token, raw = token_create(actor=tenant.actor(Role.MANAGER), name="sync")
        reset_password(tenant.users[Role.MANAGER], "a new long passphrase 42")
        assert _bearer(client, raw).status_code == 401

    def test_promotion_to_a_role_requiring_mfa_revokes_the_tokens(
        self, tenant: Tenant, client, settings, django_capture_on_commit_callbacks
    ) -> None:
        settings.EXPATCARE_MFA_REQUIRED_ROLES = MFA_ROLES
        manager = tenant.users[Role.MANAGER]
        _token, raw = token_create(actor=tenant.actor(Role.MANAGER), name="sync")
        mail.outbox.clear()
        membership = Membership.objects.get(user=manager, organization=tenant.organization)
        with django_capture_on_commit_callbacks(execute=True):
            membership_change_role(actor=tenant.actor(Role.OWNER), membership=membership, role="hr")
        _authenticator(manager)  # even with a factor set up later, the old token stays dead
        assert _bearer(client, raw).status_code == 401
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [manager.email]

    def test_a_change_between_roles_without_the_obligation_keeps_them(
        self, tenant: Tenant, client, settings
    ) -> None:
        settings.EXPATCARE_MFA_REQUIRED_ROLES = MFA_ROLES
        manager = tenant.users[Role.MANAGER]
        _token, raw = token_create(actor=tenant.actor(Role.MANAGER), name="sync")
        membership = Membership.objects.get(user=manager, organization=tenant.organization)
        membership_change_role(
            actor=tenant.actor(Role.OWNER), membership=membership, role="auditor"
        )
        assert _bearer(client, raw).status_code == 200
