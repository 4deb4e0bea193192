"""Scenario files: cases as data, each traced to the official example or law text it comes from.

``scenarios/assess/*.yaml`` run through the §5a contract (``assess_json``) and
``scenarios/pension/*.yaml`` through §5b (``evaluate_json``). Each file
holds ``title``, ``source``, ``input`` and a partial ``expect``:

* a mapping matches key by key (keys not named are not checked);
* a list of items with ``code`` matches each expected item against an output item with the same
  code (any of them, if several share it); an empty list means the output list must be empty;
* anything else must be equal.

Assess files may also say ``absent_obligations``/``absent_findings`` (codes that must not appear)
and ``trace_includes`` (parameters that must appear in the trace); pension files may say
``absent_on_leaving``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from expatcare.rules.engine import load_parameters
from expatcare.rules.io import assess_json
from expatcare.rules.messages import TEMPLATES, Message, render
from expatcare.rules.pension import evaluate_json

SCENARIOS = Path(__file__).parent / "scenarios"
ASSESS_FILES = sorted((SCENARIOS / "assess").glob("*.yaml"))
PENSION_FILES = sorted((SCENARIOS / "pension").glob("*.yaml"))
FILE_KEYS = {"title", "source", "input", "expect"}
ASSESS_EXTRAS = {"absent_obligations", "absent_findings", "trace_includes"}


def mismatches(actual: Any, expected: Any, path: str = "") -> list[str]:
    """Differences between an output and a partial expectation, as readable paths."""
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [f"{path or '<root>'}: expected an object, got {actual!r}"]
        problems: list[str] = []
        for key, value in expected.items():
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                problems.append(f"{where}: missing in output")
            else:
                problems.extend(mismatches(actual[key], value, where))
        return problems
    if (
        isinstance(expected, list)
        and expected
        and all(isinstance(item, Mapping) and "code" in item for item in expected)
    ):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        problems = []
        for item in expected:
            candidates = [
                a for a in actual if isinstance(a, Mapping) and a.get("code") == item["code"]
            ]
            if not candidates:
                codes = sorted({str(a.get("code")) for a in actual if isinstance(a, Mapping)})
                problems.append(f"{path}: no item with code {item['code']!r} (have {codes})")
                continue
            attempts: list[list[str]] = [
                mismatches(c, item, f"{path}[{item['code']}]") for c in candidates
            ]
            if all(attempts):
                shortest: list[str] = min(attempts, key=len)
                problems.extend(shortest)
        return problems
    if expected == [] and isinstance(actual, list):
        return [] if not actual else [f"{path}: expected an empty list, got {len(actual)} items"]
    if actual != expected:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    assert set(data) == FILE_KEYS, f"{path.name}: keys must be exactly {sorted(FILE_KEYS)}"
    assert isinstance(data["title"], str) and data["title"].strip()
    assert isinstance(data["source"], str) and "http" in data["source"], (
        f"{path.name}: source must name the law text or example with a URL"
    )
    return data


def run_assess(path: Path) -> tuple[dict[str, Any], list[str]]:
    data = _load(path)
    expect = dict(data["expect"])
    absent_obligations = expect.pop("absent_obligations", [])
    absent_findings = expect.pop("absent_findings", [])
    trace_includes = expect.pop("trace_includes", [])
    result = assess_json(data["input"])
    problems = mismatches(result, expect)
    obligation_codes = {o["code"] for o in result["obligations"]}
    finding_codes = {f["code"] for f in result["findings"]}
    trace_names = {t["parameter"] for t in result["trace"]}
    problems += [
        f"obligation {c} must not appear" for c in absent_obligations if c in obligation_codes
    ]
    problems += [f"finding {c} must not appear" for c in absent_findings if c in finding_codes]
    problems += [f"trace lacks {n}" for n in trace_includes if n not in trace_names]
    return result, problems


@pytest.mark.parametrize("path", ASSESS_FILES, ids=[p.stem for p in ASSESS_FILES])
def test_assess_scenario(path: Path) -> None:
    _, problems = run_assess(path)
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", PENSION_FILES, ids=[p.stem for p in PENSION_FILES])
def test_pension_scenario(path: Path) -> None:
    data = _load(path)
    expect = dict(data["expect"])
    absent_on_leaving = expect.pop("absent_on_leaving", [])
    result = evaluate_json(data["input"])
    problems = mismatches(result, expect)
    leaving_codes = {item["code"] for item in result["on_leaving"]}
    problems += [f"on_leaving {c} must not appear" for c in absent_on_leaving if c in leaving_codes]
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_there_are_enough_assess_scenarios() -> None:
    assert len(ASSESS_FILES) >= 50


def test_there_are_enough_pension_scenarios() -> None:
    assert len(PENSION_FILES) >= 15


def test_every_pathway_code_is_covered_by_scenarios() -> None:
    """Each pathway appears in some scenario expectation with each meaningful status."""
    seen: set[tuple[str, str]] = set()
    for path in ASSESS_FILES:
        for item in _load(path)["expect"].get("pathways", []):
            if "status" in item:
                seen.add((item["code"], item["status"]))
    from expatcare.rules.model import PATHWAY_CODES

    for code in PATHWAY_CODES:
        assert (code, "eligible") in seen, f"no scenario expects {code} eligible"
        assert (code, "not_eligible") in seen, f"no scenario expects {code} not_eligible"


def test_every_obligation_code_is_covered_by_scenarios() -> None:
    seen: set[str] = set()
    for path in ASSESS_FILES:
        seen |= {o["code"] for o in _load(path)["expect"].get("obligations", [])}
    required = {
        "RESIDENCE_TITLE_CHECK",
        "RESIDENCE_TITLE_COPY",
        "DEUEV_REGISTRATION",
        "SOFORTMELDUNG",
        "HEALTH_INSURANCE_REGISTRATION",
        "RESIDENCE_REGISTRATION",
        "PERMIT_RENEWAL",
        "EMPLOYMENT_END_NOTICE",
        "A1_CERTIFICATE",
        "POSTING_CERTIFICATE",
        "DEUEV_DEREGISTRATION",
    }
    assert required <= seen, f"not covered: {sorted(required - seen)}"


def _used_values(path: Path, pension: bool) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    data = _load(path)
    result = evaluate_json(data["input"]) if pension else assess_json(data["input"])
    return result, [(t["parameter"], t["valid_from"]) for t in result["trace"]]


@pytest.mark.parametrize(
    ("path", "pension"),
    [(p, False) for p in ASSESS_FILES] + [(p, True) for p in PENSION_FILES],
    ids=[p.stem for p in ASSESS_FILES + PENSION_FILES],
)
def test_every_unverified_value_a_scenario_uses_names_its_open_question(
    path: Path, pension: bool
) -> None:
    """A value not checked against its source may only be used with its question stated.

    The question needs its text, its message (so the reader sees it in their own language) and
    the sources searched; the result itself must name that question to the reader.
    """
    parameters = load_parameters()
    result, used = _used_values(path, pension)
    for name, valid_from in used:
        parameter = dict(parameters.history(name))[date.fromisoformat(valid_from)]
        assert parameter is not None
        if parameter.verified:
            continue
        assert parameter.open_question, f"{name} from {valid_from}: no open_question"
        code = parameter.open_question_message
        assert code in TEMPLATES, f"{name} from {valid_from}: no message for its question"
        assert parameter.searched, f"{name} from {valid_from}: no source searched"
        if pension:
            note = next(n for n in result["notes"] if n["code"] == "UNVERIFIED_PARAMETER")
            assert code is not None
            assert render(Message(code), "en") in note["explanation"]
            assert render(Message(code), "de") in note["explanation_de"]
        else:
            assert any(
                f["code"] == "UNVERIFIED_PARAMETER"
                and f["message"]["params"]["parameter"] == name
                and f["message"]["params"]["open_question"]["code"] == code
                for f in result["findings"]
            ), f"{path.name}: no finding names the open question of {name}"
