"""Whole numbers from outside (ids, page numbers) parsed once, within what the database holds.

Python integers have no upper bound, database integers do: a 20-digit id in a URL used to
reach SQLite ("Python int too large to convert to SQLite INTEGER") or PostgreSQL (out of range
for bigint) and end as a server error. Every id and page number that enters through a URL,
a query string or a form is therefore parsed here:

- ``IdConverter`` (registered as ``<id:...>`` for pages and ``{id:...}`` for API paths): an
  id outside the range does not match the URL, so it is a 404 like any unknown id;
- ``IdField`` for forms and filters: out of range is a validation error on that field (a
  list page's filter answers 422 naming it, see ``core.query``);
- ``page_number`` for the page numbers of list pages: 422 naming the parameter;
- ``ID_BOUNDS`` and ``PAGE_BOUNDS`` for the API's query schemas (``apikit.schemas``), which
  answer 422 naming the parameter.

Primary keys are ``BigAutoField`` (64-bit signed on SQLite and PostgreSQL), hence the maximum.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from expatcare.core.query import InvalidQuery

# Largest value of a 64-bit signed integer column (SQLite INTEGER, PostgreSQL bigint).
DB_INT_MAX = 2**63 - 1
# Page numbers: far beyond any list, yet (page + a few) x the largest page size fits an offset.
MAX_PAGE = 1_000_000_000
# Digits of DB_INT_MAX; the converter's pattern matches no longer number.
_ID_DIGITS = len(str(DB_INT_MAX))


def parse_id(value: Any) -> int | None:
    """A positive id that the database can hold, or None for anything else."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > _ID_DIGITS:
        return None
    number = int(text)
    return number if 1 <= number <= DB_INT_MAX else None


def page_number(requested: Any, *, parameter: str = "page") -> int:
    """The page a query string asks for: 1 when missing; ``InvalidQuery`` naming ``parameter``
    for anything but a whole number from 1 to ``MAX_PAGE``, as the API's ``PAGE_BOUNDS``.
    """
    text = str(requested or "").strip()
    if not text:
        return 1
    if not text.isascii() or not text.isdigit() or not 1 <= int(text[:12]) <= MAX_PAGE:
        raise InvalidQuery(
            parameter, gettext("Enter a page number from 1 to %(max)d.") % {"max": MAX_PAGE}
        )
    return int(text)


class IdConverter:
    """URL converter for primary keys: digits only, within the database's range."""

    regex = f"[0-9]{{1,{_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the pattern does not match: 404
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


ID_CONVERTER_NAME = "id"


class IdField(forms.IntegerField):
    """A form field holding an id: a positive whole number the database can hold."""

    default_error_messages = {
        "invalid": _("Enter a valid identifier."),
        "min_value": _("Enter a valid identifier."),
        "max_value": _("Enter a valid identifier."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", DB_INT_MAX)
        super().__init__(**kwargs)


# Keyword arguments of pydantic's ``Field`` for ids and page numbers (see apikit.schemas).
ID_BOUNDS: dict[str, int] = {"ge": 1, "le": DB_INT_MAX}
PAGE_BOUNDS: dict[str, int] = {"ge": 1, "le": MAX_PAGE}
