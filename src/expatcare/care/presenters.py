"""Display values of the care pages, prepared once per page in the reader's locale.

Labels, money and dates are formatted here in one pass over plain rows; templates only place
them. Money is shown with the locale's separators and the row's currency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language

from expatcare.care import selectors
from expatcare.care.choices import CareCategory, EnrolmentStatus, PriceModel
from expatcare.core.formatting import format_money, short_date_formatter
from expatcare.people.choices import FamilyRelation


def money(amount: Decimal | None, currency: str = "EUR") -> str:
    """``1234.5`` -> "1.234,50 €" in German, "€1,234.50" in English; "–" if unknown."""
    return format_money(amount, currency)


def sort_links(
    names: Iterable[str], current: str, base: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """For each sortable column: the query that sorts by it and its aria-sort state."""
    links: dict[str, dict[str, str]] = {}
    for name in names:
        if current == name:
            state, next_sort = "ascending", f"-{name}"
        elif current == f"-{name}":
            state, next_sort = "descending", name
        else:
            state, next_sort = "none", name
        links[name] = {"query": urlencode({**base, "sort": next_sort}), "aria": state}
    return links


def _prefix(url_name: str) -> str:
    """``/care/modules/0/`` -> ``/care/modules/``: one reverse() per page, not per row."""
    return reverse(url_name, args=[0]).removesuffix("0/")


def module_rows(rows: Iterable[selectors.ModuleRow]) -> list[dict[str, Any]]:
    categories = dict(CareCategory.choices)
    models = dict(PriceModel.choices)
    german = (get_language() or "").startswith("de")
    prefix = _prefix("care:module_detail")
    return [
        {
            "url": f"{prefix}{row.id}/",
            "name": row.name_de if german and row.name_de else row.name_en,
            "code": row.code,
            "category": str(categories.get(row.category, row.category)),
            "provider": row.provider_name,
            "price_model": str(models.get(row.price_model, row.price_model)),
            "price": money(
                row.price if row.price is not None else row.price_employee, row.currency
            ),
            "is_add_on": row.core_module_id is not None,
            "confidential": row.confidential,
            "proof": row.counts_as_health_insurance_proof,
            "is_active": row.is_active,
        }
        for row in rows
    ]


def package_rows(rows: Iterable[selectors.PackageRow]) -> list[dict[str, Any]]:
    prefix = _prefix("care:package_edit")
    return [
        {
            "url": f"{prefix}{row.id}/edit/",
            "name": row.name,
            "modules": row.modules,
            "budget": money(row.monthly_budget_per_person, row.currency)
            if row.monthly_budget_per_person is not None
            else "–",
            "covers_partner": row.covers_partner,
            "covers_children": row.covers_children,
            "is_active": row.is_active,
        }
        for row in rows
    ]


def enrolment_rows(rows: Iterable[selectors.EnrolmentRow]) -> list[dict[str, Any]]:
    statuses = dict(EnrolmentStatus.choices)
    relations = dict(FamilyRelation.choices)
    format_date = short_date_formatter()
    german = (get_language() or "").startswith("de")
    prefix = _prefix("care:enrolment_detail")
    return [
        {
            "url": f"{prefix}{row.id}/",
            "person": row.person_name or "–",
            "member": f"{row.member_name} ({relations.get(row.member_relation, '')})"
            if row.member_name
            else "",
            "module": row.module_name_de if german and row.module_name_de else row.module_name,
            "provider": row.provider_name,
            "package": row.package_name,
            "status": row.status,
            "status_label": str(statuses.get(row.status, row.status)),
            "start": format_date(row.start_date),
            "end": format_date(row.end_date) if row.end_date else "",
            "reference": row.provider_reference,
            "price": money(row.unit_price, row.currency) if row.unit_price is not None else "",
        }
        for row in rows
    ]
