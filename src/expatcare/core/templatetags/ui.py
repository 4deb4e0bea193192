"""Presentation helpers every template may use (registered as template built-ins).

They exist so that a page cannot format a date, an amount or a code on its own: one date
format per locale, money with the reader's separators and currency sign, and left-to-right
fragments (e-mail addresses, phone numbers, legal citations, codes) isolated so that Arabic
pages do not reorder them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from expatcare.core.formatting import country_name, format_date, format_datetime, format_money
from expatcare.core.number_formats import number_locale

register = template.Library()

ICON_SPRITE = "vendor/lucide/sprite.svg"


def _locale() -> Locale:
    """The reader's locale for Babel's number formatting, from the shipped table
    (``core.number_formats``): Babel's own locale data would cost every worker megabytes."""
    return number_locale(get_language() or "en")


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def money(value: object, currency: str = "EUR") -> str:
    """``62000`` as "62.000,00 €" on a German page and "€62,000.00" on an English one."""
    if _decimal(value) is None:
        return "–"
    return format_money(value, currency)


@register.filter
def number(value: object, digits: int = 0) -> str:
    """A number with the reader's thousands separator and ``digits`` decimal places."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * int(digits) if int(digits) > 0 else "")
    return format_decimal(amount, format=pattern, locale=_locale())


@register.filter
def percent(value: object, digits: int = 1) -> str:
    """A fraction (``0.02``) as a percentage in the reader's locale ("2,0 %")."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * int(digits) if int(digits) > 0 else "") + " %"
    return format_percent(amount, format=pattern, locale=_locale())


@register.filter
def ldate(value: dt.date | dt.datetime | str | None) -> str:
    """The one date format of the reader's locale (Django's SHORT_DATE_FORMAT); an aware
    moment is shown as the reader's day. Templates use this instead of ``|date:``."""
    return format_date(value)


@register.filter
def ldatetime(value: dt.datetime | str | None) -> str:
    """A moment in the reader's time zone and the locale's short date-and-time format."""
    return format_datetime(value)


@register.filter
def country(value: object) -> str:
    """A country by its name in the reader's language (all eight portal languages); "–" for
    none."""
    return country_name(value) or "–"


@register.filter
def ltr(value: object) -> SafeString:
    """Isolate a left-to-right fragment (e-mail, phone, postcode, citation, code)."""
    if value is None or value == "":
        return SafeString("–")
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def isolate(value: object) -> SafeString:
    """Isolate a fragment that takes its direction from its own first letter: a time range
    reads right to left in Arabic ("8:00 ص – 8:00 م") and left to right in English, and the
    sentence around it reorders neither (``ltr`` would force Arabic into the wrong order)."""
    if value is None or value == "":
        return SafeString("–")
    return format_html("<bdi>{}</bdi>", value)


@register.simple_tag
def icon(name: str, label: str = "") -> SafeString:
    """An icon from the Lucide sprite (npm ``lucide-static``), decorative unless labelled.

    The sprite's symbols carry no ``viewBox``: without one on the ``<svg>`` their 24-unit
    drawing is shown at 1:1 in an 18 px box and cut off at the right and bottom.
    """
    href = f"{static(ICON_SPRITE)}#{name}"
    if label:
        return format_html(
            '<svg class="icon" viewBox="0 0 24 24" role="img" aria-label="{}">'
            '<use href="{}"></use></svg>',
            label,
            href,
        )
    return format_html(
        '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        '<use href="{}"></use></svg>',
        href,
    )


@register.filter
def entry(mapping: Mapping[Any, object], key: object) -> object:
    """``labels|entry:case.person_id``: a value of a mapping the view prepared per row."""
    return mapping.get(key, "")
