"""The acting principal of a request: user, organisation and role, resolved once.

Selectors, services and policies take an ``Actor`` explicitly instead of reading the request,
so the same code serves views, the API, the CLI and background tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from expatcare.accounts.roles import EMPLOYER_STAFF_ROLES, PROVIDER_ROLES, Role

if TYPE_CHECKING:
    from expatcare.accounts.models import Membership, Organization, User


@dataclass(frozen=True, slots=True)
class Actor:
    user: User
    membership: Membership

    @property
    def organization(self) -> Organization:
        return self.membership.organization

    @property
    def organization_id(self) -> int:
        return self.membership.organization_id

    @property
    def role(self) -> Role:
        return Role(self.membership.role)

    @property
    def is_provider(self) -> bool:
        return self.role in PROVIDER_ROLES

    @property
    def is_employer_staff(self) -> bool:
        """HR-side roles that see the whole employer tenant (owner, hr, manager, auditor)."""
        return self.role in EMPLOYER_STAFF_ROLES

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles
