""" "My care": the employee's own modules, their providers' contacts, certificates and what
they may enrol in themself."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.accounts.roles import Role
from expatcare.care import policies, services
from expatcare.care.my_care import own_care
from expatcare.core.bounds import parse_id
from expatcare.core.errors import ServiceError
from expatcare.people.policies import access_person, own_person_id


def _employee(actor: Actor) -> bool:
    return actor.role == Role.EMPLOYEE


@never_cache
@require_GET
@tenant_view(_employee)
def my_care(request: HttpRequest, actor: Actor) -> HttpResponse:
    care = own_care(
        actor,
        today=timezone.localdate(),
        now=timezone.now(),
        reader_zone=timezone.get_current_timezone_name(),
    )
    return render(request, "care/my_care.html", {"care": care})


@never_cache
@require_http_methods(["POST"])
@tenant_view(_employee)
def my_care_enrol(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Enrol myself in an offered confidential module (psychosocial support)."""
    person_id = own_person_id(actor)
    if person_id is None:
        raise Http404(_("There is no personal record linked to your account."))
    person = access_person(actor, person_id)
    module_id = parse_id(request.POST.get("module"))
    try:
        if module_id is None:
            raise ServiceError(_("Choose a module."), field="module")
        module = policies.access_module(actor, module_id)
        services.enrolment_self_request(actor=actor, person=person, module=module)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You are enrolled. The provider will contact you; your employer is not told who."),
        )
    return redirect("care:my_care")
