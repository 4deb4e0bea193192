"""Contract terms in days and months: when an enrolment may end at the earliest.

Pure date arithmetic, no database, so the rule the services enforce, the message they give
and the date the forms suggest are one computation.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True, slots=True)
class EarliestEnd:
    """The first day an enrolment may end on, and which term decides it."""

    date: dt.date
    by_minimum_term: dt.date | None
    by_notice: dt.date


def earliest_end(
    *, start: dt.date, minimum_term_months: int, notice_period_days: int, notice_given_on: dt.date
) -> EarliestEnd:
    """A minimum term of n months from ``start`` runs through the day before the n-month
    anniversary; notice given today takes effect after ``notice_period_days`` days."""
    by_term = (
        add_months(start, minimum_term_months) - dt.timedelta(days=1)
        if minimum_term_months
        else None
    )
    by_notice = notice_given_on + dt.timedelta(days=notice_period_days)
    candidates = [start, by_notice] + ([by_term] if by_term is not None else [])
    return EarliestEnd(date=max(candidates), by_minimum_term=by_term, by_notice=by_notice)
