"""Milestone templates: every file loads, every time limit is sourced, the loader is strict."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils import translation

from expatcare.engine.labels import MILESTONES
from expatcare.mobility.milestone_templates import (
    TemplateError,
    all_templates,
    parse_template,
)
from expatcare.rules.io import assess_json
from tests.mobility.conftest import FACTS

VALID: dict[str, Any] = {
    "pathway": "X",
    "steps": [
        {"code": "a", "title_en": "A", "title_de": "A", "owner": "hr"},
        {
            "code": "b",
            "title_en": "B",
            "title_de": "B",
            "owner": "authority",
            "time_limit": {
                "amount": 2,
                "unit": "weeks",
                "from": "previous",
                "legal_basis": "§ 1",
                "source": "https://example.org/1",
            },
        },
    ],
}


def test_every_pathway_of_the_engine_has_a_template() -> None:
    """A case can start on any pathway the engine names, so each needs its milestones."""
    codes = {pathway["code"] for pathway in assess_json(FACTS)["pathways"]}
    assert codes <= set(all_templates())


def test_every_time_limit_names_its_legal_basis_and_an_official_source() -> None:
    limits = [
        step.time_limit
        for template in all_templates().values()
        for step in template.steps
        if step.time_limit is not None
    ]
    assert limits
    for limit in limits:
        assert limit.legal_basis
        assert limit.source.startswith("https://www.gesetze-im-internet.de/")


def test_the_legal_time_limits_of_the_accelerated_procedure() -> None:
    """§ 81a AufenthG: BA one week, recognition 2 weeks / 2 months, mission 3 + 3 weeks."""
    template = all_templates()["DE_SKILLED_VOCATIONAL"]
    limits = {step.code: step.time_limit for step in template.steps if step.time_limit}
    assert (limits["ba_approval"].amount, limits["ba_approval"].unit) == (1, "weeks")
    assert "§ 36 Abs. 2" in limits["ba_approval"].legal_basis
    assert (limits["recognition_receipt"].amount, limits["recognition_receipt"].unit) == (
        2,
        "weeks",
    )
    decision = limits["recognition_decision"]
    assert (decision.amount, decision.unit, decision.start) == (
        2,
        "months",
        "recognition_application",
    )
    assert "§ 14a" in decision.legal_basis
    assert (limits["visa_appointment"].amount, limits["visa_appointment"].unit) == (3, "weeks")
    assert limits["visa_decision"].start == "visa_appointment"
    assert "§ 17" in limits["residence_registration"].legal_basis


def test_recognition_outside_the_accelerated_procedure_uses_the_general_limits() -> None:
    template = all_templates()["DE_RECOGNITION_PARTNERSHIP"]
    decision = template.step("recognition_decision")
    assert decision is not None and decision.time_limit is not None
    assert (decision.time_limit.amount, decision.time_limit.unit) == (3, "months")
    assert "§ 6" in decision.time_limit.legal_basis


def test_titles_are_in_the_translation_catalogue() -> None:
    """The English titles must equal the gettext strings, or translations would not apply."""
    with translation.override("en"):
        for template in all_templates().values():
            for step in template.steps:
                assert str(MILESTONES[step.code]) == step.title_en, step.code


def test_a_valid_template_parses() -> None:
    template = parse_template(VALID, name="X")
    assert [step.code for step in template.steps] == ["a", "b"]
    assert template.steps[1].time_limit is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(extra=1), "unknown keys"),
        (lambda d: d["steps"][0].update(colour="red"), "unknown keys"),
        (lambda d: d["steps"][0].pop("title_de"), "missing keys"),
        (lambda d: d["steps"][0].update(owner="robot"), "owner"),
        (lambda d: d["steps"][1].update(code="a"), "duplicate"),
        (lambda d: d["steps"][1]["time_limit"].pop("legal_basis"), "missing keys"),
        (lambda d: d["steps"][1]["time_limit"].update(source="ftp://x"), "https"),
        (lambda d: d["steps"][1]["time_limit"].update(unit="fortnights"), "unit"),
        (lambda d: d["steps"][1]["time_limit"].update(amount=0), "positive"),
        (lambda d: d["steps"][1]["time_limit"].update({"from": "b"}), "earlier step"),
        (lambda d: d.update(pathway="Y"), "does not match"),
        (lambda d: d.update(steps=[]), "non-empty"),
    ],
)
def test_the_loader_refuses_malformed_templates(change, message) -> None:
    data = copy.deepcopy(VALID)
    change(data)
    with pytest.raises(TemplateError, match=message):
        parse_template(data, name="X")


def test_a_first_step_cannot_count_from_a_previous_one() -> None:
    data = copy.deepcopy(VALID)
    data["steps"][0]["time_limit"] = dict(data["steps"][1]["time_limit"])
    with pytest.raises(TemplateError, match="no previous step"):
        parse_template(data, name="X")
