"""Reads of the care catalog, packages and enrolments, as plain rows per page.

Every function starts from a ``policies.visible_*`` queryset and loads one page as values in
a fixed number of queries, whatever the size of the tenant (tested in
``tests/care/test_selectors.py``). Provider users get only the person fields their module
declares (``provider_fields``); everything else is blanked here, before any page sees it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from expatcare.accounts.actor import Actor
from expatcare.care import policies
from expatcare.care.choices import ProviderField
from expatcare.care.models import CareModule, Enrolment, PackageItem, PackageTemplate

MODULE_ORDERING = {
    "name": ("name_en", "id"),
    "category": ("category", "name_en", "id"),
    "provider": ("provider_name", "name_en", "id"),
    "price": ("price", "price_employee", "id"),
}
PACKAGE_ORDERING = {"name": ("name", "id"), "budget": ("monthly_budget_per_person", "id")}
ENROLMENT_ORDERING = {
    "start": ("start_date", "id"),
    "status": ("status", "start_date", "id"),
    "module": ("module__name_en", "start_date", "id"),
    "person": ("person__last_name", "person__first_name", "id"),
}


def _ordering(table: Mapping[str, tuple[str, ...]], sort: str, default: str) -> tuple[str, ...]:
    """``name`` or ``-name`` of the table; anything else falls back to ``default``."""
    name = sort.removeprefix("-")
    if name not in table:
        return table[default]
    fields = table[name]
    return tuple(f"-{f}" for f in fields) if sort.startswith("-") else fields


# --- catalog -----------------------------------------------------------------------------------


def module_list(
    *, actor: Actor, search: str = "", category: str = "", sort: str = "name"
) -> QuerySet[CareModule]:
    modules = policies.visible_modules(actor)
    if search:
        modules = modules.filter(
            Q(name_en__icontains=search)
            | Q(name_de__icontains=search)
            | Q(provider_name__icontains=search)
            | Q(code__icontains=search)
        )
    if category:
        modules = modules.filter(category=category)
    return modules.order_by(*_ordering(MODULE_ORDERING, sort, "name"))


@dataclass(frozen=True, slots=True)
class ModuleRow:
    id: int
    organization_id: int
    code: str
    category: str
    name_en: str
    name_de: str
    provider_name: str
    price_model: str
    price: Decimal | None
    price_employee: Decimal | None
    currency: str
    vat_rate: Decimal
    confidential: bool
    counts_as_health_insurance_proof: bool
    is_active: bool
    core_module_id: int | None


MODULE_ROW_FIELDS = tuple(ModuleRow.__slots__)


def module_rows(page: QuerySet[CareModule]) -> list[ModuleRow]:
    return [ModuleRow(**row) for row in page.values(*MODULE_ROW_FIELDS)]


def module_choices(*, actor: Actor) -> list[tuple[int, str]]:
    """Available modules for a package or an enrolment form, one query."""
    rows = (
        policies.visible_modules(actor)
        .filter(is_active=True)
        .order_by("category", "name_en", "id")
        .values_list("pk", "name_en", "provider_name")
    )
    return [(pk, f"{name} ({provider})") for pk, name, provider in rows]


# --- packages ----------------------------------------------------------------------------------


def package_list(
    *, actor: Actor, search: str = "", sort: str = "name"
) -> QuerySet[PackageTemplate]:
    packages = policies.visible_packages(actor)
    if search:
        packages = packages.filter(name__icontains=search)
    return packages.order_by(*_ordering(PACKAGE_ORDERING, sort, "name"))


@dataclass(frozen=True, slots=True)
class PackageRow:
    id: int
    name: str
    covers_partner: bool
    covers_children: bool
    monthly_budget_per_person: Decimal | None
    currency: str
    is_active: bool
    modules: int


def package_rows(page: QuerySet[PackageTemplate]) -> list[PackageRow]:
    rows = page.annotate(modules=Count("items")).values(
        "id",
        "name",
        "covers_partner",
        "covers_children",
        "monthly_budget_per_person",
        "currency",
        "is_active",
        "modules",
    )
    return [PackageRow(**row) for row in rows]


def package_module_ids(package: PackageTemplate) -> list[int]:
    return list(PackageItem.objects.filter(package=package).values_list("module_id", flat=True))


def package_modules(package: PackageTemplate) -> list[CareModule]:
    return [
        item.module for item in PackageItem.objects.filter(package=package).select_related("module")
    ]


# --- enrolments --------------------------------------------------------------------------------


def enrolment_list(
    *,
    actor: Actor,
    status: str = "",
    module_id: int | None = None,
    person_id: int | None = None,
    search: str = "",
    sort: str = "-start",
) -> QuerySet[Enrolment]:
    enrolments = policies.visible_enrolments(actor)
    if status:
        enrolments = enrolments.filter(status=status)
    if module_id is not None:
        enrolments = enrolments.filter(module_id=module_id)
    if person_id is not None:
        enrolments = enrolments.filter(person_id=person_id)
    if search:
        found = Q(module__name_en__icontains=search) | Q(provider_reference__icontains=search)
        if not actor.is_provider:
            # A provider searching by name would learn who is enrolled in modules that do not
            # declare the name; it finds by module and its own reference only.
            found |= Q(person__last_name__icontains=search) | Q(
                person__first_name__icontains=search
            )
        enrolments = enrolments.filter(found)
    if actor.is_provider and sort.removeprefix("-") == "person":
        sort = "-start"  # the order of names it may not be given would tell a provider them
    return enrolments.order_by(*_ordering(ENROLMENT_ORDERING, sort, "start"))


@dataclass(frozen=True, slots=True)
class EnrolmentRow:
    """One enrolment for a list; ``person_name`` is blank where the reader may not see it."""

    id: int
    person_id: int | None
    person_name: str
    member_name: str
    member_relation: str
    module_id: int
    module_name: str
    module_name_de: str
    provider_name: str
    package_name: str
    status: str
    start_date: dt.date
    end_date: dt.date | None
    provider_reference: str
    unit_price: Decimal | None
    currency: str
    confidential: bool


ENROLMENT_VALUES = (
    "id",
    "person_id",
    "person__first_name",
    "person__last_name",
    "family_member__first_name",
    "family_member__relation",
    "module_id",
    "module__name_en",
    "module__name_de",
    "module__provider_name",
    "module__provider_fields",
    "package__name",
    "status",
    "start_date",
    "end_date",
    "provider_reference",
    "unit_price",
    "currency",
    "confidential",
)


def _declares(row: dict[str, Any], field: str) -> bool:
    return field in (row["module__provider_fields"] or ())


def enrolment_rows(actor: Actor, page: QuerySet[Enrolment]) -> list[EnrolmentRow]:
    """A page of enrolments as rows, minimised for provider users in the same pass."""
    provider = actor.is_provider
    prices = policies.can_see_costs(actor)
    rows: list[EnrolmentRow] = []
    for row in page.values(*ENROLMENT_VALUES):
        show_name = not provider or _declares(row, ProviderField.NAME)
        show_family = not provider or _declares(row, ProviderField.FAMILY_MEMBERS)
        name = f"{row['person__first_name'] or ''} {row['person__last_name'] or ''}".strip()
        rows.append(
            EnrolmentRow(
                id=row["id"],
                person_id=None if provider else row["person_id"],
                person_name=name if show_name else "",
                member_name=(row["family_member__first_name"] or "") if show_family else "",
                member_relation=(row["family_member__relation"] or "") if show_family else "",
                module_id=row["module_id"],
                module_name=row["module__name_en"],
                module_name_de=row["module__name_de"] or "",
                provider_name=row["module__provider_name"],
                package_name="" if provider else (row["package__name"] or ""),
                status=row["status"],
                start_date=row["start_date"],
                end_date=row["end_date"],
                provider_reference=row["provider_reference"],
                unit_price=row["unit_price"] if prices else None,
                currency=row["currency"],
                confidential=row["confidential"],
            )
        )
    return rows


def status_counts(*, actor: Actor) -> dict[str, int]:
    """How many enrolments the actor sees per status, one grouped query."""
    rows = policies.visible_enrolments(actor).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def person_enrolments(*, actor: Actor, person_ids: Sequence[int]) -> QuerySet[Enrolment]:
    """The visible enrolments of some people (a person page, a page of a cost report)."""
    return (
        policies.visible_enrolments(actor)
        .filter(person_id__in=list(person_ids))
        .select_related("module", "family_member", "package")
        .order_by("person_id", "module__name_en", "family_member_id", "id")
    )
