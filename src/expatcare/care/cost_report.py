"""The cost report of an employer: a month, its year, the next 12 months, per provider,
module and package, with budget use; computed from grouped rows, cached per tenant version.

Reads are a constant number of queries however many enrolments there are: enrolments that
cost alike (same module, package, price and clamped dates) are counted in one grouped query,
and ``care.costs`` turns each group into money. The result is cached under the tenant's care
version (moved on by every enrolment write, ``care.versions``), so a report is computed once
per change, not per page view.

Confidential modules are summed into the totals like any other, but their own line shows a
figure only from ``CONFIDENTIAL_MINIMUM`` users on: with fewer, the reader could tell who.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, DateField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest, Least

from expatcare.accounts.actor import Actor
from expatcare.care import costs, policies, versions
from expatcare.care.choices import BILLABLE_STATUSES, PriceModel
from expatcare.care.costs import Amount, Charge, Figure, MonthSum
from expatcare.care.models import Enrolment

CONFIDENTIAL_MINIMUM = 5
FORECAST_MONTHS = 12
CACHE_SECONDS = 3600

GROUP_FIELDS = (
    "provider_id",
    "module_id",
    "module__name_en",
    "module__name_de",
    "module__provider_name",
    "module__vat_treatment",
    "package_id",
    "package__name",
    "package__monthly_budget_per_person",
    "confidential",
    "price_model",
    "unit_price",
    "vat_rate",
    "currency",
    "sessions_per_month",
    "charged_from",
    "charged_to",
)


@dataclass(frozen=True, slots=True)
class ModuleLine:
    module_id: int
    name_en: str
    name_de: str
    enrolments: int
    figure: Figure | None  # None: confidential with fewer than the minimum of users
    currency: str


@dataclass(frozen=True, slots=True)
class ProviderStatement:
    """What the employer owes one provider for the month, module by module."""

    name: str
    lines: list[ModuleLine]
    total: Figure
    owed_vat: Decimal  # VAT payable to the provider (none under reverse charge)
    currency: str


@dataclass(frozen=True, slots=True)
class PackageLine:
    package_id: int | None
    name: str
    people: int
    figure: Figure
    budget: Decimal | None  # the package's monthly budget x its people
    budget_use_percent: Decimal | None
    currency: str


@dataclass(frozen=True, slots=True)
class CostReport:
    month: dt.date
    totals: dict[str, Figure]  # by currency
    year: int
    year_totals: dict[str, Figure]
    forecast: list[tuple[dt.date, dict[str, Figure]]]
    providers: list[ProviderStatement]
    packages: list[PackageLine]
    enrolments: int = 0
    currencies: list[str] = field(default_factory=list)


def _window(month: dt.date) -> tuple[dt.date, dt.date]:
    """From January of the month's year to the later of December and the 12th month ahead."""
    forecast_end = costs.month_end(costs.months(month, FORECAST_MONTHS)[-1])
    return month.replace(month=1, day=1), max(forecast_end, month.replace(month=12, day=31))


def _grouped(actor: Actor, start: dt.date, end: dt.date) -> QuerySet[Enrolment, dict[str, Any]]:
    """Billable enrolments overlapping the window, grouped by everything their cost depends
    on; dates are clamped to the window so that enrolments running through it share a group."""
    window_start = Value(start, output_field=DateField())
    window_end = Value(end, output_field=DateField())
    grouped: QuerySet[Enrolment, dict[str, Any]] = (
        policies.billable_enrolments(actor)
        .filter(status__in=BILLABLE_STATUSES, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .exclude(price_model=PriceModel.ONE_OFF, start_date__lt=start)
        .annotate(
            charged_from=Greatest("start_date", window_start, output_field=DateField()),
            charged_to=Least(
                Coalesce("end_date", window_end), window_end, output_field=DateField()
            ),
        )
        .values(*GROUP_FIELDS)
        .annotate(n=Count("id"))
        .order_by()
    )
    return grouped


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _people_per_package(actor: Actor, month: dt.date) -> dict[int, int]:
    rows = (
        policies.billable_enrolments(actor)
        .filter(
            status__in=BILLABLE_STATUSES,
            package__isnull=False,
            start_date__lte=costs.month_end(month),
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=month))
        .values("package_id")
        .annotate(people=Count("person_id", distinct=True))
        .order_by()
    )
    return {row["package_id"]: row["people"] for row in rows}


def _figures(amounts: dict[str, Amount]) -> dict[str, Figure]:
    return {currency: amount.figure() for currency, amount in sorted(amounts.items())}


def _percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))


def compute_cost_report(actor: Actor, month: dt.date) -> CostReport:
    """The report, computed now (two queries); ``cost_report`` serves it from the cache.

    Each group is added once to a ``Ledger`` per currency (the year and the forecast) and once
    to the month's sums per provider, module and package, all in integers; the figures are
    divided and rounded once at the end.
    """
    month = costs.month_start(month)
    start, end = _window(month)
    span = (end.year - start.year) * 12 + end.month - start.month + 1
    dim = costs.days_in(month)
    ledgers: dict[str, costs.Ledger] = {}
    totals: dict[str, MonthSum] = defaultdict(lambda: MonthSum(dim))
    by_module: dict[int, MonthSum] = defaultdict(lambda: MonthSum(dim))
    by_provider: dict[str, MonthSum] = defaultdict(lambda: MonthSum(dim))
    by_package: dict[int | None, MonthSum] = defaultdict(lambda: MonthSum(dim))
    module_counts: dict[int, int] = defaultdict(int)
    module_names: dict[int, tuple[str, str, str, bool, str]] = {}
    package_info: dict[int | None, tuple[str, Decimal | None, str]] = {}
    enrolments = 0
    for row in _grouped(actor, start, end):
        currency = row["currency"]
        charge = Charge(
            price_model=row["price_model"],
            unit_price=Decimal(row["unit_price"]),
            vat_rate=Decimal(row["vat_rate"]),
            start=_as_date(row["charged_from"]),
            end=_as_date(row["charged_to"]),
            count=row["n"],
            sessions_per_month=row["sessions_per_month"],
            vat_treatment=row["module__vat_treatment"],
        )
        if currency not in ledgers:
            ledgers[currency] = costs.Ledger(start, span)
        ledgers[currency].add(charge)
        module_id, provider = row["module_id"], row["module__provider_name"]
        days = totals[currency].add(charge, month)
        if not days:
            continue
        enrolments += row["n"]
        module_counts[module_id] += row["n"]
        by_module[module_id].add(charge, month)
        by_provider[provider].add(charge, month)
        by_package[row["package_id"]].add(charge, month)
        module_names[module_id] = (
            row["module__name_en"],
            row["module__name_de"],
            provider,
            row["confidential"],
            currency,
        )
        package_info[row["package_id"]] = (
            row["package__name"] or "",
            row["package__monthly_budget_per_person"],
            currency,
        )

    statements = []
    for provider, provider_sum in sorted(by_provider.items()):
        lines = []
        modules = [m for m, names in module_names.items() if names[2] == provider]
        for module_id in sorted(modules, key=lambda m: module_names[m]):
            name_en, name_de, _, confidential, currency = module_names[module_id]
            count = module_counts[module_id]
            hidden = confidential and count < CONFIDENTIAL_MINIMUM
            lines.append(
                ModuleLine(
                    module_id=module_id,
                    name_en=name_en,
                    name_de=name_de,
                    enrolments=0 if hidden else count,
                    figure=None if hidden else by_module[module_id].amount().figure(),
                    currency=currency,
                )
            )
        total = provider_sum.amount()
        statements.append(
            ProviderStatement(
                name=provider,
                lines=lines,
                total=total.figure(),
                owed_vat=costs.to_cents(total.owed_vat),
                currency=lines[0].currency,
            )
        )

    people = _people_per_package(actor, month)
    package_lines = []
    for package_id, package_sum in by_package.items():
        if package_id is None:
            continue
        name, budget_per_person, currency = package_info[package_id]
        figure = package_sum.amount().figure()
        count = people.get(package_id, 0)
        budget = budget_per_person * count if budget_per_person is not None else None
        package_lines.append(
            PackageLine(
                package_id=package_id,
                name=name,
                people=count,
                figure=figure,
                budget=budget,
                budget_use_percent=_percent(figure.gross, budget),
                currency=currency,
            )
        )
    package_lines.sort(key=lambda line: line.name)

    monthly = {currency: ledger.amounts() for currency, ledger in ledgers.items()}
    offset = (month.year - start.year) * 12 + month.month - start.month
    year: dict[str, Amount] = defaultdict(Amount)
    for currency, amounts in monthly.items():
        for amount in amounts[:12]:
            year[currency].add(amount)
    return CostReport(
        month=month,
        totals=_figures({c: s.amount() for c, s in totals.items() if not s.is_zero}),
        year=month.year,
        year_totals=_figures(year),
        forecast=[
            (each, _figures({c: amounts[offset + i] for c, amounts in monthly.items()}))
            for i, each in enumerate(costs.months(month, FORECAST_MONTHS))
        ],
        providers=statements,
        packages=package_lines,
        enrolments=enrolments,
        currencies=sorted(monthly),
    )


def cost_report(actor: Actor, month: dt.date) -> CostReport:
    """The report from the cache while neither the tenant's enrolments nor the catalog changed."""
    month = costs.month_start(month)
    organization_id = actor.organization_id
    key = f"care:costs:{organization_id}:{versions.cost_version(organization_id)}:{month:%Y-%m}"
    report: CostReport | None = cache.get(key)
    if report is None:
        report = compute_cost_report(actor, month)
        cache.set(key, report, CACHE_SECONDS)
    return report


@dataclass(frozen=True, slots=True)
class PersonCosts:
    month: dict[str, Figure]
    year: dict[str, Figure]


def person_costs(actor: Actor, person_id: int, month: dt.date) -> PersonCosts:
    """What one person's care (with their family's) costs in a month and in its year; their
    confidential enrolments are left out, as everywhere a person is named. One query."""
    month = costs.month_start(month)
    start, end = month.replace(month=1), month.replace(month=12, day=31)
    rows = (
        policies.billable_enrolments(actor)
        .filter(person_id=person_id, confidential=False, status__in=BILLABLE_STATUSES)
        .filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values(
            "price_model",
            "unit_price",
            "vat_rate",
            "currency",
            "sessions_per_month",
            "start_date",
            "end_date",
            "module__vat_treatment",
        )
    )
    this_month: dict[str, Amount] = defaultdict(Amount)
    year: dict[str, Amount] = defaultdict(Amount)
    for row in rows:
        charge = Charge(
            price_model=row["price_model"],
            unit_price=row["unit_price"],
            vat_rate=row["vat_rate"],
            start=row["start_date"],
            end=row["end_date"],
            sessions_per_month=row["sessions_per_month"],
            vat_treatment=row["module__vat_treatment"],
        )
        this_month[row["currency"]].add(costs.charge_in_month(charge, month))
        for each in costs.months(start, 12):
            year[row["currency"]].add(costs.charge_in_month(charge, each))
    return PersonCosts(month=_figures(this_month), year=_figures(year))
