"""The compliance dashboard's page, assembled once in Python and printed by the template.

At 10,000 people the page's time went mostly into the template: per duty row a URL reversed,
code, status and responsible names translated, dates localised, each through template tags
and filters that resolve variables one attribute at a time. Here every row is a plain dict of
ready strings (dicts are the template engine's fastest lookup) with each distinct label
computed once per page, so the template only prints.

The list lengths come from the cached tenant figures where they hold the answer (the default
list of open duties, a kind, the overdue and due-soon lists, every light filter), else from a
count bounded at ``COUNT_LIMIT``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypedDict, cast
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.compliance import selectors
from expatcare.compliance.labels import duty_label, duty_title, finding_label
from expatcare.compliance.models import DutyStatus, Responsible, Severity
from expatcare.core.formatting import short_date_formatter
from expatcare.core.pagination import BoundedCount, list_page
from expatcare.engine.messages import render_message

DUTIES_PER_PAGE = 50
PEOPLE_PER_PAGE = 25
# The duty list counts at most this many rows; beyond it the page says "10000+".
COUNT_LIMIT = 10_000
DUTY_FIELDS = (
    "pk",
    "person_id",
    "due",
    "code",
    "effective_status",
    "responsible",
    "legal_basis",
    "source",
    "origin_key",
    "message_code",
    "message_params",
    "person__first_name",
    "person__last_name",
    "responsible_user__full_name",
    "responsible_user__email",
)

FINDING_FIELDS = (
    "code",
    "severity",
    "message_code",
    "message_params",
    "legal_basis",
    "source",
    "person__first_name",
    "person__last_name",
)


class DutyRow(TypedDict):
    pk: int
    person_id: int
    url: str
    due: str
    due_iso: str
    code: str
    label: str
    person: str
    effective_status: str
    status_label: str
    responsible: str
    legal_basis: str
    source: str


class PersonRow(TypedDict):
    pk: int
    name: str
    url: str
    light: str
    light_label: str
    overdue: int
    due_soon: int


class KindRow(TypedDict):
    code: str
    label: str
    url: str
    pending: int
    overdue: int
    due_soon: int


class FindingRow(TypedDict):
    code: str
    label: str
    severity: str
    severity_label: str
    person: str
    detail: str
    legal_basis: str
    source: str


def _memo(compute: Callable[[str], str]) -> Callable[[str], str]:
    """One call of ``compute`` per distinct value within a page (labels repeat per row)."""
    seen: dict[str, str] = {}

    def lookup(value: str) -> str:
        if value not in seen:
            seen[value] = compute(value)
        return seen[value]

    return lookup


def _choice_label(choices: type[DutyStatus] | type[Responsible] | type[Severity]) -> Any:
    names = {str(value): str(label) for value, label in choices.choices}
    return _memo(lambda value: names.get(value, value))


def _url_of(name: str) -> Callable[[int], str]:
    """``reverse`` once with a placeholder id, then a string substitution per row."""
    placeholder = 987654321
    pattern = reverse(name, args=[placeholder])
    head, tail = pattern.split(str(placeholder), 1)
    return lambda pk: f"{head}{pk}{tail}"


def _link_text(legal_basis: str, source: str) -> str:
    return legal_basis or source


def duty_rows(values: Iterable[dict[str, Any]]) -> list[DutyRow]:
    """Rows of the duty table from ``duty_list(...).values(*DUTY_FIELDS)``."""
    url = _url_of("compliance:duty_detail")
    titles: dict[tuple[str, str, str, str], str] = {}
    status = _choice_label(DutyStatus)
    responsible = _choice_label(Responsible)
    dates: dict[dt.date | None, str] = {}
    # The locale's one short format ("04.12.2026"), resolved once per page.
    format_date = short_date_formatter()
    rows: list[DutyRow] = []
    for value in values:
        due: dt.date | None = value["due"]
        if due not in dates:
            dates[due] = format_date(due) if due is not None else ""
        owner = responsible(value["responsible"])
        user = value["responsible_user__full_name"] or value["responsible_user__email"]
        rows.append(
            {
                "pk": value["pk"],
                "person_id": value["person_id"],
                "url": url(value["pk"]),
                "due": dates[due],
                "due_iso": due.isoformat() if due is not None else "",
                "code": value["code"],
                "label": _title(titles, value),
                "person": f"{value['person__first_name']} {value['person__last_name']}".strip(),
                "effective_status": value["effective_status"],
                "status_label": status(value["effective_status"]),
                "responsible": f"{owner} ({user})" if user else owner,
                "legal_basis": _link_text(value["legal_basis"], value["source"]),
                "source": value["source"],
            }
        )
    return rows


def person_rows(lights: Iterable[selectors.PersonLight], dashboard_url: str) -> list[PersonRow]:
    names = {"red": _("Overdue"), "amber": _("Due soon"), "green": _("Up to date")}
    return [
        {
            "pk": row.person.pk,
            "name": row.person.full_name,
            "url": f"{dashboard_url}?{urlencode({'person': row.person.pk, 'state': 'all'})}",
            "light": row.light,
            "light_label": names.get(row.light, row.light),
            "overdue": row.overdue,
            "due_soon": row.due_soon,
        }
        for row in lights
    ]


def kind_rows(kinds: Iterable[selectors.KindCount], dashboard_url: str) -> list[KindRow]:
    return [
        {
            "code": kind.code,
            "label": duty_label(kind.code),
            "url": f"{dashboard_url}?{urlencode({'code': kind.code})}",
            "pending": kind.pending,
            "overdue": kind.overdue,
            "due_soon": kind.due_soon,
        }
        for kind in kinds
    ]


def _title(memo: dict[tuple[str, str, str, str], str], value: dict[str, Any]) -> str:
    """``duty_title`` once per kind of duty on the page (a renewal names its document)."""
    message = {"code": value["message_code"], "params": value["message_params"]}
    inner = (value["message_params"] or {}).get("duty")
    inner_code = str(inner.get("code", "")) if isinstance(inner, dict) else ""
    key = (value["code"], value["message_code"], inner_code, value["origin_key"].partition(":")[0])
    found = memo.get(key)
    if found is None:
        found = memo[key] = duty_title(value["code"], message, value["origin_key"])
    return found


def finding_rows(findings: Iterable[dict[str, Any]]) -> list[FindingRow]:
    """Rows of the findings table from ``active_findings(...).values(*FINDING_FIELDS)``,
    each finding's message in the reader's language."""
    severity = _choice_label(Severity)
    return [
        {
            "code": finding["code"],
            "label": finding_label(finding["code"]),
            "severity": finding["severity"],
            "severity_label": severity(finding["severity"]),
            "person": f"{finding['person__first_name']} {finding['person__last_name']}".strip(),
            "detail": render_message(
                {"code": finding["message_code"], "params": finding["message_params"]}
            ),
            "legal_basis": _link_text(finding["legal_basis"], finding["source"]),
            "source": finding["source"],
        }
        for finding in findings
    ]


class FilterControl(TypedDict):
    name: str
    id: str
    label: str
    value: str
    options: SafeString


def filter_controls(form: forms.Form) -> dict[str, FilterControl]:
    """The filter form's labels, values and ``<option>`` lists, built without widget templates.

    Django renders every option of a select through a template of its own; for the six
    filters of this page that cost as much as the table of duties.
    """
    controls: dict[str, FilterControl] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        text = "" if value is None else str(value)
        options = (
            format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (choice, " selected" if str(choice) == text else "", label)
                    # Flat lists once the form is built (no groups among these filters).
                    for choice, label in cast("list[tuple[Any, Any]]", field.choices)
                ),
            )
            if isinstance(field, forms.ChoiceField)
            else SafeString("")
        )
        controls[name] = {
            "name": name,
            "id": f"id_{name}",
            "label": f"{field.label or ''}{form.label_suffix}",
            "value": text,
            "options": options,
        }
    return controls


@dataclass(frozen=True)
class DutyPage:
    page: Page[Any]
    capped: bool


def duty_page(
    *,
    actor: Actor,
    filters: selectors.DutyFilters,
    today: dt.date,
    aggregates: selectors.DashboardAggregates,
    number: str | None,
) -> DutyPage:
    """One page of duty rows; its count from the figures, else bounded at ``COUNT_LIMIT``."""
    duties: QuerySet[Any] = selectors.duty_list(actor=actor, filters=filters, today=today).values(
        *DUTY_FIELDS
    )
    count = aggregates.duty_count(filters)
    capped = False
    if count is None:
        count = selectors.duty_count(
            actor=actor, filters=filters, today=today, limit=COUNT_LIMIT + 1
        )
        capped = count > COUNT_LIMIT
        count = min(count, COUNT_LIMIT)
    page = list_page(
        duties, requested=number, per_page=DUTIES_PER_PAGE, count=BoundedCount(count, not capped)
    )
    page.object_list = duty_rows(page.object_list)
    return DutyPage(page=page, capped=capped)


def people_page(
    *,
    actor: Actor,
    today: dt.date,
    light: str,
    aggregates: selectors.DashboardAggregates,
    number: str | None,
    dashboard_url: str,
) -> Page[Any]:
    """One page of people with their lights, counted by the figures."""
    people = selectors.people_with_lights(actor=actor, today=today, light=light)
    counted = BoundedCount(aggregates.people_count(light), exact=True)
    page = list_page(people, requested=number, per_page=PEOPLE_PER_PAGE, count=counted)
    lights = selectors.lights_for_page(actor=actor, people=list(page.object_list), today=today)
    page.object_list = person_rows(lights, dashboard_url)
    return page
