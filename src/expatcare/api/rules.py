"""Assessments and pension calculations: the rules engine's JSON contracts over HTTP.

The request body goes to the engine untouched; the engine is the single validator, so the API,
the CLI and the web forms refuse the same input with the same message naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from expatcare.api.rules_schemas import (
    AssessmentOutput,
    PensionOutput,
)
from expatcare.apikit.auth import actor_of
from expatcare.apikit.body import load_json
from expatcare.apikit.errors import field_error
from expatcare.apikit.schemas import FieldProblems
from expatcare.engine.contracts import (
    ASSESSMENT_EXAMPLE,
    PENSION_EXAMPLE,
    assess_json,
    evaluate_json,
)

router = Router(tags=["rules"])

# Models documented in the OpenAPI components although no operation parses them with pydantic.
DOCUMENTED_REQUEST_MODELS = ("AssessmentInput", "PensionInput")


def _request_body(model: str, example: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": f"#/components/schemas/{model}"},
                    "example": dict(example),
                }
            },
        }
    }


def _run(request: HttpRequest, engine: Callable[[Mapping[str, Any]], dict[str, Any]]) -> Any:
    actor_of(request)  # authenticated member; every role may use the calculators
    # Size, nesting and syntax are checked before parsing (``RequestRejected``: 413 or 422).
    data = load_json(request.body or b"null")
    if not isinstance(data, dict):
        return JsonResponse(
            field_error(["body"], _("The request body must be a JSON object."), "type_error"),
            status=422,
        )
    # InputError propagates to the API's handler, which answers 422 naming the field.
    return JsonResponse(engine(data))


@router.post(
    "/assessments",
    operation_id="assessment_create",
    response={200: AssessmentOutput, 422: FieldProblems},
    summary="Assess a case",
    description=(
        "Residence pathways, applicable social-security law, employer obligations with due "
        "dates, and findings, each with its legal basis, for a person and a job as of a date."
    ),
    openapi_extra=_request_body("AssessmentInput", ASSESSMENT_EXAMPLE),
)
def assessment_create(request: HttpRequest) -> Any:
    return _run(request, assess_json)


@router.post(
    "/pension-calculations",
    operation_id="pension_calculation_create",
    response={200: PensionOutput, 422: FieldProblems},
    summary="Calculate a company pension",
    description=(
        "Tax and social-security free limits of the year, employer subsidy, vesting, a "
        "projection, and what happens to the rights when the employee leaves Germany."
    ),
    openapi_extra=_request_body("PensionInput", PENSION_EXAMPLE),
)
def pension_calculation_create(request: HttpRequest) -> Any:
    return _run(request, evaluate_json)
