"""Renewal duties come from the engine: from document facts, with dated, sourced lead times."""

from __future__ import annotations

import copy
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from expatcare.rules.assessment import assess
from expatcare.rules.citations import CITATIONS
from expatcare.rules.engine import DEFAULT_ROOT, load_parameters
from expatcare.rules.errors import InputError
from expatcare.rules.examples import ASSESSMENT_EXAMPLE
from expatcare.rules.io import assess_json, parse_case
from expatcare.rules.output import assessment_to_dict

AS_OF = date(2026, 3, 4)  # + 90 days - 8 weeks: Tuesday 2026-04-07, a working day
PERMIT = "de.obligations.permit_renewal_lead_weeks"
PASSPORT = "de.obligations.passport_renewal_lead_weeks"
INSURANCE = "de.obligations.insurance_renewal_lead_weeks"


def _case(**person: Any) -> dict[str, Any]:
    data = copy.deepcopy(ASSESSMENT_EXAMPLE)
    data["as_of"] = AS_OF.isoformat()
    data["person"] |= {"german_residence_title": "blue_card", "residence_country": "DE"}
    data["person"] |= person
    return data


def _duty(output: dict[str, Any], code: str) -> dict[str, Any]:
    (duty,) = [o for o in output["obligations"] if o["code"] == code]
    return dict(duty)


def test_permit_expiring_in_90_days_cites_its_parameter_and_is_traced() -> None:
    valid_until = AS_OF + timedelta(days=90)
    output = assess_json(_case(permit_valid_until=valid_until.isoformat()))
    duty = _duty(output, "PERMIT_RENEWAL")
    parameter = load_parameters().at(AS_OF)[PERMIT]
    assert duty["legal_basis"] == parameter.reference.legal_basis == "§ 81 Abs. 4 AufenthG"
    assert duty["source"] == parameter.reference.href
    assert [p["name"] for p in duty["parameters"]] == [PERMIT]
    assert duty["parameters"][0]["value"] == parameter.value
    assert PERMIT in [t["parameter"] for t in output["trace"]]
    planned = (valid_until - timedelta(weeks=parameter.value)).isoformat()
    assert (duty["due"], duty["moved_from"]) == (planned, None) or (
        duty["moved_from"] == planned and duty["due"] < planned
    )
    assert duty["message"] == {"code": "obligation.permit_renewal", "params": {"weeks": "8"}}


def _parameters_with(tmp_path: Path, name: str, value: int) -> Any:
    root = tmp_path / "parameters"
    shutil.copytree(DEFAULT_ROOT, root)
    path = root / (name.replace(".", "/") + ".yaml")
    text = path.read_text(encoding="utf-8")
    old = f"value: {load_parameters().at(AS_OF)[name].value}\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, f"value: {value}\n"), encoding="utf-8")
    return load_parameters(root)


@pytest.mark.parametrize(
    ("name", "person", "code"),
    [
        (PERMIT, {"permit_valid_until": "2026-11-30"}, "PERMIT_RENEWAL"),
        (
            PASSPORT,
            {"documents": [{"kind": "passport", "valid_until": "2027-06-30"}]},
            "PASSPORT_RENEWAL",
        ),
        (
            INSURANCE,
            {"documents": [{"kind": "insurance_certificate", "valid_until": "2027-06-30"}]},
            "INSURANCE_RENEWAL",
        ),
    ],
)
def test_changing_the_lead_time_parameter_moves_the_due_date(
    tmp_path: Path, name: str, person: dict[str, Any], code: str
) -> None:
    case = parse_case(_case(**person))
    before = _duty(assessment_to_dict(assess(case)), code)
    weeks = load_parameters().at(AS_OF)[name].value + 12
    longer = _parameters_with(tmp_path, name, weeks)
    after = _duty(assessment_to_dict(assess(case, longer)), code)
    assert after["due"] < before["due"]
    assert after["parameters"][0]["value"] == weeks
    valid_until = date.fromisoformat(person.get("permit_valid_until") or "2027-06-30")
    planned = valid_until - timedelta(weeks=weeks)
    assert date.fromisoformat(after["due"]) <= planned
    assert planned - date.fromisoformat(after["due"]) < timedelta(days=7)


def test_the_organisation_lead_time_can_only_make_a_duty_earlier() -> None:
    base = _case(documents=[{"kind": "passport", "valid_until": "2027-06-30"}])
    recommended = _duty(assess_json(base), "PASSPORT_RENEWAL")
    shorter = assess_json(base | {"organisation": {"renewal_lead_weeks": {"passport": 2}}})
    assert _duty(shorter, "PASSPORT_RENEWAL") == recommended
    longer = assess_json(base | {"organisation": {"renewal_lead_weeks": {"passport": 40}}})
    duty = _duty(longer, "PASSPORT_RENEWAL")
    assert duty["due"] < recommended["due"]
    assert duty["message"]["code"].startswith("obligation.passport_renewal.own_lead_time")
    assert "40 weeks" in duty["explanation"]


def test_a_due_date_on_a_holiday_moves_to_the_working_day_before() -> None:
    # 2026-12-25 + 8 weeks: planned on Friday 2026-12-25 (Christmas), due Thursday 2026-12-24.
    output = assess_json(_case(permit_valid_until="2027-02-19"))
    duty = _duty(output, "PERMIT_RENEWAL")
    assert (duty["moved_from"], duty["due"]) == ("2026-12-25", "2026-12-24")
    assert duty["message"]["code"] == "obligation.renewal_moved_earlier.holiday"
    assert duty["message"]["params"]["duty"]["code"] == "obligation.permit_renewal"


def test_visa_and_passport_documents_each_get_a_duty_and_repeats_count_once() -> None:
    output = assess_json(
        _case(
            permit_valid_until="2027-01-29",
            documents=[
                {"kind": "residence_permit", "valid_until": "2027-01-29"},
                {"kind": "visa", "valid_until": "2026-09-30"},
                {"kind": "passport", "valid_until": "2030-04-30"},
            ],
        )
    )
    codes = [o["code"] for o in output["obligations"] if o["code"].endswith("_RENEWAL")]
    assert codes == ["PERMIT_RENEWAL", "PERMIT_RENEWAL", "PASSPORT_RENEWAL"]
    assert PASSPORT in [t["parameter"] for t in output["trace"]]


def test_no_renewal_for_eu_nationals_or_permanent_titles() -> None:
    eu = _case(nationalities=["FR"], permit_valid_until="2027-01-29")
    assert not [o for o in assess_json(eu)["obligations"] if o["code"].endswith("_RENEWAL")]
    settled = _case(
        german_residence_title="settlement_permit",
        documents=[{"kind": "residence_permit", "valid_until": "2027-01-29"}],
    )
    codes = [o["code"] for o in assess_json(settled)["obligations"]]
    assert "PERMIT_RENEWAL" not in codes


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"documents": [{"kind": "id_card", "valid_until": "2027-01-01"}]}, "documents[0].kind"),
        ({"documents": [{"kind": "visa"}]}, "person.documents[0].valid_until"),
        ({"documents": [{"kind": "visa", "valid_until": "2027-01-01", "x": 1}]}, "documents[0].x"),
        ({"documents": "passport"}, "person.documents"),
    ],
)
def test_bad_documents_are_refused_naming_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as raised:
        assess_json(_case(**change))
    assert raised.value.field.endswith(field)


def test_a_bad_organisation_lead_time_is_refused_naming_the_field() -> None:
    data = _case() | {"organisation": {"renewal_lead_weeks": {"passport": 500}}}
    with pytest.raises(InputError) as raised:
        assess_json(data)
    assert raised.value.field == "organisation.renewal_lead_weeks.passport"


class TestInsuranceRenewal:
    """The end of cover of a health insurance certificate raises its own renewal duty."""

    def test_due_six_weeks_before_the_end_of_cover_citing_the_parameter(self) -> None:
        # 2026-09-30 - 6 weeks: Wednesday 2026-08-19, a working day in Bavaria.
        output = assess_json(
            _case(documents=[{"kind": "insurance_certificate", "valid_until": "2026-09-30"}])
        )
        duty = _duty(output, "INSURANCE_RENEWAL")
        parameter = load_parameters().at(AS_OF)[INSURANCE]
        assert parameter.value == 6
        assert (duty["due"], duty["moved_from"]) == ("2026-08-19", None)
        assert duty["responsible"] == "employee"
        assert duty["legal_basis"] == parameter.reference.legal_basis
        assert duty["legal_basis"] == "§ 5 Abs. 1 Nr. 1 AufenthG; § 2 Abs. 3 Satz 1 AufenthG"
        assert duty["source"] == parameter.reference.href
        assert duty["document"] == {"kind": "insurance_certificate", "valid_until": "2026-09-30"}
        assert [p["name"] for p in duty["parameters"]] == [INSURANCE]
        assert duty["message"] == {"code": "obligation.insurance_renewal", "params": {"weeks": "6"}}
        assert "6 weeks before the cover of the insurance certificate ends" in duty["explanation"]
        assert "Krankenversicherungsschutz" in duty["explanation_de"]
        # The certificate is not a title: it raises no permit or passport renewal.
        codes = [o["code"] for o in output["obligations"] if o["code"].endswith("_RENEWAL")]
        assert codes == ["INSURANCE_RENEWAL"]

    def test_the_parameter_is_a_verified_planning_recommendation_citing_the_table(self) -> None:
        parameter = load_parameters().at(AS_OF)[INSURANCE]
        basis = CITATIONS["aufenthg_2_3_and_5_1_n_1"]
        assert (parameter.reference.legal_basis, parameter.reference.href) == (
            basis.legal_basis,
            basis.source,
        )
        assert parameter.verified and parameter.verified_against
        assert parameter.unit == "weeks"
        assert "planning recommendation" in parameter.description

    def test_an_end_of_cover_on_a_holiday_moves_the_duty_earlier(self) -> None:
        # 2027-02-05 - 6 weeks: Friday 2026-12-25 (Christmas), due Thursday 2026-12-24.
        output = assess_json(
            _case(documents=[{"kind": "insurance_certificate", "valid_until": "2027-02-05"}])
        )
        duty = _duty(output, "INSURANCE_RENEWAL")
        assert (duty["moved_from"], duty["due"]) == ("2026-12-25", "2026-12-24")
        assert duty["message"]["params"]["duty"]["code"] == "obligation.insurance_renewal"

    def test_the_organisation_lead_time_can_only_make_it_earlier(self) -> None:
        base = _case(documents=[{"kind": "insurance_certificate", "valid_until": "2027-06-30"}])
        recommended = _duty(assess_json(base), "INSURANCE_RENEWAL")
        leads = {"organisation": {"renewal_lead_weeks": {"insurance_certificate": 3}}}
        assert _duty(assess_json(base | leads), "INSURANCE_RENEWAL") == recommended
        leads = {"organisation": {"renewal_lead_weeks": {"insurance_certificate": 10}}}
        duty = _duty(assess_json(base | leads), "INSURANCE_RENEWAL")
        assert duty["due"] == "2027-04-21" < recommended["due"]
        assert duty["message"]["code"] == "obligation.insurance_renewal.own_lead_time"
        assert "10 weeks" in duty["explanation"] and "at least 6 weeks" in duty["explanation"]

    def test_two_certificates_two_duties_and_a_repeat_counts_once(self) -> None:
        output = assess_json(
            _case(
                documents=[
                    {"kind": "insurance_certificate", "valid_until": "2026-09-30"},
                    {"kind": "insurance_certificate", "valid_until": "2027-03-31"},
                    {"kind": "insurance_certificate", "valid_until": "2026-09-30"},
                ]
            )
        )
        renewals = [o for o in output["obligations"] if o["code"] == "INSURANCE_RENEWAL"]
        assert [o["document"]["valid_until"] for o in renewals] == ["2026-09-30", "2027-03-31"]

    def test_none_for_eu_nationals_or_permanent_titles(self) -> None:
        documents = [{"kind": "insurance_certificate", "valid_until": "2026-09-30"}]
        for case in (
            _case(nationalities=["FR"], documents=documents),
            _case(german_residence_title="settlement_permit", documents=documents),
            _case(german_residence_title="permanent_eu", documents=documents),
        ):
            codes = [o["code"] for o in assess_json(case)["obligations"]]
            assert "INSURANCE_RENEWAL" not in codes
        # A permanent title still needs a valid passport: that renewal stays.
        documents.append({"kind": "passport", "valid_until": "2030-04-30"})
        settled = assess_json(
            _case(german_residence_title="settlement_permit", documents=documents)
        )
        codes = [o["code"] for o in settled["obligations"] if o["code"].endswith("_RENEWAL")]
        assert codes == ["PASSPORT_RENEWAL"]
