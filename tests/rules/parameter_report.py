"""Which dated legal values are still unverified, for the rules test run's summary.

An HR user trusts an answer because it cites the law; the count printed after every rules run
keeps the values that are not yet checked against their source in sight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from expatcare.rules.engine import ParameterSet, load_parameters


@dataclass(frozen=True)
class Unverified:
    name: str
    valid_from: date
    question_code: str | None
    searched: int


def dated_values(parameters: ParameterSet) -> int:
    """The number of dated values (period ends not counted)."""
    return sum(
        1
        for name in parameters.names
        for _, parameter in parameters.history(name)
        if parameter is not None
    )


def unverified_values(parameters: ParameterSet) -> list[Unverified]:
    return [
        Unverified(p.name, p.valid_from, p.open_question_message, len(p.searched))
        for name in parameters.names
        for _, p in parameters.history(name)
        if p is not None and not p.verified
    ]


def summary_lines(parameters: ParameterSet | None = None) -> list[str]:
    """One headline with the count, then one line per unverified value and its question."""
    loaded = parameters if parameters is not None else load_parameters()
    open_values = unverified_values(loaded)
    lines = [
        f"rules parameters: {len(open_values)} of {dated_values(loaded)} dated values unverified"
    ]
    lines += [
        f"  {u.name} from {u.valid_from.isoformat()}: {u.question_code} "
        f"({u.searched} sources searched)"
        for u in open_values
    ]
    return lines
