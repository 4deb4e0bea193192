"""The "Open cases by step" block of the HR home (``people.hooks.home_sections``).

Subscribed in ``MobilityConfig.ready()``. One grouped query whatever the number of cases: each
open case's current step (its first unfinished milestone) counted per step, in the order of the
steps, each count linking to the case list filtered by that step. Managers count their
reports' cases only (``policies.visible_cases``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Min, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from expatcare.accounts.roles import Role
from expatcare.engine.labels import label
from expatcare.mobility.choices import FINISHED_MILESTONE_STATUSES, CaseStatus
from expatcare.mobility.models import Milestone
from expatcare.mobility.policies import visible_cases
from expatcare.people.hooks import HomeRequest, HomeSection

SECTION_ORDER = 20
# Open cases whose steps are all done sort after every step.
LAST_POSITION = 10_000


@dataclass(frozen=True, slots=True)
class StepCount:
    code: str
    title: str
    count: int
    url: str


def cases_home_section(request: HomeRequest) -> HomeSection | None:
    actor = request.actor
    if actor.role == Role.EMPLOYEE or actor.is_provider:
        return None
    unfinished = (
        Milestone.objects.filter(case=OuterRef("pk"))
        .exclude(status__in=list(FINISHED_MILESTONE_STATUSES))
        .order_by("position")
    )
    grouped = (
        visible_cases(actor)
        .filter(status=CaseStatus.OPEN)
        .annotate(
            current_code=Subquery(unfinished.values("code")[:1]),
            current_position=Subquery(unfinished.values("position")[:1]),
        )
        .order_by()
        .values("current_code")
        .annotate(count=Count("pk"), position=Min("current_position"))
    )
    list_url = reverse("mobility:case_list")
    steps = [
        StepCount(
            code=row["current_code"] or "",
            title=label("milestone", row["current_code"])
            if row["current_code"]
            else str(_("All steps done")),
            count=row["count"],
            url=f"{list_url}?{urlencode({'step': row['current_code']})}"
            if row["current_code"]
            else list_url,
        )
        for row in sorted(
            grouped,
            key=lambda row: (
                row["position"] if row["position"] is not None else LAST_POSITION,
                row["current_code"] or "",
            ),
        )
    ]
    return HomeSection(
        key="cases",
        title=_("Open cases by step"),
        order=SECTION_ORDER,
        template="mobility/_home_section.html",
        context={"steps": steps, "total": sum(step.count for step in steps), "list_url": list_url},
    )
