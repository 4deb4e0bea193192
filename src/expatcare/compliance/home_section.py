"""The "Duties to act on" block of the HR home (``people.hooks.home_sections``).

Subscribed in ``ComplianceConfig.ready()``. One query whatever the number of duties: the
pending duties due up to the end of this week (overdue ones included), soonest first, one more
than shown to tell whether there are more. Managers see their reports' duties only, as
everywhere (``policies.visible_duties``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from expatcare.accounts.roles import Role
from expatcare.compliance.labels import duty_label
from expatcare.compliance.models import Duty, DutyStatus
from expatcare.compliance.policies import can_view_compliance
from expatcare.compliance.selectors import DutyFilters, duty_list
from expatcare.people.hooks import HomeRequest, HomeSection

SECTION_ORDER = 10
DUTIES_ON_HOME = 15


@dataclass(frozen=True, slots=True)
class HomeDutyRow:
    duty: Duty
    name: str
    url: str
    person_name: str
    person_url: str
    overdue: bool


def week_end(today: dt.date) -> dt.date:
    """The Sunday of the current week: "due this week" in the German working calendar."""
    return today + dt.timedelta(days=6 - today.weekday())


def duties_home_section(request: HomeRequest) -> HomeSection | None:
    actor = request.actor
    if actor.role == Role.EMPLOYEE or actor.is_provider or not can_view_compliance(actor):
        return None
    filters = DutyFilters(state="pending", due_before=week_end(request.today))
    fetched = list(
        duty_list(actor=actor, filters=filters, today=request.today)[: DUTIES_ON_HOME + 1]
    )
    detail_prefix = reverse("people:detail", args=[0]).removesuffix("0/")
    rows = [
        HomeDutyRow(
            duty=duty,
            name=duty_label(duty.code),
            url=reverse("compliance:duty_detail", args=[duty.pk]),
            person_name=str(duty.person),
            person_url=f"{detail_prefix}{duty.person_id}/",
            overdue=getattr(duty, "effective_status", "") == DutyStatus.OVERDUE,
        )
        for duty in fetched[:DUTIES_ON_HOME]
    ]
    return HomeSection(
        key="duties",
        title=_("Duties overdue or due this week"),
        order=SECTION_ORDER,
        template="compliance/_home_section.html",
        context={
            "overdue": [row for row in rows if row.overdue],
            "this_week": [row for row in rows if not row.overdue],
            "has_more": len(fetched) > DUTIES_ON_HOME,
            "all_url": reverse("compliance:dashboard")
            + f"?due_before={week_end(request.today).isoformat()}",
        },
    )
