"""Reads for the eligibility and pension pages (a bounded person picker) and for cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import translation

from expatcare.accounts.actor import Actor
from expatcare.accounts.roles import Role
from expatcare.core.search import search_key
from expatcare.engine.labels import MILESTONES, label
from expatcare.mobility.choices import (
    FINISHED_MILESTONE_STATUSES,
    CaseStatus,
    MilestoneOwner,
    MilestoneStatus,
)
from expatcare.mobility.milestone_templates import PathwayTemplate, TimeLimit, template_for
from expatcare.mobility.models import Case, ChecklistItem, Milestone
from expatcare.mobility.policies import can_manage_cases, can_see_case_documents, visible_cases
from expatcare.people.choices import PersonStatus
from expatcare.people.models import DocumentVersion, FamilyMember
from expatcare.people.policies import visible_people

PICKER_LIMIT = 50


@dataclass(frozen=True, slots=True)
class PersonOption:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class PersonOptionGroup:
    label: str
    options: tuple[PersonOption, ...]


@dataclass(frozen=True, slots=True)
class PersonPicker:
    groups: tuple[PersonOptionGroup, ...]
    truncated: bool


def person_picker(actor: Actor, *, query: str = "", limit: int = PICKER_LIMIT) -> PersonPicker:
    """At most ``limit`` visible people matching ``query``, grouped by status: one query."""
    people = visible_people(actor)
    # Case and accents ignored (``Person.search_text``): "Yilmaz" finds "Yılmaz".
    for word in search_key(query).split()[:4]:
        people = people.filter(search_text__contains=word)
    rows = list(
        people.order_by("last_name", "first_name", "id").values_list(
            "id", "first_name", "last_name", "status"
        )[: limit + 1]
    )
    truncated = len(rows) > limit
    by_status: dict[str, list[PersonOption]] = {}
    for pk, first, last, status in rows[:limit]:
        by_status.setdefault(status, []).append(PersonOption(pk, f"{last}, {first}".strip(", ")))
    groups = tuple(
        PersonOptionGroup(str(PersonStatus(status).label), tuple(by_status[status]))
        for status in PersonStatus.values
        if status in by_status
    )
    return PersonPicker(groups=groups, truncated=truncated)


# --- cases ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineStep:
    """One milestone as the case pages show it."""

    milestone: Milestone
    title: str
    owner_label: str
    state: str  # done | skipped | current | next | later
    overdue: bool
    time_limit: TimeLimit | None
    decision: bool
    note: str

    @property
    def id(self) -> int:
        return self.milestone.pk


@dataclass(frozen=True, slots=True)
class ChecklistEntry:
    item: ChecklistItem
    label: str
    present: bool


@dataclass
class CaseView:
    case: Case
    pathway_label: str
    steps: list[TimelineStep]
    checklist: list[ChecklistEntry]
    family: list[FamilyMember] = field(default_factory=list)
    available_family: list[FamilyMember] = field(default_factory=list)

    @property
    def current(self) -> TimelineStep | None:
        return next((s for s in self.steps if s.state == "current"), None)

    @property
    def next_step(self) -> TimelineStep | None:
        return next((s for s in self.steps if s.state == "next"), None)

    @property
    def missing(self) -> list[ChecklistEntry]:
        return [entry for entry in self.checklist if not entry.present]

    @property
    def overdue_count(self) -> int:
        return sum(1 for step in self.steps if step.overdue)


def milestone_title(code: str, template: PathwayTemplate | None) -> str:
    """German from the template for German readers, else the translated English title."""
    step = template.step(code) if template else None
    if step is not None and (translation.get_language() or "").startswith("de"):
        return step.title_de
    if code in MILESTONES:
        return str(MILESTONES[code])
    return step.title_en if step is not None else code


def is_overdue(milestone: Milestone, today: dt.date) -> bool:
    return (
        milestone.expected_on is not None
        and milestone.expected_on < today
        and milestone.status not in FINISHED_MILESTONE_STATUSES
    )


def timeline(case: Case, milestones: list[Milestone], *, today: dt.date) -> list[TimelineStep]:
    template = template_for(case.pathway_code)
    owners = dict(MilestoneOwner.choices)
    steps: list[TimelineStep] = []
    seen_current = False
    after_current = 0
    for milestone in sorted(milestones, key=lambda m: m.position):
        if milestone.status == MilestoneStatus.DONE:
            state = "done"
        elif milestone.status == MilestoneStatus.SKIPPED:
            state = "skipped"
        elif not seen_current:
            state, seen_current = "current", True
        else:
            after_current += 1
            state = "next" if after_current == 1 else "later"
        step = template.step(milestone.code) if template else None
        steps.append(
            TimelineStep(
                milestone=milestone,
                title=milestone_title(milestone.code, template),
                owner_label=str(owners.get(milestone.owner, milestone.owner)),
                state=state,
                overdue=is_overdue(milestone, today),
                time_limit=step.time_limit if step else None,
                decision=step.decision if step else False,
                note=step.note if step else "",
            )
        )
    return steps


def checklist_status(case: Case, items: list[ChecklistItem]) -> list[ChecklistEntry]:
    """Whether each checklist document is on file, derived from current versions: one query."""
    present = set(
        DocumentVersion.objects.filter(
            organization_id=case.organization_id,
            is_current=True,
            document__person_id=case.person_id,
            document__family_member__isnull=True,
        ).values_list("document__kind", "document__title")
    )
    kinds = {kind for kind, _title in present}
    titles = {(kind, title.casefold()) for kind, title in present}
    entries = []
    for item in sorted(items, key=lambda i: i.position):
        if item.match_title:
            found = (item.document_kind, item.match_title.casefold()) in titles
        else:
            found = item.document_kind in kinds
        entries.append(ChecklistEntry(item, label("document", item.code), found))
    return entries


def case_list(
    *, actor: Actor, status: str = CaseStatus.OPEN, overdue_only: bool = False, today: dt.date
) -> QuerySet[Case]:
    """Cases with the person and an overdue count, newest first; milestones prefetched."""
    finished = list(FINISHED_MILESTONE_STATUSES)
    cases = (
        visible_cases(actor)
        .select_related("person")
        .annotate(
            overdue=Count(
                "milestones",
                filter=Q(milestones__expected_on__lt=today) & ~Q(milestones__status__in=finished),
            )
        )
    )
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if overdue_only:
        cases = cases.filter(overdue__gt=0)
    return cases.order_by("-started_on", "-id").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("position"))
    )


def current_milestone(case: Case) -> Milestone | None:
    """The first unfinished milestone of a case whose milestones were prefetched."""
    return next(
        (m for m in case.milestones.all() if m.status not in FINISHED_MILESTONE_STATUSES), None
    )


def case_view(*, actor: Actor, case: Case, today: dt.date) -> CaseView:
    """Everything a case page shows, in a fixed number of queries."""
    milestones = list(
        case.milestones.order_by("position").prefetch_related(
            Prefetch(
                "documents",
                queryset=DocumentVersion.objects.select_related("document").order_by("id"),
            )
        )
    )
    show_documents = can_see_case_documents(actor)
    checklist = checklist_status(case, list(case.checklist.all())) if show_documents else []
    family = list(case.family_members.order_by("id"))
    available = []
    if can_manage_cases(actor) and case.status == CaseStatus.OPEN:
        attached = {member.pk for member in family}
        available = [
            member
            for member in FamilyMember.objects.filter(person_id=case.person_id).order_by("id")
            if member.pk not in attached
        ]
    return CaseView(
        case=case,
        pathway_label=label("pathway", case.pathway_code),
        steps=timeline(case, milestones, today=today),
        checklist=checklist,
        family=family,
        available_family=available,
    )


def own_cases(*, actor: Actor) -> list[Case]:
    """The employee's own open cases first, newest first."""
    if actor.role != Role.EMPLOYEE:
        return []
    cases = list(visible_cases(actor).select_related("person").order_by("-started_on", "-id"))
    return sorted(cases, key=lambda case: case.status != CaseStatus.OPEN)
