"""Recording what rule functions read, for the memo-key tests (``test_memo_keys.py``).

A rule function gets a context whose case facts are wrapped: every attribute read is logged
as a dotted path of the case (``person.qualification.kind``). Facts the context derives from
the case once (``ctx.salary``...) are logged as the case fields they come from.
"""

from __future__ import annotations

import dataclasses
import random
import runpy
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

from expatcare.rules import context as context_module
from expatcare.rules.context import Context
from expatcare.rules.engine import load_parameters
from expatcare.rules.errors import InputError
from expatcare.rules.io import parse_case
from expatcare.rules.model import Case

BENCH = Path(__file__).parents[1] / "bench" / "bench_rules.py"

#: Facts the context derives from the case, and the case fields they are derived from.
DERIVED: dict[str, tuple[str, ...]] = {
    "salary": ("job.annual_gross_salary_eur",),
    "age_at_start": ("person.birth_date", "job.start_date"),
    "work_in_germany": ("job.work_country", "job.posting"),
    "third_country": ("person.nationalities",),
    "german": ("person.nationalities",),
    "free_movement": ("person.nationalities",),
    "as_of": ("as_of",),
}


class _Recorder:
    """A read-only view of a case object that logs the path of every attribute read."""

    def __init__(self, target: object, path: str, log: set[str]) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_log", log)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        path = f"{self._path}.{name}" if self._path else name
        self._log.add(path)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return _Recorder(value, path, self._log)
        return value


class _RecordingContext:
    """A context whose case facts are recorded; everything else is the real context's."""

    def __init__(self, ctx: Context, log: set[str]) -> None:
        object.__setattr__(self, "_ctx", ctx)
        object.__setattr__(self, "_log", log)
        object.__setattr__(self, "person", _Recorder(ctx.person, "person", log))
        object.__setattr__(self, "job", _Recorder(ctx.job, "job", log))
        object.__setattr__(self, "case", _Recorder(ctx.case, "", log))

    def __getattr__(self, name: str) -> Any:
        if name in DERIVED:
            self._log.update(DERIVED[name])
        return getattr(self._ctx, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._ctx, name, value)


def context(case: Case) -> Context:
    return Context(case, load_parameters().at(case.as_of))


def reads(function: Callable[[Context], object], case: Case) -> tuple[object, set[str]]:
    """(result, paths read) of ``function`` on ``case``, evaluated without the memo."""
    log: set[str] = set()
    saved = context_module.MEMO_ENABLED
    context_module.MEMO_ENABLED = False
    try:
        result = function(cast(Context, _RecordingContext(context(case), log)))
    finally:
        context_module.MEMO_ENABLED = saved
    return result, log


def evaluate(function: Callable[[Context], object], case: Case) -> object:
    """``function`` on ``case`` without the memo (the reference a memo hit must equal)."""
    saved = context_module.MEMO_ENABLED
    context_module.MEMO_ENABLED = False
    try:
        return function(context(case))
    finally:
        context_module.MEMO_ENABLED = saved


def covered(path: str, declared: frozenset[str]) -> bool:
    """A read is declared itself, lies inside a declared object, or leads to a declared field."""
    return any(path == d or path.startswith(d + ".") or d.startswith(path + ".") for d in declared)


def sample_cases(count: int, seed: int = 20261204) -> list[Case]:
    """Generated cases (the benchmark's generators), half adversarial, half population."""
    bench = runpy.run_path(str(BENCH))
    rng = random.Random(seed)
    out: list[Case] = []
    while len(out) < count:
        if len(out) % 2:
            data = bench["generate_population_case"](rng, date(2026, 3, 1))
        else:
            data = bench["generate_case"](rng)
        try:
            out.append(parse_case(data))
        except InputError:
            continue
    return out


def leaf_paths(case: Case) -> Iterator[str]:
    """Every field of a case, nested optional objects (posting...) as one value."""
    for field in dataclasses.fields(case):
        value = getattr(case, field.name)
        if field.name in ("person", "job"):
            for inner in dataclasses.fields(value):
                if inner.name == "qualification":
                    for q in dataclasses.fields(value.qualification):
                        yield f"{field.name}.qualification.{q.name}"
                else:
                    yield f"{field.name}.{inner.name}"
        else:
            yield field.name


def get(case: Case, path: str) -> Any:
    value: Any = case
    for name in path.split("."):
        value = getattr(value, name)
    return value


def replace(case: Any, path: str, value: Any) -> Any:
    """``case`` with the field at ``path`` set to ``value`` (frozen dataclasses, rebuilt)."""
    head, _, rest = path.partition(".")
    if not rest:
        return dataclasses.replace(case, **{head: value})
    return dataclasses.replace(case, **{head: replace(getattr(case, head), rest, value)})
