"""The §5b JSON: strict parsing of the input and the plain-JSON output."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from expatcare.rules.engine import (
    ParameterSet,
    load_parameters,
)
from expatcare.rules.errors import InputError
from expatcare.rules.fields import (
    amount,
    check_keys,
    country,
    decimal,
    integer,
    mapping,
    required_date,
)
from expatcare.rules.output import message_json
from expatcare.rules.pension.calculation import (
    calculate,
)
from expatcare.rules.pension.common import (
    TWELVE,
    anniversary,
    fmt,
    trace_value,
)
from expatcare.rules.pension.model import (
    LeavingPlan,
    PensionCase,
    PensionPerson,
    PensionPlan,
    PensionResult,
    Vehicle,
    VestingStatus,
)

# Input bounds: generous enough for any real case, tight enough to refuse typos (2 for 0.02).
MIN_RETURN: Final = Decimal("-0.05")
MAX_RETURN: Final = Decimal("0.15")
MIN_RETIREMENT_AGE: Final = 60
MAX_RETIREMENT_AGE: Final = 75
MAX_AGE_AT_AS_OF: Final = 100
MAX_AMOUNT: Final = Decimal("100000000")

# =========================================================================== JSON output


def _status_json(status: VestingStatus) -> dict[str, Any]:
    return {
        "vested": status.vested,
        "vested_on": status.vested_on.isoformat() if status.vested_on else None,
        "evaluated_on": status.evaluated_on.isoformat(),
        "legal_basis": status.legal_basis,
        "source": status.source,
        "explanation": status.explanation,
        "explanation_de": status.explanation_de,
        "message": message_json(status.message),
    }


def result_to_json(result: PensionResult) -> dict[str, Any]:
    """The §5b output: plain JSON types, money as strings with two decimals."""
    limits = result.limits
    subsidy = result.employer_subsidy
    c = result.contributions
    p = result.projection
    return {
        "as_of": result.as_of.isoformat(),
        "ruleset_version": result.ruleset_version,
        "year": result.year,
        "limits": {
            "tax_free_annual_eur": fmt(limits.tax_free_annual_eur),
            "social_security_free_annual_eur": fmt(limits.social_security_free_annual_eur),
            "legal_basis": limits.legal_basis,
            "source": limits.sources[0],
            "sources": list(limits.sources),
            "tax_free_monthly_eur": fmt(limits.tax_free_annual_eur / TWELVE),
            "social_security_free_monthly_eur": fmt(
                limits.social_security_free_annual_eur / TWELVE
            ),
            "deferred_compensation_entitlement_annual_eur": fmt(
                limits.deferred_compensation_entitlement_annual_eur
            ),
            "bbg_pension_annual_eur": fmt(limits.bbg_pension_annual_eur),
        },
        "employer_subsidy_monthly_eur": fmt(subsidy.monthly_eur),
        "employer_subsidy": {
            "monthly_eur": fmt(subsidy.monthly_eur),
            "status": subsidy.status,
            "rate": str(subsidy.rate),
            "cap_monthly_eur": fmt(subsidy.cap_monthly_eur),
            "employer_saving_monthly_eur": fmt(subsidy.employer_saving_monthly_eur),
            "legal_basis": subsidy.legal_basis,
            "source": subsidy.source,
            "explanation": subsidy.explanation,
            "explanation_de": subsidy.explanation_de,
            "message": message_json(subsidy.message),
        },
        "contributions": {
            "employer_monthly_eur": fmt(c.employer_monthly_eur),
            "deferred_compensation_monthly_eur": fmt(c.deferred_compensation_monthly_eur),
            "employer_subsidy_monthly_eur": fmt(c.employer_subsidy_monthly_eur),
            "total_monthly_eur": fmt(c.total_monthly_eur),
            "total_annual_eur": fmt(c.total_annual_eur),
            "tax_free_excess_annual_eur": fmt(c.tax_free_excess_annual_eur),
            "social_security_free_excess_annual_eur": fmt(c.social_security_free_excess_annual_eur),
        },
        "vesting": {
            "employer_funded": _status_json(result.vesting.employer_funded),
            "deferred_compensation": _status_json(result.vesting.deferred_compensation),
        },
        "projection": {
            "capital_at_retirement_eur": fmt(p.capital_at_retirement_eur),
            "from_deferred_compensation_eur": fmt(p.from_deferred_compensation_eur),
            "from_employer_contributions_eur": fmt(p.from_employer_contributions_eur),
            "forfeited_employer_funded_eur": fmt(p.forfeited_employer_funded_eur),
            "capital_at_leaving_eur": (
                fmt(p.capital_at_leaving_eur) if p.capital_at_leaving_eur is not None else None
            ),
            "contributions_paid_eur": fmt(p.contributions_paid_eur),
            "assumptions": dict(p.assumptions),
        },
        "leaving": (
            {
                "date": result.leaving.date.isoformat(),
                "to_country": result.leaving.to_country,
                "destination": result.destination,
            }
            if result.leaving is not None
            else None
        ),
        "on_leaving": [
            {
                "code": item.code,
                "legal_basis": item.legal_basis,
                "source": item.source,
                "explanation": item.explanation,
                "explanation_de": item.explanation_de,
                "message": message_json(item.message),
                **dict(item.details),
            }
            for item in result.on_leaving
        ],
        "notes": [
            {
                "code": n.code,
                "severity": n.severity,
                "legal_basis": n.legal_basis,
                "source": n.source,
                "explanation": n.explanation,
                "explanation_de": n.explanation_de,
                "message": message_json(n.message),
            }
            for n in result.notes
        ],
        "trace": [
            {
                "parameter": t.parameter,
                "value": trace_value(t.value),
                "valid_from": t.valid_from.isoformat(),
                "legal_basis": t.legal_basis,
                "source": t.source,
                "verified": t.verified,
            }
            for t in result.trace
        ],
    }


# =========================================================================== JSON input

_Keys = tuple[frozenset[str], frozenset[str]]

_TOP_KEYS: Final[_Keys] = (frozenset({"as_of", "person", "plan"}), frozenset({"leaving"}))
_PERSON_KEYS: Final[_Keys] = (
    frozenset({"birth_date", "nationalities", "annual_gross_salary_eur"}),
    frozenset(),
)
_PLAN_KEYS: Final[_Keys] = (
    frozenset({"vehicle", "commitment_start"}),
    frozenset(
        {
            "employer_contribution_monthly_eur",
            "deferred_compensation_monthly_eur",
            "assumed_annual_return",
            "retirement_age",
        }
    ),
)
_LEAVING_KEYS: Final[_Keys] = (frozenset({"date", "to_country"}), frozenset())

#: Defaults for optional plan fields; each is echoed in the output's assumptions or amounts.
DEFAULT_RETURN: Final = Decimal("0")
DEFAULT_RETIREMENT_AGE: Final = 67


def _check_keys(obj: Mapping[str, Any], prefix: str, keys: _Keys) -> None:
    required, optional = keys
    check_keys(obj, f"{prefix}." if prefix else "", optional, required=required)


def _amount(value: object, field: str) -> Decimal:
    return amount(value, field, maximum=MAX_AMOUNT)


def parse_case(data: Mapping[str, Any], parameters: ParameterSet | None = None) -> PensionCase:
    """Parse the §5b input strictly; every error names the dotted field it concerns."""
    root = mapping(data, "")
    _check_keys(root, "", _TOP_KEYS)
    as_of = required_date(root["as_of"], "as_of")
    # A date no parameters are known for is the as_of's fault, not the birth date's (which
    # would otherwise be found "over 100" first): refuse it before anything else.
    (parameters or load_parameters()).at(as_of)

    person_raw = mapping(root["person"], "person")
    _check_keys(person_raw, "person", _PERSON_KEYS)
    birth_date = required_date(person_raw["birth_date"], "person.birth_date")
    if birth_date > as_of:
        raise InputError("person.birth_date", "must not be after as_of")
    if anniversary(birth_date, MAX_AGE_AT_AS_OF) <= as_of:
        raise InputError("person.birth_date", f"the person would be over {MAX_AGE_AT_AS_OF}")
    nationalities_raw = person_raw["nationalities"]
    if not isinstance(nationalities_raw, list) or not nationalities_raw:
        raise InputError("person.nationalities", "must be a non-empty list of country codes")
    nationalities: list[str] = []
    for i, raw in enumerate(nationalities_raw):
        code = country(raw, f"person.nationalities[{i}]")
        if code in nationalities:
            raise InputError(f"person.nationalities[{i}]", f"{code} is listed twice")
        nationalities.append(code)
    salary = _amount(person_raw["annual_gross_salary_eur"], "person.annual_gross_salary_eur")

    plan_raw = mapping(root["plan"], "plan")
    _check_keys(plan_raw, "plan", _PLAN_KEYS)
    vehicle_raw = plan_raw["vehicle"]
    try:
        vehicle = Vehicle(vehicle_raw) if isinstance(vehicle_raw, str) else None
    except ValueError:
        vehicle = None
    if vehicle is None:
        raise InputError("plan.vehicle", "must be one of " + ", ".join(v.value for v in Vehicle))
    commitment_start = required_date(plan_raw["commitment_start"], "plan.commitment_start")
    if commitment_start < birth_date:
        raise InputError("plan.commitment_start", "must not be before person.birth_date")
    employer = _amount(
        plan_raw.get("employer_contribution_monthly_eur", "0"),
        "plan.employer_contribution_monthly_eur",
    )
    deferral = _amount(
        plan_raw.get("deferred_compensation_monthly_eur", "0"),
        "plan.deferred_compensation_monthly_eur",
    )
    if deferral * TWELVE > salary:
        raise InputError(
            "plan.deferred_compensation_monthly_eur", "must not exceed the monthly gross salary"
        )
    ret = decimal(
        plan_raw.get("assumed_annual_return", str(DEFAULT_RETURN)),
        "plan.assumed_annual_return",
        minimum=None,
    )
    if not MIN_RETURN <= ret <= MAX_RETURN:
        raise InputError(
            "plan.assumed_annual_return",
            f"must be a fraction between {MIN_RETURN} and {MAX_RETURN} (0.02 means 2 %)",
        )
    age = integer(
        plan_raw.get("retirement_age", DEFAULT_RETIREMENT_AGE),
        "plan.retirement_age",
        minimum=MIN_RETIREMENT_AGE,
        maximum=MAX_RETIREMENT_AGE,
    )

    leaving: LeavingPlan | None = None
    leaving_raw = root.get("leaving")
    if leaving_raw is not None:
        leaving_map = mapping(leaving_raw, "leaving")
        _check_keys(leaving_map, "leaving", _LEAVING_KEYS)
        leaving_date = required_date(leaving_map["date"], "leaving.date")
        if leaving_date < commitment_start:
            raise InputError("leaving.date", "must not be before plan.commitment_start")
        leaving = LeavingPlan(
            date=leaving_date, to_country=country(leaving_map["to_country"], "leaving.to_country")
        )

    return PensionCase(
        as_of=as_of,
        person=PensionPerson(
            birth_date=birth_date,
            nationalities=tuple(nationalities),
            annual_gross_salary_eur=salary,
        ),
        plan=PensionPlan(
            vehicle=vehicle,
            commitment_start=commitment_start,
            employer_contribution_monthly_eur=employer,
            deferred_compensation_monthly_eur=deferral,
            assumed_annual_return=ret,
            retirement_age=age,
        ),
        leaving=leaving,
    )


def evaluate_json(
    data: Mapping[str, Any], parameters: ParameterSet | None = None
) -> dict[str, Any]:
    """Parse the §5b input, calculate and return the §5b output as plain JSON types."""
    return result_to_json(calculate(parse_case(data, parameters), parameters))
