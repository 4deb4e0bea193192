"""Roles of a membership and the groups policies reason about."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    HR = "hr", _("HR")
    MANAGER = "manager", _("Manager")
    EMPLOYEE = "employee", _("Employee")
    PROVIDER_ADMIN = "provider_admin", _("Provider administrator")
    PROVIDER_AGENT = "provider_agent", _("Provider agent")
    AUDITOR = "auditor", _("Auditor")


EMPLOYER_ROLES = frozenset({Role.OWNER, Role.HR, Role.MANAGER, Role.EMPLOYEE, Role.AUDITOR})
PROVIDER_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT})
# Roles that use the staff pages of an employer tenant (people list, cases, compliance).
EMPLOYER_STAFF_ROLES = frozenset({Role.OWNER, Role.HR, Role.MANAGER, Role.AUDITOR})
# Staff roles that see every person of their employer tenant; a manager sees only the people
# whose ``manager`` they are (their reports).
TENANT_WIDE_ROLES = frozenset({Role.OWNER, Role.HR, Role.AUDITOR})
# Roles that may change people, documents and cases of their tenant.
PEOPLE_WRITER_ROLES = frozenset({Role.OWNER, Role.HR})
# Roles that manage members, invitations and organisation settings.
ORGANIZATION_ADMIN_ROLES = frozenset({Role.OWNER, Role.HR, Role.PROVIDER_ADMIN})
