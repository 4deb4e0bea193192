"""The API document's request models say what the engine accepts: the same fields, the same
required ones. The engine validates every request; these models only describe it, so nothing
but this test stops them from drifting apart."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from expatcare.api import rules_schemas as schemas
from expatcare.engine import vocabulary_build
from expatcare.rules import io, pension
from expatcare.rules.errors import InputError
from expatcare.rules.examples import ASSESSMENT_EXAMPLE, PENSION_EXAMPLE
from expatcare.rules.model import DOCUMENT_KINDS, Severity, Status
from expatcare.rules.pension import io as pension_io

# The contract examples, completed with every optional object, so that each field of each
# model can be left out once.
FULL_ASSESSMENT: dict[str, Any] = copy.deepcopy(ASSESSMENT_EXAMPLE)
FULL_ASSESSMENT["person"] |= {
    "permit_valid_until": "2029-05-31",
    "documents": [{"kind": "passport", "valid_until": "2030-01-31"}],
}
FULL_ASSESSMENT["organisation"] = {
    "renewal_lead_weeks": {
        "residence_permit": 12,
        "visa": 10,
        "passport": 30,
        "insurance_certificate": 8,
    }
}
FULL_ASSESSMENT["job"] |= {
    "end_date": "2028-05-31",
    "ended_early_on": "2027-12-31",
    "intra_corporate_transfer": {"months_with_group": 12, "planned_months": 24, "role": "manager"},
    "posting": {
        "from_country": "IN",
        "to_country": "DE",
        "start_date": "2026-03-01",
        "months": 6,
        "earlier_posting": {"start_date": "2024-01-01", "end_date": "2024-06-30"},
    },
    "telework_abroad": {"country": "AT", "share_percent": 20},
}
FULL_PENSION: dict[str, Any] = copy.deepcopy(PENSION_EXAMPLE)

Engine = Callable[[Mapping[str, Any]], object]
CASES: list[tuple[Engine, dict[str, Any], tuple[str, ...], type[BaseModel], frozenset[str]]] = [
    (io.parse_case, FULL_ASSESSMENT, (), schemas.AssessmentInput, io._TOP_KEYS),
    (io.parse_case, FULL_ASSESSMENT, ("person",), schemas.AssessmentPersonIn, io._PERSON_KEYS),
    (
        io.parse_case,
        FULL_ASSESSMENT,
        ("person", "qualification"),
        schemas.QualificationIn,
        io._QUALIFICATION_KEYS,
    ),
    (io.parse_case, FULL_ASSESSMENT, ("job",), schemas.JobIn, io._JOB_KEYS),
    (
        io.parse_case,
        FULL_ASSESSMENT,
        ("organisation",),
        schemas.OrganisationIn,
        io._ORGANISATION_KEYS,
    ),
    (
        io.parse_case,
        FULL_ASSESSMENT,
        ("organisation", "renewal_lead_weeks"),
        schemas.RenewalLeadWeeksIn,
        frozenset(DOCUMENT_KINDS),
    ),
    (
        io.parse_case,
        FULL_ASSESSMENT,
        ("job", "intra_corporate_transfer"),
        schemas.IntraCorporateTransferIn,
        io._ICT_KEYS,
    ),
    (io.parse_case, FULL_ASSESSMENT, ("job", "posting"), schemas.PostingIn, io._POSTING_KEYS),
    (
        io.parse_case,
        FULL_ASSESSMENT,
        ("job", "posting", "earlier_posting"),
        schemas.EarlierPostingIn,
        io._EARLIER_POSTING_KEYS,
    ),
    (
        io.parse_case,
        FULL_ASSESSMENT,
        ("job", "telework_abroad"),
        schemas.TeleworkAbroadIn,
        io._TELEWORK_KEYS,
    ),
    *(
        (pension.parse_case, FULL_PENSION, path, model, required | optional)
        for path, model, (required, optional) in (
            ((), schemas.PensionInput, pension_io._TOP_KEYS),
            (("person",), schemas.PensionPersonIn, pension_io._PERSON_KEYS),
            (("plan",), schemas.PensionPlanIn, pension_io._PLAN_KEYS),
            (("leaving",), schemas.LeavingIn, pension_io._LEAVING_KEYS),
        )
    ),
]
IDS = [model.__name__ for _engine, _case, _path, model, _keys in CASES]


def _at(case: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for key in path:
        case = case[key]
    return case


def test_the_completed_examples_are_valid() -> None:
    io.parse_case(FULL_ASSESSMENT)
    pension.parse_case(FULL_PENSION)


@pytest.mark.parametrize(("engine", "full", "path", "model", "keys"), CASES, ids=IDS)
def test_same_fields_as_the_engine(engine, full, path, model, keys) -> None:
    assert set(model.model_fields) == set(keys)


@pytest.mark.parametrize(("engine", "full", "path", "model", "keys"), CASES, ids=IDS)
def test_required_exactly_where_the_engine_requires(engine, full, path, model, keys) -> None:
    assert set(model.model_fields) <= set(_at(full, path)), "complete the example first"
    for name, field in model.model_fields.items():
        case = copy.deepcopy(full)
        del _at(case, path)[name]
        dotted = ".".join((*path, name))
        if field.is_required():
            with pytest.raises(InputError) as error:
                engine(case)
            assert error.value.field == dotted
        else:
            engine(case)  # accepted without it


def test_the_generated_vocabulary_is_the_engines() -> None:
    """``engine/vocabulary.py`` is regenerated whenever an enumeration of the engine changes."""
    assert vocabulary_build.TARGET.read_text(encoding="utf-8") == vocabulary_build.render()


# Every request field whose values are enumerated: the model's field, where it sits in a case,
# and the engine's own enumeration.
ENUMERATED: list[tuple[Engine, dict[str, Any], tuple[str, ...], type[BaseModel], str]] = [
    (io.parse_case, FULL_ASSESSMENT, ("person", "qualification"), schemas.QualificationIn, "kind"),
    (
        io.parse_case,
        FULL_ASSESSMENT,
        ("person", "qualification"),
        schemas.QualificationIn,
        "recognition",
    ),
    (io.parse_case, FULL_ASSESSMENT, ("person",), schemas.AssessmentPersonIn, "german_level"),
    (io.parse_case, FULL_ASSESSMENT, ("person",), schemas.AssessmentPersonIn, "english_level"),
    (
        io.parse_case,
        FULL_ASSESSMENT,
        ("person",),
        schemas.AssessmentPersonIn,
        "german_residence_title",
    ),
    (io.parse_case, FULL_ASSESSMENT, ("job",), schemas.JobIn, "industry"),
    (io.parse_case, FULL_ASSESSMENT, ("job",), schemas.JobIn, "state"),
    (
        io.parse_case,
        FULL_ASSESSMENT,
        ("job", "intra_corporate_transfer"),
        schemas.IntraCorporateTransferIn,
        "role",
    ),
    (pension.parse_case, FULL_PENSION, ("plan",), schemas.PensionPlanIn, "vehicle"),
]


def _allowed(model: type[BaseModel], name: str) -> set[str]:
    """The values the model's JSON schema lists for a field (``null`` aside)."""
    schema = model.model_json_schema()["properties"][name]
    options = schema.get("anyOf", [schema])
    return {value for option in options for value in option.get("enum", [])}


@pytest.mark.parametrize(
    ("engine", "full", "path", "model", "name"),
    ENUMERATED,
    ids=[f"{model.__name__}.{name}" for _e, _f, _p, model, name in ENUMERATED],
)
def test_enumerated_values_are_exactly_what_the_engine_accepts(
    engine: Engine,
    full: dict[str, Any],
    path: tuple[str, ...],
    model: type[BaseModel],
    name: str,
) -> None:
    allowed = _allowed(model, name)
    assert allowed, f"{model.__name__}.{name} lists no values"
    for value in sorted(allowed):
        case = copy.deepcopy(full)
        _at(case, path)[name] = value
        engine(case)  # every documented value is accepted
    case = copy.deepcopy(full)
    _at(case, path)[name] = "not-a-listed-value"
    with pytest.raises(InputError) as error:
        engine(case)
    assert error.value.field == ".".join((*path, name))


def test_output_enumerations_are_the_engines() -> None:
    assert _allowed(schemas.PathwayOut, "status") == set(get_args(Status))
    assert _allowed(schemas.FindingOut, "severity") == set(get_args(Severity))
    assert _allowed(schemas.DocumentIn, "kind") == set(DOCUMENT_KINDS)
