"""The §5a output contract: shape, codes and citations, checked on every scenario output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from expatcare.rules.model import PATHWAY_CODES
from expatcare.rules.residence import PREFERENCE_ORDER, REMOTE_PREFERENCE_ORDER
from tests.rules.test_scenarios import ASSESS_FILES, run_assess

STATUSES = {"eligible", "conditional", "not_eligible"}
SEVERITIES = {"error", "warning", "info"}
BRANCHES = {"pension", "health", "unemployment", "accident", "care"}


def _is_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))


@pytest.fixture(scope="module")
def outputs() -> dict[str, dict[str, Any]]:
    return {path.stem: run_assess(path)[0] for path in ASSESS_FILES}


def test_every_pathway_code_appears_once_in_every_output(
    outputs: dict[str, dict[str, Any]],
) -> None:
    for name, result in outputs.items():
        codes = [p["code"] for p in result["pathways"]]
        assert codes == list(PATHWAY_CODES), name


def test_every_item_carries_legal_basis_and_source(outputs: dict[str, dict[str, Any]]) -> None:
    for name, result in outputs.items():
        items: list[tuple[str, dict[str, Any]]] = []
        for pathway in result["pathways"]:
            items.append((f"pathway {pathway['code']}", pathway))
            assert pathway["sources"] and all(_is_url(s) for s in pathway["sources"]), name
            items += [(f"requirement {r['code']}", r) for r in pathway["requirements"]]
        items += [(f"obligation {o['code']}", o) for o in result["obligations"]]
        items += [(f"finding {f['code']}", f) for f in result["findings"]]
        items.append(("social_security", result["social_security"]))
        for label, item in items:
            assert isinstance(item["legal_basis"], str) and item["legal_basis"].strip(), (
                f"{name}: {label} has no legal_basis"
            )
            assert _is_url(item["source"]), f"{name}: {label} has no source URL"


def test_texts_exist_in_english_and_german(outputs: dict[str, dict[str, Any]]) -> None:
    for name, result in outputs.items():
        for pathway in result["pathways"]:
            for r in pathway["requirements"]:
                assert r["detail"] and r["detail_de"], f"{name}: {r['code']}"
        for o in result["obligations"]:
            assert o["explanation"] and o["explanation_de"], f"{name}: {o['code']}"
        for f in result["findings"]:
            assert f["detail"] and f["detail_de"], f"{name}: {f['code']}"
        ss = result["social_security"]
        assert ss["explanation"] and ss["explanation_de"], name


def test_value_domains(outputs: dict[str, dict[str, Any]]) -> None:
    for name, result in outputs.items():
        assert {p["status"] for p in result["pathways"]} <= STATUSES, name
        assert {f["severity"] for f in result["findings"]} <= SEVERITIES, name
        assert set(result["social_security"]["branches"]) == BRANCHES, name
        assert result["recommended_order"] in (
            list(PREFERENCE_ORDER),
            list(REMOTE_PREFERENCE_ORDER),
        )
        for o in result["obligations"]:
            assert o["responsible"] in {"employer", "employee"}, name
            assert o["due"] is None or len(o["due"]) == 10, name


def test_recommended_is_first_eligible_in_stated_order(outputs: dict[str, dict[str, Any]]) -> None:
    for name, result in outputs.items():
        eligible = {p["code"] for p in result["pathways"] if p["status"] == "eligible"}
        first = next((c for c in result["recommended_order"] if c in eligible), None)
        assert result["recommended"] == first, name


def test_procedural_steps_never_make_a_pathway_conditional(
    outputs: dict[str, dict[str, Any]],
) -> None:
    for name, result in outputs.items():
        for pathway in result["pathways"]:
            failed = [r for r in pathway["requirements"] if r["met"] is False]
            if pathway["status"] == "eligible":
                assert not failed, f"{name}: {pathway['code']} eligible with failed requirements"
            else:
                assert failed, f"{name}: {pathway['code']} {pathway['status']} without a reason"


def test_output_is_plain_json_with_money_as_strings(outputs: dict[str, dict[str, Any]]) -> None:
    for name, result in outputs.items():
        text = json.dumps(result)  # raises on Decimal, date or other non-JSON values
        assert json.loads(text) == result, name
        for entry in result["trace"]:
            if entry["parameter"].endswith(("salary_standard", "minimum_wage_hourly", "jaeg")):
                assert isinstance(entry["value"], str), entry


def test_trace_lists_each_consulted_parameter_with_date_and_source(
    outputs: dict[str, dict[str, Any]],
) -> None:
    for name, result in outputs.items():
        names = [t["parameter"] for t in result["trace"]]
        assert names == sorted(set(names)), name
        for t in result["trace"]:
            assert _is_url(t["source"]) and len(t["valid_from"]) == 10, name


def test_ruleset_version_is_package_version_plus_hash(outputs: dict[str, dict[str, Any]]) -> None:
    versions = {r["ruleset_version"] for r in outputs.values()}
    assert len(versions) == 1
    version, _, digest = versions.pop().partition("+")
    assert version and len(digest) == 12 and all(c in "0123456789abcdef" for c in digest)


def test_scenario_files_have_no_absolute_file_paths() -> None:
    absolute_path = re.compile(r"(?<![\w:/.])/[a-z_]+/[a-z_]")  # URLs have "://" before
    for path in ASSESS_FILES:
        text = Path(path).read_text(encoding="utf-8")
        assert not absolute_path.search(text), path.name
