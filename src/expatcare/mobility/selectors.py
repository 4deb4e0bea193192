"""Reads for the eligibility and pension pages (a bounded person picker) and for cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import translation
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.accounts.roles import Role
from expatcare.audit.services import Read
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
from expatcare.people.assignments import provider_reads_record
from expatcare.people.choices import PersonStatus
from expatcare.people.declared import assigned_people
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


# Sort keys of the case list, each ending in the id so that pages are stable.
CASE_SORTS: dict[str, tuple[str, ...]] = {
    "-started": ("-started_on", "-id"),
    "started": ("started_on", "id"),
    "person": ("person__last_name", "person__first_name", "id"),
    "pathway": ("pathway_code", "-started_on", "-id"),
}
BOARD_LIMIT = 300
# Where finished cases (no current step) go on the board: after every step.
LAST_POSITION = 10_000


def case_list(
    *,
    actor: Actor,
    status: str = CaseStatus.OPEN,
    overdue_only: bool = False,
    today: dt.date,
    search: str = "",
    pathway: str = "",
    step: str = "",
    sort: str = "-started",
) -> QuerySet[Case]:
    """Cases with the person, an overdue count and the current step's code and position.

    The current step is the first unfinished milestone; as an annotation it filters the list
    and groups the board in the same single query. Search ignores case and accents.
    """
    finished = list(FINISHED_MILESTONE_STATUSES)
    unfinished = (
        Milestone.objects.filter(case=OuterRef("pk"))
        .exclude(status__in=finished)
        .order_by("position")
    )
    cases = (
        visible_cases(actor)
        .select_related("person")
        .annotate(
            overdue=Count(
                "milestones",
                filter=Q(milestones__expected_on__lt=today) & ~Q(milestones__status__in=finished),
            ),
            current_code=Subquery(unfinished.values("code")[:1]),
            current_position=Subquery(unfinished.values("position")[:1]),
        )
    )
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if overdue_only:
        cases = cases.filter(overdue__gt=0)
    # A provider searching by name would learn names its assignments do not declare.
    for word in search_key("" if actor.is_provider else search).split()[:4]:
        cases = cases.filter(person__search_text__contains=word)
    if pathway:
        cases = cases.filter(pathway_code=pathway)
    if step:
        cases = cases.filter(current_code=step)
    return cases.order_by(*CASE_SORTS.get(sort, CASE_SORTS["-started"])).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("position"))
    )


@dataclass(frozen=True, slots=True)
class BoardColumn:
    code: str
    title: str
    cases: list[Case]


@dataclass(frozen=True, slots=True)
class CaseBoard:
    columns: list[BoardColumn]
    truncated: bool


def case_board(cases: QuerySet[Case]) -> CaseBoard:
    """The filtered cases grouped by current step, columns in the order of the steps: 1 query."""
    rows = list(cases.prefetch_related(None)[: BOARD_LIMIT + 1])
    grouped: dict[str, list[Case]] = {}
    positions: dict[str, int] = {}
    for case in rows[:BOARD_LIMIT]:
        code = getattr(case, "current_code", None) or ""
        grouped.setdefault(code, []).append(case)
        position = getattr(case, "current_position", None)
        positions[code] = min(
            positions.get(code, 10_000), position if position is not None else 9_999
        )
    columns = [
        BoardColumn(
            code=code,
            title=label("milestone", code) if code else str(_("All steps done")),
            cases=grouped[code],
        )
        for code in sorted(grouped, key=lambda code: (positions[code], code))
    ]
    return CaseBoard(columns=columns, truncated=len(rows) > BOARD_LIMIT)


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
    family = list(case.family_members.order_by("id")) if show_documents else []
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


def person_names(actor: Actor, cases: Sequence[Case]) -> dict[int, str]:
    """How the pages and the API name the person of each case, by person id.

    Employer staff and the employee read the name. A provider reads it only where its
    assignments declare it (else the empty string; pages then show a number), and every case
    it is shown is logged in the employer's access log.
    """
    if not actor.is_provider:
        return {case.person_id: case.person.full_name for case in cases}
    declared = assigned_people(actor, {case.person_id for case in cases})
    provider_reads_record(
        actor=actor,
        reads=[
            Read(
                organization_id=case.organization_id,
                object_type="mobility.case",
                object_id=case.pk,
                object_repr=f"#{case.pk}",
                person_id=case.person_id,
            )
            for case in cases
        ],
    )
    return {pid: person.name for pid, person in declared.items()}


def person_labels(names: Mapping[int, str], person_ids: Iterable[int]) -> dict[int, str]:
    """``person_names`` for a page: an undeclared name becomes "Person no. 12"."""
    return {pid: names.get(pid) or _("Person no. %(id)s") % {"id": pid} for pid in person_ids}
