"""How a recorded value reads on the trail: names, not codes; the reader's dates and money.

An entry stores ``{field: [before, after]}`` as JSON: codes (``"spouse"``, ``"NG"``), ISO dates,
decimals as strings, ids of related rows, booleans, lists. Shown as stored, the trail read
"nationalities: – → ['NG']" and "Beziehung: – → spouse" (issue 10, defect 7). Here each value
is formatted by what the field is:

* a value formatter an app registered for the field (``register_value``), for what the model
  cannot say: a person's ``nationalities`` (country names), ``languages`` (language and level);
* else the model field's metadata: choices by their label, countries by name, dates and moments
  in the locale's one format, amounts as money, booleans as Yes/No, related rows by their name
  (looked up once per page and model, see ``RelatedNames``);
* technical fields (a file's checksum, content type and size, a rule set version) are marked so
  the trail shows them only under "Details for experts" (``register_technical``).

Apps register in their ``AppConfig.ready()``, so the audit app imports none of them.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from expatcare.core.formatting import (
    country_name,
    format_date,
    format_datetime,
    format_money,
    parse_iso,
)
from expatcare.core.number_formats import number_locale

ValueFormatter = Callable[[Any], str]

_FORMATTERS: dict[tuple[str, str], ValueFormatter] = {}
_TECHNICAL: set[tuple[str, str]] = set()
# Decimal fields that hold an amount of money (the others are numbers: hours, rates).
_MONEY_NAMES = ("price", "unit_price", "deductible", "budget", "monthly_budget_per_person")


def register_value(object_type: str, field: str, formatter: ValueFormatter) -> None:
    """Show ``field`` of entries about ``object_type`` (``app_label.model``) with ``formatter``."""
    _FORMATTERS[(object_type, field)] = formatter


def register_technical(object_type: str, *fields: str) -> None:
    """Show these fields only under "Details for experts"."""
    _TECHNICAL.update((object_type, field) for field in fields)


def is_technical(object_type: str, field: str) -> bool:
    return (object_type, field) in _TECHNICAL or (object_type, field.removesuffix("_id")) in (
        _TECHNICAL
    )


def yes_no(value: Any) -> str:
    return _("Yes") if value else _("No")


@dataclass(frozen=True)
class _Kind:
    """What a stored field is, read once per field from the model's metadata."""

    kind: str  # choices, country, date, datetime, money, decimal, bool, related, text
    choices: tuple[tuple[str, str], ...] = ()
    related: type[models.Model] | None = None


@lru_cache(maxsize=1024)
def _field_kind(object_type: str, name: str) -> _Kind:
    if "." not in object_type:
        return _Kind("text")
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return _Kind("text")
    field: Any = None
    for candidate in (name, name.removesuffix("_id")):
        try:
            field = model._meta.get_field(candidate)
            break
        except FieldDoesNotExist:
            continue
    if field is None:
        return _Kind("text")
    if isinstance(field, models.ForeignKey | models.ManyToManyField) and field.related_model:
        related = field.related_model
        return _Kind("related", related=related if isinstance(related, type) else None)
    if type(field).__name__ == "CountryField":
        return _Kind("country")
    if getattr(field, "choices", None):
        return _Kind("choices", choices=tuple((str(k), v) for k, v in field.flatchoices))
    if isinstance(field, models.DateTimeField):
        return _Kind("datetime")
    if isinstance(field, models.DateField):
        return _Kind("date")
    if isinstance(field, models.BooleanField):
        return _Kind("bool")
    if isinstance(field, models.DecimalField):
        money = name.endswith("_eur") or name.startswith("price") or name in _MONEY_NAMES
        return _Kind("money" if money else "decimal")
    return _Kind("text")


def related_model(object_type: str, name: str) -> type[models.Model] | None:
    if (object_type, name) in _FORMATTERS:
        return None
    return _field_kind(object_type, name).related


def _number(value: Any) -> str:
    """A number with the locale's separators and the decimal places it was stored with."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    exponent = amount.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(amount, format=pattern, locale=number_locale(get_language() or "en")))


def _as_list(value: Any) -> list[Any] | None:
    """A list, also one stored as its Python text ("['DE']") by an older snapshot."""
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return None
        return list(parsed) if isinstance(parsed, list | tuple) else None
    return None


class RelatedNames:
    """Names of the related rows a page of entries mentions: one query per model and page.

    The ids were written by a service that had checked the writer's access to those rows (a
    family member of the person, a module of the tenant's catalogue), so the trail's readers
    may see their names. An id that finds nothing (a deleted row) is shown as "#id".
    """

    def __init__(self) -> None:
        self._wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        self._names: dict[tuple[type[models.Model], int], str] = {}

    def want(self, model: type[models.Model], ids: Iterable[Any]) -> None:
        for value in ids:
            if isinstance(value, int) and not isinstance(value, bool):
                self._wanted[model].add(value)

    def load(self) -> None:
        for model, ids in self._wanted.items():
            for row in model._default_manager.filter(pk__in=ids):
                self._names[(model, int(row.pk))] = str(row)

    def name(self, model: type[models.Model], value: Any) -> str:
        return self._names.get((model, value), f"#{value}")


def format_value(
    object_type: str, name: str, value: Any, related: RelatedNames | None = None
) -> str:
    """``value`` of ``name`` as the reader should see it; "–" for nothing."""
    if value is None or value == "" or value == []:
        return "–"
    formatter = _FORMATTERS.get((object_type, name))
    if formatter is not None:
        return formatter(value)
    if isinstance(value, dict):
        # A structure no formatter was registered for: its keys and values, not its repr.
        return ", ".join(
            f"{key}: {format_value(object_type, str(key), item, related)}"
            for key, item in value.items()
        )
    kind = _field_kind(object_type, name)
    items = _as_list(value)
    if items is not None:
        shown = [format_value(object_type, name, item, related) for item in items]
        return ", ".join(shown) if shown else "–"
    if kind.kind == "related" and kind.related is not None:
        return related.name(kind.related, value) if related is not None else f"#{value}"
    if kind.kind == "choices":
        return str(dict(kind.choices).get(str(value), value))
    if kind.kind == "country":
        return country_name(str(value))
    if kind.kind == "money":
        return format_money(value)
    if kind.kind == "decimal":
        return _number(value)
    if kind.kind in {"date", "datetime"} or (isinstance(value, str) and parse_iso(value)):
        parsed = parse_iso(str(value))
        return format_datetime(parsed) if isinstance(parsed, dt.datetime) else format_date(value)
    if isinstance(value, bool) or kind.kind == "bool":
        return yes_no(value)
    if isinstance(value, int | float | Decimal):
        return _number(value)
    return str(value)
