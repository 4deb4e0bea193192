"""Personal access tokens: shown once, hashed at rest, and bound to a live membership."""

from __future__ import annotations

import datetime as dt

import pytest
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
