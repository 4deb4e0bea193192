"""Enrolments: the list (HR and providers), one enrolment's page, and its lifecycle steps.

The steps (confirm, reject, start, end, comment) are POST-only; a refused step shows the
enrolment's page again with the service's message beside the field (422).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.care import enrolment_exports, policies, presenters, reads, selectors, services
from expatcare.care.choices import EnrolmentStatus, ProviderField
from expatcare.care.forms import (
    CertificateForm,
    CommentForm,
    ConfirmForm,
    EndForm,
    ListFilterForm,
    RejectForm,
)
from expatcare.care.models import Enrolment
from expatcare.care.terms import earliest_end
from expatcare.care.views.common import list_page
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.core.formatting import short_date_formatter
from expatcare.core.http import add_service_error, render_invalid


@never_cache
@require_GET
@tenant_view(policies.can_browse_care)
def enrolment_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters = ListFilterForm(request.GET or None).filters()
    sort = filters["sort"] or "-start"
    enrolments = selectors.enrolment_list(
        actor=actor, status=filters["status"], search=filters["q"], sort=sort
    )
    query = {"q": filters["q"], "status": filters["status"]}
    listing = list_page(request, enrolments, query={**query, "sort": sort})
    shown = cast(QuerySet[Enrolment], listing.page.object_list)
    rows = selectors.enrolment_rows(actor, shown)
    reads.enrolments_read(actor, shown)
    return render(
        request,
        "care/enrolment_list.html",
        {
            **listing.context(),
            "rows": presenters.enrolment_rows(rows),
            "q": filters["q"],
            "status": filters["status"],
            "statuses": EnrolmentStatus.choices,
            "current_sort": sort,
            "sort_links": presenters.sort_links(selectors.ENROLMENT_ORDERING, sort, query),
            "is_filtered": bool(filters["q"] or filters["status"]),
            "is_provider": actor.is_provider,
            "can_see_costs": policies.can_see_costs(actor),
            "export_query": urlencode({k: v for k, v in {**query, "sort": sort}.items() if v}),
        },
    )


@never_cache
@require_GET
@tenant_view(policies.can_browse_care)
def enrolment_export(request: HttpRequest, actor: Actor) -> StreamingHttpResponse:
    """The filtered list as CSV (default) or XLSX, with the fields each module declares."""
    filters = ListFilterForm(request.GET or None).filters()
    enrolments = selectors.enrolment_list(
        actor=actor, status=filters["status"], search=filters["q"], sort=filters["sort"] or "-start"
    )
    if request.GET.get("format") == "xlsx":
        return enrolment_exports.xlsx_response(actor, enrolments)
    return enrolment_exports.csv_response(actor, enrolments)


def _detail_context(actor: Actor, enrolment: Enrolment, **forms_: forms.Form) -> dict[str, Any]:
    module = enrolment.module
    declared = set(module.provider_fields) if actor.is_provider else set(ProviderField.values)
    person = enrolment.person
    format_date = short_date_formatter()
    earliest = earliest_end(
        start=enrolment.start_date,
        minimum_term_months=module.minimum_term_months,
        notice_period_days=module.notice_period_days,
        notice_given_on=timezone.localdate(),
    )
    step_forms: dict[str, forms.Form] = {
        "confirm_form": ConfirmForm(),
        "reject_form": RejectForm(),
        "end_form": EndForm(initial={"end_date": earliest.date}),
        "comment_form": CommentForm(),
        "certificate_form": CertificateForm(),
        **forms_,
    }
    comments = policies.visible_comments(actor, enrolment).select_related("author")
    reads.enrolments_read(actor, Enrolment.objects.filter(pk=enrolment.pk))
    return {
        # The person's fields the module declares: what its provider is given.
        "declared": reads.declared_display(enrolment),
        "enrolment": enrolment,
        "module": module,
        "module_name": module.name_in(get_language() or ""),
        "person_name": person.full_name
        if person is not None and ProviderField.NAME in declared
        else "",
        "member_name": enrolment.family_member.first_name
        if enrolment.family_member is not None and ProviderField.FAMILY_MEMBERS in declared
        else "",
        "person_url": None if actor.is_provider or person is None else person.pk,
        "start": format_date(enrolment.start_date),
        "end": format_date(enrolment.end_date) if enrolment.end_date else "",
        "earliest_end": format_date(earliest.date),
        "price": presenters.money(enrolment.unit_price, enrolment.currency)
        if policies.can_see_costs(actor)
        else None,
        "can_decide": enrolment.status == EnrolmentStatus.REQUESTED
        and policies.can_decide_enrolment(actor, enrolment),
        "can_activate": enrolment.status == EnrolmentStatus.CONFIRMED
        and policies.can_run_enrolment(actor, enrolment),
        "can_end": enrolment.status in (EnrolmentStatus.CONFIRMED, EnrolmentStatus.ACTIVE)
        and policies.can_run_enrolment(actor, enrolment),
        "can_comment": policies.can_comment(actor, enrolment),
        "can_upload_certificate": policies.can_upload_certificate(actor, enrolment),
        "comments": [c for c in comments if c.body],
        **step_forms,
    }


@never_cache
@require_GET
@tenant_view(policies.can_browse_care)
def enrolment_detail(request: HttpRequest, actor: Actor, enrolment_id: int) -> HttpResponse:
    enrolment = policies.access_enrolment(actor, enrolment_id)
    return render(request, "care/enrolment_detail.html", _detail_context(actor, enrolment))


def _step(
    request: HttpRequest,
    actor: Actor,
    enrolment_id: int,
    *,
    form_class: type[forms.Form],
    form_name: str,
    allowed: Callable[[Actor, Enrolment], bool],
    run: Callable[[Enrolment, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Refuse before reading the form, so a refused POST never shows a form error instead."""
    enrolment = policies.access_enrolment(actor, enrolment_id)
    if not allowed(actor, enrolment):
        raise PermissionDenied(_("You may not change this enrolment."))
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            run(enrolment, form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("care:enrolment_detail", enrolment.pk)
    return render_invalid(
        request,
        "care/enrolment_detail.html",
        _detail_context(actor, enrolment, **{form_name: form}),
    )


StrOrPromise = str | Promise
Run = Callable[[Actor, Enrolment, dict[str, Any]], object]


def _step_view(
    *,
    name: str,
    form_class: type[forms.Form],
    form_name: str,
    allowed: Callable[[Actor, Enrolment], bool],
    run: Run,
    done: StrOrPromise,
) -> Callable[..., HttpResponse]:
    """One POST-only lifecycle step as a view: the steps differ only in these arguments.

    ``done`` is a lazy message, translated when the step succeeds (in the reader's language).
    """

    @never_cache
    @require_POST
    @tenant_view(policies.can_browse_care)
    def view(request: HttpRequest, actor: Actor, enrolment_id: int) -> HttpResponse:
        return _step(
            request,
            actor,
            enrolment_id,
            form_class=form_class,
            form_name=form_name,
            allowed=allowed,
            run=lambda enrolment, data: run(actor, enrolment, data),
            done=str(done),
        )

    view.__name__ = view.__qualname__ = name
    return view


enrolment_confirm = _step_view(
    name="enrolment_confirm",
    form_class=ConfirmForm,
    form_name="confirm_form",
    allowed=policies.can_decide_enrolment,
    run=lambda actor, e, data: services.enrolment_confirm(
        actor=actor, enrolment=e, provider_reference=data["provider_reference"]
    ),
    done=gettext_lazy("The enrolment was confirmed."),
)
enrolment_reject = _step_view(
    name="enrolment_reject",
    form_class=RejectForm,
    form_name="reject_form",
    allowed=policies.can_decide_enrolment,
    run=lambda actor, e, data: services.enrolment_reject(
        actor=actor, enrolment=e, reason=data["reason"]
    ),
    done=gettext_lazy("The enrolment was rejected."),
)
enrolment_activate = _step_view(
    name="enrolment_activate",
    form_class=forms.Form,
    form_name="activate_form",
    allowed=policies.can_run_enrolment,
    run=lambda actor, e, data: services.enrolment_activate(actor=actor, enrolment=e),
    done=gettext_lazy("The enrolment is active."),
)
enrolment_end = _step_view(
    name="enrolment_end",
    form_class=EndForm,
    form_name="end_form",
    allowed=policies.can_run_enrolment,
    run=lambda actor, e, data: services.enrolment_end(
        actor=actor, enrolment=e, end_date=data["end_date"], reason=data["reason"]
    ),
    done=gettext_lazy("The enrolment was ended."),
)
enrolment_comment = _step_view(
    name="enrolment_comment",
    form_class=CommentForm,
    form_name="comment_form",
    allowed=policies.can_comment,
    run=lambda actor, e, data: services.enrolment_comment_add(
        actor=actor, enrolment=e, body=data["body"]
    ),
    done=gettext_lazy("The comment was added."),
)
enrolment_certificate = _step_view(
    name="enrolment_certificate",
    form_class=CertificateForm,
    form_name="certificate_form",
    allowed=policies.can_upload_certificate,
    run=lambda actor, e, data: services.enrolment_certificate_upload(
        actor=actor,
        enrolment=e,
        uploaded_file=data["file"],
        valid_until=data["valid_until"],
        number=data["number"],
    ),
    done=gettext_lazy("The certificate was filed in the person's documents."),
)
