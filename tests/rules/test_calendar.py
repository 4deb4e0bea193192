"""Deadline arithmetic (§§ 187, 188 BGB) and the statutory weekend/holiday shift."""

from __future__ import annotations

from datetime import date

import pytest

from expatcare.rules.calendar import (
    NO_SHIFT,
    SGB_X_26,
    VWVFG_31,
    add_months,
    add_weeks,
    is_working_day,
    public_holidays,
    shift_to_working_day,
)


def test_weeks_end_on_the_same_weekday() -> None:
    assert add_weeks(date(2026, 6, 1), 6) == date(2026, 7, 13)
    assert add_weeks(date(2026, 6, 1), 2) == date(2026, 6, 15)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_months_end_on_the_same_day_or_the_last(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


def test_state_holidays_come_from_the_holidays_package() -> None:
    assert date(2026, 6, 4) in public_holidays("BY", 2026)  # Corpus Christi
    assert date(2026, 6, 4) not in public_holidays("BE", 2026)
    assert date(2026, 3, 8) in public_holidays("BE", 2026)  # International Women's Day
    assert date(2026, 10, 3) in public_holidays(None, 2026)
    assert not is_working_day(date(2026, 6, 6), "BE")  # Saturday


def test_shift_rules() -> None:
    saturday = date(2026, 4, 18)
    moved = shift_to_working_day(saturday, "BY", SGB_X_26)
    assert moved.due == date(2026, 4, 20) and moved.moved_from == saturday
    assert shift_to_working_day(saturday, "BY", NO_SHIFT).due == saturday
    christmas = shift_to_working_day(date(2025, 12, 25), "NW", VWVFG_31)
    assert christmas.due == date(2025, 12, 29)
    monday = shift_to_working_day(date(2026, 4, 20), "BY", SGB_X_26)
    assert monday.moved_from is None
