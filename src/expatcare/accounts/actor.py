"""The acting principal of a request: user, organisation and role, resolved once.

Selectors, services and policies take an ``Actor`` explicitly instead of reading the request,
so the same code serves views, the API, the CLI and background tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from expatcare.accounts.roles import (
    EMPLOYER_STAFF_ROLES,
    PROVIDER_ROLES,
    TENANT_WIDE_ROLES,
    Role,
)

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
        """HR-side roles that use the staff pages (owner, hr, manager, auditor).

        Not every one of them sees every row: see ``sees_whole_tenant``.
        """
        return self.role in EMPLOYER_STAFF_ROLES

    @property
    def sees_whole_tenant(self) -> bool:
        """Owner, HR and auditor read every person of the tenant (and what hangs off them).

        Managers are staff too but see only their own reports; policies scope their rows by
        ``Person.manager`` and selectors may take tenant-wide shortcuts only for these roles.
        """
        return self.role in TENANT_WIDE_ROLES

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles
