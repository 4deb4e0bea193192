"""Duties as CSV (streamed) and XLSX (openpyxl write-only), same columns and filters."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from expatcare.compliance.emails import site_url
from expatcare.compliance.labels import duty_label
from expatcare.compliance.models import Duty

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    for duty in duties.iterator(chunk_size=1000):
        yield [
            duty.person.full_name,
            duty.person_id,
            duty.code,
            duty_label(duty.code),
            duty.due,
            getattr(duty, "effective_status", duty.status),
            duty.responsible,
            duty.legal_basis,
            duty.source,
            duty.done_on,
            site_url(duty.get_absolute_url()),
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


def xlsx_response(duties: QuerySet[Duty], *, today: dt.date) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Duties"))
    sheet.append(_header())
    for row in _rows(duties):
        sheet.append([v if isinstance(v, dt.date) else _safe_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="duties-{today.isoformat()}.xlsx"'
    return response
