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


def test_every_open_question_has_a_label_equal_to_the_engine_text() -> None:
    """The open questions of unverified values are in the gettext catalogues word for word, and
    the German catalogue says what the engine says in German."""
    from django.utils import translation

    from expatcare.rules.engine import load_parameters
    from expatcare.rules.messages import TEMPLATES

    parameters = load_parameters()
    codes = {
        p.open_question_message
        for name in parameters.names
        for _, p in parameters.history(name)
        if p is not None and p.open_question_message is not None
    }
    assert codes and codes == {c for c in TEMPLATES if c.startswith("question.")}
    assert set(labels.OPEN_QUESTIONS) == codes
    for code in codes:
        with translation.override("en"):
            assert str(labels.OPEN_QUESTIONS[code]) == TEMPLATES[code].en
        with translation.override("de"):
            assert str(labels.OPEN_QUESTIONS[code]) == TEMPLATES[code].de
