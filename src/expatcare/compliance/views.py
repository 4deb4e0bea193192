"""Compliance pages: dashboard, export, duty detail, calendar feed management and the feed.

Views parse input with a form, load rows through the policies, write through the services
and render. The ICS feed is the one page without login: its secret token is the credential.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.compliance import dashboard as pages
from expatcare.compliance import exports, feeds, policies, selectors, services
from expatcare.compliance.forms import DutyDoneForm, DutyFilterForm, DutyStatusForm
from expatcare.compliance.labels import duty_label
from expatcare.compliance.leadtimes import berlin_today
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.core.http import FORM_ERROR_STATUS, add_service_error
from expatcare.people.models import DocumentVersion


def _filter_form(
    request: HttpRequest, actor: Actor, codes: list[str] | None = None
) -> DutyFilterForm:
    if codes is None:
        codes = selectors.duty_codes(actor=actor)
    return DutyFilterForm(request.GET or None, codes=[(code, duty_label(code)) for code in codes])


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@require_GET
@tenant_view(policies.can_view_compliance)
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    today = berlin_today()
    aggregates = selectors.dashboard_aggregates(actor=actor, today=today)
    form = _filter_form(request, actor, aggregates.codes)
    filters = form.filters()
    light = (
        form.cleaned_data.get("light", "") if form.is_bound and "light" not in form.errors else ""
    )
    dashboard_url = reverse("compliance:dashboard")
    duties = pages.duty_page(
        actor=actor,
        filters=filters,
        today=today,
        aggregates=aggregates,
        number=request.GET.get("page"),
    )
    people = pages.people_page(
        actor=actor,
        today=today,
        light=light or "",
        aggregates=aggregates,
        number=request.GET.get("people_page"),
        dashboard_url=dashboard_url,
    )
    findings = selectors.active_findings(actor=actor).values(*pages.FINDING_FIELDS)[
        : selectors.FINDINGS_ON_DASHBOARD
    ]
    return render(
        request,
        "compliance/dashboard.html",
        {
            "form": form,
            "filters": pages.filter_controls(form),
            "today": today,
            "light_counts": aggregates.lights,
            "kind_counts": pages.kind_rows(aggregates.kinds, dashboard_url),
            "duties": duties.page,
            "duties_capped": duties.capped,
            "people_page": people,
            "lights": people.object_list,
            "findings": pages.finding_rows(findings),
            "duty_query": _query_without(request, "page"),
            "people_query": _query_without(request, "people_page"),
            "export_query": _query_without(request, "page", "people_page", "format"),
            "is_staff_view": actor.is_employer_staff,
        },
    )


@require_GET
@tenant_view(policies.can_view_compliance)
def export(request: HttpRequest, actor: Actor) -> HttpResponse | StreamingHttpResponse:
    today = berlin_today()
    filters = _filter_form(request, actor).filters()
    duties = selectors.duty_list(actor=actor, filters=filters, today=today)
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(duties, today=today)
    return exports.csv_response(duties, today=today)


def _evidence_choices(actor: Actor, person_id: int) -> list[tuple[int, str]]:
    versions = (
        DocumentVersion.objects.filter(
            organization_id=actor.organization_id, document__person_id=person_id
        )
        .select_related("document")
        .order_by("document__kind", "-version")
    )
    return [(v.pk, f"{v.document} v{v.version}") for v in versions]


@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_view_compliance)
def duty_detail(request: HttpRequest, actor: Actor, duty_id: int) -> HttpResponse:
    duty = policies.access_duty(actor, duty_id)
    can_complete = policies.can_complete_duty(actor, duty)
    documents = _evidence_choices(actor, duty.person_id) if can_complete else []
    form = DutyDoneForm(
        request.POST or None, documents=documents, initial={"done_on": berlin_today()}
    )
    status = 200
    if request.method == "POST":
        if not can_complete:
            raise DjangoPermissionDenied
        if form.is_valid():
            try:
                services.duty_mark_done(
                    actor=actor,
                    duty=duty,
                    done_on=form.cleaned_data["done_on"],
                    note=form.cleaned_data["note"],
                    evidence_document_id=form.cleaned_data["evidence_document"],
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The duty is marked as done."))
                return redirect("compliance:duty_detail", duty_id=duty.pk)
        status = FORM_ERROR_STATUS
    return render(
        request,
        "compliance/duty_detail.html",
        {
            "duty": duty,
            "form": form,
            "can_complete": can_complete and duty.is_pending,
            "can_manage": policies.can_manage_duties(actor),
            "today": berlin_today(),
        },
        status=status,
    )


@require_POST
@tenant_view(policies.can_view_compliance)
def duty_status(request: HttpRequest, actor: Actor, duty_id: int) -> HttpResponse:
    duty = policies.access_duty(actor, duty_id)
    if not policies.can_manage_duties(actor):
        raise PermissionDenied(_("You may not change this duty."))
    form = DutyStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a valid status."))
    services.duty_set_status(actor=actor, duty=duty, status=form.cleaned_data["status"])
    messages.success(request, _("The duty's status is changed."))
    return redirect("compliance:duty_detail", duty_id=duty.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_view_compliance)
def calendar(request: HttpRequest, actor: Actor) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            services.calendar_feed_create(actor=actor)
            messages.success(
                request, _("Your new calendar link is ready; an older one stopped working.")
            )
            return redirect("compliance:calendar")
        if action == "revoke":
            if services.calendar_feed_revoke(actor=actor):
                messages.success(request, _("The calendar link no longer works."))
            return redirect("compliance:calendar")
        return HttpResponseBadRequest(_("Unknown action."))
    return render(
        request,
        "compliance/calendar.html",
        {
            "active_feed": feeds.active_feed(actor),
            "feed_url": feeds.active_feed_url(request, actor),
        },
    )


@require_GET
def ics_feed(request: HttpRequest, token: str) -> StreamingHttpResponse:
    body = feeds.feed_stream(token)
    if body is None:
        raise Http404
    response = StreamingHttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="expatcare-duties.ics"'
    return response
