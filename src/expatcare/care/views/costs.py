"""The cost report of a month (employer staff) and its CSV and XLSX export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.care import costs, exports, policies
from expatcare.care.cost_report import CONFIDENTIAL_MINIMUM, cost_report
from expatcare.care.costs import Figure
from expatcare.care.presenters import money
from expatcare.core.query import InvalidQuery


def _month(request: HttpRequest) -> Any:
    """The month asked for (``YYYY-MM``), this month when none is; ``InvalidQuery`` otherwise."""
    raw = (request.GET.get("month") or "").strip()
    if not raw:
        return costs.month_start(timezone.localdate())
    month = costs.parse_month(raw)
    if month is None:
        raise InvalidQuery("month", _("Enter a month as YYYY-MM, from 2000-01 to 2100-12."))
    return month


def _shown(figures: dict[str, Figure]) -> list[dict[str, str]]:
    return [
        {"net": money(f.net, c), "vat": money(f.vat, c), "gross": money(f.gross, c)}
        for c, f in figures.items()
    ]


@never_cache
@require_GET
@tenant_view(policies.can_see_costs)
def cost_report_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    month = _month(request)
    report = cost_report(actor, month)
    german = (get_language() or "").startswith("de")
    providers = [
        {
            "name": statement.name,
            "lines": [
                {
                    "name": line.name_de if german and line.name_de else line.name_en,
                    "enrolments": line.enrolments,
                    "figure": None
                    if line.figure is None
                    else _shown({line.currency: line.figure})[0],
                }
                for line in statement.lines
            ],
            "total": _shown({statement.currency: statement.total})[0],
            "owed_vat": money(statement.owed_vat, statement.currency),
        }
        for statement in report.providers
    ]
    packages = [
        {
            "name": line.name,
            "people": line.people,
            "gross": money(line.figure.gross, line.currency),
            "budget": money(line.budget, line.currency) if line.budget is not None else "–",
            "use": line.budget_use_percent,
        }
        for line in report.packages
    ]
    return render(
        request,
        "care/cost_report.html",
        {
            "month_value": f"{month:%Y-%m}",
            "month_label": date_format(month, "YEAR_MONTH_FORMAT"),
            "totals": _shown(report.totals),
            "year": report.year,
            "year_totals": _shown(report.year_totals),
            "forecast": [
                (date_format(each, "YEAR_MONTH_FORMAT"), _shown(figures))
                for each, figures in report.forecast
            ],
            "providers": providers,
            "packages": packages,
            "enrolments": report.enrolments,
            "minimum": CONFIDENTIAL_MINIMUM,
        },
    )


@never_cache
@require_GET
@tenant_view(policies.can_see_costs)
def cost_export(request: HttpRequest, actor: Actor) -> StreamingHttpResponse:
    month = _month(request)
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(actor, month)
    return exports.csv_response(actor, month)
