"""The cost report of a month as CSV and XLSX, streamed: one line per enrolment.

Lines are read as plain values in chunks and priced with ``care.costs`` (each line's figures
rounded once). Confidential enrolments never get a line of their own: one line per
confidential module carries their sum, and only from ``CONFIDENTIAL_MINIMUM`` users on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.care import costs, policies
from expatcare.care.choices import BILLABLE_STATUSES, EnrolmentStatus, PriceModel
from expatcare.care.cost_report import CONFIDENTIAL_MINIMUM
from expatcare.care.costs import Amount, Charge
from expatcare.care.models import Enrolment
from expatcare.core import xlsx

CHUNK_ROWS = 2000
LINE_FIELDS = (
    "id",
    "person__first_name",
    "person__last_name",
    "family_member__first_name",
    "module_id",
    "module__name_en",
    "module__provider_name",
    "module__vat_treatment",
    "package__name",
    "status",
    "start_date",
    "end_date",
    "price_model",
    "unit_price",
    "vat_rate",
    "currency",
    "sessions_per_month",
)


def _header() -> list[str]:
    return [
        _("Person"),
        _("Family member"),
        _("Module"),
        _("Provider"),
        _("Package"),
        _("Status"),
        _("Start"),
        _("End"),
        _("Days"),
        _("Net"),
        _("VAT"),
        _("Gross"),
        _("Currency"),
    ]


def _safe(value: object) -> object:
    """Neutralise spreadsheet formulas in text that came from users (CSV injection)."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return "" if value is None else value


def _charge(row: dict[str, Any], *, count: int = 1) -> Charge:
    return Charge(
        price_model=str(row["price_model"]),
        unit_price=Decimal(str(row["unit_price"])),
        vat_rate=Decimal(str(row["vat_rate"])),
        start=row["start_date"],
        end=row["end_date"],
        count=count,
        sessions_per_month=int(str(row["sessions_per_month"])),
        vat_treatment=str(row["module__vat_treatment"]),
    )


def _month_rows(actor: Actor, month: dt.date) -> Iterator[list[object]]:
    enrolments = (
        policies.billable_enrolments(actor)
        .filter(status__in=BILLABLE_STATUSES, start_date__lte=costs.month_end(month))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=month))
        .exclude(price_model=PriceModel.ONE_OFF, start_date__lt=month)
    )
    statuses = dict(EnrolmentStatus.choices)
    for row in (
        enrolments.filter(confidential=False)
        .order_by("person__last_name", "person__first_name", "module__name_en", "id")
        .values(*LINE_FIELDS)
        .iterator(chunk_size=CHUNK_ROWS)
    ):
        figure = costs.charge_in_month(_charge(row), month).figure()
        yield [
            f"{row['person__first_name'] or ''} {row['person__last_name'] or ''}".strip(),
            row["family_member__first_name"] or "",
            row["module__name_en"],
            row["module__provider_name"],
            row["package__name"] or "",
            str(statuses.get(row["status"], row["status"])),
            row["start_date"],
            row["end_date"],
            costs.overlap_days(row["start_date"], row["end_date"], month),
            figure.net,
            figure.vat,
            figure.gross,
            row["currency"],
        ]
    yield from _confidential_rows(enrolments.filter(confidential=True), month)


CONFIDENTIAL_GROUP = (
    "module_id",
    "module__name_en",
    "module__provider_name",
    "module__vat_treatment",
    "price_model",
    "unit_price",
    "vat_rate",
    "currency",
    "sessions_per_month",
    "start_date",
    "end_date",
)


def _confidential_rows(enrolments: QuerySet[Enrolment], month: dt.date) -> Iterator[list[object]]:
    """One line per confidential module: its sum from the minimum of users on, else none."""
    groups = enrolments.values(*CONFIDENTIAL_GROUP).annotate(n=Count("id")).order_by()
    sums: dict[int, Amount] = defaultdict(Amount)
    users: dict[int, int] = defaultdict(int)
    info: dict[int, tuple[str, str, str]] = {}
    for row in groups:
        sums[row["module_id"]].add(costs.charge_in_month(_charge(row, count=row["n"]), month))
        users[row["module_id"]] += row["n"]
        info[row["module_id"]] = (
            row["module__name_en"],
            row["module__provider_name"],
            row["currency"],
        )
    blank: list[object] = [""] * 5
    for module_id, amount in sorted(sums.items(), key=lambda kv: info[kv[0]]):
        name, provider, currency = info[module_id]
        if users[module_id] < CONFIDENTIAL_MINIMUM:
            label = _("Confidential: fewer than %(count)s users") % {"count": CONFIDENTIAL_MINIMUM}
            yield [label, "", name, provider, *blank, "", "", "", currency]
            continue
        figure = amount.figure()
        label = _("Confidential: %(count)s users") % {"count": users[module_id]}
        yield [label, "", name, provider, *blank, figure.net, figure.vat, figure.gross, currency]


def csv_response(actor: Actor, month: dt.date) -> StreamingHttpResponse:
    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_header())
        for row in _month_rows(actor, month):
            writer.writerow([v.isoformat() if isinstance(v, dt.date) else _safe(v) for v in row])
            if buffer.tell() > 65536:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="care-costs-{month:%Y-%m}.csv"'
    return response


def xlsx_response(actor: Actor, month: dt.date) -> StreamingHttpResponse:
    rows = (
        [v if isinstance(v, dt.date | Decimal | int) else _safe(v) for v in row]
        for row in _month_rows(actor, month)
    )
    response = StreamingHttpResponse(
        xlsx.stream_workbook(_("Care costs"), _header(), rows), content_type=xlsx.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="care-costs-{month:%Y-%m}.xlsx"'
    return response
