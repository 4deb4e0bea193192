"""API of the compliance app: the caller's calendar feed and the obligations list.

Mounted by the API package (``api.add_router("/", expatcare.compliance.api.router)``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from expatcare.apikit.auth import actor_of
from expatcare.apikit.pagination import paginate
from expatcare.apikit.schemas import FieldProblems, Id, IsoDate, PageQuery, Problem
from expatcare.compliance import feeds, selectors, services
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.models import DutyStatus
from expatcare.engine.messages import render_message

router = Router(tags=["compliance"])


class CalendarFeedOut(Schema):
    calendar_url: str


class ObligationFilters(PageQuery):
    person: Id | None = Field(None, description="Only this person's duties.")
    status: str = Field(
        "",
        description="open, overdue, done or not_applicable (overdue: open and past due). "
        "Empty: every status.",
    )
    due_before: IsoDate | None = Field(None, description="Due on or before this date.")
    due_after: IsoDate | None = Field(None, description="Due on or after this date.")
    code: str = Field("", max_length=64, description="Duty code, e.g. DEUEV_REGISTRATION.")


class ObligationMessageOut(Schema):
    code: str = Field(description="Message code, e.g. obligation.sofortmeldung.")
    params: dict[str, Any] = Field(
        description="Its parameters: amounts as decimal strings, dates ISO, nested messages."
    )


class ParameterOut(Schema):
    name: str
    value: Any
    valid_from: str
    source: str


class ObligationOut(Schema):
    id: int
    person_id: int
    code: str
    due: dt.date | None
    status: str
    responsible: str
    responsible_user: str | None
    legal_basis: str
    source: str
    explanation: str = Field(description="The message in English (kept for compatibility).")
    message: ObligationMessageOut
    parameters: list[ParameterOut]
    ruleset_version: str
    done_on: dt.date | None
    origin: str


class ObligationPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ObligationOut]


_PARAMETER_KEYS = ("name", "value", "valid_from", "source")


def _parameters(stored: object) -> list[dict[str, Any]]:
    """The stored parameter entries that have the four keys (rows of old data may not)."""
    if not isinstance(stored, list):
        return []
    return [
        {key: entry[key] for key in _PARAMETER_KEYS}
        for entry in stored
        if isinstance(entry, dict) and all(key in entry for key in _PARAMETER_KEYS)
    ]


_STATE_FOR_STATUS = {
    "": "all",
    DutyStatus.OPEN.value: "open",
    DutyStatus.OVERDUE.value: "overdue",
    DutyStatus.DONE.value: "done",
    DutyStatus.NOT_APPLICABLE.value: "not_applicable",
}


@router.post(
    "/me/calendar-feed",
    operation_id="calendar_feed_create",
    response={200: CalendarFeedOut, 403: Problem},
    summary="Create or rotate the caller's secret calendar (ICS) link",
    description="A previous link of the caller stops working. The link is returned only here.",
)
def calendar_feed_create(request: HttpRequest) -> CalendarFeedOut:
    _feed, token = services.calendar_feed_create(actor=actor_of(request))
    return CalendarFeedOut(calendar_url=feeds.feed_url(request, token))


@router.delete(
    "/me/calendar-feed",
    operation_id="calendar_feed_revoke",
    response={204: None},
    summary="Revoke the caller's calendar link",
)
def calendar_feed_revoke(request: HttpRequest) -> Status[None]:
    services.calendar_feed_revoke(actor=actor_of(request))
    return Status(204, None)


@router.get(
    "/obligations",
    operation_id="obligation_list",
    response={200: ObligationPage, 422: FieldProblems},
    summary="List duties (obligations) with due dates and legal basis",
    description=(
        "Employer staff see their tenant's duties, employees those of their own record, "
        "provider users none. Soonest due first."
    ),
)
def obligation_list(request: HttpRequest, filters: Query[ObligationFilters]) -> dict[str, Any]:
    actor = actor_of(request)
    today = berlin_today()
    state = _STATE_FOR_STATUS.get(filters.status, "none")
    duties = selectors.duty_list(
        actor=actor,
        filters=selectors.DutyFilters(
            person=filters.person,
            code=filters.code,
            state=state,
            due_after=filters.due_after,
            due_before=filters.due_before,
        ),
        today=today,
    )
    if state == "none":
        duties = duties.none()
    page = paginate(request, duties, page=filters.page, page_size=filters.page_size)
    return {
        "count": page.count,
        "next": page.next,
        "previous": page.previous,
        "results": [
            ObligationOut(
                id=duty.pk,
                person_id=duty.person_id,
                code=duty.code,
                due=duty.due,
                status=getattr(duty, "effective_status", duty.status),
                responsible=duty.responsible,
                responsible_user=duty.responsible_user.email if duty.responsible_user else None,
                legal_basis=duty.legal_basis,
                source=duty.source,
                explanation=render_message(duty.message, language="en"),
                message=ObligationMessageOut(code=duty.message_code, params=duty.message_params),
                parameters=[ParameterOut(**entry) for entry in _parameters(duty.parameters)],
                ruleset_version=duty.ruleset_version,
                done_on=duty.done_on,
                origin=duty.origin,
            )
            for duty in page.rows
        ],
    }
