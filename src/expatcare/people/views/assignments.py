"""Provider assignments: HR assigns a provider to a person (here) or to one of their cases
(``mobility``'s case page, through ``assignment_form_page``) and ends an assignment after a
confirmation. Owners and HR only; a refused POST is a 403 before the form is read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.core.errors import ServiceError
from expatcare.core.http import add_service_error, render_invalid
from expatcare.people import assignments, policies, selectors
from expatcare.people.forms import AssignmentForm
from expatcare.people.models import Person


def assignment_form_page(
    request: HttpRequest,
    actor: Actor,
    *,
    person: Person,
    back_url: str,
    title: str,
    case_id: int | None = None,
) -> HttpResponse:
    """The assignment form for ``person`` (and ``case_id``, loaded by the caller)."""
    if not policies.can_manage_assignments(actor):
        raise DjangoPermissionDenied
    form = AssignmentForm(
        request.POST if request.method == "POST" else None,
        providers=selectors.provider_choices(),
    )
    context = {"form": form, "person": person, "title": title, "back_url": back_url}
    if request.method != "POST":
        return render(request, "people/assignment_form.html", context)
    if form.is_valid():
        try:
            assignments.assignment_create(
                actor=actor,
                person=person,
                provider_id=form.cleaned_data["provider"],
                service=form.cleaned_data["service"],
                fields=form.cleaned_data["provider_fields"],
                case_id=case_id,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The provider was assigned."))
            return redirect(back_url)
    return render_invalid(request, "people/assignment_form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def assignment_create(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = policies.access_person(actor, person_id, for_write=True)
    return assignment_form_page(
        request,
        actor,
        person=person,
        back_url=reverse("people:detail", args=[person.pk]),
        title=_("Assign a provider to %(name)s") % {"name": person.full_name},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def assignment_end(request: HttpRequest, actor: Actor, assignment_id: int) -> HttpResponse:
    assignment = policies.access_assignment(actor, assignment_id, for_write=True)
    back_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back_url, allowed_hosts={request.get_host()}):
        back_url = reverse("people:detail", args=[assignment.person_id])
    context = {"assignment": assignment, "back_url": back_url, "error": ""}
    if request.method == "POST":
        try:
            assignments.assignment_end(actor=actor, assignment=assignment)
        except ServiceError as error:
            context["error"] = error.message
            return render_invalid(request, "people/assignment_end.html", context)
        messages.success(request, _("The provider assignment was ended."))
        return redirect(back_url)
    return render(request, "people/assignment_end.html", context)
