"""The engine door hands out typed, frozen results, and the JSON contracts stay as they were.

Pages and services read ``Assessment`` and ``PensionResult`` objects; the API, the JSON twins
and the stored case read the engine's JSON, which the objects keep unchanged.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from expatcare.engine.contracts import (
    ASSESSMENT_EXAMPLE,
    PENSION_EXAMPLE,
    InputError,
    assess_json,
    evaluate_json,
)
from expatcare.engine.pension_results import PensionResult
from expatcare.engine.results import Assessment, Message

SCENARIOS = Path(__file__).resolve().parents[1] / "rules" / "scenarios"


def _outputs(contract: str) -> list[dict[str, Any]]:
    engine = assess_json if contract == "assess" else evaluate_json
    outputs = []
    for path in sorted((SCENARIOS / contract).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        try:
            outputs.append(engine(data["input"]))
        except InputError:
            continue
    return outputs


class TestAssessment:
    def test_fields_are_typed(self) -> None:
        result = Assessment.from_json(assess_json(ASSESSMENT_EXAMPLE))

        assert result.as_of == dt.date(2026, 3, 1)
        assert result.recommended == "DE_BLUE_CARD"
        blue = result.pathway("DE_BLUE_CARD")
        assert blue is not None and blue.status == "eligible"
        salary = next(r for r in blue.requirements if r.code == "salary_threshold")
        assert salary.met is True
        assert isinstance(salary.message, Message)
        assert all(isinstance(o.due, dt.date | None) for o in result.obligations)
        assert result.social_security is not None
        assert result.social_security.branches["pension"] == "DE"

    def test_results_are_frozen(self) -> None:
        result = Assessment.from_json(assess_json(ASSESSMENT_EXAMPLE))

        with pytest.raises(dataclasses.FrozenInstanceError):
            result.recommended = "EU_FREE_MOVEMENT"  # type: ignore[misc]
        with pytest.raises(TypeError):
            result.json["recommended"] = "EU_FREE_MOVEMENT"  # type: ignore[index]
        assert not hasattr(result, "__dict__"), "slots keep results small"

    def test_the_json_is_the_engines_byte_for_byte_over_every_scenario(self) -> None:
        outputs = _outputs("assess")
        assert len(outputs) > 80
        for output in outputs:
            expected = json.dumps(output, sort_keys=False)
            result = Assessment.from_json(output)
            assert json.dumps(result.as_json(), sort_keys=False) == expected
            messages = [r.message for p in result.pathways for r in p.requirements]
            raw = [r["message"] for p in output["pathways"] for r in p["requirements"]]
            assert [m.as_json() if m else None for m in messages] == raw


class TestPension:
    def test_money_is_decimal_and_dates_are_dates(self) -> None:
        output = evaluate_json(PENSION_EXAMPLE)
        result = PensionResult.from_json(output)

        assert result.limits.tax_free_annual_eur == Decimal(output["limits"]["tax_free_annual_eur"])
        assert result.employer_subsidy.monthly_eur == Decimal(
            output["employer_subsidy_monthly_eur"]
        )
        assert [v.kind for v in result.vesting] == ["employer_funded", "deferred_compensation"]
        assert result.leaving_date == dt.date.fromisoformat(output["leaving"]["date"])
        assert result.contributions.total_monthly_eur == Decimal(
            output["contributions"]["total_monthly_eur"]
        )

    def test_the_json_is_the_engines_byte_for_byte_over_every_scenario(self) -> None:
        outputs = _outputs("pension")
        assert len(outputs) > 15
        for output in outputs:
            before = copy.deepcopy(output)
            result = PensionResult.from_json(output)
            assert json.dumps(result.as_json()) == json.dumps(before)
            codes = [item.code for item in result.on_leaving]
            assert codes == [item["code"] for item in before["on_leaving"]]
