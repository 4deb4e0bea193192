"""Unit and property tests of the company-pension calculator (docs/contracts.md, pension)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expatcare.rules.errors import InputError, OutOfRange
from expatcare.rules.examples import PENSION_EXAMPLE
from expatcare.rules.pension import calculate, evaluate_json, parse_case, render_text
from expatcare.rules.pension.common import anniversary
from expatcare.rules.pension.model import PensionResult
from expatcare.rules.pension.projection import future_value, retirement_date

EXAMPLE: dict[str, Any] = copy.deepcopy(PENSION_EXAMPLE)

MONEY = re.compile(r"-?\d+\.\d{2}")


def case(**changes: Any) -> dict[str, Any]:
    """The §5b example with dotted-path changes, e.g. ``case(**{"plan.vehicle": "x"})``."""
    data = copy.deepcopy(EXAMPLE)
    for path, value in changes.items():
        target = data
        *parents, last = path.split(".")
        for key in parents:
            target = target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value
    return data


_DELETE = object()


def codes(result: dict[str, Any]) -> list[str]:
    return [item["code"] for item in result["on_leaving"]]


def item(result: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in result["on_leaving"] if i["code"] == code)


def walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from walk(sub, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from walk(sub, f"{path}[{i}]")


class TestContractShape:
    """The output carries every §5b field, money as two-decimal strings, law with its source."""

    def test_contract_example(self) -> None:
        result = evaluate_json(EXAMPLE)
        assert result["year"] == 2026
        assert result["limits"]["tax_free_annual_eur"] == "8112.00"
        assert result["limits"]["social_security_free_annual_eur"] == "4056.00"
        assert result["limits"]["legal_basis"] == "§ 3 Nr. 63 EStG; § 1 Abs. 1 Nr. 9 SvEV"
        assert result["employer_subsidy_monthly_eur"] == "30.00"
        assert result["vesting"]["employer_funded"]["vested"] is False
        assert result["vesting"]["employer_funded"]["vested_on"] == "2027-01-01"
        assert result["vesting"]["employer_funded"]["legal_basis"] == "§ 1b Abs. 1 BetrAVG"
        assert result["vesting"]["deferred_compensation"]["vested"] is True
        assert result["vesting"]["deferred_compensation"]["legal_basis"] == "§ 1b Abs. 5 BetrAVG"
        assert MONEY.fullmatch(result["projection"]["capital_at_retirement_eur"])
        assert isinstance(result["projection"]["assumptions"], dict)
        assert "VESTED_RIGHTS_KEPT" in codes(result)

    def test_money_fields_are_strings_with_two_decimals(self) -> None:
        for path, value in walk(evaluate_json(EXAMPLE)):
            if path.endswith("_eur") and value is not None:
                assert isinstance(value, str) and MONEY.fullmatch(value), path

    def test_every_law_stating_element_has_legal_basis_and_source(self) -> None:
        for to in ("IN", "NG", "FR", "DE", "CN", "GB"):
            result = evaluate_json(case(**{"leaving.to_country": to}))
            elements = [
                result["limits"],
                result["employer_subsidy"],
                result["vesting"]["employer_funded"],
                result["vesting"]["deferred_compensation"],
                *result["on_leaving"],
                *result["notes"],
            ]
            for element in elements:
                assert element["legal_basis"], element
                assert element["source"].startswith("https://"), element
            for entry in result["on_leaving"]:
                assert entry["explanation"] and entry["explanation_de"], entry

    def test_output_is_json_and_deterministic(self) -> None:
        first = evaluate_json(EXAMPLE)
        assert json.loads(json.dumps(first)) == first
        assert evaluate_json(copy.deepcopy(EXAMPLE)) == first

    def test_trace_names_the_parameters_used(self) -> None:
        trace = {t["parameter"]: t for t in evaluate_json(EXAMPLE)["trace"]}
        assert trace["de.social_security.bbg_pension"]["value"] == "101400"
        assert trace["de.social_security.bbg_pension"]["valid_from"] == "2026-01-01"
        assert trace["de.pension.employer_subsidy_rate"]["value"] == "0.15"

    def test_result_is_frozen(self) -> None:
        result = calculate(parse_case(EXAMPLE))
        assert isinstance(result, PensionResult)
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.as_of = date(2020, 1, 1)  # type: ignore[misc]

    def test_unverified_values_are_flagged_with_their_question_in_both_languages(self) -> None:
        data = case(**{"leaving.to_country": "GB"})
        data["person"]["nationalities"] = ["GB"]
        note = next(n for n in evaluate_json(data)["notes"] if n["code"] == "UNVERIFIED_PARAMETER")
        assert "de.pension.totalisation.tca_pension_states" in note["explanation"]
        assert "may insure voluntarily in the German pension scheme" in note["explanation"]
        assert "sich freiwillig" in note["explanation_de"]

    def test_verified_values_raise_no_note(self) -> None:
        result = evaluate_json(case(as_of="2024-06-01", **{"plan.commitment_start": "2024-01-01"}))
        assert "UNVERIFIED_PARAMETER" not in [n["code"] for n in result["notes"]]


class TestDatesAndWindow:
    @pytest.mark.parametrize("as_of", ["2023-12-31", "2027-01-01", "1999-01-01"])
    def test_as_of_outside_window_is_refused(self, as_of: str) -> None:
        with pytest.raises(OutOfRange) as error:
            evaluate_json(case(as_of=as_of, **{"plan.commitment_start": "1999-01-01"}))
        assert error.value.field == "as_of"

    def test_leaving_after_window_uses_as_of_limits_and_says_so(self) -> None:
        data = case(**{"leaving.date": "2027-03-31", "leaving.to_country": "NG"})
        data["person"]["nationalities"] = ["NG"]
        settlement = item(evaluate_json(data), "SMALL_AMOUNT_SETTLEMENT")
        assert settlement["limit_date"] == "2026-03-01"
        assert "not yet known" in settlement["explanation"]

    def test_anniversary_of_29_february_is_1_march(self) -> None:
        assert anniversary(date(2024, 2, 29), 3) == date(2027, 3, 1)
        assert anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)

    def test_vesting_of_commitment_starting_29_february(self) -> None:
        result = evaluate_json(case(**{"plan.commitment_start": "2024-02-29"}))
        assert result["vesting"]["employer_funded"]["vested_on"] == "2027-03-01"

    @pytest.mark.parametrize(
        ("birth", "age", "expected"),
        [
            (date(1990, 1, 15), 67, date(2057, 2, 1)),
            (date(1990, 3, 1), 67, date(2057, 3, 1)),  # age reached at the end of 28 February
            (date(1990, 12, 31), 65, date(2056, 1, 1)),
        ],
    )
    def testretirement_date(self, birth: date, age: int, expected: date) -> None:
        assert retirement_date(birth, age) == expected


class TestSubsidy:
    @pytest.mark.parametrize("vehicle", ["unterstuetzungskasse", "direktzusage"])
    def test_internal_vehicles_get_no_statutory_subsidy(self, vehicle: str) -> None:
        result = evaluate_json(case(**{"plan.vehicle": vehicle}))
        assert result["employer_subsidy_monthly_eur"] == "0.00"
        assert result["employer_subsidy"]["status"] == "VEHICLE_NOT_COVERED"
        assert "CONTINUATION_WITH_OWN_CONTRIBUTIONS" not in codes(result)

    @pytest.mark.parametrize("vehicle", ["direktversicherung", "pensionskasse", "pensionsfonds"])
    def test_external_vehicles_get_15_percent(self, vehicle: str) -> None:
        assert evaluate_json(case(**{"plan.vehicle": vehicle}))["employer_subsidy_monthly_eur"] == (
            "30.00"
        )

    def test_subsidy_falls_with_salary_above_the_ceilings(self) -> None:
        subsidies = [
            Decimal(
                evaluate_json(case(**{"person.annual_gross_salary_eur": str(s)}))[
                    "employer_subsidy_monthly_eur"
                ]
            )
            for s in (60000, 80000, 102600, 130000)
        ]
        assert subsidies == [Decimal("30.00"), Decimal("21.20"), Decimal("10.60"), Decimal("0.00")]

    def test_room_used_up_by_employer_contribution_leaves_no_saving(self) -> None:
        result = evaluate_json(case(**{"plan.employer_contribution_monthly_eur": "400"}))
        assert result["employer_subsidy_monthly_eur"] == "0.00"
        assert result["employer_subsidy"]["status"] == "NO_SAVING"


class TestLeaving:
    def test_no_leaving_gives_an_empty_list(self) -> None:
        result = evaluate_json(case(leaving=None))
        assert result["on_leaving"] == []
        assert result["leaving"] is None
        assert evaluate_json(case(leaving=_DELETE)) == result

    def test_germans_get_no_refund(self) -> None:
        result = evaluate_json(
            case(**{"leaving.to_country": "NG", "person.nationalities": ["NG", "DE"]})
        )
        assert "STATUTORY_REFUND_POSSIBLE" not in codes(result)

    def test_eu_nationals_get_no_refund(self) -> None:
        result = evaluate_json(case(**{"leaving.to_country": "NG", "person.nationalities": ["PL"]}))
        assert "STATUTORY_REFUND_POSSIBLE" not in codes(result)

    @pytest.mark.parametrize("to", ["DE", "FR", "NO", "CH", "IN", "US"])
    def test_no_refund_into_coordination_or_agreement_states(self, to: str) -> None:
        result = evaluate_json(case(**{"leaving.to_country": to}))
        assert "STATUTORY_REFUND_POSSIBLE" not in codes(result)

    def test_staying_in_germany_has_no_cross_border_items(self) -> None:
        result = evaluate_json(case(**{"leaving.to_country": "DE"}))
        assert "AGREEMENT_COUNTRY_TOTALISATION" not in codes(result)
        assert result["leaving"]["destination"] == "DE"

    def test_eu_protection_only_for_eu_states(self) -> None:
        assert item(evaluate_json(case(**{"leaving.to_country": "AT"})), "VESTED_RIGHTS_KEPT")[
            "eu_protection"
        ]
        assert not item(evaluate_json(case(**{"leaving.to_country": "NO"})), "VESTED_RIGHTS_KEPT")[
            "eu_protection"
        ]

    def test_vested_employer_part_is_not_forfeited(self) -> None:
        result = evaluate_json(case(**{"leaving.date": "2027-01-31"}, as_of="2026-12-01"))
        assert "RIGHTS_FORFEITED" not in codes(result)
        assert item(result, "VESTED_RIGHTS_KEPT")["employer_funded"] is True

    def test_no_settlement_item_above_the_limit_without_refund(self) -> None:
        assert "SMALL_AMOUNT_SETTLEMENT" not in codes(evaluate_json(EXAMPLE))

    def test_refund_caveat_for_agreement_state_nationals(self) -> None:
        result = evaluate_json(case(**{"leaving.to_country": "NG", "person.nationalities": ["TR"]}))
        assert "voluntary insurance" in item(result, "STATUTORY_REFUND_POSSIBLE")["explanation"]

    def test_nothing_vested_means_no_transfer_or_settlement(self) -> None:
        result = evaluate_json(
            case(
                **{
                    "plan.deferred_compensation_monthly_eur": "0",
                    "leaving.to_country": "NG",
                    "person.nationalities": ["NG"],
                }
            )
        )
        assert codes(result) == ["RIGHTS_FORFEITED", "STATUTORY_REFUND_POSSIBLE"]


class TestProjection:
    def test_closed_form_matches_month_by_month(self) -> None:
        rate = Decimal("0.035") / 12
        balance = Decimal(0)
        for month in range(120):
            if month < 80:
                balance += Decimal("123.45")
            balance *= 1 + rate
        assert abs(future_value(Decimal("123.45"), 80, 120, rate) - balance) < Decimal("1E-20")

    def test_zero_return_is_the_sum_of_contributions(self) -> None:
        result = evaluate_json(case(**{"plan.assumed_annual_return": "0"}, leaving=None))
        projection = result["projection"]
        months = int(projection["assumptions"]["months_of_contributions"])
        assert Decimal(projection["capital_at_retirement_eur"]) == 330 * months

    def test_forfeited_part_is_the_employer_stream(self) -> None:
        projection = evaluate_json(EXAMPLE)["projection"]
        kept = evaluate_json(case(**{"plan.employer_contribution_monthly_eur": "0"}))["projection"]
        assert projection["capital_at_retirement_eur"] == kept["capital_at_retirement_eur"]
        assert Decimal(projection["forfeited_employer_funded_eur"]) > 0


class TestRenderText:
    @pytest.mark.parametrize(
        ("lang", "needles"),
        [
            ("de", ["Betriebliche Altersversorgung", "8.112,00 EUR", "30,00 EUR", "§ 1b Abs. 1"]),
            ("en", ["Company pension", "8,112.00 EUR", "30.00 EUR", "RIGHTS_FORFEITED"]),
        ],
    )
    def test_report(self, lang: str, needles: list[str]) -> None:
        text = render_text(evaluate_json(EXAMPLE), lang)
        for needle in needles:
            assert needle in text

    def test_report_without_leaving(self) -> None:
        assert "Kein Ausscheiden" in render_text(evaluate_json(case(leaving=None)), "de")

    def test_unknown_language(self) -> None:
        with pytest.raises(InputError) as error:
            render_text(evaluate_json(EXAMPLE), "fr")
        assert error.value.field == "lang"


BAD_INPUTS: list[tuple[dict[str, Any], str]] = [
    ({"extra": 1}, "extra"),
    ({"as_of": "01.03.2026"}, "as_of"),
    ({"as_of": "2026-02-30"}, "as_of"),
    ({"as_of": _DELETE}, "as_of"),
    ({"person": "x"}, "person"),
    ({"person.age": 30}, "person.age"),
    ({"person.birth_date": "2027-01-01"}, "person.birth_date"),
    ({"person.birth_date": "1900-01-01"}, "person.birth_date"),
    ({"person.nationalities": []}, "person.nationalities"),
    ({"person.nationalities": ["india"]}, "person.nationalities[0]"),
    ({"person.nationalities": ["IN", "IN"]}, "person.nationalities[1]"),
    ({"person.annual_gross_salary_eur": "-1"}, "person.annual_gross_salary_eur"),
    ({"person.annual_gross_salary_eur": True}, "person.annual_gross_salary_eur"),
    ({"person.annual_gross_salary_eur": "1e5"}, "person.annual_gross_salary_eur"),
    ({"person.annual_gross_salary_eur": "NaN"}, "person.annual_gross_salary_eur"),
    ({"plan.vehicle": "riester"}, "plan.vehicle"),
    ({"plan.vehicle": _DELETE}, "plan.vehicle"),
    ({"plan.commitment_start": "1980-01-01"}, "plan.commitment_start"),
    ({"plan.employer_contribution_monthly_eur": "-5"}, "plan.employer_contribution_monthly_eur"),
    ({"plan.deferred_compensation_monthly_eur": "-200"}, "plan.deferred_compensation_monthly_eur"),
    (
        {"plan.deferred_compensation_monthly_eur": "10.001"},
        "plan.deferred_compensation_monthly_eur",
    ),
    ({"plan.deferred_compensation_monthly_eur": "6000"}, "plan.deferred_compensation_monthly_eur"),
    ({"plan.assumed_annual_return": "2"}, "plan.assumed_annual_return"),
    ({"plan.assumed_annual_return": None}, "plan.assumed_annual_return"),
    ({"plan.retirement_age": "67"}, "plan.retirement_age"),
    ({"plan.retirement_age": 90}, "plan.retirement_age"),
    ({"plan.retirement_age": True}, "plan.retirement_age"),
    ({"plan.bonus": 1}, "plan.bonus"),
    ({"leaving": []}, "leaving"),
    ({"leaving.date": "2023-12-31"}, "leaving.date"),
    ({"leaving.to_country": "XX"}, "leaving.to_country"),
    ({"leaving.to_country": "in"}, "leaving.to_country"),
    ({"leaving.to_country": _DELETE}, "leaving.to_country"),
    ({"leaving.reason": "x"}, "leaving.reason"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_INPUTS, ids=[f for _, f in BAD_INPUTS])
def test_bad_input_names_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as error:
        evaluate_json(case(**changes))
    assert error.value.field == field
    assert str(error.value).startswith(field)


def test_numbers_are_accepted_for_amounts() -> None:
    result = evaluate_json(
        case(
            **{
                "person.annual_gross_salary_eur": 60000,
                "plan.deferred_compensation_monthly_eur": 200.0,
                "plan.assumed_annual_return": 0.02,
            }
        )
    )
    assert result == evaluate_json(EXAMPLE)


def test_not_a_mapping() -> None:
    with pytest.raises(InputError):
        evaluate_json([])  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties

WINDOW_START, WINDOW_END = date(2024, 1, 1), date(2026, 12, 31)
COUNTRIES = [
    "DE",
    "FR",
    "AT",
    "NO",
    "CH",
    "GB",
    "IN",
    "CN",
    "MA",
    "TN",
    "US",
    "BR",
    "UA",
    "NG",
    "VN",
]
VEHICLES = [
    "direktversicherung",
    "pensionskasse",
    "pensionsfonds",
    "unterstuetzungskasse",
    "direktzusage",
]


def _cents(max_euros: int) -> st.SearchStrategy[str]:
    return st.integers(0, max_euros * 100).map(lambda c: f"{Decimal(c) / 100:.2f}")


@st.composite
def valid_cases(draw: st.DrawFn) -> dict[str, Any]:
    as_of = draw(st.dates(WINDOW_START, WINDOW_END))
    birth = as_of - timedelta(days=draw(st.integers(16 * 365, 70 * 365)))
    commitment = draw(st.dates(max(birth, date(2000, 1, 1)), as_of + timedelta(days=400)))
    salary = Decimal(draw(_cents(250_000)))
    deferral = min(
        Decimal(draw(_cents(1_500))), (salary / 12).quantize(Decimal("0.01"), "ROUND_DOWN")
    )
    leaving = draw(
        st.none()
        | st.builds(
            lambda days, to: {
                "date": (commitment + timedelta(days=days)).isoformat(),
                "to_country": to,
            },
            st.integers(0, 4 * 365),
            st.sampled_from(COUNTRIES),
        )
    )
    return {
        "as_of": as_of.isoformat(),
        "person": {
            "birth_date": birth.isoformat(),
            "nationalities": draw(
                st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True)
            ),
            "annual_gross_salary_eur": str(salary),
        },
        "plan": {
            "vehicle": draw(st.sampled_from(VEHICLES)),
            "commitment_start": commitment.isoformat(),
            "employer_contribution_monthly_eur": draw(_cents(1_500)),
            "deferred_compensation_monthly_eur": f"{deferral:.2f}",
            "assumed_annual_return": f"{Decimal(draw(st.integers(-50, 150))) / 1000}",
            "retirement_age": draw(st.integers(60, 75)),
        },
        "leaving": leaving,
    }


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(valid_cases())
def test_no_valid_input_crashes_and_results_are_deterministic(data: dict[str, Any]) -> None:
    result = evaluate_json(data)
    assert json.loads(json.dumps(result)) == result
    assert evaluate_json(copy.deepcopy(data)) == result
    assert render_text(result, "de") and render_text(result, "en")


@PROPERTY_SETTINGS
@given(valid_cases())
def test_subsidy_never_exceeds_15_percent(data: dict[str, Any]) -> None:
    result = evaluate_json(data)
    subsidy = Decimal(result["employer_subsidy_monthly_eur"])
    deferral = Decimal(data["plan"]["deferred_compensation_monthly_eur"])
    assert (
        Decimal(0)
        <= subsidy
        <= (deferral * Decimal("0.15")).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    )
    if data["plan"]["vehicle"] in ("unterstuetzungskasse", "direktzusage"):
        assert subsidy == 0


@PROPERTY_SETTINGS
@given(valid_cases())
def test_deferred_compensation_is_always_vested_once_started(data: dict[str, Any]) -> None:
    result = evaluate_json(data)
    status = result["vesting"]["deferred_compensation"]
    assert status["vested"] == (status["evaluated_on"] >= data["plan"]["commitment_start"])
    if (
        data["leaving"] is not None
        and Decimal(data["plan"]["deferred_compensation_monthly_eur"]) > 0
    ):
        assert "VESTED_RIGHTS_KEPT" in codes(result)


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
FIELDS = [
    "as_of",
    "person",
    "person.birth_date",
    "person.nationalities",
    "person.annual_gross_salary_eur",
    "plan",
    "plan.vehicle",
    "plan.commitment_start",
    "plan.employer_contribution_monthly_eur",
    "plan.deferred_compensation_monthly_eur",
    "plan.assumed_annual_return",
    "plan.retirement_age",
    "leaving",
    "leaving.date",
    "leaving.to_country",
]


@PROPERTY_SETTINGS
@given(st.sampled_from(FIELDS), JUNK)
def test_junk_in_any_field_is_an_input_error_or_accepted(field: str, junk: Any) -> None:
    try:
        evaluate_json(case(**{field: junk}))
    except InputError as error:
        # Cross-field checks may name another field (salary 0 -> the deferral is too high).
        assert error.field.split("[")[0].split(".")[0] in {"as_of", "person", "plan", "leaving"}
        assert str(error).startswith(error.field)


def test_one_trace_entry_for_both_contracts() -> None:
    """Pension and assessment record the same ``TraceEntry``, built from the parameter file."""
    from expatcare.rules.assessment import assess
    from expatcare.rules.examples import ASSESSMENT_EXAMPLE
    from expatcare.rules.io import parse_case as parse_assessment
    from expatcare.rules.model import TraceEntry

    pension_trace = calculate(parse_case(PENSION_EXAMPLE)).trace
    assessment_trace = assess(parse_assessment(ASSESSMENT_EXAMPLE)).trace
    assert pension_trace and assessment_trace
    for entry in (*pension_trace, *assessment_trace):
        assert type(entry) is TraceEntry
        assert entry.legal_basis and entry.source
    assert {"legal_basis", "source", "verified"} <= evaluate_json(PENSION_EXAMPLE)["trace"][
        0
    ].keys()
