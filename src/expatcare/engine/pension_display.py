"""The pension projection's assumptions as a reader sees them: a name and a formatted value.

The §5b contract lists its assumptions as ``name -> string`` pairs for machines
(``annual_return: "0.02"``, ``compounding: "monthly, at annual_return / 12"``). A page shows
each under a translated name, with its value as a percentage, an amount, a date or a month in
the reader's locale; the assumptions the engine states in words are shown as translated
sentences (a test keeps those words equal to what the engine says, so a changed assumption
cannot hide behind an old translation). An assumption this module does not know yet is shown
as the engine states it rather than dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from expatcare.core.templatetags.ui import ldate, money, number, percent

__all__ = ["ASSUMPTION_NAMES", "STATED_IN_WORDS", "assumption_rows"]

ASSUMPTION_NAMES: Mapping[str, Promise] = {
    "annual_return": _("Assumed annual return"),
    "compounding": _("Compounding"),
    "monthly_rate": _("Monthly rate of return"),
    "contribution_timing": _("Contributions paid"),
    "monthly_contribution_eur": _("Monthly contribution"),
    "amounts": _("Amounts"),
    "first_contribution_month": _("First contribution"),
    "last_contribution_month": _("Last contribution"),
    "months_of_contributions": _("Months of contributions"),
    "retirement_age": _("Retirement age"),
    "retirement_date": _("Retirement date"),
    "months_to_retirement": _("Months until retirement"),
    "after_leaving": _("After leaving"),
}

#: Assumptions the engine states in words: its English words -> the sentence a reader sees.
STATED_IN_WORDS: Mapping[str, tuple[str, Promise]] = {
    "compounding": (
        "monthly, at annual_return / 12",
        _("Monthly, at a twelfth of the annual return"),
    ),
    "contribution_timing": ("start of each month", _("At the start of each month")),
    "amounts": (
        "today's monthly amounts held constant; no salary growth, costs or taxes",
        _("Today's monthly amounts held constant; no salary growth, costs or taxes"),
    ),
    "after_leaving": (
        "paid-up capital stays invested at the same return until retirement",
        _("The paid-up capital stays invested at the same return until retirement"),
    ),
}


def _month(value: str) -> str:
    """``2024-01`` as the locale names a month of a year ("Januar 2024")."""
    try:
        first = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return value
    return str(date_format(first, "YEAR_MONTH_FORMAT"))


def _date(value: str) -> str:
    try:
        return ldate(dt.date.fromisoformat(value))
    except ValueError:
        return value


def _fraction(digits: int) -> Callable[[str], str]:
    def show(value: str) -> str:
        try:
            Decimal(value)
        except InvalidOperation:
            return value
        return percent(value, digits)

    return show


_FORMATS: Mapping[str, Callable[[str], str]] = {
    "annual_return": _fraction(1),
    "monthly_rate": _fraction(4),
    "monthly_contribution_eur": money,
    "first_contribution_month": _month,
    "last_contribution_month": _month,
    "months_of_contributions": number,
    "retirement_age": number,
    "months_to_retirement": number,
    "retirement_date": _date,
}


def _value(name: str, value: str) -> str:
    if not value:
        return "–"
    worded = STATED_IN_WORDS.get(name)
    if worded is not None:
        return str(worded[1]) if value == worded[0] else value
    show = _FORMATS.get(name)
    return show(value) if show is not None else value


def assumption_rows(assumptions: Mapping[str, str]) -> list[tuple[str, str]]:
    """(name, value) of every assumption in the engine's order, both for the reader."""
    return [
        (str(ASSUMPTION_NAMES.get(name, name)), _value(name, value))
        for name, value in assumptions.items()
    ]
