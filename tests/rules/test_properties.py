"""Properties over generated cases: no crash, determinism, salary monotonicity, memo."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expatcare.rules import context
from expatcare.rules.cli import main
from expatcare.rules.errors import InputError, OutOfRange
from expatcare.rules.io import assess_json, parse_case
from expatcare.rules.model import PATHWAY_CODES
from tests.rules.strategies import cases

RANK = {"not_eligible": 0, "conditional": 1, "eligible": 2}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _statuses(result: dict[str, Any]) -> dict[str, str]:
    return {p["code"]: p["status"] for p in result["pathways"]}


@SETTINGS
@given(cases())
def test_valid_input_never_crashes(data: dict[str, Any]) -> None:
    try:
        result = assess_json(data)
    except InputError as error:
        # Only cross-field checks may refuse generated data, and they name the field.
        assert error.field in {
            "job.end_date",
            "job.ended_early_on",
            "job.start_date",
            "person.birth_date",
            "job.posting.to_country",
        }
        return
    assert [p["code"] for p in result["pathways"]] == list(PATHWAY_CODES)
    json.dumps(result)


@SETTINGS
@given(cases())
def test_deterministic_and_memo_transparent(data: dict[str, Any]) -> None:
    try:
        first = assess_json(copy.deepcopy(data))
    except InputError:
        return
    assert assess_json(copy.deepcopy(data)) == first
    context.MEMO_ENABLED = False
    try:
        fresh = assess_json(copy.deepcopy(data))
    finally:
        context.MEMO_ENABLED = True
    assert fresh == first


@SETTINGS
@given(cases(), st.integers(1, 10_000_000))
def test_higher_salary_never_loses_a_pathway(data: dict[str, Any], raise_cents: int) -> None:
    try:
        low = assess_json(copy.deepcopy(data))
    except InputError:
        return
    higher = copy.deepcopy(data)
    salary = Decimal(str(data["job"]["annual_gross_salary_eur"]))
    higher["job"]["annual_gross_salary_eur"] = str(salary + Decimal(raise_cents) / 100)
    high = assess_json(higher)
    before, after = _statuses(low), _statuses(high)
    for code in PATHWAY_CODES:
        assert RANK[after[code]] >= RANK[before[code]], (code, before[code], after[code])


@SETTINGS
@given(cases(), st.sampled_from(["2023-12-31", "2027-01-01", "2030-06-15", "1999-01-01"]))
def test_as_of_outside_the_window_is_refused(data: dict[str, Any], as_of: str) -> None:
    data["as_of"] = as_of
    data["person"]["birth_date"] = "1980-01-01"
    data["job"]["start_date"] = as_of
    data["job"].pop("end_date", None)
    data["job"].pop("ended_early_on", None)
    data["job"]["posting"] = None
    with pytest.raises(OutOfRange) as raised:
        assess_json(data)
    assert raised.value.field == "as_of"


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@SETTINGS
@given(cases(), st.data())
def test_junk_in_any_field_is_an_input_error_naming_a_field(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    section = draw.draw(st.sampled_from(["person", "job", "qualification"]))
    target = data["person"]["qualification"] if section == "qualification" else data[section]
    key = draw.draw(st.sampled_from(sorted(target)))
    target[key] = draw.draw(JUNK)
    try:
        parse_case(data)
    except InputError as error:
        assert error.field and error.message
        assert str(error).startswith(error.field + ": ")


# --------------------------------------------------------------------------- CLI exit codes


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


BASE = {
    "as_of": "2026-03-01",
    "person": {"nationalities": ["IN"], "birth_date": "1991-04-02"},
    "job": {"start_date": "2026-06-01", "annual_gross_salary_eur": "52000", "weekly_hours": 40},
}


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["person"].__setitem__("nationalities", ["QQ"]), "person.nationalities[0]"),
        (
            lambda d: d["job"].__setitem__("annual_gross_salary_eur", "-1"),
            "job.annual_gross_salary_eur",
        ),
        (lambda d: d.__setitem__("as_of", "2026-02-30"), "as_of"),
        (lambda d: d["job"].__setitem__("start_date", "01.06.2026"), "job.start_date"),
        (lambda d: d.__setitem__("as_of", "2027-03-01"), "as_of"),
        (lambda d: d["person"].__setitem__("colour", "red"), "person.colour"),
        (lambda d: d["person"].__setitem__("german_level", "B3"), "person.german_level"),
        (lambda d: d["job"].__setitem__("state", "XX"), "job.state"),
    ],
)
def test_cli_exit_2_names_the_field(
    mutate: Callable[[dict[str, Any]], object], field: str, tmp_path: Path
) -> None:
    data = copy.deepcopy(BASE)
    mutate(data)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run(["assess", str(path)])
    assert code == 2 and out == ""
    assert field in err


@SETTINGS
@given(st.text(max_size=40))
def test_cli_exit_2_on_malformed_json(text: str) -> None:
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        return
    code, out, err = _run(["assess", "-"], stdin=text)
    assert code == 2 and out == "" and err.startswith("error: input: ")
