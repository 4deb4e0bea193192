"""Runs the pension scenarios in ``scenarios/pension/*.yaml`` through the §5b JSON contract.

Each file holds ``title``, ``source`` (the law text or official example it comes from), the §5b
``input`` and a partial ``expect``: mappings match key by key, a list of items with ``code``
matches each expected item against the output item with the same code, any other value must be
equal. Keeping cases as data lets a reviewer check them against the source without reading code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from expatcare.rules.pension import evaluate_json

SCENARIO_DIR = Path(__file__).parent / "scenarios" / "pension"
SCENARIO_FILES = sorted(SCENARIO_DIR.glob("*.yaml"))
SCENARIO_KEYS = {"title", "source", "input", "expect"}


def _mismatches(actual: Any, expected: Any, path: str) -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        problems: list[str] = []
        for key, value in expected.items():
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                problems.append(f"{where}: missing")
            else:
                problems.extend(_mismatches(actual[key], value, where))
        return problems
    if (
        isinstance(expected, list)
        and expected
        and all(isinstance(item, dict) and "code" in item for item in expected)
    ):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        by_code = {str(item.get("code")): item for item in actual if isinstance(item, dict)}
        problems = []
        for item in expected:
            code = item["code"]
            if code not in by_code:
                problems.append(f"{path}[{code}]: missing; present: {sorted(by_code)}")
            else:
                problems.extend(_mismatches(by_code[code], item, f"{path}[{code}]"))
        return problems
    if actual != expected:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def test_there_are_enough_scenarios() -> None:
    assert len(SCENARIO_FILES) >= 15


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_pension_scenario(path: Path) -> None:
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(scenario) == SCENARIO_KEYS, f"{path.name}: keys must be {sorted(SCENARIO_KEYS)}"
    assert "http" in scenario["source"], f"{path.name}: source must cite a URL"
    result = evaluate_json(scenario["input"])
    problems = _mismatches(result, scenario["expect"], "")
    assert not problems, f"{scenario['title']}\n" + "\n".join(problems)
