"""Locale-aware formatting of dates, moments and money: the one place that decides how they read.

Every page, presenter and message goes through these helpers (templates through the ``ui``
filters ``ldate``, ``ldatetime`` and ``money``), so a locale has exactly one date format and
one money format: "04.12.2026" and "62.000,00 €" in German, "12/04/2026" and "€62,000.00" in
English. Machine-readable outputs (CSV, XLSX, ICS, the API, ``datetime`` attributes and date
inputs) keep ISO dates and plain decimals and do not use them.

Django's ``date`` filter re-reads the active locale's formats on every call; for a page of
fifty rows with two dates each that is a measurable share of the response time. These
helpers resolve the format once per request and then format with ``strftime``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language, get_language_info

from expatcare.core import country_names, language_names, number_formats

# Django date-format characters that have a direct strftime equivalent.
_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y", "H": "%H", "i": "%M"}


def short_date_formatter() -> Callable[[dt.date | None], str]:
    """A formatter for the active locale's SHORT_DATE_FORMAT; "–" for a missing date.

    Formats using characters without a strftime twin fall back to Django's formatter, so the
    result always matches the ``date`` filter.
    """
    django_format = str(get_format("SHORT_DATE_FORMAT"))
    if all(char in _STRFTIME or not char.isalpha() for char in django_format):
        pattern = "".join(_STRFTIME.get(char, char) for char in django_format)

        def fast(value: dt.date | None) -> str:
            return value.strftime(pattern) if value is not None else "–"

        return fast

    from django.utils.dateformat import format as django_date_format

    def slow(value: dt.date | None) -> str:
        return django_date_format(value, django_format) if value is not None else "–"

    return slow


def parse_iso(text: str) -> dt.date | dt.datetime | None:
    """The date or moment an ISO string names (``2026-12-04``, ``2026-12-04T10:00:00+00:00``),
    or ``None`` for any other text."""
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        if len(text) > 10 and text[10] == "T":
            return dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return None


def format_date(value: dt.date | dt.datetime | str | None) -> str:
    """One date in the locale's short format; an aware moment as the reader's day.

    An ISO string (as stored in JSON: audit changes, engine traces) is read as the date it
    names; any other text is shown as it is.
    """
    if isinstance(value, str):
        parsed = parse_iso(value)
        if parsed is None:
            return value or "–"
        value = parsed
    if isinstance(value, dt.datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return short_date_formatter()(value)


def format_datetime(value: dt.datetime | str | None) -> str:
    """A moment (an upload, a log entry) in the reader's time zone and short format."""
    if isinstance(value, str):
        parsed = parse_iso(value)
        if parsed is None:
            return value or "–"
        if not isinstance(parsed, dt.datetime):
            return format_date(parsed)
        value = parsed
    if value is None:
        return "–"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(date_format(value, "SHORT_DATETIME_FORMAT"))


def format_money(value: object, currency: str = "EUR") -> str:
    """An amount with the locale's separators and currency sign ("62.000,00 €", "€62,000.00");
    "–" when there is none. Strings are read as decimals, never as floats."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    # Babel's pattern code with a generated table, not its whole locale (see number_formats).
    return number_formats.format_money(amount, currency or "EUR", get_language() or "en")


def country_name(code: object) -> str:
    """A country (code or django-countries ``Country``) by its CLDR name in the reader's
    language; the country package's own catalogue lacks some portal languages (Hindi) and
    would answer in German. Empty for no country."""
    text = str(getattr(code, "code", code) or "").upper()
    if not text:
        return ""
    return country_names.country_name(text, get_language() or "en") or text


def language_name(code: str) -> str:
    """The name of a language (ISO 639-1 code) in the active language: "ar" is "Arabic" in
    English and "Arabisch" in German; an unknown code is shown as it is.

    A site language with a region ("pt-br", a person's preferred language) is not in the
    ISO 639-1 table: Django's own translated language names cover those."""
    if "-" in code or "_" in code:
        try:
            return str(get_language_info(code.lower().replace("_", "-"))["name_translated"])
        except KeyError:
            pass
    return language_names.language_name(code, get_language() or "en")
