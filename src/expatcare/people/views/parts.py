"""Rows that belong to a person: family members and qualifications (add, edit, remove).

``simple_form_page`` is shared with the document pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.core.errors import ServiceError
from expatcare.core.http import render_invalid
from expatcare.people import policies, services
from expatcare.people.forms import FamilyMemberForm, QualificationForm, ServiceForm
from expatcare.people.models import Person


def person_url(actor: Actor, person: Person) -> str:
    """Where a page about one of the person's rows leads back to: their record."""
    if policies.is_own_record(actor, person):
        return reverse("people:me")
    return reverse("people:detail", args=[person.pk])


def simple_form_page(
    request: HttpRequest,
    *,
    form: ServiceForm,
    person: Person,
    title: str,
    save: Callable[[dict[str, Any]], object],
    success: str,
    actor: Actor,
    multipart: bool = False,
) -> HttpResponse:
    back_url = person_url(actor, person)
    context = {
        "form": form,
        "person": person,
        "title": title,
        "multipart": multipart,
        "back_url": back_url,
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ServiceError as error:
                form.add_service_error(error)
            else:
                messages.success(request, success)
                return redirect(back_url)
        return render_invalid(request, "people/simple_form.html", context)
    return render(request, "people/simple_form.html", context)


def _confirm_delete_page(
    request: HttpRequest,
    *,
    actor: Actor,
    person: Person,
    what: str,
    delete: Callable[[], None],
    success: str,
) -> HttpResponse:
    back_url = person_url(actor, person)
    if request.method == "POST":
        delete()
        messages.success(request, success)
        return redirect(back_url)
    return render(
        request,
        "people/confirm_delete.html",
        {"person": person, "what": what, "back_url": back_url},
    )


@dataclass(frozen=True, slots=True)
class _PersonPartPages:
    """The add, edit and remove pages of one kind of row that belongs to a person.

    Family members and qualifications share their flow (policy check, form, service call,
    message, back to the person) and differ only in these parts.
    """

    form: type[FamilyMemberForm] | type[QualificationForm]
    access: Callable[[Actor, int], Any]  # for writing: 404 if unseen, 403 if read-only
    create: Callable[[Actor, Person, dict[str, Any]], object]
    update: Callable[[Actor, Any, dict[str, Any]], object]
    delete: Callable[[Actor, Any], None]
    create_initial: dict[str, Any]
    add_title: str | Promise
    edit_title: str | Promise
    added: str | Promise
    removed: str | Promise

    def create_page(self, request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
        person = policies.access_person(actor, person_id, for_write=True)
        return simple_form_page(
            request,
            actor=actor,
            form=self.form(request.POST or None, initial=self.create_initial),
            person=person,
            title=str(self.add_title),
            save=lambda data: self.create(actor, person, data),
            success=str(self.added),
        )

    def edit_page(self, request: HttpRequest, actor: Actor, part_id: int) -> HttpResponse:
        part = self.access(actor, part_id)
        return simple_form_page(
            request,
            actor=actor,
            form=self.form(request.POST or None, initial=self.form.initial_for(part)),
            person=part.person,
            title=str(self.edit_title),
            save=lambda data: self.update(actor, part, data),
            success=_("The changes were saved."),
        )

    def delete_page(self, request: HttpRequest, actor: Actor, part_id: int) -> HttpResponse:
        part = self.access(actor, part_id)
        return _confirm_delete_page(
            request,
            actor=actor,
            person=part.person,
            what=str(part),
            delete=lambda: self.delete(actor, part),
            success=str(self.removed),
        )


FAMILY_PAGES = _PersonPartPages(
    form=FamilyMemberForm,
    access=lambda actor, pk: policies.access_family_member(actor, pk, for_write=True),
    create=lambda actor, person, data: services.family_member_create(
        actor=actor, person=person, **data
    ),
    update=lambda actor, member, data: services.family_member_update(
        actor=actor, family_member=member, changes=data
    ),
    delete=lambda actor, member: services.family_member_delete(actor=actor, family_member=member),
    create_initial={"joins_in_germany": True},
    add_title=gettext_lazy("Add a family member"),
    edit_title=gettext_lazy("Edit family member"),
    added=gettext_lazy("The family member was added."),
    removed=gettext_lazy("The family member was removed."),
)
QUALIFICATION_PAGES = _PersonPartPages(
    form=QualificationForm,
    access=lambda actor, pk: policies.access_qualification(actor, pk, for_write=True),
    create=lambda actor, person, data: services.qualification_create(
        actor=actor, person=person, **data
    ),
    update=lambda actor, qualification, data: services.qualification_update(
        actor=actor, qualification=qualification, changes=data
    ),
    delete=lambda actor, qualification: services.qualification_delete(
        actor=actor, qualification=qualification
    ),
    create_initial={"recognition": "not_assessed", "state_recognised_abroad": True},
    add_title=gettext_lazy("Add a qualification"),
    edit_title=gettext_lazy("Edit qualification"),
    added=gettext_lazy("The qualification was added."),
    removed=gettext_lazy("The qualification was removed."),
)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def family_member_create(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    return FAMILY_PAGES.create_page(request, actor, person_id)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def family_member_edit(request: HttpRequest, actor: Actor, family_member_id: int) -> HttpResponse:
    return FAMILY_PAGES.edit_page(request, actor, family_member_id)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def family_member_delete(request: HttpRequest, actor: Actor, family_member_id: int) -> HttpResponse:
    return FAMILY_PAGES.delete_page(request, actor, family_member_id)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def qualification_create(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    return QUALIFICATION_PAGES.create_page(request, actor, person_id)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def qualification_edit(request: HttpRequest, actor: Actor, qualification_id: int) -> HttpResponse:
    return QUALIFICATION_PAGES.edit_page(request, actor, qualification_id)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view()
def qualification_delete(request: HttpRequest, actor: Actor, qualification_id: int) -> HttpResponse:
    return QUALIFICATION_PAGES.delete_page(request, actor, qualification_id)
