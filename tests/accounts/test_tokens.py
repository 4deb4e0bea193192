"""Personal access tokens: shown once, hashed at rest, and bound to a live membership."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from expatcare.accounts.models import Membership, PersonalAccessToken
from expatcare.accounts.roles import Role
from expatcare.accounts.services import token_authenticate, token_create, token_revoke
from expatcare.core.errors import ServiceError
from tests.conftest import Tenant


class TestTokenServices:
    def test_create_returns_raw_token_once_and_stores_only_its_hash(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.HR)
        token, raw = token_create(actor=actor, name="Payroll sync")
        assert raw.startswith("ec_")
        assert token.prefix == raw[:10]
        stored = PersonalAccessToken.objects.values_list("token_hash", "prefix", "name")
        assert all(raw not in value for row in stored for value in row)
        assert token.token_hash != raw

    def test_authenticate_resolves_the_membership_and_marks_use(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.HR)
        token, raw = token_create(actor=actor, name="sync")
        resolved = token_authenticate(raw)
        assert resolved is not None
        assert resolved.user == tenant.users[Role.HR]
        assert resolved.organization_id == tenant.organization.pk
        assert resolved.role == Role.HR
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_last_used_is_written_at_most_once_a_minute(self, tenant: Tenant) -> None:
        token, raw = token_create(actor=tenant.actor(Role.HR), name="sync")
        token_authenticate(raw)
        token.refresh_from_db()
        first = token.last_used_at
        assert first is not None
        token_authenticate(raw)
        token.refresh_from_db()
        assert token.last_used_at == first
        PersonalAccessToken.objects.filter(pk=token.pk).update(
            last_used_at=timezone.now() - dt.timedelta(minutes=5)
        )
        token_authenticate(raw)
        token.refresh_from_db()
        assert token.last_used_at is not None and token.last_used_at > first - dt.timedelta(
            minutes=1
        )

    @pytest.mark.parametrize("raw", ["", "nonsense", "ec_unknown-token"])
    def test_unknown_tokens_are_refused(self, tenant: Tenant, raw: str) -> None:
        token_create(actor=tenant.actor(Role.HR), name="sync")
        assert token_authenticate(raw) is None

    def test_revoked_token_no_longer_authenticates(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.HR)
        token, raw = token_create(actor=actor, name="sync")
        token_revoke(actor=actor, token=token)
        assert token_authenticate(raw) is None
        with pytest.raises(ServiceError):
            token_revoke(actor=actor, token=token)

    def test_expired_token_is_refused(self, tenant: Tenant) -> None:
        token, raw = token_create(
            actor=tenant.actor(Role.HR),
            name="sync",
            expires_at=timezone.now() + dt.timedelta(days=1),
        )
        PersonalAccessToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
        assert token_authenticate(raw) is None

    def test_token_of_a_removed_member_stops_working(self, tenant: Tenant) -> None:
        _, raw = token_create(actor=tenant.actor(Role.MANAGER), name="sync")
        Membership.objects.filter(user=tenant.users[Role.MANAGER]).delete()
        assert token_authenticate(raw) is None

    def test_another_users_token_cannot_be_revoked(self, tenant: Tenant) -> None:
        token, _ = token_create(actor=tenant.actor(Role.HR), name="sync")
        with pytest.raises(ServiceError):
            token_revoke(actor=tenant.actor(Role.OWNER), token=token)


class TestTokenPages:
    def test_create_shows_the_token_once(self, tenant: Tenant, client_for) -> None:
        client = client_for(Role.HR)
        response = client.post(reverse("accounts:tokens"), {"name": "Payroll"})
        assert response.status_code == 200
        html = response.content.decode()
        token = PersonalAccessToken.objects.get(name="Payroll")
        raw = html.split('id="new-token-value" type="text" value="')[1].split('"')[0]
        assert raw.startswith("ec_") and raw.startswith(token.prefix)
        assert token_authenticate(raw) is not None
        again = client.get(reverse("accounts:tokens")).content.decode()
        assert raw not in again
        assert token.prefix in again

    def test_past_expiry_is_refused(self, client_for) -> None:
        response = client_for(Role.HR).post(
            reverse("accounts:tokens"), {"name": "Old", "expires_on": "2000-01-01"}
        )
        assert response.status_code == 422
        assert not PersonalAccessToken.objects.exists()

    def test_revoke_asks_for_confirmation(self, tenant: Tenant, client_for) -> None:
        token, raw = token_create(actor=tenant.actor(Role.HR), name="sync")
        client = client_for(Role.HR)
        url = reverse("accounts:token_revoke", args=[token.pk])
        assert client.get(url).status_code == 200
        assert token_authenticate(raw) is not None
        assert client.post(url).status_code == 302
        assert token_authenticate(raw) is None

    def test_tokens_of_others_are_invisible(self, tenant: Tenant, client_for) -> None:
        token, raw = token_create(actor=tenant.actor(Role.HR), name="hr-secret-sync")
        owner = client_for(Role.OWNER)
        assert "hr-secret-sync" not in owner.get(reverse("accounts:tokens")).content.decode()
        assert owner.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
        assert token_authenticate(raw) is not None
