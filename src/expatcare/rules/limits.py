"""What the engine can compute with, checked where input enters (both JSON contracts, the CLI).

Python's dates end at 9999-12-31 and a deadline computed from a date near that end overflows;
``Decimal`` rounds a number of more than 28 digits into ``InvalidOperation``. Rather than let
either surface as an internal error, every date and number is checked on the way in and refused
with an ``InputError`` naming the field and stating the window, before any arithmetic.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from expatcare.rules.errors import InputError

# Dates the engine computes with: deadlines run decades past a start date, birth dates reach a
# century back. Narrower plausibility windows belong to the callers' forms (people, cases).
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)
# Digits of the whole-number part of any number read (money, hours, years, rates): 10^15 EUR
# is beyond any salary or pension, and far inside what Decimal computes exactly.
MAX_INTEGER_DIGITS = 15
# Nesting of a JSON document: the contracts nest four levels; this leaves ample room and keeps
# every recursive walk (validation, error messages) far from Python's recursion limit.
MAX_JSON_DEPTH = 32
# Size of a JSON document read by the CLI (the API has its own limit on the request body).
MAX_INPUT_CHARS = 1_000_000


def check_date(value: date, field: str) -> date:
    """``value`` when the engine can compute with it, else an ``InputError`` naming ``field``."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise InputError(
            field,
            f"must be between {FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}, "
            f"got {value.isoformat()}",
        )
    return value


def check_number_size(raw: object, field: str) -> None:
    """Refuse a number with too many digits before it is converted or compared.

    Checked on the text (or the integer's bit length), so that neither ``Decimal`` nor ``int``
    ever works on a 400-digit value sent as a JSON number.
    """
    if isinstance(raw, bool):
        return
    if isinstance(raw, int):
        too_big = abs(raw).bit_length() > MAX_INTEGER_DIGITS * 4  # 2^60 > 10^18: generous
        too_big = too_big or len(str(abs(raw))) > MAX_INTEGER_DIGITS
    elif isinstance(raw, Decimal):
        too_big = raw.is_finite() and raw.adjusted() >= MAX_INTEGER_DIGITS
    elif isinstance(raw, str):
        text = raw.strip().lstrip("+-")
        whole = text.split(".", 1)[0].lstrip("0")
        too_big = len(text) > 2 * MAX_INTEGER_DIGITS + 2 or len(whole) > MAX_INTEGER_DIGITS
    else:
        return
    if too_big:
        raise InputError(field, f"has more than {MAX_INTEGER_DIGITS} digits before the point")


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest in a parsed document, walked without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def loads(text: str, *, source: str = "input") -> Any:
    """Parse a JSON document within the size and depth limits (numbers as ``Decimal``).

    Raises ``InputError("input", ...)``: too large, nested deeper than the parser's recursion
    limit (a thousand levels; the contracts nest four), or malformed.
    """
    if len(text) > MAX_INPUT_CHARS:
        raise InputError("input", f"{source} is larger than {MAX_INPUT_CHARS} characters")
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(
            "input",
            f"malformed JSON in {source} at line {exc.lineno} column {exc.colno}: {exc.msg}",
        ) from None
    except RecursionError:
        raise InputError("input", f"{source} is nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError("input", f"{source} cannot be read: {exc}") from None
    if nesting_depth(data) > MAX_JSON_DEPTH:
        raise InputError("input", f"{source} is nested more than {MAX_JSON_DEPTH} levels deep")
    return data
