"""A moved deadline's explanation names its own date, whichever case the engine met first."""

from __future__ import annotations

from datetime import date
from typing import Any

from expatcare.rules.calendar import ShiftRule
from expatcare.rules.citations import Citation
from expatcare.rules.messages import text
from expatcare.rules.model import Obligation
from expatcare.rules.obligations import Template, _period_duty

RULE = ShiftRule(moves=True, legal_basis="§ 193 BGB", source="https://example.org/bgb193")


def _template() -> Template:
    citation = Citation(legal_basis="§ 6 DEÜV", source="https://example.org/deuev")
    return ("employer", citation, text("obligation.deuev_registration", weeks=2), ())


def _duty(cache: dict[tuple[object, ...], Any], event: date) -> Obligation:
    return _period_duty(cache, None, "DEUEV_REGISTRATION", event, 2, RULE, "v", _template)


def test_two_weekend_deadlines_in_one_cache_name_their_own_dates() -> None:
    cache: dict[tuple[object, ...], Any] = {}
    # Two weeks after these Saturdays-to-be: 2025-08-30 and 2025-09-13 are both Saturdays.
    first = _duty(cache, date(2025, 8, 16))
    second = _duty(cache, date(2025, 8, 30))
    assert first.moved_from == date(2025, 8, 30)
    assert second.moved_from == date(2025, 9, 13)
    assert "2025-08-30" in first.explanation and "2025-08-30" not in second.explanation
    assert "2025-09-13" in second.explanation
