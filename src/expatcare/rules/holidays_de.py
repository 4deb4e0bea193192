"""German public holidays per state and year, from a table generated from ``holidays``.

The ``holidays`` package knows every country and loads them all on import: about 300 modules
and 11 MB in each process, which a web worker pays although it needs only Germany. Deadlines
fall within a few years of today, so the holidays of ``FIRST_YEAR``..``LAST_YEAR`` come from
``holidays_de.json``, generated from the package by ``python -m expatcare.rules.holidays_de``;
other years still ask the package. A test fails when the table and the package disagree.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

from expatcare.rules.countries import GERMAN_STATES

TABLE = Path(__file__).with_name("holidays_de.json")
FIRST_YEAR = 2020
LAST_YEAR = 2040
NATIONWIDE = ""  # the table's key for "no state": nationwide holidays only


def computed(state: str | None, year: int) -> frozenset[date]:
    """Asks the ``holidays`` package (imported here, on first need)."""
    import holidays

    return frozenset(holidays.country_holidays("DE", subdiv=state, years=year).keys())


def build() -> dict[str, dict[str, list[str]]]:
    """``{state or "": {year: [ISO dates]}}`` for every state and every year of the table."""
    return {
        key: {
            str(year): sorted(day.isoformat() for day in computed(key or None, year))
            for year in range(FIRST_YEAR, LAST_YEAR + 1)
        }
        for key in (NATIONWIDE, *sorted(GERMAN_STATES))
    }


@functools.cache
def _table() -> dict[str, dict[str, list[str]]]:
    table: dict[str, dict[str, list[str]]] = json.loads(TABLE.read_text(encoding="utf-8"))
    return table


def holidays_of(state: str | None, year: int) -> frozenset[date]:
    """Public holidays of one state (``None``: nationwide ones) in one year."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        days = _table().get(state or NATIONWIDE)
        if days is not None:
            return frozenset(date.fromisoformat(day) for day in days[str(year)])
    return computed(state, year)


if __name__ == "__main__":
    TABLE.write_text(json.dumps(build(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
