"""Care of one person for HR: their enrolments, assigning a package, requesting a module."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.care import costs, policies, presenters, selectors, services
from expatcare.care.choices import CareCategory
from expatcare.care.cost_report import person_costs
from expatcare.care.forms import EnrolmentRequestForm
from expatcare.care.presenters import money
from expatcare.care.suggestions import person_suggestions
from expatcare.core.bounds import parse_id
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.core.http import add_service_error, render_invalid
from expatcare.people.models import FamilyMember, Person
from expatcare.people.policies import access_person
from expatcare.people.validation import clean_date


def _staff(actor: Actor) -> bool:
    return actor.is_employer_staff


def _staff_person(actor: Actor, person_id: int, *, for_write: bool = False) -> Person:
    person = access_person(actor, person_id)
    if for_write and not policies.can_request_enrolment(actor):
        raise PermissionDenied(_("You may not enrol people in care modules."))
    return person


@never_cache
@require_GET
@tenant_view(_staff)
def person_care(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    person = _staff_person(actor, person_id)
    enrolments = selectors.enrolment_list(actor=actor, person_id=person.pk, sort="module")
    rows = presenters.enrolment_rows(selectors.enrolment_rows(actor, enrolments[:200]))
    packages = list(
        policies.visible_packages(actor).filter(is_active=True).values_list("pk", "name")
    )
    today = timezone.localdate()
    can_write = policies.can_request_enrolment(actor)
    suggestions = (
        person_suggestions(
            modules=list(policies.visible_modules(actor).filter(is_active=True)),
            person=person,
            today=today,
        )
        if can_write
        else []
    )
    month = costs.month_start(today)
    spent = person_costs(actor, person.pk, month) if policies.can_see_costs(actor) else None
    return render(
        request,
        "care/person_care.html",
        {
            "person": person,
            "month_label": date_format(month, "YEAR_MONTH_FORMAT"),
            "year": month.year,
            "month_costs": [money(f.gross, c) for c, f in spent.month.items()] if spent else [],
            "year_costs": [money(f.gross, c) for c, f in spent.year.items()] if spent else [],
            "rows": rows,
            "packages": packages,
            "can_write": can_write,
            "suggestions": [
                {
                    "code": s.code,
                    "category": CareCategory(s.category).label,
                    "reason": s.reason,
                    "legal_basis": s.legal_basis,
                    "source": s.source,
                    "minimum_cover": money(s.minimum_cover_eur) if s.minimum_cover_eur else "",
                    "module": s.module.name_in(get_language() or "en") if s.module else "",
                    "confidential": bool(s.module and s.module.confidential),
                }
                for s in suggestions
            ],
            "today": timezone.localdate().isoformat(),
        },
    )


@never_cache
@require_http_methods(["POST"])
@tenant_view(policies.can_request_enrolment)
def person_assign(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    """Assign a package (chosen on the person's care page) from a start date."""
    person = _staff_person(actor, person_id, for_write=True)
    back = reverse("care:person_care", args=[person.pk])
    package_id = parse_id(request.POST.get("package"))
    package = (
        policies.access_package(actor, package_id, for_write=True)
        if package_id is not None
        else None
    )
    try:
        if package is None:
            raise ServiceError(_("Choose a package."), field="package")
        start = clean_date(request.POST.get("start_date"), field="start_date")
        result = services.package_assign(
            actor=actor, package=package, person=person, start_date=start
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(count)s enrolment requested.",
            "%(count)s enrolments requested.",
            len(result.created),
        )
        % {"count": len(result.created)},
    )
    for reason in result.skipped:
        messages.info(request, reason)
    return redirect(back)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_request_enrolment)
def person_enrol(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    """Request one module for the person or one of their family."""
    person = _staff_person(actor, person_id, for_write=True)
    members = list(FamilyMember.objects.filter(person=person).order_by("id"))
    form = EnrolmentRequestForm(
        request.POST or None,
        module_choices=selectors.module_choices(actor=actor),
        member_choices=[(m.pk, f"{m.first_name} ({m.get_relation_display()})") for m in members],
        person_name=person.full_name,
        initial={"start_date": timezone.localdate()},
    )
    back = reverse("care:person_care", args=[person.pk])
    context = {"form": form, "title": _("Request a care module"), "back_url": back}
    if request.method != "POST":
        return render(request, "care/form.html", context)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.enrolment_request(
                actor=actor,
                person=person,
                module=policies.access_module(actor, data["module"]),
                family_member=next((m for m in members if m.pk == data["family_member"]), None),
                start_date=data["start_date"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The enrolment was requested."))
            return redirect(back)
    return render_invalid(request, "care/form.html", context)


def _suggestion_step(
    request: HttpRequest, actor: Actor, person_id: int, *, accept: bool
) -> HttpResponse:
    person = _staff_person(actor, person_id, for_write=True)
    code = str(request.POST.get("code", ""))[:40]
    try:
        if accept:
            start = clean_date(request.POST.get("start_date"), field="start_date")
            enrolment = services.suggestion_accept(
                actor=actor, person=person, code=code, start_date=start
            )
            messages.success(
                request,
                _("The enrolment was requested.")
                if enrolment is not None
                else _("Offered: the employee enrols themself in confidential care."),
            )
        else:
            services.suggestion_dismiss(actor=actor, person=person, code=code)
            messages.success(request, _("Dismissed until the facts behind it change."))
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("care:person_care", person.pk)


@never_cache
@require_http_methods(["POST"])
@tenant_view(policies.can_request_enrolment)
def suggestion_accept(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    return _suggestion_step(request, actor, person_id, accept=True)


@never_cache
@require_http_methods(["POST"])
@tenant_view(policies.can_request_enrolment)
def suggestion_dismiss(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    return _suggestion_step(request, actor, person_id, accept=False)
