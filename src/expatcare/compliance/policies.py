"""Who may see and change duties, findings and calendar feeds.

Owner, HR and auditor see their tenant's duties, a manager those of their reports; an employee
sees the duties of their own record; provider users see none (duties carry legal and payroll
facts their service does not need).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.roles import PEOPLE_WRITER_ROLES, Role
from expatcare.compliance.models import Duty, Finding, Responsible
from expatcare.core.errors import PermissionDenied


def visible_duties(actor: Actor) -> QuerySet[Duty]:
    """Every read of duties starts here."""
    duties = Duty.objects.filter(organization_id=actor.organization_id)
    if actor.sees_whole_tenant:
        return duties
    if actor.is_manager:
        return duties.filter(person__manager_id=actor.membership.pk)
    if actor.role == Role.EMPLOYEE:
        return duties.filter(person__user=actor.user)
    return duties.none()


def visible_findings(actor: Actor) -> QuerySet[Finding]:
    findings = Finding.objects.filter(organization_id=actor.organization_id)
    if actor.sees_whole_tenant:
        return findings
    if actor.is_manager:
        return findings.filter(person__manager_id=actor.membership.pk)
    if actor.role == Role.EMPLOYEE:
        return findings.filter(person__user=actor.user)
    return findings.none()


def can_view_compliance(actor: Actor) -> bool:
    return actor.is_employer_staff or actor.role == Role.EMPLOYEE


def can_manage_duties(actor: Actor) -> bool:
    """Owners and HR close, reopen and waive any duty of their tenant."""
    return actor.role in PEOPLE_WRITER_ROLES


def can_complete_duty(actor: Actor, duty: Duty) -> bool:
    """HR and owners for any duty; employees for their own employee-side duties."""
    if duty.organization_id != actor.organization_id:
        return False
    if can_manage_duties(actor):
        return True
    return (
        actor.role == Role.EMPLOYEE
        and duty.responsible == Responsible.EMPLOYEE
        and duty.person.user_id == actor.user.pk
    )


def can_use_calendar(actor: Actor) -> bool:
    return can_view_compliance(actor)


def access_duty(actor: Actor, duty_id: int, *, for_complete: bool = False) -> Duty:
    duty = (
        visible_duties(actor)
        .select_related("person", "responsible_user", "evidence_document", "done_by")
        .filter(pk=duty_id)
        .first()
    )
    if duty is None:
        raise Http404(_("No such duty."))
    if for_complete and not can_complete_duty(actor, duty):
        raise PermissionDenied(_("You may not change this duty."))
    return duty
