"""Dated, sourced legal parameters (OpenFisca style) and the strict loader for them.

Every legal value lives in its own YAML file under ``parameters/``; the dotted folder path is its
name (``parameters/de/residence/blue_card_salary_standard.yaml`` ->
``de.residence.blue_card_salary_standard``). A decision is only explainable and replayable if
every value carries the date it took effect and the source it was read from, so the loader
refuses anything undated, unsourced or ambiguous instead of repairing it.

File schema (top-level keys exactly ``description``, ``description_de``, ``unit``, ``values`` and
optionally ``note``)::

    description: Blue Card standard salary threshold
    description_de: Mindestgehalt Blaue Karte EU (Regelfall)
    unit: EUR/year
    values:
      2026-01-01:
        value: "50700"
        reference: {title: ..., href: https://..., legal_basis: § 18g Abs. 1 AufenthG}
        last_reviewed_on: 2026-04-29
        verified: true
        derived: 50 % of de.social_security.bbg_pension   # optional
        note: ...                                          # optional
        verified_against: [github:owner/repo@commit:path]  # optional: the texts checked
        open_question: ...                                 # only when verified is false:
        open_question_message: question.<code>             #   what is unresolved (English),
        searched: [https://..., ...]                       #   its message code, what was read
      2027-01-01: null                                     # ends the period

Value typing: units starting with ``EUR`` are money and must be quoted decimal strings; units in
``DECIMAL_UNITS`` are decimals given as quoted strings or integers; every other unit keeps the
YAML type (int, str, bool, list, dict, date). Floats are rejected everywhere because binary
floating point silently changes legal amounts.

``parameters/coverage.yaml`` states the window of dates for which the parameter set is known to
be complete; ``ParameterSet.at`` refuses dates outside it (``OutOfRange``).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.metadata
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import yaml

from expatcare.rules.errors import OutOfRange, ParameterFileError, ParameterMissing

__all__ = [
    "DECIMAL_UNITS",
    "Citation",
    "Coverage",
    "Parameter",
    "ParameterSet",
    "ParameterSnapshot",
    "load_parameters",
    "money",
    "read_strict_yaml",
]

T = TypeVar("T")

DEFAULT_ROOT = Path(__file__).resolve().parent / "parameters"
COVERAGE_FILE = "coverage.yaml"
PACKAGE_NAME = "expatcare"

TOP_LEVEL_REQUIRED = frozenset({"description", "description_de", "unit", "values"})
TOP_LEVEL_OPTIONAL = frozenset({"note"})
ENTRY_REQUIRED = frozenset({"value", "reference", "last_reviewed_on", "verified"})
ENTRY_OPTIONAL = frozenset(
    {"derived", "note", "open_question", "open_question_message", "searched", "verified_against"}
)
#: Keys that describe an unresolved question; allowed (and required) only when verified is false.
OPEN_QUESTION_KEYS = frozenset({"open_question", "open_question_message", "searched"})
REFERENCE_KEYS = frozenset({"title", "href", "legal_basis"})
COVERAGE_KEYS = frozenset({"description", "known_from", "known_until"})
COVERAGE_OPTIONAL = frozenset({"note"})

#: Units whose values are decimals (quoted strings or integers), not money.
DECIMAL_UNITS = frozenset({"percent", "ratio", "factor", "decimal"})

_CENT = Decimal("0.01")


def money(x: str | int | Decimal) -> Decimal:
    """Quantize to cents, half up, as German payroll does; floats are refused, not rounded."""
    if isinstance(x, bool) or not isinstance(x, str | int | Decimal):
        raise TypeError(f"money() takes str, int or Decimal, not {type(x).__name__}")
    try:
        value = x if isinstance(x, Decimal) else Decimal(x.strip() if isinstance(x, str) else x)
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal amount: {x!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {x!r}")
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a value or a rule comes from, so a user can check it."""

    title: str
    href: str
    legal_basis: str


@dataclass(frozen=True, slots=True)
class Parameter:
    """One resolved, dated value as it applies on the snapshot's date."""

    name: str
    value: Any
    unit: str
    valid_from: date
    reference: Citation
    last_reviewed_on: date
    verified: bool
    description: str = ""
    description_de: str = ""
    open_question: str | None = None
    derived: str | None = None
    #: Message code (``rules/tables/messages.yaml``) of the open question, so that a reader sees
    #: it in their own language; set exactly when ``verified`` is false.
    open_question_message: str | None = None
    #: Sources read while trying to verify the value (unverified values only).
    searched: tuple[str, ...] = ()
    #: Texts the value was checked against: statute path and commit, official page, or (where
    #: no primary text was readable) the independent secondary sources that agree.
    verified_against: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Entry:
    """A dated value or ``None`` for a period end, as read from the file."""

    valid_from: date
    parameter: Parameter | None


@dataclass(frozen=True, slots=True)
class Coverage:
    """The window in which the parameter set is complete."""

    known_from: date
    known_until: date

    def contains(self, on: date) -> bool:
        return self.known_from <= on <= self.known_until


@dataclass(slots=True)
class _Period:
    """Resolved parameters between two change dates; derived lookups are cached here once.

    ``indexed`` pairs every parameter with its bit in the set's name order, so the rules can
    record which parameters a decision consulted as one integer: merging the parameters of a
    memoised result is then a single ``|`` instead of a dictionary update, and the trace of an
    assessment is cached under that integer.
    """

    values: dict[str, Parameter]
    derived: dict[str, Any] = field(default_factory=dict)
    indexed: dict[str, tuple[Parameter, int]] = field(default_factory=dict)
    by_position: dict[int, Parameter] = field(default_factory=dict)
    #: Results of the rules memoised for this period (see ``Context.memo``).
    memo: dict[Any, Any] = field(default_factory=dict)
    #: Named lookup tables of the rules, created on first use.
    tables: defaultdict[str, dict[Any, Any]] = field(default_factory=lambda: defaultdict(dict))
    #: The rules' own digest of this period's values (``context.Limits``), built on first use.
    limits: Any = None


class ParameterSnapshot:
    """All parameters in force on one date; cheap to query repeatedly."""

    __slots__ = ("_period", "on")

    on: date

    def __init__(self, on: date, period: _Period) -> None:
        self.on = on
        self._period = period

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._period.values[name]
        except KeyError:
            raise ParameterMissing(
                f"parameter {name!r} is not defined or not in force on {self.on.isoformat()}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._period.values

    def __iter__(self) -> Iterator[str]:
        return iter(self._period.values)

    def __len__(self) -> int:
        return len(self._period.values)

    def value(self, name: str) -> Any:
        return self[name].value

    def get(self, name: str) -> Parameter | None:
        return self._period.values.get(name)

    def derived(self, key: str, factory: Callable[[ParameterSnapshot], T]) -> T:
        """Compute a lookup (e.g. a frozenset of country codes) once per period of validity.

        Snapshots of dates in the same period share the cache, so rules may call this on every
        assessment without re-deriving anything.
        """
        cache = self._period.derived
        try:
            result: T = cache[key]
        except KeyError:
            result = factory(self)
            cache[key] = result
        return result


class ParameterSet:
    """All parameter files of one root, resolved lazily per date."""

    ruleset_version: str
    coverage: Coverage

    def __init__(
        self,
        histories: Mapping[str, tuple[_Entry, ...]],
        coverage: Coverage,
        ruleset_version: str,
    ) -> None:
        self._histories = dict(histories)
        self.coverage = coverage
        self.ruleset_version = ruleset_version
        change_dates = sorted({e.valid_from for h in histories.values() for e in h})
        # Bits in name order: walking a set of bits upwards yields the names sorted.
        self._bits: dict[str, int] = {
            name: 1 << index for index, name in enumerate(sorted(self._histories))
        }
        self._change_dates: list[date] = change_dates
        self._periods: dict[int, _Period] = {}
        self._snapshots: dict[date, ParameterSnapshot] = {}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._histories))

    def history(self, name: str) -> tuple[tuple[date, Parameter | None], ...]:
        """Every dated value of one parameter, for documentation and review screens."""
        try:
            entries = self._histories[name]
        except KeyError:
            raise ParameterMissing(f"parameter {name!r} is not defined") from None
        return tuple((e.valid_from, e.parameter) for e in entries)

    def at(self, on: date) -> ParameterSnapshot:
        snapshot = self._snapshots.get(on)
        if snapshot is not None:
            return snapshot
        if isinstance(on, datetime) or not isinstance(on, date):
            raise TypeError("ParameterSet.at() takes a datetime.date")
        if not self.coverage.contains(on):
            raise OutOfRange(
                "as_of",
                f"no parameters are known for {on.isoformat()}; known: "
                f"{self.coverage.known_from.isoformat()}..{self.coverage.known_until.isoformat()}",
            )
        index = bisect.bisect_right(self._change_dates, on)
        period = self._periods.get(index)
        if period is None:
            period = self._period(on)
            self._periods[index] = period
        snapshot = ParameterSnapshot(on, period)
        self._snapshots[on] = snapshot
        return snapshot

    def _period(self, on: date) -> _Period:
        values = self._resolve(on)
        bits = self._bits
        indexed = {name: (parameter, bits[name]) for name, parameter in values.items()}
        by_position = {bit.bit_length() - 1: parameter for parameter, bit in indexed.values()}
        return _Period(values, indexed=indexed, by_position=by_position)

    def _resolve(self, on: date) -> dict[str, Parameter]:
        resolved: dict[str, Parameter] = {}
        for name, entries in self._histories.items():
            current: Parameter | None = None
            for entry in entries:
                if entry.valid_from > on:
                    break
                current = entry.parameter
            if current is not None:
                resolved[name] = current
        return resolved


# --------------------------------------------------------------------------- loading


def _fail(path: Path, where: str, message: str) -> ParameterFileError:
    return ParameterFileError(f"{path}: {where}: {message}" if where else f"{path}: {message}")


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, which YAML would otherwise silently merge."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def read_strict_yaml(path: Path) -> Any:
    """A YAML file of the engine's tables, refusing duplicate keys (parameters, citations...)."""
    return _read_yaml(path)[0]


def _read_yaml(path: Path) -> tuple[Any, bytes]:
    raw = path.read_bytes()
    try:
        data = yaml.load(raw, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ParameterFileError(f"{path}: invalid YAML: {exc}") from exc
    return data, raw


def _as_date(path: Path, where: str, raw: object) -> date:
    if isinstance(raw, datetime):
        raise _fail(path, where, f"expected an ISO date, got a timestamp {raw!r}")
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise _fail(path, where, f"expected an ISO date (YYYY-MM-DD), got {raw!r}")


def _nonempty_str(path: Path, where: str, raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise _fail(path, where, f"expected a non-empty string, got {raw!r}")
    return raw


def _reject_floats(path: Path, where: str, raw: object) -> None:
    if isinstance(raw, float):
        raise _fail(
            path, where, f"float {raw!r} is not allowed; write numbers as quoted decimal strings"
        )
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            _reject_floats(path, f"{where}[{i}]", item)
    elif isinstance(raw, dict):
        for key, item in raw.items():
            _reject_floats(path, f"{where}.{key}", item)


def _decimal(path: Path, where: str, raw: object, *, money_unit: bool) -> Decimal:
    if money_unit and not isinstance(raw, str):
        raise _fail(
            path, where, f'money must be a quoted decimal string (e.g. "50700"), got {raw!r}'
        )
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _fail(path, where, f"expected a quoted decimal string or an integer, got {raw!r}")
    try:
        value = Decimal(raw.strip() if isinstance(raw, str) else raw)
    except InvalidOperation:
        raise _fail(path, where, f"not a decimal number: {raw!r}") from None
    if not value.is_finite():
        raise _fail(path, where, f"not a finite number: {raw!r}")
    return value


def _typed_value(path: Path, where: str, unit: str, raw: object) -> Any:
    _reject_floats(path, where, raw)
    if raw is None:
        raise _fail(path, where, "value is missing (null); end a period with `<date>: null`")
    if unit.startswith("EUR"):
        return _decimal(path, where, raw, money_unit=True)
    if unit in DECIMAL_UNITS:
        return _decimal(path, where, raw, money_unit=False)
    return raw


def _reference(path: Path, where: str, raw: object) -> Citation:
    if not isinstance(raw, dict):
        raise _fail(path, where, "reference must be a mapping with title, href, legal_basis")
    keys = set(raw)
    if unknown := keys - REFERENCE_KEYS:
        raise _fail(path, where, f"unknown key(s) {sorted(map(str, unknown))}")
    if missing := REFERENCE_KEYS - keys:
        raise _fail(path, where, f"missing key(s) {sorted(missing)}")
    href = _nonempty_str(path, f"{where}.href", raw["href"])
    if not href.startswith(("https://", "http://")):
        raise _fail(path, f"{where}.href", f"expected an http(s) URL, got {href!r}")
    return Citation(
        title=_nonempty_str(path, f"{where}.title", raw["title"]),
        href=href,
        legal_basis=_nonempty_str(path, f"{where}.legal_basis", raw["legal_basis"]),
    )


def _str_list(path: Path, where: str, raw: object) -> tuple[str, ...]:
    """A list of non-empty strings (a single string counts as a list of one)."""
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        raise _fail(path, where, f"expected a list of strings, got {raw!r}")
    return tuple(_nonempty_str(path, f"{where}[{i}]", item) for i, item in enumerate(items))


def _open_question(
    path: Path, where: str, verified: bool, raw_entry: Mapping[str, Any]
) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(question, message code, sources searched): all three unverified, none verified, so a
    resolved question cannot linger and an open one reaches a reader in their own language."""
    present = OPEN_QUESTION_KEYS & set(raw_entry)
    if verified:
        if present:
            raise _fail(path, where, f"verified: true cannot have {sorted(present)}")
        return None, None, ()
    if missing := OPEN_QUESTION_KEYS - present:
        raise _fail(
            path,
            where,
            f"verified: false needs {sorted(missing)}: the open_question saying what to check, "
            "its message code and the sources searched",
        )
    question = _nonempty_str(path, f"{where}.open_question", raw_entry["open_question"])
    field_name = f"{where}.open_question_message"
    code = _nonempty_str(path, field_name, raw_entry["open_question_message"])
    if not code.startswith("question."):
        raise _fail(path, field_name, f"expected question.<code>, got {code!r}")
    searched = _str_list(path, f"{where}.searched", raw_entry["searched"])
    if not searched:
        raise _fail(path, f"{where}.searched", "name at least one source that was searched")
    return question, code, searched


def _parse_file(path: Path, name: str, data: object) -> tuple[_Entry, ...]:
    if not isinstance(data, dict):
        raise _fail(path, "", "expected a mapping at the top level")
    keys = set(data)
    if unknown := keys - TOP_LEVEL_REQUIRED - TOP_LEVEL_OPTIONAL:
        raise _fail(path, "", f"unknown top-level key(s) {sorted(map(str, unknown))}")
    if missing := TOP_LEVEL_REQUIRED - keys:
        raise _fail(path, "", f"missing top-level key(s) {sorted(missing)}")
    description = _nonempty_str(path, "description", data["description"])
    description_de = _nonempty_str(path, "description_de", data["description_de"])
    unit = _nonempty_str(path, "unit", data["unit"])
    if "note" in data:
        _nonempty_str(path, "note", data["note"])
    values = data["values"]
    if not isinstance(values, dict) or not values:
        raise _fail(path, "values", "expected a non-empty mapping of ISO dates to entries")
    entries: list[_Entry] = []
    for raw_key, raw_entry in values.items():
        valid_from = _as_date(path, f"values.{raw_key}", raw_key)
        where = f"values.{valid_from.isoformat()}"
        if raw_entry is None:
            entries.append(_Entry(valid_from, None))
            continue
        if not isinstance(raw_entry, dict):
            raise _fail(
                path, where, "expected a mapping with value, reference, last_reviewed_on, verified"
            )
        entry_keys = set(raw_entry)
        if unknown := entry_keys - ENTRY_REQUIRED - ENTRY_OPTIONAL:
            raise _fail(path, where, f"unknown key(s) {sorted(map(str, unknown))}")
        if missing := ENTRY_REQUIRED - entry_keys:
            raise _fail(path, where, f"missing key(s) {sorted(missing)}")
        verified = raw_entry["verified"]
        if not isinstance(verified, bool):
            raise _fail(path, f"{where}.verified", f"expected true or false, got {verified!r}")
        open_question, open_question_message, searched = _open_question(
            path, where, verified, raw_entry
        )
        verified_against = _str_list(
            path, f"{where}.verified_against", raw_entry.get("verified_against", [])
        )
        derived = raw_entry.get("derived")
        if derived is not None:
            derived = _nonempty_str(path, f"{where}.derived", derived)
        if "note" in raw_entry:
            _nonempty_str(path, f"{where}.note", raw_entry["note"])
        entries.append(
            _Entry(
                valid_from,
                Parameter(
                    name=name,
                    value=_typed_value(path, f"{where}.value", unit, raw_entry["value"]),
                    unit=unit,
                    valid_from=valid_from,
                    reference=_reference(path, f"{where}.reference", raw_entry["reference"]),
                    last_reviewed_on=_as_date(
                        path, f"{where}.last_reviewed_on", raw_entry["last_reviewed_on"]
                    ),
                    verified=verified,
                    description=description,
                    description_de=description_de,
                    open_question=open_question,
                    derived=derived,
                    open_question_message=open_question_message,
                    searched=searched,
                    verified_against=verified_against,
                ),
            )
        )
    entries.sort(key=lambda e: e.valid_from)
    if entries[0].parameter is None:
        raise _fail(path, "values", "the first dated entry must be a value, not null")
    return tuple(entries)


def _parse_coverage(path: Path, data: object) -> Coverage:
    if not isinstance(data, dict):
        raise _fail(path, "", "expected a mapping with known_from and known_until")
    keys = set(data)
    if unknown := keys - COVERAGE_KEYS - COVERAGE_OPTIONAL:
        raise _fail(path, "", f"unknown key(s) {sorted(map(str, unknown))}")
    if missing := COVERAGE_KEYS - keys:
        raise _fail(path, "", f"missing key(s) {sorted(missing)}")
    coverage = Coverage(
        known_from=_as_date(path, "known_from", data["known_from"]),
        known_until=_as_date(path, "known_until", data["known_until"]),
    )
    if coverage.known_until < coverage.known_from:
        raise _fail(path, "known_until", "must not be before known_from")
    return coverage


def _package_version() -> str:
    try:
        return importlib.metadata.version(PACKAGE_NAME)
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


def _load(root: Path) -> ParameterSet:
    root = Path(root)
    coverage_path = root / COVERAGE_FILE
    if not coverage_path.is_file():
        raise ParameterFileError(f"{coverage_path}: missing coverage file")
    digest = hashlib.sha256()
    coverage_data, coverage_raw = _read_yaml(coverage_path)
    coverage = _parse_coverage(coverage_path, coverage_data)
    digest.update(COVERAGE_FILE.encode() + b"\0" + coverage_raw + b"\0")
    histories: dict[str, tuple[_Entry, ...]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path == coverage_path:
            continue
        relative = path.relative_to(root)
        if path.suffix == ".yml":
            raise ParameterFileError(f"{path}: use the .yaml extension")
        if path.suffix != ".yaml":
            continue
        parts = relative.with_suffix("").parts
        name = ".".join(parts)
        data, raw = _read_yaml(path)
        histories[name] = _parse_file(path, name, data)
        digest.update(relative.as_posix().encode() + b"\0" + raw + b"\0")
    if not histories:
        raise ParameterFileError(f"{root}: no parameter files found")
    version = f"{_package_version()}+{digest.hexdigest()[:12]}"
    return ParameterSet(histories, coverage, version)


@functools.cache
def _load_default() -> ParameterSet:
    return _load(DEFAULT_ROOT)


def load_parameters(root: Path | None = None) -> ParameterSet:
    """Load and validate every parameter file; the package's own set is loaded once."""
    if root is None:
        return _load_default()
    return _load(root)
