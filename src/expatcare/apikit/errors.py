"""Exceptions of services, policies and the rules engine as JSON error responses.

Field errors use the shape of ninja's own validation errors (``{"detail": [{"loc", "msg",
"type"}]}``) so a client handles a refused value the same way whether pydantic or a service
refused it, and always sees which field to fix.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from expatcare.accounts.mfa import SecondFactorRequired
from expatcare.apikit.auth import NoMembership
from expatcare.apikit.body import RequestRejected
from expatcare.core.errors import PermissionDenied, ServiceError

# Every operation names its body parameter so; see ``_validation_error``.
BODY_PARAM = "payload"


def field_error(loc: list[str | int], message: str, code: str) -> dict[str, Any]:
    return {"detail": [{"loc": loc, "msg": message, "type": code}]}


def _service_error(request: HttpRequest, exc: ServiceError, *, api: NinjaAPI) -> HttpResponse:
    if exc.code == "forbidden":  # a refusal about the input itself (someone else's token)
        return api.create_response(request, {"detail": str(exc.message)}, status=403)
    loc: list[str | int] = ["body", exc.field] if exc.field else ["body"]
    return api.create_response(request, field_error(loc, str(exc.message), exc.code), status=422)


def _refused(request: HttpRequest, exc: PermissionDenied, *, api: NinjaAPI) -> HttpResponse:
    """A service's refusal: 403 with its message, which is written to be shown."""
    return api.create_response(request, {"detail": str(exc.message)}, status=403)


def engine_input_error(
    request: HttpRequest, field: str, message: str, *, api: NinjaAPI
) -> HttpResponse:
    """The rules engine names a dotted path (``person.birth_date``); keep it whole and split.

    Registered for the engine's ``InputError`` by the API module (``expatcare.api``), because
    only ``expatcare.engine`` may import the rules package.
    """
    parts: list[str | int] = [part for part in field.split(".") if part]
    body = field_error(["body", *parts], message, "invalid")
    body["detail"][0]["field"] = field
    return api.create_response(request, body, status=422)


def _validation_error(request: HttpRequest, exc: ValidationError, *, api: NinjaAPI) -> HttpResponse:
    """Pydantic's errors, with the body parameter's name dropped from ``loc``.

    ``["body", "payload", "birth_date"]`` becomes ``["body", "birth_date"]``, the same path a
    service error about that field has.
    """
    errors = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        if len(loc) > 2 and loc[0] == "body" and loc[1] == BODY_PARAM:
            loc = [loc[0], *loc[2:]]
        errors.append({**error, "loc": loc})
    return api.create_response(request, {"detail": errors}, status=422)


def _not_found(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    # Never echo the exception text: it could confirm that a row exists in another tenant.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


def _forbidden(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("You do not have permission to do this.")}, status=403
    )


def _no_membership(request: HttpRequest, exc: NoMembership, *, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message)}, status=403)


def _second_factor_required(
    request: HttpRequest, exc: SecondFactorRequired, *, api: NinjaAPI
) -> HttpResponse:
    """The same answer the middleware gives a browser session without the required factor."""
    return api.create_response(request, {"detail": str(exc.message), "code": exc.code}, status=403)


def _unauthenticated(
    request: HttpRequest, exc: AuthenticationError, *, api: NinjaAPI
) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="expatcare"'
    return response


def _request_rejected(request: HttpRequest, exc: RequestRejected, *, api: NinjaAPI) -> HttpResponse:
    return api.create_response(
        request, field_error(list(exc.loc), exc.message, exc.code), status=exc.status
    )


def _http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    """ninja wraps a body its parser refused in a 400; answer what the parser decided.

    The parser raises ``RequestRejected`` (413, or 422 with a field error on ``body``), which
    ninja keeps as the cause. Any other ``HttpError`` keeps its status and message.
    """
    cause = exc.__cause__
    if isinstance(cause, RequestRejected):
        return _request_rejected(request, cause, api=api)
    if exc.status_code == 400:  # a body ninja could not parse for another reason
        message = _("The request body is not valid JSON.")
        return api.create_response(
            request, field_error(["body"], message, "json_invalid"), status=422
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(RequestRejected, partial(_request_rejected, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(ServiceError, partial(_service_error, api=api))
    api.add_exception_handler(PermissionDenied, partial(_refused, api=api))
    api.add_exception_handler(ValidationError, partial(_validation_error, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(DjangoPermissionDenied, partial(_forbidden, api=api))
    api.add_exception_handler(NoMembership, partial(_no_membership, api=api))
    api.add_exception_handler(SecondFactorRequired, partial(_second_factor_required, api=api))
    api.add_exception_handler(AuthenticationError, partial(_unauthenticated, api=api))
