"""The "Duties" section of the person page (``people.hooks.person_page_sections``).

Subscribed in ``ComplianceConfig.ready()``. One query whatever the number of duties: the
pending ones, soonest first, one more than shown to tell whether there are more. Overdue duties
rise to the top of the person page; the next due one becomes a next step.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from expatcare.compliance.labels import duty_label
from expatcare.compliance.models import Duty, DutyStatus
from expatcare.compliance.policies import can_view_compliance
from expatcare.compliance.selectors import DutyFilters, duty_list
from expatcare.people.hooks import PersonPageItem, PersonPageRequest, PersonPageSection

SECTION_ORDER = 50


@dataclass(frozen=True, slots=True)
class DutyRow:
    duty: Duty
    name: str
    url: str
    overdue: bool


DUTIES_ON_PAGE = 10
SECTION_FIELDS = ("id", "person_id", "code", "due", "status")


def duty_section(request: PersonPageRequest) -> PersonPageSection | None:
    actor, person = request.actor, request.person
    if not can_view_compliance(actor):
        return None
    filters = DutyFilters(person=person.pk, state="pending")
    # One row more than shown tells whether there are more, in the same single query. The
    # section shows a name, a date and a state: the dashboard's joins and the duty's stored
    # message, parameters and trace would be read (and decoded) for nothing.
    fetched = list(
        duty_list(actor=actor, filters=filters, today=request.today)
        .select_related(None)
        .only(*SECTION_FIELDS)[: DUTIES_ON_PAGE + 1]
    )
    has_more = len(fetched) > DUTIES_ON_PAGE
    duties = fetched[:DUTIES_ON_PAGE]
    rows = [
        DutyRow(
            duty=duty,
            name=duty_label(duty.code),
            url=reverse("compliance:duty_detail", args=[duty.pk]),
            overdue=getattr(duty, "effective_status", "") == DutyStatus.OVERDUE,
        )
        for duty in duties
    ]
    overdue = tuple(
        PersonPageItem(text=row.name, url=row.url, due=row.duty.due) for row in rows if row.overdue
    )
    upcoming = next((row for row in rows if not row.overdue), None)
    next_steps = (
        (
            PersonPageItem(
                text=_("Duty: %(name)s") % {"name": upcoming.name},
                url=upcoming.url,
                due=upcoming.duty.due,
            ),
        )
        if upcoming is not None
        else ()
    )
    all_url = "" if request.is_own else reverse("compliance:dashboard") + f"?person={person.pk}"
    return PersonPageSection(
        key="duties",
        title=_("Duties"),
        order=SECTION_ORDER,
        template="compliance/_person_section.html",
        context={"rows": rows, "has_more": has_more, "all_url": all_url},
        next_steps=next_steps,
        overdue=overdue,
        count=None if has_more else len(rows),
    )
