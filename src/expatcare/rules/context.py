"""Per-assessment working state: the case, the parameters of its date and the trace.

Rules read parameters only through ``Context.p``/``Context.codes`` so every value a decision
relied on ends up in the trace; lookups that turn lists into sets are derived once per period of
validity (see ``ParameterSnapshot.derived``) and shared by all assessments of that period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from expatcare.rules.engine import Parameter, ParameterSnapshot
from expatcare.rules.errors import ParameterMissing
from expatcare.rules.model import Case, Finding, TraceEntry

__all__ = [
    "CEFR_RANK",
    "MEMO_LIMIT",
    "Context",
    "Limits",
    "ParameterReader",
    "age_on",
    "cefr_at_least",
    "trace_entry",
]

T = TypeVar("T")

#: Tests switch memoisation off to prove it is transparent.
MEMO_ENABLED = True
#: Entries per period before the memo is dropped and rebuilt (bounds memory).
MEMO_LIMIT = 200_000

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


def trace_entry(parameter: Parameter) -> TraceEntry:
    """A consulted parameter as the output states it (name, value, valid from, source)."""
    return TraceEntry(
        parameter.name,
        parameter.value,
        parameter.valid_from,
        parameter.reference.href,
        parameter.verified,
        parameter.reference.legal_basis,
        parameter.open_question_message,
    )


class ParameterReader:
    """Reads parameters from snapshots of several dates and records each one in the trace.

    The pension rules look at more than one date (the year of the case, the year of leaving,
    the years of a projection), so they read through this reader instead of ``Context``, which
    is bound to one date; both record ``trace_entry`` values, so a trace reads the same in
    either result. Rules never touch a snapshot directly, so the trace lists exactly the
    parameters the result depends on.
    """

    def __init__(self) -> None:
        self._trace: dict[tuple[str, date], TraceEntry] = {}

    def param(self, snap: ParameterSnapshot, name: str) -> Parameter:
        parameter = snap[name]
        key = (name, parameter.valid_from)
        if key not in self._trace:
            self._trace[key] = trace_entry(parameter)
        return parameter

    def trace(self) -> tuple[TraceEntry, ...]:
        """The consulted parameters by name, then date."""
        return tuple(sorted(self._trace.values(), key=lambda t: (t.parameter, t.valid_from)))

    def optional(self, snap: ParameterSnapshot, name: str) -> Parameter | None:
        """The parameter if it is in force (recorded in the trace), else None."""
        if name not in snap:
            return None
        return self.param(snap, name)

    def decimal(self, snap: ParameterSnapshot, name: str) -> Decimal:
        value = self.param(snap, name).value
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"parameter {name} is not a number: {value!r}")
        return Decimal(value)

    def integer(self, snap: ParameterSnapshot, name: str) -> int:
        value = self.param(snap, name).value
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"parameter {name} is not an integer: {value!r}")
        return value

    def codes(self, snap: ParameterSnapshot, name: str) -> frozenset[str]:
        value = self.param(snap, name).value
        if not isinstance(value, list):
            raise TypeError(f"parameter {name} is not a list: {value!r}")
        return frozenset(str(v) for v in value)

    @staticmethod
    def source(snap: ParameterSnapshot, name: str) -> str:
        return snap[name].reference.href


def age_on(birth: date, day: date) -> int:
    """Completed years of life on ``day`` (a birthday completes the year on that day)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


class Limits:
    """Parameter values used to build memo keys, read once per period of validity.

    Reading them here does not put them in the trace; the rules read them again through
    ``Context.p`` when they actually use them.
    """

    __slots__ = (
        "age45_age",
        "age45_threshold",
        "blue_reduced",
        "blue_standard",
        "coordination",
        "experience_min",
        "experience_old_rule",
        "experience_threshold",
        "experience_window",
        "isco_flags",
        "it_groups",
        "it_min_years",
        "jaeg",
        "new_entrant_years",
        "opportunity_hours",
        "opportunity_languages",
        "opportunity_table",
        "partnership_german",
        "privileged",
        "shortage_groups",
        "sofortmeldung",
        "training_min",
        "visa_free_employment",
        "visa_free_no_employment",
        "weeks",
        "western_balkans",
    )

    def __init__(self, values: dict[str, Parameter]) -> None:
        def v(name: str) -> Any:
            return values[name].value

        def optional(name: str) -> Any:
            parameter = values.get(name)
            return None if parameter is None else parameter.value

        self.age45_age: int = v("de.residence.age_45_age")
        self.age45_threshold: Decimal = v("de.residence.age_45_salary_threshold")
        self.blue_standard: Decimal = v("de.residence.blue_card_salary_standard")
        self.blue_reduced: Decimal = v("de.residence.blue_card_salary_reduced")
        self.experience_threshold: Decimal = v("de.residence.experience_salary_threshold")
        self.experience_old_rule: bool = (
            v("de.residence.experience_rule_version") == "it_specialists_2020"
        )
        self.experience_window: int = v("de.residence.experience_window_years")
        self.experience_min: int = v("de.residence.experience_min_years")
        self.it_min_years: int = v("de.residence.it_specialist_min_experience_years")
        self.new_entrant_years: int = v("de.residence.blue_card_new_entrant_years")
        self.training_min: int = v("de.residence.min_training_years")
        self.opportunity_hours: int | None = optional(
            "de.residence.opportunity_card_max_weekly_hours"
        )
        self.opportunity_table: dict[str, int] | None = optional(
            "de.residence.opportunity_card_points"
        )
        self.opportunity_languages: dict[str, str] | None = optional(
            "de.residence.opportunity_card_languages"
        )
        self.partnership_german: str | None = optional(
            "de.residence.recognition_partnership_min_german"
        )
        self.it_groups = frozenset(v("de.residence.it_specialist_isco_groups"))
        #: ISCO code -> (IT specialist group, shortage group), filled by the pathway rules.
        self.isco_flags: dict[str, tuple[bool, bool]] = {}
        self.shortage_groups = frozenset(v("de.residence.blue_card_shortage_isco_groups"))
        self.western_balkans = frozenset(v("de.residence.western_balkans_countries"))
        self.coordination = (
            frozenset(v("de.residence.eu_member_states"))
            | frozenset(v("de.residence.eea_states"))
            | frozenset(v("de.residence.swiss_free_movement_states"))
        )
        self.visa_free_employment = frozenset(v("de.residence.visa_free_employment_nationals"))
        self.visa_free_no_employment = frozenset(
            v("de.residence.visa_free_no_employment_nationals")
        )
        self.privileged = frozenset(v("de.residence.privileged_nationals"))
        self.jaeg: Decimal = v("de.social_security.jaeg")
        self.sofortmeldung = frozenset(v("de.obligations.sofortmeldung_industries"))
        self.weeks: dict[str, int] = {
            name: v(f"de.obligations.{name}")
            for name in (
                "deuev_registration_weeks",
                "deuev_deregistration_weeks",
                "health_insurance_choice_weeks",
                "residence_registration_weeks",
                "employment_end_notice_weeks",
            )
        }


class Context:
    """Facts derived from the case once, plus the record of consulted parameters.

    ``used`` is the set of consulted parameters as bits (see ``_Period.indexed``): memoised
    results replay theirs with one ``|``, which keeps a cache hit cheaper than a dict merge.
    """

    __slots__ = (
        "_derived",
        "_indexed",
        "_memo",
        "_period",
        "_values",
        "age_at_start",
        "as_of",
        "case",
        "findings",
        "free_movement",
        "german",
        "job",
        "limits",
        "person",
        "salary",
        "snapshot",
        "tables",
        "third_country",
        "used",
        "work_in_germany",
    )

    def __init__(self, case: Case, snapshot: ParameterSnapshot) -> None:
        self.case = case
        person = case.person
        job = case.job
        self.person = person
        self.job = job
        self.as_of = case.as_of
        self.snapshot = snapshot
        period = snapshot._period
        self._period = period
        self._values: dict[str, Parameter] = period.values
        self._indexed: dict[str, tuple[Parameter, int]] = period.indexed
        self._derived: dict[str, Any] = period.derived
        self.tables: defaultdict[str, dict[Any, Any]] = period.tables
        memo: dict[Any, tuple[Any, int, tuple[Finding, ...]]] = period.memo
        self._memo = memo
        limits = period.limits
        if limits is None:
            limits = period.limits = Limits(period.values)
        self.limits: Limits = limits
        self.used = 0
        self.findings: list[Finding] = []
        self.salary: Decimal = job.annual_gross_salary_eur
        key = ("nationality", person.nationalities)
        entry = memo.get(key) if MEMO_ENABLED else None
        if entry is None:
            self.german, self.free_movement = self.memo(key, self._nationality)
        else:
            self.german, self.free_movement = entry[0]
            self.used = entry[1]
            if entry[2]:
                self.findings.extend(entry[2])
        self.third_country = not self.free_movement
        posting = job.posting
        self.work_in_germany = job.work_country == "DE" or (
            posting is not None and posting.to_country == "DE"
        )
        birth = person.birth_date
        start = job.start_date
        # age_on, inlined: every assessment needs it.
        age = start.year - birth.year
        if (start.month, start.day) < (birth.month, birth.day):
            age -= 1
        self.age_at_start = age

    def _nationality(self) -> tuple[bool, bool]:
        nationalities = self.person.nationalities
        german = "DE" in nationalities
        free = (
            german
            or not self.codes("de.residence.eu_member_states").isdisjoint(nationalities)
            or not self.codes("de.residence.eea_states").isdisjoint(nationalities)
            or not self.codes("de.residence.swiss_free_movement_states").isdisjoint(nationalities)
        )
        return german, free

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """Evaluate ``compute`` once per period for ``key``; replay its trace and findings.

        ``key`` must contain every case fact ``compute`` reads (tests compare memoised and
        fresh evaluation on generated cases). The parameters it consulted and the findings it
        added are stored with the result, so the trace is the same on a hit as on a miss.
        """
        entry = self._memo.get(key) if MEMO_ENABLED else None
        if entry is None:
            saved_used, saved_findings = self.used, self.findings
            self.used, self.findings = 0, []
            try:
                value = compute()
                entry = (value, self.used, tuple(self.findings))
            finally:
                self.used, self.findings = saved_used, saved_findings
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = entry
        result: T = entry[0]
        self.used |= entry[1]
        findings = entry[2]
        if findings:
            self.findings.extend(findings)
        return result

    def memo_cache(self) -> dict[Any, tuple[Any, int, tuple[Finding, ...]]]:
        """The raw memo for hot loops; an empty dict when memoisation is switched off."""
        return self._memo if MEMO_ENABLED else {}

    def memo_call(self, key: Any, function: Callable[[Context], T]) -> T:
        """``memo`` for a function of the context (saves building a closure per call)."""
        entry = self._memo.get(key) if MEMO_ENABLED else None
        if entry is None:
            return self.memo(key, lambda: function(self))
        result: T = entry[0]
        self.used |= entry[1]
        findings = entry[2]
        if findings:
            self.findings.extend(findings)
        return result

    def param(self, name: str) -> Parameter:
        try:
            parameter, bit = self._indexed[name]
        except KeyError:
            raise ParameterMissing(
                f"parameter {name!r} is not defined or not in force on {self.as_of.isoformat()}"
            ) from None
        self.used |= bit
        return parameter

    def used_parameters(self) -> list[Parameter]:
        """The consulted parameters, sorted by name (bit order is name order)."""
        by_position = self._period.by_position
        # Reading the binary digits is cheaper than testing ~100 bits one by one.
        return [
            by_position[position]
            for position, digit in enumerate(reversed(bin(self.used)))
            if digit == "1"
        ]

    def parameters_by_position(self) -> dict[int, Parameter]:
        """The period's parameters by bit position in ``used`` (position order is name order)."""
        return self._period.by_position

    def p(self, name: str) -> Any:
        # ``param`` inlined: rules read about ten values per assessment through here.
        try:
            parameter, bit = self._indexed[name]
        except KeyError:
            raise ParameterMissing(
                f"parameter {name!r} is not defined or not in force on {self.as_of.isoformat()}"
            ) from None
        self.used |= bit
        return parameter.value

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
