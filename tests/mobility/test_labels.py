"""Every code the rules engine can answer with has a human, translatable name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from expatcare.engine import labels
from expatcare.rules.io import assess_json

SCENARIOS = Path(__file__).resolve().parents[1] / "rules" / "scenarios" / "assess"


def _outputs() -> list[dict[str, Any]]:
    outputs = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
        result = assess_json(scenario["input"])
        if "pathways" in result:
            outputs.append(result)
    return outputs


def test_every_code_in_the_scenario_outputs_has_a_label() -> None:
    outputs = _outputs()
    assert len(outputs) > 60
    seen: dict[str, set[str]] = {"pathways": set(), "obligations": set(), "findings": set()}
    for output in outputs:
        for section in seen:
            seen[section] |= {item["code"] for item in output.get(section, [])}
    assert seen["obligations"] >= {"DEUEV_REGISTRATION", "DEUEV_DEREGISTRATION"}
    assert seen["pathways"] - set(labels.PATHWAYS) == set()
    assert seen["obligations"] - set(labels.OBLIGATIONS) == set()
    assert seen["findings"] - set(labels.FINDINGS) == set()
