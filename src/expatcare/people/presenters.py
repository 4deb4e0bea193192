"""Display values of the people pages, prepared once per page instead of once per cell.

A template loop that formats dates, looks up labels or nests a loop per row costs more than the
queries behind the page; these functions do that work in one pass over plain values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from expatcare.audit.models import AuditEntry
from expatcare.audit.presenters import change_presenters
from expatcare.core.formatting import short_date_formatter
from expatcare.people import selectors
from expatcare.people.choices import PersonStatus
from expatcare.people.selectors import ORDERING_FIELDS


def sort_links(filters: dict[str, str], base: dict[str, str]) -> dict[str, dict[str, str]]:
    """For each sortable column: the URL query that sorts by it and its aria-sort state."""
    current = filters["ordering"]
    links: dict[str, dict[str, str]] = {}
    for name in ORDERING_FIELDS:
        if current == name:
            state, next_sort = "ascending", f"-{name}"
        elif current == f"-{name}":
            state, next_sort = "descending", name
        else:
            state, next_sort = "none", name
        links[name] = {"query": urlencode({**base, "sort": next_sort}), "aria": state}
    return links


def person_rows(rows: list[selectors.PersonRow]) -> list[dict[str, Any]]:
    """Display values for the list, resolved once per page instead of once per cell."""
    status_labels = {code: str(label) for code, label in PersonStatus.choices}
    # One <abbr> per country and page: a nested template loop per row cost more than the
    # rest of the row.
    country_markup: dict[str, str] = {}
    format_date = short_date_formatter()
    # "/people/0/" -> "/people/": one reverse() for the page instead of one per row.
    detail_prefix = reverse("people:detail", args=[0]).removesuffix("0/")
    presented = []
    for row in rows:
        for code in row.nationalities:
            if code not in country_markup:
                country_markup[code] = format_html(
                    '<abbr title="{}">{}</abbr>', countries.name(code), code
                )
        presented.append(
            {
                "url": f"{detail_prefix}{row.id}/",
                "last_name": row.last_name,
                "first_name": row.first_name,
                "nationalities": mark_safe(  # noqa: S308  # joins the escaped markup above
                    ", ".join(country_markup[code] for code in row.nationalities)
                ),
                "status": row.status,
                "status_label": status_labels.get(row.status, row.status),
                "job_title": row.job_title,
                "work_state": row.work_state,
                "start_date": format_date(row.start_date),
                "created_at": format_date(timezone.localdate(row.created_at)),
            }
        )
    return presented


def options_markup(choices: Iterable[tuple[object, object]], selected: str) -> SafeString:
    """The <option> elements of a filter select, built once per page.

    The nationality select alone has dozens of options; one template node per option and
    attribute cost more than the whole table of results.
    """
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == selected else "", label) for value, label in choices),
    )


def expiring_rows(items: Iterable[selectors.ExpiringDocument]) -> list[dict[str, Any]]:
    """The dashboard's expiring documents, formatted here once per row: per-row
    ``{% blocktranslate count %}`` and ``|date`` cost more than the queries behind the page."""
    format_date = short_date_formatter()
    detail_prefix = reverse("people:detail", args=[0]).removesuffix("0/")
    return [
        {
            "url": f"{detail_prefix}{item.person_id}/",
            "person_name": item.person_name,
            "kind_label": item.kind_label,
            "valid_until": format_date(item.valid_until),
            "badge": item.badge,
            "days_left": ngettext("%(count)d day", "%(count)d days", item.days_left)
            % {"count": item.days_left},
        }
        for item in items
    ]


def trail_rows(entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
    """Display values of audit entries, resolved in one pass.

    A person's trail grows with every salary view, so the page usually shows its full 50
    entries; per-cell date filters and lookups made that table cost more than the rest of
    the page.
    """
    system = _("system")
    entries = list(entries)
    changes = change_presenters.present(entries)
    rows = []
    for entry, changed in zip(entries, changes, strict=True):
        created = timezone.localtime(entry.created_at)
        rows.append(
            {
                "created_iso": created.isoformat(),
                "created": date_format(created, "SHORT_DATETIME_FORMAT"),
                "actor": str(entry.actor) if entry.actor else system,
                "action": entry.action,
                "action_label": entry.action_label,
                "object_repr": entry.object_repr,
                "changes": changed.rows,
                # Checksums, content types, rule set versions: under "Details for experts".
                "technical": changed.technical,
            }
        )
    return rows
