"""Case endpoints: list, read, and change a milestone; scoped like people.

Employer staff see every case of their tenant, employees their own, provider users the cases of
people assigned to their organisation (without the checklist and the assessment). Owners and
HR change milestones. Mounted by the API package: ``api.add_router("/", mobility_api.router)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from expatcare.accounts.actor import Actor
from expatcare.apikit.auth import actor_of
from expatcare.apikit.pagination import paginate
from expatcare.apikit.schemas import FieldProblems, IsoDate, NotNull, PageQuery, Problem
from expatcare.mobility import selectors, services
from expatcare.mobility.models import Case
from expatcare.mobility.policies import access_case, access_milestone, can_see_case_documents
from expatcare.people.choices import ProviderField
from expatcare.people.policies import declared_fields

router = Router(tags=["cases"])


class MilestoneOut(Schema):
    id: int
    position: int
    code: str
    title: str
    owner: str = Field(..., description="hr, employee, provider or authority")
    status: str = Field(..., description="pending, in_progress, done or skipped")
    state: str = Field(..., description="done, skipped, current, next or later")
    started_on: IsoDate | None
    completed_on: IsoDate | None
    expected_on: dt.date | None = Field(
        ..., description="End of the legal time limit, once the step it runs from is done."
    )
    overdue: bool
    legal_basis: str = Field("", description="Legal basis of the time limit, if any.")
    source: str = Field("", description="Source of the time limit, if any.")
    outcome: str
    authority: str
    gap_plan: str
    notes: str


class ChecklistOut(Schema):
    id: int
    code: str = Field(..., description="Document code of the assessment, e.g. passport")
    document_kind: str
    present: bool = Field(..., description="A current document of this kind is on file.")


class CaseListItem(Schema):
    id: int
    person_id: int
    person_name: str
    goal: str
    pathway_code: str
    status: str
    started_on: dt.date
    closed_on: dt.date | None
    current_milestone: str | None
    overdue_milestones: int


class CaseDetail(CaseListItem):
    ruleset_version: str
    milestones: list[MilestoneOut]
    checklist: list[ChecklistOut] = Field(
        ..., description="Empty for provider users, who do not see documents."
    )
    family_member_ids: list[int]


class CasePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[CaseListItem]


class CaseFilters(PageQuery):
    status: str = Field("", description="open, closed or cancelled; empty for all")
    overdue: bool = Field(False, description="Only cases with an overdue milestone.")


class MilestonePatch(Schema):
    """Only the fields sent are changed; unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")

    status: str | NotNull = Field(None, examples=["done"])
    started_on: IsoDate | None = None
    completed_on: IsoDate | None = None
    notes: str | None = None
    outcome: str | None = Field(None, examples=["partial"])
    authority: str | None = None
    gap_plan: str | None = None


def _list_item(case: Case, names: dict[int, str]) -> dict[str, Any]:
    current = selectors.current_milestone(case)
    return {
        "id": case.pk,
        "person_id": case.person_id,
        "person_name": names.get(case.person_id, ""),
        "goal": case.goal,
        "pathway_code": case.pathway_code,
        "status": case.status,
        "started_on": case.started_on,
        "closed_on": case.closed_on,
        "current_milestone": current.code if current is not None else None,
        "overdue_milestones": int(getattr(case, "overdue", 0) or 0),
    }


def _shows_family(actor: Actor, case: Case) -> bool:
    """A provider is given the family of a case only where its assignments declare it."""
    if not actor.is_provider:
        return True
    declared = declared_fields(actor, [case.person_id]).get(case.person_id, frozenset())
    return ProviderField.FAMILY_MEMBERS in declared


def _detail(actor: Actor, case_id: int) -> CaseDetail:
    case = access_case(actor, case_id)
    view = selectors.case_view(actor=actor, case=case, today=timezone.localdate())
    milestones = [
        MilestoneOut(
            id=step.milestone.pk,
            position=step.milestone.position,
            code=step.milestone.code,
            title=step.title,
            owner=step.milestone.owner,
            status=step.milestone.status,
            state=step.state,
            started_on=step.milestone.started_on,
            completed_on=step.milestone.completed_on,
            expected_on=step.milestone.expected_on,
            overdue=step.overdue,
            legal_basis=step.time_limit.legal_basis if step.time_limit else "",
            source=step.time_limit.source if step.time_limit else "",
            outcome=step.milestone.outcome,
            authority=step.milestone.authority,
            gap_plan=step.milestone.gap_plan,
            notes=step.milestone.notes,
        )
        for step in view.steps
    ]
    current = view.current
    return CaseDetail(
        id=case.pk,
        person_id=case.person_id,
        person_name=selectors.person_names(actor, [case]).get(case.person_id, ""),
        goal=case.goal,
        pathway_code=case.pathway_code,
        status=case.status,
        started_on=case.started_on,
        closed_on=case.closed_on,
        current_milestone=current.milestone.code if current is not None else None,
        overdue_milestones=view.overdue_count,
        ruleset_version=case.ruleset_version if can_see_case_documents(actor) else "",
        milestones=milestones,
        checklist=[
            ChecklistOut(
                id=entry.item.pk,
                code=entry.item.code,
                document_kind=entry.item.document_kind,
                present=entry.present,
            )
            for entry in view.checklist
        ],
        family_member_ids=[member.pk for member in view.family]
        if _shows_family(actor, case)
        else [],
    )


@router.get(
    "/cases",
    operation_id="case_list",
    response={200: CasePage, 422: FieldProblems},
    summary="List cases",
)
def case_list(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    actor = actor_of(request)
    cases = selectors.case_list(
        actor=actor,
        status=filters.status,
        overdue_only=filters.overdue,
        today=timezone.localdate(),
    )
    page = paginate(request, cases, page=filters.page, page_size=filters.page_size)
    rows = list(page.rows)
    names = selectors.person_names(actor, rows)
    return {
        "count": page.count,
        "next": page.next,
        "previous": page.previous,
        "results": [_list_item(case, names) for case in rows],
    }


@router.get(
    "/cases/{id:case_id}",
    operation_id="case_read",
    response={200: CaseDetail, 404: Problem},
    summary="Read one case with its milestones",
)
def case_read(request: HttpRequest, case_id: int) -> CaseDetail:
    return _detail(actor_of(request), case_id)


@router.patch(
    "/cases/{id:case_id}/milestones/{id:milestone_id}",
    operation_id="milestone_update",
    response={200: CaseDetail, 403: Problem, 404: Problem, 422: FieldProblems},
    summary="Change a milestone (status, dates, outcome, notes)",
    description=(
        "HR and owners only. Marking a step done without a date completes it today; the "
        "expected dates of later steps are recomputed from their legal time limits."
    ),
)
def milestone_patch(
    request: HttpRequest, case_id: int, milestone_id: int, payload: MilestonePatch
) -> CaseDetail:
    actor = actor_of(request)
    milestone = access_milestone(actor, milestone_id, case_id=case_id, for_write=True)
    services.milestone_update(
        actor=actor, milestone=milestone, changes=payload.model_dump(exclude_unset=True)
    )
    return _detail(actor, case_id)
