"""Managers and their reports: who a person reports to, and what HR lets a manager see.

A person's ``manager`` is a membership with the manager role in the person's own tenant. The
people services clean the choice here (a stale id, another tenant's membership or a login
without the manager role is refused with a message on the field), so the form, the API and the
demo data cannot attach a person to someone who is not a manager of the same employer.

HR's grant (``Membership.sees_report_details``) is changed only through ``manager_grant_set``:
it opens salaries, dates of birth, addresses, families and documents of the manager's reports,
so each change is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership
from expatcare.accounts.roles import Role
from expatcare.audit.services import audit_record
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people.actions import PeopleAction
from expatcare.people.policies import can_write_people


def _managers(organization_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization_id=organization_id, role=Role.MANAGER)
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )


def manager_name(membership: Membership) -> str:
    return membership.user.get_full_name()


def manager_choices(*, actor: Actor) -> list[tuple[int, str]]:
    """The managers of the actor's tenant as (membership id, name), by name: one query."""
    return [(m.pk, manager_name(m)) for m in _managers(actor.organization_id)]


def clean_manager(*, organization_id: int, value: Any) -> Membership | None:
    """The manager membership ``value`` names, or None for no manager.

    Raises ``ServiceError`` on ``manager`` for anything but a manager of the same tenant.
    """
    if value in (None, ""):
        return None
    if isinstance(value, Membership):
        value = value.pk
    try:
        membership_id = int(value)
    except (TypeError, ValueError):
        membership_id = 0
    manager = _managers(organization_id).filter(pk=membership_id).first() if membership_id else None
    if manager is None:
        raise ServiceError(_("Choose one of the managers of your organisation."), field="manager")
    return manager


def manager_label(manager_id: int | None) -> str | None:
    """The manager's name for the audit trail (a name reads better than a membership id)."""
    if manager_id is None:
        return None
    membership = Membership.objects.select_related("user").filter(pk=manager_id).first()
    return manager_name(membership) if membership is not None else None


def manager_overview(*, actor: Actor) -> list[tuple[Membership, int]]:
    """Each manager of the tenant with the number of their reports: one query."""
    rows = _managers(actor.organization_id).annotate(
        report_count=Count("reports", filter=Q(reports__organization_id=actor.organization_id))
    )
    return [(row, int(row.report_count)) for row in rows]


def manager_grant_set(*, actor: Actor, manager: Membership, sees_details: bool) -> Membership:
    """Let a manager see (or stop seeing) the personal details and documents of their reports.

    Owner and HR only; audited with the before and after value.
    """
    if not can_write_people(actor) or manager.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not change what managers see."))
    if manager.role != Role.MANAGER:
        raise ServiceError(_("Only a manager can be granted this."), field="sees_details")
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=manager.pk)
        if locked.sees_report_details == sees_details:
            return locked
        before = locked.sees_report_details
        locked.sees_report_details = sees_details
        locked.save(update_fields=["sees_report_details"])
        audit_record(
            actor=actor,
            action=PeopleAction.MANAGER_GRANT,
            obj=locked,
            changes={"sees_report_details": [before, sees_details]},
        )
    return locked
