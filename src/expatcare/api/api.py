"""The REST API (django-ninja), mounted at ``/api/v1/``.

Every operation needs a caller: a personal access token (``Authorization: Bearer ec_...``) or
the browser session (with CSRF). The OpenAPI document and the docs page are public: they
describe the API and contain no tenant data.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from expatcare.api import me, people, rules
from expatcare.api.docs import LocalSwagger
from expatcare.api.rules_schemas import AssessmentInput, PensionInput
from expatcare.apikit.auth import BearerTokenAuth, SessionActorAuth
from expatcare.apikit.body import LimitedJSONParser
from expatcare.apikit.errors import engine_input_error, install_error_handlers
from expatcare.apikit.openapi import add_shared_responses
from expatcare.care import api as care_api
from expatcare.compliance import api as compliance_api
from expatcare.engine.contracts import InputError
from expatcare.mobility import api as mobility_api


class ExpatcareAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Add the request models that the rules engine (not pydantic) validates."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (AssessmentInput, PensionInput):
            document = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(document.pop("$defs", {}))
            components[model.__name__] = document
        add_shared_responses(schema)
        return schema


api = ExpatcareAPI(
    title="expatcare API",
    version="1",
    description=(
        "Tenant-scoped access to people, cases, obligations, assessments and pension calculations."
    ),
    urls_namespace="api",
    auth=[BearerTokenAuth(), SessionActorAuth()],
    parser=LimitedJSONParser(),
    docs=LocalSwagger(),
)
install_error_handlers(api)
api.add_exception_handler(
    InputError,
    lambda request, exc: engine_input_error(request, exc.field, exc.message, api=api),
)
api.add_router("/", me.router)
api.add_router("/", people.router)
api.add_router("/", rules.router)
api.add_router("/", mobility_api.router)
api.add_router("/", compliance_api.router)
api.add_router("/", care_api.router)
