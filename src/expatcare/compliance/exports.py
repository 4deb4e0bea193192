"""Duties as CSV and XLSX, both streamed, with the same columns and filters."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from expatcare.compliance.emails import site_url
from expatcare.compliance.labels import duty_label
from expatcare.compliance.models import Duty, DutyStatus, Responsible
from expatcare.core import xlsx

CHUNK_ROWS = 2000
PLACEHOLDER_ID = 987654321
EXPORT_FIELDS = (
    "pk",
    "person_id",
    "person__first_name",
    "person__last_name",
    "code",
    "due",
    "effective_status",
    "responsible",
    "legal_basis",
    "source",
    "done_on",
)


def _header() -> list[str]:
    return [
        _("Person"),
        _("Person ID"),
        _("Code"),
        _("Duty"),
        _("Due"),
        _("Status"),
        _("Responsible"),
        _("Legal basis"),
        _("Source"),
        _("Done on"),
        _("Link"),
    ]


def _rows(duties: QuerySet[Duty]) -> Iterator[list[object]]:
    """One list per duty of ``selectors.duty_list``, read as plain values in chunks: an export
    of every duty of a large tenant holds one chunk at a time and builds no model instances."""
    head, tail = site_url(reverse("compliance:duty_detail", args=[PLACEHOLDER_ID])).split(
        str(PLACEHOLDER_ID), 1
    )
    labels: dict[str, str] = {}
    # Status and responsible party in the reader's language; the code column stays machine-read.
    statuses = {choice.value: str(choice.label) for choice in DutyStatus}
    parties = {choice.value: str(choice.label) for choice in Responsible}
    for duty in duties.values(*EXPORT_FIELDS).iterator(chunk_size=CHUNK_ROWS):
        code = duty["code"]
        if code not in labels:
            labels[code] = duty_label(code)
        yield [
            f"{duty['person__first_name']} {duty['person__last_name']}".strip(),
            duty["person_id"],
            code,
            labels[code],
            duty["due"],
            statuses.get(duty["effective_status"], duty["effective_status"]),
            parties.get(duty["responsible"], duty["responsible"]),
            duty["legal_basis"],
            duty["source"],
            duty["done_on"],
            f"{head}{duty['pk']}{tail}",
        ]


def _safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas in text that came from users (CSV injection)."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def csv_response(duties: QuerySet[Duty], *, today: dt.date) -> StreamingHttpResponse:
    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_header())
        for row in _rows(duties):
            writer.writerow([_safe_cell(v) for v in row])
            if buffer.tell() > 65536:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="duties-{today.isoformat()}.csv"'
    return response


def xlsx_response(duties: QuerySet[Duty], *, today: dt.date) -> StreamingHttpResponse:
    """Streamed like the CSV: the first bytes leave at once and memory stays flat, however many
    duties the tenant has (see ``core.xlsx``)."""
    rows = ([v if isinstance(v, dt.date) else _safe_cell(v) for v in row] for row in _rows(duties))
    response = StreamingHttpResponse(
        xlsx.stream_workbook(_("Duties"), _header(), rows), content_type=xlsx.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="duties-{today.isoformat()}.xlsx"'
    return response
