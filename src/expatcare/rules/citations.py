"""The citations table: every legal basis and source the engine states that is not a parameter's.

A rule cites a provision by key (``cite("aufenthg_18g_1_s_1")``); the text a user reads (``§ 18g
Abs. 1 Satz 1 AufenthG``) and the URL (``source``) come from ``tables/citations.yaml``, the one
file a maintainer opens to check them. Values the law fixes (thresholds, lead times) carry their
own reference in their parameter file instead. Keys are resolved when the rule modules are
imported, so a missing key fails at start-up, not in the middle of an assessment;
``tests/rules/test_tables.py`` proves every entry is cited somewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from expatcare.rules.engine import Parameter, read_strict_yaml
from expatcare.rules.errors import ParameterFileError

__all__ = [
    "CITATIONS",
    "CITATIONS_FILE",
    "Citation",
    "cite",
    "cited_keys",
    "combine",
    "parameter_citation",
]

CITATIONS_FILE = Path(__file__).parent / "tables" / "citations.yaml"
_KEY = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
_ENTRY_KEYS = frozenset({"legal_basis", "source"})


@dataclass(frozen=True, slots=True)
class Citation:
    """A provision as the output states it: ``legal_basis`` (readable) and ``source`` (URL)."""

    legal_basis: str
    source: str


def _load(path: Path) -> dict[str, Citation]:
    data = read_strict_yaml(path)
    if not isinstance(data, dict) or not data:
        raise ParameterFileError(f"{path}: expected a non-empty mapping of citation keys")
    table: dict[str, Citation] = {}
    for key, entry in data.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise ParameterFileError(f"{path}: {key!r}: keys are lower_snake_case")
        if not isinstance(entry, dict) or set(entry) != _ENTRY_KEYS:
            raise ParameterFileError(f"{path}: {key}: expected exactly legal_basis and source")
        basis, source = entry["legal_basis"], entry["source"]
        if not isinstance(basis, str) or not basis.strip():
            raise ParameterFileError(f"{path}: {key}.legal_basis: expected a non-empty string")
        if not isinstance(source, str) or not source.startswith("https://"):
            raise ParameterFileError(f"{path}: {key}.source: expected an https URL")
        table[key] = Citation(basis, source)
    return table


CITATIONS: MappingProxyType[str, Citation] = MappingProxyType(_load(CITATIONS_FILE))
_cited: set[str] = set()


def cite(key: str) -> Citation:
    """The citation of ``key``; a key missing from the table is a programming error."""
    try:
        citation = CITATIONS[key]
    except KeyError:
        raise KeyError(f"citation {key!r} is not in {CITATIONS_FILE.name}") from None
    _cited.add(key)
    return citation


def combine(*citations: Citation) -> Citation:
    """Several provisions cited together: bases joined with ``; ``, the first one's source."""
    return Citation("; ".join(c.legal_basis for c in citations), citations[0].source)


def cited_keys() -> frozenset[str]:
    """The keys cited so far in this process (the tables test compares them with the table)."""
    return frozenset(_cited)


def parameter_citation(parameter: Parameter) -> Citation:
    """A parameter's own reference: the law that fixes a value is cited in its file."""
    return Citation(parameter.reference.legal_basis, parameter.reference.href)
