"""The engine refuses what it cannot compute with, naming the field (issue 12, defects 3-5).

Dates outside 1900-2199 (deadlines computed from 9999-12-31 overflowed), numbers with more
digits than any amount needs (``Decimal`` raised ``InvalidOperation`` before the maximum was
checked), and JSON nested beyond the contracts' shape (the parser hit Python's recursion
limit) are ``InputError``s: exit code 2 in the CLI, 422 in the API.
"""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest

from expatcare.rules.cli import main
from expatcare.rules.errors import InputError
from expatcare.rules.examples import ASSESSMENT_EXAMPLE, PENSION_EXAMPLE
from expatcare.rules.io import assess_json
from expatcare.rules.limits import nesting_depth
from expatcare.rules.pension import evaluate_json


def _with(example: Any, path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(dict(example))
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[key]
    target[last] = value
    return data


@pytest.mark.parametrize(
    "path",
    ["as_of", "job.start_date", "job.end_date", "person.move_in_date", "person.birth_date"],
)
@pytest.mark.parametrize("value", ["9999-12-31", "1899-12-31"])
def test_assessment_dates_outside_the_window_name_their_field(path: str, value: str) -> None:
    with pytest.raises(InputError) as error:
        assess_json(_with(ASSESSMENT_EXAMPLE, path, value))
    assert error.value.field == path
    assert "between 1900-01-01 and 2199-12-31" in error.value.message


@pytest.mark.parametrize("path", ["as_of", "plan.commitment_start", "leaving.date"])
def test_pension_dates_outside_the_window_name_their_field(path: str) -> None:
    with pytest.raises(InputError) as error:
        evaluate_json(_with(PENSION_EXAMPLE, path, "9999-12-31"))
    assert error.value.field == path


def test_a_pension_as_of_without_parameters_is_blamed_on_as_of() -> None:
    with pytest.raises(InputError) as error:
        evaluate_json(_with(PENSION_EXAMPLE, "as_of", "2150-01-01"))
    assert error.value.field == "as_of"


def test_dates_late_in_the_window_still_compute() -> None:
    assess_json(_with(ASSESSMENT_EXAMPLE, "job.end_date", "2199-12-31"))
    evaluate_json(_with(PENSION_EXAMPLE, "leaving.date", "2199-12-31"))


@pytest.mark.parametrize("amount", ["9" * 27, "1" + "0" * 30, 10**400, 10**20])
@pytest.mark.parametrize(
    ("example", "path", "engine"),
    [
        (PENSION_EXAMPLE, "person.annual_gross_salary_eur", evaluate_json),
        (PENSION_EXAMPLE, "plan.employer_contribution_monthly_eur", evaluate_json),
        (ASSESSMENT_EXAMPLE, "job.annual_gross_salary_eur", assess_json),
        (ASSESSMENT_EXAMPLE, "job.weekly_hours", assess_json),
    ],
)
def test_huge_numbers_are_refused_before_arithmetic(example, path, engine, amount) -> None:
    with pytest.raises(InputError) as error:
        engine(_with(example, path, amount))
    assert error.value.field == path


def _cli(command: str, text: str) -> tuple[int, str]:
    stderr = io.StringIO()
    code = main([command, "-"], stdin=io.StringIO(text), stdout=io.StringIO(), stderr=stderr)
    return code, stderr.getvalue()


@pytest.mark.parametrize("levels", [40, 1000, 5000])
@pytest.mark.parametrize("command", ["assess", "pension"])
def test_the_cli_refuses_deep_nesting_with_exit_2(command: str, levels: int) -> None:
    code, message = _cli(command, '{"as_of": ' + "[" * levels + "]" * levels + "}")
    assert code == 2
    assert "nested" in message


def test_the_cli_refuses_a_huge_amount_with_exit_2() -> None:
    data = _with(PENSION_EXAMPLE, "person.annual_gross_salary_eur", 0)
    text = json.dumps(data).replace(
        '"annual_gross_salary_eur": 0', '"annual_gross_salary_eur": 1' + "0" * 400
    )
    code, message = _cli("pension", text)
    assert code == 2 and "annual_gross_salary_eur" in message
    huge_int = json.dumps(data).replace(
        '"annual_gross_salary_eur": 0', '"annual_gross_salary_eur": 1' + "0" * 5000
    )
    code, _message = _cli("pension", huge_int)
    assert code == 2


def test_the_cli_refuses_a_far_future_date_with_exit_2() -> None:
    code, message = _cli(
        "assess", json.dumps(_with(ASSESSMENT_EXAMPLE, "job.start_date", "9999-12-31"))
    )
    assert code == 2
    assert "job.start_date" in message


def test_nesting_depth_walks_without_recursion() -> None:
    deep: Any = []
    for _ in range(10_000):
        deep = [deep]
    assert nesting_depth(deep) == 10_001
    assert nesting_depth({"a": [1, {"b": []}]}) == 4
    assert nesting_depth(5) == 0
