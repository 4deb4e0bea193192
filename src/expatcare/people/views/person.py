"""The person record: the page (staff and the employee's own), its audit trail, create and edit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.accounts.policies import can_manage_members
from expatcare.accounts.roles import Role
from expatcare.audit.selectors import audit_trail_for_person, person_logs
from expatcare.core.errors import ServiceError
from expatcare.core.http import render_invalid
from expatcare.core.pagination import list_page, page_range
from expatcare.core.query import InvalidQuery
from expatcare.people import policies, presenters, selectors, services
from expatcare.people.actions import SENSITIVE_READ_ACTIONS, PeopleAction
from expatcare.people.forms import PersonForm
from expatcare.people.hooks import PersonPageRequest, collect_person_page_sections
from expatcare.people.managers import manager_choices
from expatcare.people.models import Person
from expatcare.people.views.provider import provider_person_page

AUDIT_TRAIL_ON_PAGE = 50
ACCESS_LOG_ON_PAGE = 10
# The full trail page shows one log at a time: changes (default) or sensitive reads.
LOGS = ("changes", "reads")


def _detail_context(request: HttpRequest, actor: Actor, person: Person) -> dict[str, Any]:
    """The record plus the sections other apps contribute (cases, duties, later care...)."""
    sensitive = policies.can_see_sensitive(actor, person)
    is_own = policies.is_own_record(actor, person)
    sections = collect_person_page_sections(
        PersonPageRequest(actor=actor, person=person, today=timezone.localdate(), is_own=is_own)
    )
    context: dict[str, Any] = {
        "person": person,
        "sections": sections,
        "next_steps": [item for section in sections for item in section.next_steps],
        "overdue": sorted(
            (item for section in sections for item in section.overdue),
            key=lambda item: (item.due is None, item.due),
        ),
        "can_invite": not is_own
        and person.user_id is None
        and not actor.is_provider
        and can_manage_members(actor),
        "is_own": is_own,
        "can_write": policies.can_write_people(actor),
        "sensitive": sensitive,
        "show_family": policies.can_see_family(actor, person),
        "show_manager": not actor.is_provider,
        "show_salary": sensitive and person.annual_salary_eur is not None,
        "documents": selectors.person_documents(actor=actor, person=person) if sensitive else [],
        "can_upload": sensitive
        and (policies.can_write_people(actor) or policies.is_own_record(actor, person)),
        "trail": None,
        "self_service_kinds": sorted(policies.SELF_SERVICE_DOCUMENT_KINDS),
        # Who else sees this person: employer staff only (an employee sees their contacts
        # on their case page).
        "assignments": selectors.assignment_rows(actor=actor, person_id=person.pk)
        if actor.is_employer_staff
        else None,
        "can_assign": policies.can_manage_assignments(actor),
    }
    if not policies.can_see_audit_trail(actor, person):
        if context["show_salary"]:
            services.person_salary_read(actor=actor, person=person)
        return context
    # One query for both logs, which also tells whether this reader's salary view of the hour
    # is logged already; a view logged now is put in front of the access log it was not in.
    logs = person_logs(
        actor=actor,
        person_id=person.pk,
        read_actions=SENSITIVE_READ_ACTIONS,
        changes_limit=AUDIT_TRAIL_ON_PAGE + 1,
        reads_limit=ACCESS_LOG_ON_PAGE + 1,
        own_read=PeopleAction.PERSON_SALARY_READ.value,
        own_read_since=services.salary_read_window_start(),
    )
    reads = logs.reads
    if context["show_salary"]:
        logged = services.person_salary_read(
            actor=actor, person=person, already_logged=logs.own_read_logged
        )
        if logged is not None:
            logged.actor = actor.user
            reads = [logged, *reads]
    context["trail"] = presenters.trail_rows(logs.changes[:AUDIT_TRAIL_ON_PAGE])
    context["trail_has_more"] = len(logs.changes) > AUDIT_TRAIL_ON_PAGE
    context["reads"] = presenters.trail_rows(reads[:ACCESS_LOG_ON_PAGE])
    context["reads_has_more"] = len(reads) > ACCESS_LOG_ON_PAGE
    return context


@never_cache
@require_GET
@tenant_view()
def person_detail(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    if actor.is_provider:
        return provider_person_page(request, actor, policies.access_person(actor, person_id))
    person = selectors.person_detail(actor=actor, person_id=person_id, documents=False)
    if policies.is_own_record(actor, person):
        return redirect("people:me")
    return render(request, "people/detail.html", _detail_context(request, actor, person))


@never_cache
@require_GET
@tenant_view()
def me(request: HttpRequest, actor: Actor) -> HttpResponse:
    person_id = policies.own_person_id(actor) if actor.role == Role.EMPLOYEE else None
    if person_id is None:
        raise Http404(_("There is no personal record linked to your account."))
    person = selectors.person_detail(actor=actor, person_id=person_id, documents=False)
    return render(request, "people/detail.html", _detail_context(request, actor, person))


@never_cache
@require_GET
@tenant_view()
def person_audit(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = policies.access_person(actor, person_id)
    if not policies.can_see_audit_trail(actor, person):
        raise DjangoPermissionDenied
    log = request.GET.get("log") or "changes"
    if log not in LOGS:
        raise InvalidQuery("log", _("Choose one of: %(logs)s.") % {"logs": ", ".join(LOGS)})
    entries = (
        audit_trail_for_person(actor=actor, person_id=person.pk, only=SENSITIVE_READ_ACTIONS)
        if log == "reads"
        else audit_trail_for_person(
            actor=actor, person_id=person.pk, exclude=SENSITIVE_READ_ACTIONS
        )
    )
    page = list_page(
        entries,
        requested=request.GET.get("page"),
        per_page=settings.EXPATCARE_PAGE_SIZE,
    )
    return render(
        request,
        "people/audit_trail.html",
        {
            "person": person,
            "log": log,
            "page": page,
            "entries": presenters.trail_rows(page.object_list),
            "page_range": page_range(page),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_write_people)
def person_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = PersonForm(
        request.POST or None,
        initial={"work_country": "DE", "status": "candidate"},
        manager_choices=manager_choices(actor=actor),
    )
    context = {"form": form, "person": None}
    if request.method == "POST":
        if form.is_valid():
            values = form.service_values()
            try:
                person = services.person_create(actor=actor, **values)
            except ServiceError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
                if request.GET.get("then") == "invite" and can_manage_members(actor):
                    return redirect(reverse("accounts:invitation_create") + f"?person={person.pk}")
                return redirect("people:detail", person_id=person.pk)
        return render_invalid(request, "people/person_form.html", context)
    return render(request, "people/person_form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def person_edit(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = policies.access_person(actor, person_id, for_write=True)
    form = PersonForm(
        request.POST or None,
        initial=PersonForm.initial_for(selectors.person_detail(actor=actor, person_id=person.pk)),
        manager_choices=manager_choices(actor=actor),
    )
    context = {"form": form, "person": person}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.person_update(actor=actor, person=person, changes=form.service_values())
            except ServiceError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("people:detail", person_id=person.pk)
        return render_invalid(request, "people/person_form.html", context)
    return render(request, "people/person_form.html", context)
