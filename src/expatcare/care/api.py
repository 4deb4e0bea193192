"""Care endpoints: the catalog, enrolments (list, request, read, decide, start, end) and the
cost report of a month; scoped and minimised exactly like the pages.

Provider users see the enrolments in their own modules with only the person fields each
module declares, and no prices; employees their own; employer staff never see a confidential
enrolment one by one.
Money leaves as decimal strings. Mounted by the API package: ``api.add_router("/", router)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, field_validator

from expatcare.accounts.actor import Actor
from expatcare.apikit.auth import actor_of
from expatcare.apikit.pagination import page_body, paginate_with
from expatcare.apikit.schemas import FieldProblems, PageQuery, Problem
from expatcare.care import costs, policies, reads, selectors, services
from expatcare.care.choices import CareCategory, EnrolmentStatus
from expatcare.care.cost_report import cost_report
from expatcare.care.costs import Figure
from expatcare.care.models import Enrolment
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people.models import FamilyMember
from expatcare.people.policies import access_person

router = Router(tags=["care"])

Money = str  # a decimal string with two places, e.g. "120.00"


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


class ModuleOut(Schema):
    id: int
    code: str
    category: str = Field(..., description="One of " + ", ".join(CareCategory.values) + ".")
    name_en: str
    name_de: str
    provider_name: str
    price_model: str
    price: Money | None = Field(None, description="Unit price; null for family-tier prices.")
    price_employee: Money | None = Field(None, description="Family tier: employee only.")
    currency: str
    vat_rate: Money
    confidential: bool
    counts_as_health_insurance_proof: bool
    is_active: bool
    core_module_id: int | None = Field(None, description="Set for an add-on.")


class ModulePage(Schema):
    count: int
    count_is_exact: bool
    next: str | None
    previous: str | None
    results: list[ModuleOut]


def _one_of(value: str, allowed: Iterable[str], what: str) -> str:
    """The document says "one of": anything else is refused (422), not silently ignored."""
    options = sorted(allowed)
    if value and value not in options:
        raise ValueError(f"Unknown {what}; use one of " + ", ".join(options))
    return value


ENROLMENT_ORDERINGS: list[Any] = sorted(
    [*selectors.ENROLMENT_ORDERING, *(f"-{k}" for k in selectors.ENROLMENT_ORDERING)]
)


CATEGORY_OPTIONS: list[Any] = ["", *CareCategory.values]
STATUS_OPTIONS: list[Any] = ["", *EnrolmentStatus.values]


class ModuleFilters(PageQuery):
    search: str = Field("", max_length=100, description="Matched against names, provider, code.")
    category: str = Field(
        "", description="Empty for all.", json_schema_extra={"enum": CATEGORY_OPTIONS}
    )

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        return _one_of(value, CareCategory.values, "category")


class EnrolmentOut(Schema):
    id: int
    person_id: int | None = Field(None, description="Null for provider users.")
    person_name: str = Field(..., description="Empty where the module does not declare it.")
    family_member_name: str
    module_id: int
    module_name: str
    provider_name: str
    package_name: str
    status: str = Field(..., description="requested, confirmed, rejected, active or ended")
    start_date: dt.date
    end_date: dt.date | None
    provider_reference: str
    unit_price: Money | None = Field(None, description="Employer staff only.")
    currency: str
    person_fields: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "The person's fields the module declares (what its provider is given), by code of "
            "the fixed list; a field that is not declared is absent. Empty for confidential "
            "enrolments."
        ),
    )


class EnrolmentPage(Schema):
    count: int
    count_is_exact: bool
    next: str | None
    previous: str | None
    results: list[EnrolmentOut]


class EnrolmentFilters(PageQuery):
    status: str = Field(
        "", description="Empty for all.", json_schema_extra={"enum": STATUS_OPTIONS}
    )
    search: str = Field("", max_length=100, description="Module, reference (and name for HR).")
    ordering: str = Field("-start", json_schema_extra={"enum": ENROLMENT_ORDERINGS})

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        return _one_of(value, EnrolmentStatus.values, "status")

    @field_validator("ordering")
    @classmethod
    def _known_ordering(cls, value: str) -> str:
        return _one_of(value, ENROLMENT_ORDERINGS, "ordering") or "-start"


class EnrolmentCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    person_id: int
    module_id: int
    family_member_id: int | None = Field(None, description="Omit to enrol the person.")
    start_date: dt.date


class EnrolmentPatch(Schema):
    """A lifecycle step: confirm or reject (the provider), start or end (HR or provider)."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["confirmed", "rejected", "active", "ended"]
    provider_reference: str | None = Field(None, max_length=100)
    reason: str | None = Field(None, max_length=2000, description="Required to reject.")
    end_date: dt.date | None = Field(
        None, description="Required to end; refused before the minimum term and notice allow."
    )


class FigureOut(Schema):
    currency: str
    net: Money
    vat: Money
    gross: Money


class ModuleCostOut(Schema):
    module_id: int
    name: str
    enrolments: int
    figure: FigureOut | None = Field(
        None, description="Null for a confidential module with fewer than 5 users."
    )


class ProviderStatementOut(Schema):
    provider_name: str
    total: FigureOut
    modules: list[ModuleCostOut]


class PackageCostOut(Schema):
    package_id: int | None
    name: str
    people: int
    figure: FigureOut
    budget: Money | None
    budget_use_percent: str | None


class ForecastMonth(Schema):
    month: str
    totals: list[FigureOut]


class CostsOut(Schema):
    month: str = Field(..., examples=["2026-03"])
    totals: list[FigureOut]
    year: int
    year_totals: list[FigureOut]
    forecast: list[ForecastMonth]
    providers: list[ProviderStatementOut]
    packages: list[PackageCostOut]


class CostsQuery(Schema):
    month: str = Field(
        "", pattern=r"^(\d{4}-\d{2})?$", description="YYYY-MM; the current month if empty."
    )


def _figure(currency: str, figure: Figure) -> dict[str, str]:
    return {
        "currency": currency,
        "net": f"{figure.net:.2f}",
        "vat": f"{figure.vat:.2f}",
        "gross": f"{figure.gross:.2f}",
    }


def _require_browser(actor: Actor) -> None:
    if not policies.can_browse_care(actor):
        raise PermissionDenied("Care is for employer staff and providers.")


def _enrolment_out(
    row: selectors.EnrolmentRow, person_fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "person_fields": person_fields or {},
        "id": row.id,
        "person_id": row.person_id,
        "person_name": row.person_name,
        "family_member_name": row.member_name,
        "module_id": row.module_id,
        "module_name": row.module_name,
        "provider_name": row.provider_name,
        "package_name": row.package_name,
        "status": row.status,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "provider_reference": row.provider_reference,
        "unit_price": _money(row.unit_price),
        "currency": row.currency,
    }


def _page(actor: Actor, enrolments: QuerySet[Enrolment]) -> list[dict[str, Any]]:
    """A page of enrolments with the declared person fields; a provider's reads logged."""
    rows = selectors.enrolment_rows(actor, enrolments)
    loaded = list(enrolments.select_related("module"))
    values = reads.declared_values(loaded)
    reads.enrolments_read(actor, enrolments)
    return [_enrolment_out(row, values.get(row.id)) for row in rows]


def _one(actor: Actor, enrolment_id: int) -> dict[str, Any]:
    enrolment = policies.access_enrolment(actor, enrolment_id)
    return _page(actor, Enrolment.objects.filter(pk=enrolment.pk))[0]


@router.get(
    "/care/modules",
    operation_id="care_module_list",
    response={200: ModulePage, 403: Problem, 422: FieldProblems},
    summary="List care modules of the catalog",
)
def module_list(request: HttpRequest, filters: Query[ModuleFilters]) -> dict[str, Any]:
    actor = actor_of(request)
    _require_browser(actor)
    modules = selectors.module_list(actor=actor, search=filters.search, category=filters.category)

    def load(page: Any) -> list[dict[str, Any]]:
        return [
            {
                **{name: getattr(row, name) for name in selectors.MODULE_ROW_FIELDS},
                "price": _money(row.price),
                "price_employee": _money(row.price_employee),
                "vat_rate": f"{row.vat_rate:.2f}",
            }
            for row in selectors.module_rows(page)
        ]

    page = paginate_with(
        request, modules, page=filters.page, page_size=filters.page_size, load=load
    )
    return page_body(page)


@router.get(
    "/care/enrolments",
    operation_id="care_enrolment_list",
    response={200: EnrolmentPage, 403: Problem, 422: FieldProblems},
    summary="List care enrolments",
)
def enrolment_list(request: HttpRequest, filters: Query[EnrolmentFilters]) -> dict[str, Any]:
    actor = actor_of(request)
    enrolments = selectors.enrolment_list(
        actor=actor, status=filters.status, search=filters.search, sort=filters.ordering
    )
    page = paginate_with(
        request,
        enrolments,
        page=filters.page,
        page_size=filters.page_size,
        load=lambda rows: _page(actor, rows),
    )
    return page_body(page)


@router.post(
    "/care/enrolments",
    operation_id="care_enrolment_create",
    response={201: EnrolmentOut, 403: Problem, 404: Problem, 422: FieldProblems},
    summary="Request an enrolment in a module (HR)",
)
def enrolment_create(request: HttpRequest, payload: EnrolmentCreate) -> Status[Any]:
    actor = actor_of(request)
    if not policies.can_request_enrolment(actor):
        raise PermissionDenied("You may not enrol people in care modules.")
    person = access_person(actor, payload.person_id)
    module = policies.visible_modules(actor).filter(pk=payload.module_id).first()
    if module is None:
        raise ServiceError("Choose a module of the catalog.", field="module_id")
    member = None
    if payload.family_member_id is not None:
        member = FamilyMember.objects.filter(pk=payload.family_member_id, person=person).first()
        if member is None:
            raise ServiceError("Choose a family member of this person.", field="family_member_id")
    enrolment = services.enrolment_request(
        actor=actor,
        person=person,
        module=module,
        family_member=member,
        start_date=payload.start_date,
    )
    return Status(201, _one(actor, enrolment.pk))


@router.get(
    "/care/enrolments/{id:enrolment_id}",
    operation_id="care_enrolment_read",
    response={200: EnrolmentOut, 403: Problem, 404: Problem},
    summary="Read one enrolment",
)
def enrolment_read(request: HttpRequest, enrolment_id: int) -> dict[str, Any]:
    return _one(actor_of(request), enrolment_id)


@router.patch(
    "/care/enrolments/{id:enrolment_id}",
    operation_id="care_enrolment_update",
    response={200: EnrolmentOut, 403: Problem, 404: Problem, 422: FieldProblems},
    summary="Confirm, reject, start or end an enrolment",
    description=(
        "The module's provider confirms (with its reference) or rejects (with a reason) a "
        "requested enrolment; HR or the provider starts it on or after its start date and "
        "ends it, no earlier than the minimum term and notice period allow (the refusal "
        "names the earliest possible end date)."
    ),
)
def enrolment_update(
    request: HttpRequest, enrolment_id: int, payload: EnrolmentPatch
) -> dict[str, Any]:
    actor = actor_of(request)
    enrolment = policies.access_enrolment(actor, enrolment_id)
    if payload.status == "confirmed":
        services.enrolment_confirm(
            actor=actor, enrolment=enrolment, provider_reference=payload.provider_reference or ""
        )
    elif payload.status == "rejected":
        services.enrolment_reject(actor=actor, enrolment=enrolment, reason=payload.reason or "")
    elif payload.status == "active":
        services.enrolment_activate(actor=actor, enrolment=enrolment)
    else:
        services.enrolment_end(
            actor=actor, enrolment=enrolment, end_date=payload.end_date, reason=payload.reason or ""
        )
    return _one(actor, enrolment_id)


@router.get(
    "/care/costs",
    operation_id="care_costs_read",
    response={200: CostsOut, 403: Problem, 422: FieldProblems},
    summary="The cost report of a month",
    description=(
        "Net, VAT and gross per currency for the month and its calendar year, a 12-month "
        "forecast, a statement per provider and budget use per package. Partial months are "
        "prorated by calendar days; each figure is rounded once to the cent. Confidential "
        "modules are summed, but their own figure is null below 5 users."
    ),
)
def costs_read(request: HttpRequest, query: Query[CostsQuery]) -> dict[str, Any]:
    actor = actor_of(request)
    if not policies.can_see_costs(actor):
        raise PermissionDenied("Costs are for employer staff.")
    month = costs.parse_month(query.month) if query.month else None
    if query.month and month is None:
        raise ServiceError("Enter a month as YYYY-MM between 2000 and 2100.", field="month")
    report = cost_report(actor, month or costs.month_start(timezone.localdate()))
    return {
        "month": f"{report.month:%Y-%m}",
        "totals": [_figure(c, f) for c, f in report.totals.items()],
        "year": report.year,
        "year_totals": [_figure(c, f) for c, f in report.year_totals.items()],
        "forecast": [
            {"month": f"{each:%Y-%m}", "totals": [_figure(c, f) for c, f in figures.items()]}
            for each, figures in report.forecast
        ],
        "providers": [
            {
                "provider_name": s.name,
                "total": _figure(s.currency, s.total),
                "modules": [
                    {
                        "module_id": line.module_id,
                        "name": line.name_en,
                        "enrolments": line.enrolments,
                        "figure": _figure(line.currency, line.figure) if line.figure else None,
                    }
                    for line in s.lines
                ],
            }
            for s in report.providers
        ],
        "packages": [
            {
                "package_id": p.package_id,
                "name": p.name,
                "people": p.people,
                "figure": _figure(p.currency, p.figure),
                "budget": _money(p.budget),
                "budget_use_percent": None
                if p.budget_use_percent is None
                else str(p.budget_use_percent),
            }
            for p in report.packages
        ],
    }
