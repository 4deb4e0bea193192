"""The answers every operation can give, added to the OpenAPI document in one place.

Authentication, the second-factor obligation, ids that match nothing, bodies over the limit,
refused input and a database outage (503, ``web.views.server_error``) are handled by shared
code (``apikit.auth``, ``apikit.errors``, ``apikit.body``, the ``id`` path converter), not by
each operation; so their status codes are documented here for every operation, and a new
operation is documented correctly without further work. A declared 422 always has the
field-error shape (``FieldProblems``), whatever the operation said.
"""

from __future__ import annotations

from typing import Any

from expatcare.apikit.schemas import FieldProblems, Problem

_PROBLEM = {"$ref": "#/components/schemas/Problem"}
_FIELD_PROBLEMS = {"$ref": "#/components/schemas/FieldProblems"}


def _response(description: str, schema: dict[str, str]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_shared_responses(document: dict[str, Any]) -> dict[str, Any]:
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, FieldProblems):
        definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(definition.pop("$defs", {}))
        components[model.__name__] = definition
    for path, operations in document.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            # ninja keys responses by int, JSON by string: one kind of key, or "422" twice.
            responses = {str(status): body for status, body in operation["responses"].items()}
            operation["responses"] = responses
            parameters = operation.get("parameters", [])
            has_body = "requestBody" in operation
            takes_input = has_body or any(p.get("in") == "query" for p in parameters)
            shared = {
                "401": _response("No valid token or session.", _PROBLEM),
                "403": _response(
                    "Not allowed for the caller's role, or a second factor is required "
                    "(`code`: `mfa_required`).",
                    _PROBLEM,
                ),
            }
            unavailable = _response(
                "A service the API needs (the database) is briefly unavailable; nothing was "
                "half-written. Retry after `Retry-After` seconds (`code`: `service_unavailable`).",
                _PROBLEM,
            )
            unavailable["headers"] = {
                "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
            }
            shared["503"] = unavailable
            if "{" in path:
                shared["404"] = _response("No such object in the caller's scope.", _PROBLEM)
            if has_body:
                shared["413"] = _response("The request body is too large.", _FIELD_PROBLEMS)
            for status, response in shared.items():
                responses.setdefault(status, response)
            if takes_input:
                responses["422"] = _response(
                    "Refused input: each error names the parameter or field (`loc`).",
                    _FIELD_PROBLEMS,
                )
    return document
