"""Input validation: every problem is an InputError naming the dotted JSON field."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from expatcare.rules.errors import InputError, OutOfRange
from expatcare.rules.io import assess_json, parse_case

MINIMAL: dict[str, Any] = {
    "as_of": "2026-03-01",
    "person": {"nationalities": ["IN"], "birth_date": "1991-04-02"},
    "job": {"start_date": "2026-06-01", "annual_gross_salary_eur": "52000", "weekly_hours": 40},
}


def _with(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    *parents, leaf = path.split(".")
    target = data
    for key in parents:
        target = target.setdefault(key, {})
    target[leaf] = value
    return data


def _without(path: str) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    *parents, leaf = path.split(".")
    target = data
    for key in parents:
        target = target[key]
    del target[leaf]
    return data


def test_minimal_input_gets_defaults() -> None:
    case = parse_case(MINIMAL)
    assert case.person.residence_country == "IN"
    assert case.person.qualification.kind == "none"
    assert case.job.work_country == "DE"
    assert case.job.industry == "other"
    assert case.job.annual_gross_salary_eur == Decimal("52000")


def test_numbers_are_accepted_for_money_and_kept_exact() -> None:
    case = parse_case(_with("job.annual_gross_salary_eur", 52000.1))
    assert case.job.annual_gross_salary_eur == Decimal("52000.1")
    case = parse_case(_with("job.annual_gross_salary_eur", Decimal("1.005")))
    assert case.job.annual_gross_salary_eur == Decimal("1.005")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_with("job.annual_gross_salary_eur", "-1"), "job.annual_gross_salary_eur", "negative"),
        (_with("job.annual_gross_salary_eur", "12,5"), "job.annual_gross_salary_eur", "decimal"),
        (_with("job.annual_gross_salary_eur", "NaN"), "job.annual_gross_salary_eur", "plain"),
        (_with("job.annual_gross_salary_eur", "6e4"), "job.annual_gross_salary_eur", "exponent"),
        (_with("job.annual_gross_salary_eur", True), "job.annual_gross_salary_eur", "number"),
        (_without("job.annual_gross_salary_eur"), "job.annual_gross_salary_eur", "required"),
        (_with("job.weekly_hours", 0), "job.weekly_hours", "at least 1"),
        (_with("as_of", "2026-13-01"), "as_of", "ISO date"),
        (_with("as_of", "2026-3-1"), "as_of", "ISO date"),
        (_without("as_of"), "as_of", "required"),
        (_with("person.nationalities", []), "person.nationalities", "non-empty"),
        (_with("person.nationalities", ["IN", "ZZ"]), "person.nationalities[1]", "country code"),
        (_with("person.nationalities", ["in"]), "person.nationalities[0]", "country code"),
        (_with("person.residence_country", "Germany"), "person.residence_country", "country"),
        (_with("person.birth_date", "2030-01-01"), "person.birth_date", "after as_of"),
        (_with("person.german_level", "b2"), "person.german_level", "one of"),
        (_with("person.german_residence_title", "visa"), "person.german_residence_title", "one of"),
        (_with("person.qualification", {"kind": "phd"}), "person.qualification.kind", "one of"),
        (
            _with("person.qualification", {"recognition": "full"}),
            "person.qualification.kind",
            "required",
        ),
        (
            _with("person.qualification", {"kind": "academic", "grade": 1}),
            "person.qualification.grade",
            "unknown field",
        ),
        (_with("person.qualification", "academic"), "person.qualification", "JSON object"),
        (_with("person.extra", 1), "person.extra", "unknown field"),
        (_with("extra", 1), "extra", "unknown field"),
        (_with("job.state", "Bayern"), "job.state", "one of"),
        (_with("job.industry", "mining"), "job.industry", "one of"),
        (_with("job.isco08", "25A"), "job.isco08", "ISCO-08"),
        (_with("job.end_date", "2026-01-01"), "job.end_date", "before job.start_date"),
        (
            _with(
                "job.posting",
                {"from_country": "DE", "to_country": "DE", "start_date": "2026-07-01", "months": 3},
            ),
            "job.posting.to_country",
            "differ",
        ),
        (
            _with(
                "job.posting",
                {"from_country": "DE", "to_country": "FR", "start_date": "2026-07-01"},
            ),
            "job.posting.months",
            "required",
        ),
        (
            _with(
                "job.posting",
                {
                    "from_country": "DE",
                    "to_country": "FR",
                    "start_date": "2026-07-01",
                    "months": 2.5,
                },
            ),
            "job.posting.months",
            "integer",
        ),
        (
            _with("job.telework_abroad", {"country": "PL", "share_percent": 101}),
            "job.telework_abroad.share_percent",
            "at most 100",
        ),
        (
            _with(
                "job.intra_corporate_transfer",
                {"months_with_group": 6, "planned_months": 12, "role": "ceo"},
            ),
            "job.intra_corporate_transfer.role",
            "one of",
        ),
    ],
)
def test_invalid_input_names_the_field(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_case(data)
    assert raised.value.field == field
    assert message in raised.value.message
    assert str(raised.value) == f"{field}: {raised.value.message}"


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(InputError) as raised:
        parse_case([])  # type: ignore[arg-type]
    assert raised.value.field == "input"


def test_as_of_outside_window_is_refused_before_other_checks() -> None:
    data = _with("as_of", "2027-03-01")
    data["person"]["nationalities"] = ["ZZ"]
    with pytest.raises(OutOfRange) as raised:
        parse_case(data)
    assert str(raised.value) == (
        "as_of: no parameters are known for 2027-03-01; known: 2024-01-01..2026-12-31"
    )


def test_kosovo_code_is_accepted() -> None:
    assert parse_case(_with("person.nationalities", ["XK"])).person.nationalities == ("XK",)


def test_duplicate_nationalities_collapse() -> None:
    case = parse_case(_with("person.nationalities", ["IN", "IN", "FR"]))
    assert case.person.nationalities == ("IN", "FR")


def test_assess_json_money_and_dates_are_strings() -> None:
    result = assess_json(MINIMAL)
    assert result["as_of"] == "2026-03-01"
    assert all(isinstance(o["due"], str) for o in result["obligations"])
    wage = next(t for t in result["trace"] if t["parameter"] == "de.employment.minimum_wage_hourly")
    assert wage["value"] == "13.90"
    assert date.fromisoformat(wage["valid_from"]) == date(2026, 1, 1)


@pytest.mark.parametrize("raw", ["6e4", "NaN", "Infinity", True, "12,5", 1e-05])
def test_both_contracts_read_numbers_alike(raw: object) -> None:
    """One field reader: a salary the assessment refuses, the pension calculation refuses
    with the same message."""
    from expatcare.rules.examples import PENSION_EXAMPLE
    from expatcare.rules.pension import parse_case as parse_pension

    assessment = _with("job.annual_gross_salary_eur", raw)
    pension = copy.deepcopy(PENSION_EXAMPLE)
    pension["person"]["annual_gross_salary_eur"] = raw
    with pytest.raises(InputError) as refused_by_assessment:
        parse_case(assessment)
    with pytest.raises(InputError) as refused_by_pension:
        parse_pension(pension)
    assert refused_by_assessment.value.message == refused_by_pension.value.message


def test_both_contracts_read_dates_alike() -> None:
    from expatcare.rules.examples import PENSION_EXAMPLE
    from expatcare.rules.pension import parse_case as parse_pension

    for raw in ("2026-02-30", "01.03.2026", "2026-W10-1"):
        pension = copy.deepcopy(PENSION_EXAMPLE) | {"as_of": raw}
        with pytest.raises(InputError) as refused_by_assessment:
            parse_case(_with("as_of", raw))
        with pytest.raises(InputError) as refused_by_pension:
            parse_pension(pension)
        assert refused_by_assessment.value.message == refused_by_pension.value.message


_POSTING = {"from_country": "DE", "to_country": "US", "start_date": "2026-07-01", "months": 36}


@pytest.mark.parametrize(
    ("earlier", "field", "message"),
    [
        ({"start_date": "2023-01-01"}, "end_date", "is required"),
        ({"end_date": "2025-12-31"}, "start_date", "is required"),
        ({"start_date": "2025-01-01", "end_date": "2024-12-31"}, "end_date", "not be before"),
        ({"start_date": "2025-01-01", "end_date": "2026-07-01"}, "end_date", "before the posting"),
    ],
)
def test_an_earlier_posting_needs_both_dates_before_the_new_start(
    earlier: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(InputError) as raised:
        parse_case(_with("job.posting", {**_POSTING, "earlier_posting": earlier}))
    assert raised.value.field == "job.posting.earlier_posting." + field
    assert message in raised.value.message


def test_an_earlier_posting_is_read_into_the_case() -> None:
    earlier = {"start_date": "2023-01-01", "end_date": "2025-12-31"}
    posting = parse_case(_with("job.posting", {**_POSTING, "earlier_posting": earlier})).job.posting
    assert posting is not None
    assert (posting.earlier_start_date, posting.earlier_end_date) == (
        date(2023, 1, 1),
        date(2025, 12, 31),
    )
