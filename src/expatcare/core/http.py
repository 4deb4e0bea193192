"""What every page shares about HTTP: a refused form (its status, a service's error placed on
it) and htmx detection."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from expatcare.core.errors import ServiceError

# A form sent back with errors answers 422, so tests, htmx and browsers' devtools see that the
# write did not happen although the page renders normally.
FORM_ERROR_STATUS = 422


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request, i.e. it wants the fragment, not the whole page."""
    return request.headers.get("HX-Request") == "true"


def form_status(request: HttpRequest) -> int:
    """422 for a form that was posted and is shown again (it has errors), else 200."""
    return FORM_ERROR_STATUS if request.method == "POST" else 200


def render_invalid(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The form page again, with its errors and the 422 status."""
    return render(request, template, context, status=FORM_ERROR_STATUS)


def add_service_error(
    form: forms.BaseForm, error: ServiceError, *, default_field: str | None = None
) -> None:
    """Show a service's refusal beside the field it names (else ``default_field``, else on top)."""
    field = error.field if error.field in form.fields else default_field
    form.add_error(field, error.message)
