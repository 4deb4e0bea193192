"""Fixtures shared by the suite: tenants with every role, and clients logged in as them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

import pytest
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.test import Client

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership, Organization, User
from expatcare.accounts.roles import Role
from expatcare.accounts.services import token_create
from expatcare.people.models import Person
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ProviderAssignmentFactory,
    ProviderOrganizationFactory,
    UserFactory,
)

# Fixtures of their own modules, available to every test without an import.
pytest_plugins = ["tests.smtp"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Cached figures are keyed by organisation id, which tests reuse, and factories write
    people past the services that would move the figures on."""
    cache.clear()
    yield
    cache.clear()


def streamed(response: object) -> bytes:
    """The whole body of a streamed response as the test client returns it."""
    content = cast(StreamingHttpResponse, response).streaming_content
    assert isinstance(content, Iterator), "a synchronous stream"
    return b"".join(bytes(chunk) for chunk in content)


@dataclass
class Tenant:
    """An employer with one user per role, an assigned provider and a few people."""

    organization: Organization
    provider: Organization
    users: dict[Role, User]
    employee_person: Person
    assigned_person: Person
    other_person: Person

    def actor(self, role: Role) -> Actor:
        user = self.users[role]
        org = (
            self.provider
            if role in {Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT}
            else self.organization
        )
        return Actor(user=user, membership=Membership.objects.get(user=user, organization=org))


def build_tenant(prefix: str) -> Tenant:
    organization = OrganizationFactory(name=f"{prefix} Employer GmbH", slug=f"{prefix}-employer")
    provider = ProviderOrganizationFactory(name=f"{prefix} Provider AG", slug=f"{prefix}-provider")
    users: dict[Role, User] = {}
    memberships = {}
    for role in Role:
        org = provider if role in {Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT} else organization
        user = UserFactory(email=f"{role.value}@{prefix}.test")
        memberships[role] = MembershipFactory(user=user, organization=org, role=role)
        users[role] = user
    employee_person = PersonFactory(
        organization=organization,
        user=users[Role.EMPLOYEE],
        first_name="Emma",
        last_name="Employee",
    )
    # Asha is assigned to the provider and reports to the manager: both see her, not Oscar.
    assigned_person = PersonFactory(
        organization=organization,
        first_name="Asha",
        last_name="Assigned",
        manager=memberships[Role.MANAGER],
    )
    ProviderAssignmentFactory(organization=organization, provider=provider, person=assigned_person)
    other_person = PersonFactory(organization=organization, first_name="Oscar", last_name="Other")
    return Tenant(organization, provider, users, employee_person, assigned_person, other_person)


@pytest.fixture
def tenant(db: None) -> Tenant:
    return build_tenant("alpha")


@pytest.fixture
def other_tenant(db: None) -> Tenant:
    return build_tenant("beta")


@pytest.fixture
def client_for(tenant: Tenant):
    """``client_for(Role.HR)``: a test client logged in as that role of ``tenant``."""

    def make(role: Role, of: Tenant | None = None) -> Client:
        client = Client()
        client.force_login((of or tenant).users[role])
        return client

    return make


@pytest.fixture
def bearer_for(tenant: Tenant):
    """``bearer_for(Role.HR)``: a client that sends a fresh personal access token of that role."""

    def make(role: Role, of: Tenant | None = None) -> Client:
        _, raw = token_create(actor=(of or tenant).actor(role), name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return make


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """After a run that includes the rules tests, print how many legal values are unverified."""
    args = [str(a) for a in terminalreporter.config.args]
    if args and not any("tests/rules" in a or a.rstrip("/") in ("tests", ".") for a in args):
        return
    from tests.rules.parameter_report import summary_lines

    terminalreporter.section("legal parameters")
    for line in summary_lines():
        terminalreporter.write_line(line)
