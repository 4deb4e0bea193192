"""Milestone templates: the ordered steps of a case per residence pathway, as data.

One YAML file per pathway code under ``milestones/``. The loader is strict, like the parameter
loader of the rules engine: unknown or missing keys, unknown owners or units, a time limit
without its legal basis and source, duplicate step codes and references to a later step are
errors, so a mistake in the data fails the test suite instead of a case page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MILESTONES_DIR = Path(__file__).resolve().parent / "milestones"
NOTES_MODULE = Path(__file__).resolve().parent / "milestone_notes.py"
OWNERS = frozenset({"hr", "employee", "provider", "authority"})
UNITS = frozenset({"days", "weeks", "months", "working_days"})
FROM_PREVIOUS = "previous"
FROM_CASE_START = "case_start"

_TOP_KEYS = frozenset({"pathway", "description", "steps"})
_STEP_REQUIRED = frozenset({"code", "title_en", "title_de", "owner"})
_STEP_KEYS = _STEP_REQUIRED | {"time_limit", "decision", "note"}
_LIMIT_REQUIRED = frozenset({"amount", "unit", "from", "legal_basis", "source"})
_LIMIT_KEYS = _LIMIT_REQUIRED | {"note"}


class TemplateError(ValueError):
    """A milestone template file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class TimeLimit:
    amount: int
    unit: str
    start: str  # "previous", "case_start" or the code of an earlier step
    legal_basis: str
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class StepTemplate:
    code: str
    title_en: str
    title_de: str
    owner: str
    time_limit: TimeLimit | None
    decision: bool  # records an outcome (full/partial/refused) and the competent authority
    note: str = ""


@dataclass(frozen=True, slots=True)
class PathwayTemplate:
    pathway: str
    description: str
    steps: tuple[StepTemplate, ...]

    def step(self, code: str) -> StepTemplate | None:
        return next((step for step in self.steps if step.code == code), None)


def _check_keys(where: str, data: Any, required: frozenset[str], allowed: frozenset[str]) -> None:
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: expected a mapping")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise TemplateError(f"{where}: unknown keys {unknown}")
    missing = sorted(required - set(data))
    if missing:
        raise TemplateError(f"{where}: missing keys {missing}")


def _text(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(f"{where}: expected a non-empty text")
    return value.strip()


def _time_limit(where: str, data: Any, earlier: list[str]) -> TimeLimit:
    _check_keys(where, data, _LIMIT_REQUIRED, _LIMIT_KEYS)
    amount = data["amount"]
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise TemplateError(f"{where}.amount: expected a positive whole number")
    if data["unit"] not in UNITS:
        raise TemplateError(f"{where}.unit: expected one of {sorted(UNITS)}")
    start = data["from"]
    if start == FROM_PREVIOUS and not earlier:
        raise TemplateError(f"{where}.from: the first step has no previous step")
    if start not in {FROM_PREVIOUS, FROM_CASE_START, *earlier}:
        raise TemplateError(
            f"{where}.from: expected previous, case_start or the code of an earlier step"
        )
    source = _text(f"{where}.source", data["source"])
    if not source.startswith("https://"):
        raise TemplateError(f"{where}.source: expected an https:// address")
    return TimeLimit(
        amount=amount,
        unit=data["unit"],
        start=start,
        legal_basis=_text(f"{where}.legal_basis", data["legal_basis"]),
        source=source,
        note=str(data.get("note") or "").strip(),
    )


def parse_template(data: Any, *, name: str) -> PathwayTemplate:
    """Validate one template (already parsed from YAML); ``name`` is the expected pathway code."""
    _check_keys(name, data, frozenset({"pathway", "steps"}), _TOP_KEYS)
    if data["pathway"] != name:
        raise TemplateError(f"{name}: pathway {data['pathway']!r} does not match the file name")
    raw_steps = data["steps"]
    if not isinstance(raw_steps, list) or not raw_steps:
        raise TemplateError(f"{name}.steps: expected a non-empty list")
    steps: list[StepTemplate] = []
    codes: list[str] = []
    for index, raw in enumerate(raw_steps):
        where = f"{name}.steps[{index}]"
        _check_keys(where, raw, _STEP_REQUIRED, _STEP_KEYS)
        code = _text(f"{where}.code", raw["code"])
        if code in codes:
            raise TemplateError(f"{where}.code: duplicate step {code!r}")
        if raw["owner"] not in OWNERS:
            raise TemplateError(f"{where}.owner: expected one of {sorted(OWNERS)}")
        decision = raw.get("decision", False)
        if not isinstance(decision, bool):
            raise TemplateError(f"{where}.decision: expected true or false")
        limit = raw.get("time_limit")
        steps.append(
            StepTemplate(
                code=code,
                title_en=_text(f"{where}.title_en", raw["title_en"]),
                title_de=_text(f"{where}.title_de", raw["title_de"]),
                owner=raw["owner"],
                time_limit=_time_limit(f"{where}.time_limit", limit, codes) if limit else None,
                decision=decision,
                note=str(raw.get("note") or "").strip(),
            )
        )
        codes.append(code)
    return PathwayTemplate(
        pathway=name, description=str(data.get("description") or "").strip(), steps=tuple(steps)
    )


def load_template_file(path: Path) -> PathwayTemplate:
    # Imported where the files are read (once per process, ``all_templates``), not by the
    # pages that import this module for its types.
    import yaml

    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return parse_template(data, name=path.stem)


@lru_cache(maxsize=1)
def all_templates() -> dict[str, PathwayTemplate]:
    """Every template, loaded and checked once per process."""
    return {path.stem: load_template_file(path) for path in sorted(MILESTONES_DIR.glob("*.yaml"))}


def template_for(pathway_code: str) -> PathwayTemplate | None:
    return all_templates().get(pathway_code)


def notes() -> list[str]:
    """Every note the timeline shows (steps' and time limits'), once each, sorted."""
    texts: set[str] = set()
    for template in all_templates().values():
        for step in template.steps:
            texts.add(step.note)
            if step.time_limit is not None:
                texts.add(step.time_limit.note)
    return sorted(text for text in texts if text)


def _noop_call(literal: str) -> str:
    """One entry, laid out as ``ruff format`` would, so the generated file is left as is."""
    line = f"    gettext_noop({literal}),"
    return line if len(line) <= 100 else f"    gettext_noop(\n        {literal}\n    ),"


def notes_module_source() -> str:
    """The text of ``milestone_notes.py``: the notes as ``gettext_noop`` calls.

    makemessages reads Python and templates, not YAML; this module is how the notes reach
    the catalogues. The timeline translates a note when it shows it.
    """
    lines = [
        '"""The notes of the milestone templates (``milestones/*.yaml``), for makemessages.',
        "",
        "Generated by ``python -m expatcare.mobility.milestone_templates``, which",
        "``scripts/update-translations`` runs; a test fails when it lags behind the templates.",
        '"""',
        "",
        "# ruff: noqa: E501",
        "from django.utils.translation import gettext_noop",
        "",
        "NOTES = (",
        *(_noop_call(json.dumps(text, ensure_ascii=False)) for text in notes()),
        ")",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    NOTES_MODULE.write_text(notes_module_source(), encoding="utf-8")
