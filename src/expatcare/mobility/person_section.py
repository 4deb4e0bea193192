"""The "Case and eligibility" section of the person page (``people.hooks.person_page_sections``).

Subscribed in ``MobilityConfig.ready()``. Two queries whatever the number of cases: the cases
and their milestones. The current step of each open case becomes a next step at the top of the
person page, and each overdue milestone an overdue item.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from expatcare.engine.labels import label
from expatcare.mobility.choices import CaseStatus
from expatcare.mobility.milestone_templates import template_for
from expatcare.mobility.models import Case
from expatcare.mobility.policies import can_check_eligibility, can_manage_cases, visible_cases
from expatcare.mobility.selectors import current_milestone, is_overdue, milestone_title
from expatcare.people.hooks import PersonPageItem, PersonPageRequest, PersonPageSection

SECTION_ORDER = 40


@dataclass(frozen=True, slots=True)
class CaseRow:
    case: Case
    url: str
    pathway_label: str
    current_step: str
    overdue: int


def case_section(request: PersonPageRequest) -> PersonPageSection | None:
    actor, person = request.actor, request.person
    # The section shows goal, pathway, state and steps: the stored assessment and its trace
    # (often tens of kilobytes of JSON each) are left in the database.
    cases = list(
        visible_cases(actor)
        .filter(person_id=person.pk)
        .defer("assessment", "trace")
        .order_by("-started_on", "-id")
        .prefetch_related("milestones")
    )
    may_check = not request.is_own and can_check_eligibility(actor)
    if not cases and not may_check:
        return None
    rows: list[CaseRow] = []
    next_steps: list[PersonPageItem] = []
    overdue: list[PersonPageItem] = []
    for case in cases:
        url = (
            reverse("mobility:my_case")
            if request.is_own
            else reverse("mobility:case_detail", args=[case.pk])
        )
        template = template_for(case.pathway_code)
        current = current_milestone(case) if case.status == CaseStatus.OPEN else None
        late = [m for m in case.milestones.all() if is_overdue(m, request.today)]
        rows.append(
            CaseRow(
                case=case,
                url=url,
                pathway_label=label("pathway", case.pathway_code),
                current_step=milestone_title(current.code, template) if current else "",
                overdue=len(late),
            )
        )
        if current is not None:
            next_steps.append(
                PersonPageItem(
                    text=_("Case %(goal)s: %(step)s")
                    % {
                        "goal": case.get_goal_display(),
                        "step": milestone_title(current.code, template),
                    },
                    url=url,
                    due=current.expected_on,
                )
            )
        overdue.extend(
            PersonPageItem(
                text=milestone_title(milestone.code, template), url=url, due=milestone.expected_on
            )
            for milestone in sorted(late, key=lambda m: m.position)
        )
    eligibility_url = (
        reverse("mobility:eligibility") + f"?person={person.pk}#result" if may_check else ""
    )
    return PersonPageSection(
        key="case",
        title=_("Case and eligibility"),
        order=SECTION_ORDER,
        template="mobility/_person_section.html",
        context={
            "rows": rows,
            "eligibility_url": eligibility_url,
            "can_start": may_check and can_manage_cases(actor),
        },
        next_steps=tuple(next_steps),
        overdue=tuple(overdue),
        count=len([row for row in rows if row.case.status == CaseStatus.OPEN]),
    )
