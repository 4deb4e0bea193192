"""The one strict reader of JSON fields, shared by both contracts (assess and pension).

Every function takes the raw JSON value and the dotted path of the field, and either returns
the typed value or raises ``InputError`` naming that path. Both contracts read numbers, dates,
codes and objects here, so they accept the same spellings and refuse the rest with the same
message: a number is a JSON number or a plain decimal string (digits, optionally a point and
more digits; no exponent, no NaN or infinity, never a boolean), a date is ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from expatcare.rules.countries import COUNTRY_CODES
from expatcare.rules.errors import InputError
from expatcare.rules.limits import check_date, check_number_size

__all__ = [
    "amount",
    "boolean",
    "check_keys",
    "choice",
    "country",
    "decimal",
    "integer",
    "iso_date",
    "mapping",
    "member",
    "required_date",
]

_MISSING: Final = object()
_PLAIN_DECIMAL: Final = re.compile(r"-?\d+(\.\d+)?")
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_CENT: Final = Decimal("0.01")


def mapping(raw: object, field: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise InputError(field or "input", "expected a JSON object")
    return raw


def check_keys(
    data: Mapping[str, Any],
    prefix: str,
    allowed: Collection[str],
    *,
    required: Collection[str] = (),
) -> None:
    """Refuse keys outside ``allowed`` (a typo must not silently drop a fact), then require
    ``required``; ``prefix`` is the path of ``data`` with its trailing dot."""
    for key in data:
        if not isinstance(key, str) or (key not in allowed and key not in required):
            raise InputError(f"{prefix}{key}", "unknown field")
    for key in sorted(required):
        if key not in data:
            raise InputError(prefix + key, "is required")


def member(data: Mapping[str, Any], key: str, prefix: str, *, required: bool) -> Any:
    """``data[key]``; a missing required key names its path."""
    value = data.get(key, _MISSING)
    if value is _MISSING:
        if required:
            raise InputError(prefix + key, "is required")
        return None
    return value


def iso_date(raw: object, field: str, *, required: bool = False) -> date | None:
    if raw is None:
        if required:
            raise InputError(field, "is required (ISO date YYYY-MM-DD)")
        return None
    if isinstance(raw, datetime):
        raise InputError(field, "expected a date, not a timestamp")
    if isinstance(raw, date):
        return check_date(raw, field)
    if isinstance(raw, str) and _ISO_DATE.fullmatch(raw):
        try:
            return check_date(date.fromisoformat(raw), field)
        except ValueError:
            raise InputError(
                field, f"{raw!r} is not a calendar date (ISO date YYYY-MM-DD)"
            ) from None
    raise InputError(field, f"expected an ISO date YYYY-MM-DD, got {str(raw)[:40]!r}")


def required_date(raw: object, field: str) -> date:
    value = iso_date(raw, field, required=True)
    assert value is not None
    return value


def boolean(raw: object, field: str, default: bool = False) -> bool:
    if raw is None:
        return default
    if not isinstance(raw, bool):
        raise InputError(field, f"expected true or false, got {raw!r}")
    return raw


def decimal(
    raw: object,
    field: str,
    *,
    minimum: Decimal | None = Decimal(0),
    maximum: Decimal | None = None,
    default: Decimal | None = None,
) -> Decimal:
    """A plain decimal from a JSON number or a string; ``None`` is ``default`` or an error."""
    if raw is None:
        if default is None:
            raise InputError(field, "is required (a decimal number)")
        return default
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise InputError(field, f"expected a number or a decimal string, got {str(raw)[:40]!r}")
    check_number_size(raw, field)
    # repr keeps a float's shortest spelling (0.1, not 0.1000000000000000055...).
    text = (
        raw.strip() if isinstance(raw, str) else repr(raw) if isinstance(raw, float) else str(raw)
    )
    if not _PLAIN_DECIMAL.fullmatch(text):
        raise InputError(field, f"not a plain decimal number (no exponent): {raw!r}")
    value = Decimal(text)
    if minimum is not None and value < minimum:
        if minimum == 0:
            raise InputError(field, f"must not be negative, got {raw!r}")
        raise InputError(field, f"must be at least {minimum}, got {raw!r}")
    if maximum is not None and value > maximum:
        raise InputError(field, f"must be at most {maximum}, got {raw!r}")
    return value


def amount(raw: object, field: str, *, maximum: Decimal) -> Decimal:
    """Money in euros: a decimal that is not negative and has at most two decimal places."""
    value = decimal(raw, field, maximum=maximum)
    if value != value.quantize(_CENT, rounding=ROUND_HALF_UP):
        raise InputError(field, f"must have at most two decimal places (cents), got {raw!r}")
    return value


def integer(
    raw: object, field: str, *, minimum: int = 0, maximum: int = 10_000, default: int | None = None
) -> int:
    if raw is None:
        if default is None:
            raise InputError(field, "is required (an integer)")
        return default
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | float):
        raise InputError(field, f"expected an integer, got {str(raw)[:40]!r}")
    check_number_size(raw, field)
    if not isinstance(raw, int):
        if raw != raw or raw in (float("inf"), float("-inf")) or int(raw) != raw:
            raise InputError(field, f"expected an integer, got {raw!r}")
        raw = int(raw)
    if raw < minimum or raw > maximum:
        raise InputError(field, f"must be between {minimum} and {maximum}, got {raw!r}")
    return raw


def country(raw: object, field: str) -> str:
    if not isinstance(raw, str) or raw not in COUNTRY_CODES:
        raise InputError(field, f"unknown ISO 3166-1 alpha-2 country code {raw!r}")
    return raw


def choice(raw: object, field: str, choices: Collection[str]) -> str:
    if not isinstance(raw, str) or raw not in choices:
        raise InputError(field, f"must be one of {', '.join(sorted(choices))}; got {raw!r}")
    return raw
