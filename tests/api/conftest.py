"""Helpers for API tests: JSON clients for a role, with a session or a personal access token."""

from __future__ import annotations

import pytest
from django.test import Client

from expatcare.accounts.roles import Role
from expatcare.accounts.services import token_create
from tests.conftest import Tenant


@pytest.fixture
def bearer_for(tenant: Tenant):
    """``bearer_for(Role.HR)``: a client that sends a fresh personal access token of that role."""

    def make(role: Role, of: Tenant | None = None) -> Client:
        owner = of or tenant
        _, raw = token_create(actor=owner.actor(role), name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make
