"""Legal deadline arithmetic in German law.

Deadlines are calendar dates in Europe/Berlin; no time zone arithmetic is needed because every
input is already a date. The rules implemented here:

* A period triggered by an event (start of employment, moving in) does not count the day of the
  event (§ 187 Abs. 1 BGB). A period of weeks ends on the weekday of the last week that carries
  the name of the event day; a period of months ends on the day with the same number, or on the
  last day of a shorter month (§ 188 Abs. 2, 3 BGB). Both apply to social-security deadlines
  through § 26 Abs. 1 SGB X and to administrative deadlines through § 31 Abs. 1 VwVfG.
* Only where a statute says so does a deadline that ends on a Saturday, Sunday or public holiday
  move to the next working day: § 26 Abs. 3 SGB X for deadlines under the Social Code, § 31
  Abs. 3 VwVfG (and the identical Land laws) for administrative deadlines, § 193 BGB for
  declarations and performances under private law. A point in time ("at the latest when the
  employment starts", "before the title expires") is not a period and never moves.

Public holidays are those of the German state of the workplace, from the ``holidays`` package
(through the generated table of ``holidays_de``); without a state only nationwide holidays count.
"""

from __future__ import annotations

import calendar as _stdcal
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from expatcare.rules.citations import Citation, cite
from expatcare.rules.holidays_de import holidays_of

__all__ = [
    "BGB_193",
    "NO_SHIFT",
    "SGB_X_26",
    "VWVFG_31",
    "Deadline",
    "ShiftRule",
    "add_months",
    "add_weeks",
    "is_working_day",
    "previous_working_day",
    "public_holidays",
    "shift_to_working_day",
    "shifted",
]


@dataclass(frozen=True, slots=True)
class ShiftRule:
    """Whether and under which provision a deadline ending on a non-working day moves."""

    moves: bool
    legal_basis: str
    source: str

    @property
    def citation(self) -> Citation:
        return Citation(self.legal_basis, self.source)


def _rule(key: str) -> ShiftRule:
    citation = cite(key)
    return ShiftRule(True, citation.legal_basis, citation.source)


SGB_X_26 = _rule("sgb_x_26_3")
VWVFG_31 = _rule("vwvfg_31_3")
BGB_193 = _rule("bgb_193")
NO_SHIFT = ShiftRule(False, "", "")


@dataclass(frozen=True, slots=True)
class Deadline:
    due: date
    moved_from: date | None
    rule: ShiftRule


_WEEKS: dict[int, timedelta] = {}
_ONE_DAY = timedelta(days=1)


def add_weeks(event: date, weeks: int) -> date:
    """End of a period of weeks that starts with an event (§§ 187 Abs. 1, 188 Abs. 2 BGB)."""
    delta = _WEEKS.get(weeks)
    if delta is None:
        delta = _WEEKS[weeks] = timedelta(weeks=weeks)
    return event + delta


def add_months(event: date, months: int) -> date:
    """End of a period of months (§ 188 Abs. 2, 3 BGB): same day number or the month's last."""
    index = event.month - 1 + months
    year = event.year + index // 12
    month = index % 12 + 1
    last = _stdcal.monthrange(year, month)[1]
    return date(year, month, min(event.day, last))


@lru_cache(maxsize=1024)
def public_holidays(state: str | None, year: int) -> frozenset[date]:
    """Public holidays of one German state (or nationwide ones) in one year, computed once."""
    return holidays_of(state, year)


def is_working_day(day: date, state: str | None) -> bool:
    return day.weekday() < 5 and day not in public_holidays(state, day.year)


_SHIFTED: dict[tuple[date, str | None], date] = {}


def shifted(due: date, state: str | None) -> date:
    """The next working day on or after ``due`` (for rules that move deadlines), cached."""
    key = (due, state)
    result = _SHIFTED.get(key)
    if result is None:
        result = due
        while not is_working_day(result, state):
            result += _ONE_DAY
        if len(_SHIFTED) > 100_000:
            _SHIFTED.clear()
        _SHIFTED[key] = result
    return result


def shift_to_working_day(due: date, state: str | None, rule: ShiftRule) -> Deadline:
    """Apply the statutory shift rule to the computed end of a period."""
    if not rule.moves or is_working_day(due, state):
        return Deadline(due, None, rule)
    moved = due + timedelta(days=1)
    while not is_working_day(moved, state):
        moved += timedelta(days=1)
    return Deadline(moved, due, rule)


def previous_working_day(day: date, state: str | None) -> date:
    """``day`` or, if it is a weekend day or public holiday, the working day before it.

    For planning dates (apply for a renewal N weeks ahead): moving them earlier never makes a
    recommendation late, moving them later could.
    """
    while not is_working_day(day, state):
        day -= _ONE_DAY
    return day
