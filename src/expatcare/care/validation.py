"""Cleaners of care input, shared by the services (authoritative) and the forms.

Each raises ``ServiceError`` naming the field, so a form shows the message beside the input
and the API answers 422 with the same ``loc``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from expatcare.care.choices import (
    CareCategory,
    PriceModel,
    ProviderField,
    ServiceDays,
    VatTreatment,
)
from expatcare.care.errors import CareErrorCode
from expatcare.core.errors import CoreErrorCode, ServiceError
from expatcare.people import validation as v

Cleaner = Callable[[Any], Any]
MAX_MONEY = Decimal("99999999.99")


def clean_money(value: Any, *, field: str) -> Decimal | None:
    amount = v.clean_decimal(value, field=field)
    if amount is None:
        return None
    if amount < 0 or amount > MAX_MONEY:
        raise ServiceError(_("Enter an amount between 0 and 99,999,999.99."), field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise ServiceError(_("Enter an amount in whole cents."), field=field)
    return amount.quantize(Decimal("0.01"))


def clean_vat_rate(value: Any) -> Decimal:
    rate = v.clean_decimal(value, field="vat_rate")
    if rate is None:
        return Decimal("0.00")
    if not Decimal(0) <= rate <= Decimal(100):
        raise ServiceError(_("The VAT rate must be between 0 and 100 %."), field="vat_rate")
    return rate.quantize(Decimal("0.01"))


def clean_small_int(value: Any, *, field: str, maximum: int) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ServiceError(_("Enter a whole number."), field=field) from None
    if not 0 <= number <= maximum:
        raise ServiceError(
            _("Enter a number between 0 and %(maximum)s.") % {"maximum": maximum}, field=field
        )
    return number


def clean_code_list(value: Any, *, field: str, clean: Cleaner) -> list[str]:
    """A list of codes, de-duplicated in order; a comma-separated string is accepted too."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    cleaned: list[str] = []
    for item in items:
        text = str(item).strip()
        if text:
            code = clean(text)
            if code not in cleaned:
                cleaned.append(code)
    return cleaned


def clean_provider_fields(value: Any) -> list[str]:
    return clean_code_list(
        value,
        field="provider_fields",
        clean=lambda x: v.clean_choice(x, ProviderField, field="provider_fields"),
    )


def clean_currency(value: Any) -> str:
    text = str(value or "EUR").strip().upper()
    if len(text) != 3 or not text.isalpha():
        raise ServiceError(_("Enter a three-letter currency code such as EUR."), field="currency")
    return text


def clean_time(value: Any, *, field: str) -> dt.time | None:
    """A time of day as ``HH:MM`` (a ``time`` passes); empty is None."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    try:
        return dt.time.fromisoformat(str(value).strip()).replace(second=0, microsecond=0)
    except ValueError:
        raise ServiceError(
            _("Enter a time of day as HH:MM, for example 08:30."),
            field=field,
            code=CoreErrorCode.INVALID,
        ) from None


MODULE_FIELD_CLEANERS: dict[str, Cleaner] = {
    "code": lambda x: v.clean_required_text(x, field="code", max_length=60).lower(),
    "provider_name": lambda x: v.clean_text(x, field="provider_name", max_length=200),
    "category": lambda x: v.clean_choice(x, CareCategory, field="category"),
    "name_en": lambda x: v.clean_required_text(x, field="name_en", max_length=200),
    "name_de": lambda x: v.clean_required_text(x, field="name_de", max_length=200),
    "description_en": lambda x: v.clean_text(x, field="description_en", max_length=5000),
    "description_de": lambda x: v.clean_text(x, field="description_de", max_length=5000),
    "delivery_languages": lambda x: clean_code_list(
        x,
        field="delivery_languages",
        clean=lambda c: v.clean_language_code(c, field="delivery_languages"),
    ),
    "countries": lambda x: clean_code_list(
        x, field="countries", clean=lambda c: v.clean_country(c, field="countries", required=True)
    ),
    "covers_employee": bool,
    "covers_partner": bool,
    "covers_children": bool,
    "price_model": lambda x: v.clean_choice(x, PriceModel, field="price_model"),
    "price": lambda x: clean_money(x, field="price"),
    "price_employee": lambda x: clean_money(x, field="price_employee"),
    "price_employee_partner": lambda x: clean_money(x, field="price_employee_partner"),
    "price_employee_children": lambda x: clean_money(x, field="price_employee_children"),
    "price_family": lambda x: clean_money(x, field="price_family"),
    "currency": clean_currency,
    "vat_treatment": lambda x: v.clean_choice(x, VatTreatment, field="vat_treatment"),
    "vat_rate": clean_vat_rate,
    "deductible": lambda x: clean_money(x, field="deductible"),
    "minimum_term_months": lambda x: clean_small_int(x, field="minimum_term_months", maximum=120),
    "notice_period_days": lambda x: clean_small_int(x, field="notice_period_days", maximum=730),
    "waiting_period_days": lambda x: clean_small_int(x, field="waiting_period_days", maximum=730),
    "counts_as_health_insurance_proof": bool,
    "confidential": bool,
    "provider_fields": clean_provider_fields,
    "contact_phone": lambda x: v.clean_text(x, field="contact_phone", max_length=40),
    "contact_email": lambda x: v.clean_text(x, field="contact_email", max_length=254).lower(),
    "service_hours": lambda x: v.clean_text(x, field="service_hours", max_length=200),
    "service_days": lambda x: v.clean_choice(x, ServiceDays, field="service_days", required=False),
    "service_opens": lambda x: clean_time(x, field="service_opens"),
    "service_closes": lambda x: clean_time(x, field="service_closes"),
    "service_time_zone": lambda x: v.clean_time_zone(x, field="service_time_zone"),
    "is_published": bool,
    "is_active": bool,
}
MODULE_FIELDS = (*MODULE_FIELD_CLEANERS, "core_module")
TIER_PRICE_FIELDS = (
    "price_employee",
    "price_employee_partner",
    "price_employee_children",
    "price_family",
)

PACKAGE_FIELD_CLEANERS: dict[str, Cleaner] = {
    "name": lambda x: v.clean_required_text(x, field="name", max_length=200),
    "description": lambda x: v.clean_text(x, field="description", max_length=5000),
    "covers_partner": bool,
    "covers_children": bool,
    "monthly_budget_per_person": lambda x: clean_money(x, field="monthly_budget_per_person"),
    "currency": clean_currency,
    "is_active": bool,
}


def clean_fields(values: Mapping[str, Any], cleaners: Mapping[str, Cleaner]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        cleaner = cleaners.get(name)
        if cleaner is None:
            raise ServiceError(
                _("Unknown field “%(name)s”.") % {"name": name[:50]},
                field=name,
                code=CoreErrorCode.INVALID,
            )
        cleaned[name] = cleaner(value)
    return cleaned


def check_module_consistency(values: Mapping[str, Any]) -> None:
    """Rules across fields: prices for the price model, VAT for its treatment, coverage."""
    model = values.get("price_model")
    if model == PriceModel.PER_FAMILY_TIER:
        for name in TIER_PRICE_FIELDS:
            if values.get(name) is None:
                raise ServiceError(
                    _("A family-tier price needs a price for every tier."),
                    field=name,
                    code=CareErrorCode.PRICE_MISSING,
                )
        if not values.get("covers_employee"):
            raise ServiceError(
                _("A family-tier price needs the employee to be covered."),
                field="covers_employee",
                code=CoreErrorCode.INVALID,
            )
    elif values.get("price") is None:
        raise ServiceError(_("Enter the price."), field="price", code=CareErrorCode.PRICE_MISSING)
    if values.get("vat_treatment") == VatTreatment.EXEMPT and values.get("vat_rate"):
        raise ServiceError(
            _("A module exempt from VAT has a VAT rate of 0."),
            field="vat_rate",
            code=CoreErrorCode.INVALID,
        )
    if not (
        values.get("covers_employee")
        or values.get("covers_partner")
        or values.get("covers_children")
    ):
        raise ServiceError(
            _("Choose who the module covers."), field="covers_employee", code=CareErrorCode.REQUIRED
        )
    check_service_hours(values)


def check_service_hours(values: Mapping[str, Any]) -> None:
    """Hours need their days and the provider's time zone, so they can be shown in another."""
    opens, closes = values.get("service_opens"), values.get("service_closes")
    if (opens is None) != (closes is None):
        raise ServiceError(
            _("Enter both the opening and the closing time, or neither."),
            field="service_closes" if closes is None else "service_opens",
            code=CareErrorCode.REQUIRED,
        )
    if opens is not None and not values.get("service_days"):
        raise ServiceError(
            _("Choose the days the service is open."),
            field="service_days",
            code=CareErrorCode.REQUIRED,
        )
    if opens is not None and not values.get("service_time_zone"):
        raise ServiceError(
            _("Choose the time zone of the service hours."),
            field="service_time_zone",
            code=CareErrorCode.REQUIRED,
        )
