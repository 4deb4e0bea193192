"""The generated holiday table is what the ``holidays`` package says, year by year."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from expatcare.rules import holidays_de


def test_the_committed_table_is_what_the_package_gives_today() -> None:
    """Run ``python -m expatcare.rules.holidays_de`` when this fails."""
    assert holidays_de._table() == holidays_de.build()


def test_years_outside_the_table_still_come_from_the_package() -> None:
    year = holidays_de.LAST_YEAR + 1
    assert holidays_de.holidays_of("BY", year) == holidays_de.computed("BY", year)
    assert date(year, 1, 6) in holidays_de.holidays_of("BY", year)  # Heilige Drei Könige


def test_state_and_nationwide_days_differ_where_the_law_does() -> None:
    assert date(2026, 11, 1) in holidays_de.holidays_of("BY", 2026)  # Allerheiligen
    assert date(2026, 11, 1) not in holidays_de.holidays_of(None, 2026)
    assert date(2026, 10, 31) in holidays_de.holidays_of("SN", 2026)  # Reformationstag


def test_assessing_a_case_does_not_load_the_package() -> None:
    """The point of the table: a process that computes deadlines spares the package's memory."""
    code = (
        "import sys\n"
        "from expatcare.rules.examples import ASSESSMENT_EXAMPLE\n"
        "from expatcare.rules.io import assess_json\n"
        "assert assess_json(ASSESSMENT_EXAMPLE)['obligations']\n"
        "print('holidays' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
