"""Fast, locale-aware formatting for long lists.

Django's ``date`` filter re-reads the active locale's formats on every call; for a page of
fifty rows with two dates each that is a measurable share of the response time. These
helpers resolve the format once per request and then format with ``strftime``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.formats import get_format
from django.utils.translation import get_language

from expatcare.core import language_names

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


def language_name(code: str) -> str:
    """The name of a language (ISO 639-1 code) in the active language: "ar" is "Arabic" in
    English and "Arabisch" in German; an unknown code is shown as it is."""
    return language_names.language_name(code, get_language() or "en")
