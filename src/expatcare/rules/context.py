"""Per-assessment working state: the case, the parameters of its date and the trace.

Rules read parameters only through ``Context.p``/``Context.codes`` so every value a decision
relied on ends up in the trace; lookups that turn lists into sets are derived once per period of
validity (see ``ParameterSnapshot.derived``) and shared by all assessments of that period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from expatcare.rules.engine import Parameter, ParameterSnapshot
from expatcare.rules.errors import ParameterMissing
from expatcare.rules.model import Case, Finding

__all__ = ["CEFR_RANK", "Context", "age_on", "cefr_at_least"]

CEFR_RANK: dict[str | None, int] = {
    None: 0,
    "A1": 1,
    "A2": 2,
    "B1": 3,
    "B2": 4,
    "C1": 5,
    "C2": 6,
}


def cefr_at_least(level: str | None, minimum: str) -> bool:
    return CEFR_RANK[level] >= CEFR_RANK[minimum]


def age_on(birth: date, day: date) -> int:
    """Completed years of life on ``day`` (a birthday completes the year on that day)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


class Context:
    """Facts derived from the case once, plus the record of consulted parameters."""

    __slots__ = (
        "_derived",
        "_values",
        "age_at_start",
        "as_of",
        "case",
        "findings",
        "free_movement",
        "german",
        "job",
        "person",
        "salary",
        "snapshot",
        "third_country",
        "used",
        "work_in_germany",
    )

    def __init__(self, case: Case, snapshot: ParameterSnapshot) -> None:
        self.case = case
        self.person = case.person
        self.job = case.job
        self.as_of = case.as_of
        self.snapshot = snapshot
        period = snapshot._period
        self._values: dict[str, Parameter] = period.values
        self._derived: dict[str, Any] = period.derived
        self.used: dict[str, Parameter] = {}
        self.findings: list[Finding] = []
        self.salary: Decimal = case.job.annual_gross_salary_eur
        nationalities = case.person.nationalities
        self.german = "DE" in nationalities
        self.free_movement = self.german or not self.codes(
            "de.residence.eu_member_states"
        ).isdisjoint(nationalities)
        if not self.free_movement:
            self.free_movement = not self.codes("de.residence.eea_states").isdisjoint(
                nationalities
            ) or not self.codes("de.residence.swiss_free_movement_states").isdisjoint(nationalities)
        self.third_country = not self.free_movement
        job = case.job
        posting = job.posting
        self.work_in_germany = job.work_country == "DE" or (
            posting is not None and posting.to_country == "DE"
        )
        self.age_at_start = age_on(case.person.birth_date, job.start_date)

    def param(self, name: str) -> Parameter:
        try:
            parameter = self._values[name]
        except KeyError:
            raise ParameterMissing(
                f"parameter {name!r} is not defined or not in force on {self.as_of.isoformat()}"
            ) from None
        self.used[name] = parameter
        return parameter

    def p(self, name: str) -> Any:
        return self.param(name).value

    def codes(self, name: str) -> frozenset[str]:
        """A list parameter as a frozenset, built once per period of validity."""
        parameter = self.param(name)
        key = "set:" + name
        cached: frozenset[str] | None = self._derived.get(key)
        if cached is None:
            cached = frozenset(parameter.value)
            self._derived[key] = cached
        return cached

    def cached(self, key: str) -> Any:
        return self._derived.get(key)

    def store(self, key: str, value: Any) -> None:
        self._derived[key] = value

    def coordination_states(self) -> frozenset[str]:
        """States under Regulation 883/2004 (EU, EEA, Switzerland), derived once per period."""
        eu = self.codes("de.residence.eu_member_states")
        eea = self.codes("de.residence.eea_states")
        ch = self.codes("de.residence.swiss_free_movement_states")
        cached: frozenset[str] | None = self._derived.get("coordination_states")
        if cached is None:
            cached = eu | eea | ch
            self._derived["coordination_states"] = cached
        return cached
