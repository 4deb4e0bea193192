"""Who may see and change cases and their milestones.

Cases follow the people they belong to: owner, HR and auditor see every case of their tenant,
a manager the cases of their reports, an employee only their own, a provider only the cases it
is assigned to (an assignment to the person alone does not show their immigration case). Only
owners and HR change cases. ``access_*`` is the only way to load a case row by id; rows the
actor may not see raise ``Http404``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.roles import PEOPLE_WRITER_ROLES, Role
from expatcare.core.errors import PermissionDenied
from expatcare.mobility.models import Case, ChecklistItem, Milestone
from expatcare.people.policies import assigned_case_ids, manager_sees_details


def visible_cases(actor: Actor) -> QuerySet[Case]:
    """The cases the actor may see at all; every read of cases starts here."""
    cases = Case.objects.all()
    if actor.sees_whole_tenant:
        return cases.filter(organization_id=actor.organization_id)
    if actor.is_manager:
        return cases.filter(
            organization_id=actor.organization_id, person__manager_id=actor.membership.pk
        )
    if actor.role == Role.EMPLOYEE:
        return cases.filter(organization_id=actor.organization_id, person__user=actor.user)
    if actor.is_provider:
        return cases.filter(pk__in=assigned_case_ids(actor))
    return cases.none()


def can_manage_cases(actor: Actor) -> bool:
    return actor.role in PEOPLE_WRITER_ROLES


def can_see_case_documents(actor: Actor) -> bool:
    """The checklist, the assessment and the family on the case: employer staff and the
    person; not providers, and not a manager unless HR granted them their reports' details."""
    if actor.is_manager:
        return manager_sees_details(actor)
    return not actor.is_provider


def access_case(actor: Actor, case_id: int, *, for_write: bool = False) -> Case:
    case = visible_cases(actor).filter(pk=case_id).select_related("person").first()
    if case is None:
        raise Http404(_("No such case."))
    if for_write and not can_manage_cases(actor):
        raise PermissionDenied(_("You may not change this case."))
    return case


def access_milestone(
    actor: Actor, milestone_id: int, *, case_id: int | None = None, for_write: bool = False
) -> Milestone:
    milestones = Milestone.objects.filter(pk=milestone_id, case__in=visible_cases(actor))
    if case_id is not None:
        milestones = milestones.filter(case_id=case_id)
    milestone = milestones.select_related("case", "case__person").first()
    if milestone is None:
        raise Http404(_("No such milestone."))
    if for_write and not can_manage_cases(actor):
        raise PermissionDenied(_("You may not change this case."))
    return milestone


def access_checklist_item(actor: Actor, item_id: int, *, case_id: int) -> ChecklistItem:
    if not can_see_case_documents(actor):
        raise Http404(_("No such document."))
    item = (
        ChecklistItem.objects.filter(pk=item_id, case_id=case_id, case__in=visible_cases(actor))
        .select_related("case", "case__person")
        .first()
    )
    if item is None:
        raise Http404(_("No such document."))
    return item


def can_check_eligibility(actor: Actor) -> bool:
    """The eligibility check is an employer's planning tool: owner, HR, manager, auditor."""
    return actor.is_employer_staff
