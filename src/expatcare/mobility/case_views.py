"""Pages of immigration and recognition cases: list, HR detail with the timeline, the employee's
own case, starting a case from the eligibility result, milestone changes and checklist uploads.

Views parse input with a form, load rows through the policies, write through the services and
render. Every page needs a logged-in user acting through a membership.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.accounts.models import Membership
from expatcare.accounts.roles import PEOPLE_WRITER_ROLES, Role
from expatcare.core.errors import ServiceError
from expatcare.core.http import FORM_ERROR_STATUS, form_status, is_htmx
from expatcare.core.pagination import list_page, page_range
from expatcare.core.query import require_valid
from expatcare.engine.facts import run_assessment
from expatcare.engine.labels import label
from expatcare.mobility import selectors, services
from expatcare.mobility.forms import (
    CaseCloseForm,
    CaseFilterForm,
    EligibilityForm,
    FamilyAttachForm,
    MilestoneForm,
    StartCaseForm,
)
from expatcare.mobility.hooks import collect_own_duties
from expatcare.mobility.models import Case
from expatcare.mobility.policies import (
    access_case,
    access_checklist_item,
    access_milestone,
    can_manage_cases,
    can_see_case_documents,
)
from expatcare.people.choices import ProviderField
from expatcare.people.declared import assigned_people
from expatcare.people.forms import DocumentRenewForm
from expatcare.people.models import ProviderAssignment
from expatcare.people.policies import (
    access_family_member,
    access_person,
    can_manage_assignments,
    can_upload_document,
    is_own_record,
    own_person_id,
)
from expatcare.people.selectors import assignment_rows
from expatcare.people.views.assignments import assignment_form_page

MY_CASE_DUTIES = 20


def _require_manager(actor: Actor) -> None:
    if not can_manage_cases(actor):
        raise DjangoPermissionDenied


def _case_url(actor: Actor, case: Case) -> str:
    if is_own_record(actor, case.person):
        return reverse("mobility:my_case")
    return reverse("mobility:case_detail", args=[case.pk])


# --- list and detail --------------------------------------------------------------------------


@never_cache
@require_GET
@tenant_view()
def case_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The case list with search, filters and sort; ``?view=board`` groups it by current step."""
    if actor.role == Role.EMPLOYEE:
        return redirect("mobility:my_case")
    form = CaseFilterForm(request.GET or None)
    filters: dict[str, Any] = {"status": "open"}
    overdue = False
    if form.is_bound:
        data = require_valid(form)
        filters = {
            "status": data.get("status") or "",
            "search": data.get("q") or "",
            "pathway": data.get("pathway") or "",
            "step": data.get("step") or "",
            "sort": data.get("sort") or "-started",
        }
        overdue = bool(data.get("overdue"))
    board = request.GET.get("view") == "board"
    today = timezone.localdate()
    cases = selectors.case_list(actor=actor, overdue_only=overdue, today=today, **filters)
    query = urlencode(
        {key: value for key, value in filters.items() if value}
        | ({"overdue": "on"} if overdue else {})
    )
    context: dict[str, Any] = {
        "form": form,
        "filter_query": query,
        "board": selectors.case_board(cases) if board else None,
        "can_manage": can_manage_cases(actor),
    }
    if not board:
        page = list_page(
            cases, requested=request.GET.get("page"), per_page=settings.EXPATCARE_PAGE_SIZE
        )
        shown = list(page.object_list)
        context |= {
            "page": page,
            "rows": [(case, selectors.current_milestone(case)) for case in shown],
            "page_range": page_range(page),
        }
    else:
        shown = [case for column in context["board"].columns for case in column.cases]
    names = selectors.person_names(actor, shown)
    context["person_labels"] = selectors.person_labels(names, (c.person_id for c in shown))
    return render(request, "mobility/case_list.html", context)


def _uploadable(actor: Actor, case: Case, view: selectors.CaseView) -> set[int]:
    """Checklist items the actor may upload (HR anything, the person the self-service kinds)."""
    if case.status != "open":
        return set()
    return {
        entry.item.pk
        for entry in view.checklist
        if can_upload_document(actor, case.person, entry.item.document_kind)
    }


def _detail_context(actor: Actor, case: Case) -> dict[str, Any]:
    view = selectors.case_view(actor=actor, case=case, today=timezone.localdate())
    names = selectors.person_names(actor, [case])
    declared = assigned_people(actor, [case.person_id]) if actor.is_provider else {}
    return {
        "person_label": selectors.person_labels(names, [case.person_id])[case.person_id],
        # A provider sees the family of the case only where its assignments declare it.
        "show_family": not actor.is_provider
        or ProviderField.FAMILY_MEMBERS in declared[case.person_id].fields,
        "view": view,
        "uploadable": _uploadable(actor, case, view),
        "case": case,
        "can_manage": can_manage_cases(actor) and case.status == "open",
        "show_documents": can_see_case_documents(actor),
        "milestone_form": MilestoneForm(),
        # Providers assigned to this case: employer staff see and (HR) change them.
        "assignments": assignment_rows(actor=actor, person_id=case.person_id, case_id=case.pk)
        if actor.is_employer_staff
        else None,
        "can_assign": can_manage_assignments(actor) and case.status == "open",
    }


@never_cache
@require_GET
@tenant_view()
def case_detail(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    case = access_case(actor, case_id)
    if is_own_record(actor, case.person):
        return redirect("mobility:my_case")
    return render(request, "mobility/case_detail.html", _detail_context(actor, case))


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def case_assign_provider(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    """Assign a provider (an immigration lawyer) to this case, through the people services."""
    case = access_case(actor, case_id, for_write=True)
    return assignment_form_page(
        request,
        actor,
        person=case.person,
        case_id=case.pk,
        back_url=reverse("mobility:case_detail", args=[case.pk]),
        title=_("Assign a provider to the case of %(name)s") % {"name": case.person.full_name},
    )


# --- starting a case from the eligibility result ----------------------------------------------


@never_cache
@require_POST
@tenant_view()
def case_start(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Re-run the assessment from the posted facts; a posted result is never trusted."""
    _require_manager(actor)
    start = StartCaseForm(request.POST)
    facts = EligibilityForm(request.POST)
    back = reverse("mobility:eligibility")
    if not start.is_valid():
        messages.error(request, _("Choose a person, a pathway and the goal of the case."))
        return redirect(back)
    person = access_person(actor, start.cleaned_data["person"])
    query = {
        key: value
        for key, value in request.POST.items()
        if key not in {"csrfmiddlewaretoken", "goal", "pathway_code"}
    }
    back = f"{back}?{urlencode(query)}#result"
    if not facts.is_valid():
        messages.error(request, _("The facts of the assessment are incomplete; assess again."))
        return redirect(back)
    try:
        assessment = run_assessment(facts.to_facts())
        case = services.case_start_from_assessment(
            actor=actor,
            person=person,
            assessment=assessment,
            goal=start.cleaned_data["goal"],
            pathway_code=start.cleaned_data["pathway_code"],
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, _("The case was started."))
    return redirect("mobility:case_detail", case_id=case.pk)


# --- milestones -------------------------------------------------------------------------------


@never_cache
@require_POST
@tenant_view()
def milestone_update(
    request: HttpRequest, actor: Actor, case_id: int, milestone_id: int
) -> HttpResponse:
    milestone = access_milestone(actor, milestone_id, case_id=case_id, for_write=True)
    case = milestone.case
    form = MilestoneForm(request.POST)
    error_message = ""
    if form.is_valid():
        try:
            services.milestone_update(actor=actor, milestone=milestone, changes=form.changes())
        except ServiceError as error:
            error_message = error.message
    else:
        error_message = _("Check the dates and try again.")
    case = access_case(actor, case.pk)
    if is_htmx(request):
        context = _detail_context(actor, case) | {
            "error_message": error_message,
            "error_milestone": milestone.pk,
        }
        status = FORM_ERROR_STATUS if error_message else 200
        return render(request, "mobility/_timeline_update.html", context, status=status)
    if error_message:
        messages.error(request, error_message)
    else:
        messages.success(request, _("The step was updated."))
    return redirect(f"{_case_url(actor, case)}#milestone-{milestone.pk}")


# --- checklist uploads ------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def checklist_upload(
    request: HttpRequest, actor: Actor, case_id: int, item_id: int
) -> HttpResponse:
    item = access_checklist_item(actor, item_id, case_id=case_id)
    case = item.case
    if not can_upload_document(actor, case.person, item.document_kind):
        raise DjangoPermissionDenied
    form = DocumentRenewForm(request.POST or None, request.FILES or None)
    back_url = _case_url(actor, case)
    context = {
        "form": form,
        "case": case,
        "item": item,
        "item_label": label("document", item.code),
        "back_url": back_url,
    }
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.case_document_upload(
                    actor=actor,
                    case=case,
                    item=item,
                    uploaded_file=data["file"],
                    number=data.get("number") or "",
                    issuing_country=data.get("issuing_country") or "",
                    valid_from=data.get("valid_from"),
                    valid_until=data.get("valid_until"),
                )
            except ServiceError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The document was uploaded."))
                return redirect(back_url)
        return render(request, "mobility/checklist_upload.html", context, status=FORM_ERROR_STATUS)
    return render(request, "mobility/checklist_upload.html", context)


# --- family and closing -----------------------------------------------------------------------


@never_cache
@require_POST
@tenant_view()
def case_attach_family(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    case = access_case(actor, case_id, for_write=True)
    form = FamilyAttachForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a family member."))
        return redirect("mobility:case_detail", case_id=case.pk)
    member = access_family_member(actor, form.cleaned_data["family_member"])
    try:
        services.case_attach_family_member(actor=actor, case=case, family_member=member)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The family member was added to the case."))
    return redirect("mobility:case_detail", case_id=case.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def case_close(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    case = access_case(actor, case_id, for_write=True)
    form = CaseCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(actor=actor, case=case, status=form.cleaned_data["status"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The case was closed."))
            return redirect("mobility:case_detail", case_id=case.pk)
    status = form_status(request)
    return render(request, "mobility/case_close.html", {"form": form, "case": case}, status=status)


# --- the employee's own case ------------------------------------------------------------------


def _contacts(actor: Actor, person_id: int) -> dict[str, list[str]]:
    """Names of the HR team and of the providers assigned to the person (two queries)."""
    hr = (
        Membership.objects.filter(
            organization_id=actor.organization_id, role__in=list(PEOPLE_WRITER_ROLES)
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    providers = (
        ProviderAssignment.objects.filter(
            organization_id=actor.organization_id, person_id=person_id, ended_at__isnull=True
        )
        .select_related("provider")
        .order_by("provider__name")
    )
    return {
        "hr": [f"{m.user.get_full_name()} <{m.user.email}>" for m in hr],
        "providers": [
            f"{a.provider.name}" + (f" ({a.service})" if a.service else "") for a in providers
        ],
    }


@never_cache
@require_GET
@tenant_view()
def my_case(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.role != Role.EMPLOYEE:
        raise DjangoPermissionDenied
    cases = selectors.own_cases(actor=actor)
    today = timezone.localdate()
    views = [selectors.case_view(actor=actor, case=case, today=today) for case in cases[:3]]
    person = cases[0].person if cases else None
    if person is None:
        own = own_person_id(actor)
        contacts = _contacts(actor, own) if own is not None else {"hr": [], "providers": []}
    else:
        contacts = _contacts(actor, person.pk)
    return render(
        request,
        "mobility/my_case.html",
        {
            "views": views,
            "uploadable": set().union(*(_uploadable(actor, v.case, v) for v in views)),
            "duties": collect_own_duties(actor=actor, today=today, limit=MY_CASE_DUTIES),
            "contacts": contacts,
            "person": person,
        },
    )
