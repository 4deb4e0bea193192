"""Package templates: list with search, sort and pages; create, edit, delete (confirmed)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.care import policies, presenters, selectors, services
from expatcare.care.forms import ListFilterForm, PackageForm
from expatcare.care.models import PackageTemplate
from expatcare.care.views.common import list_page
from expatcare.core.errors import ServiceError
from expatcare.core.http import render_invalid


def _can_see_packages(actor: Actor) -> bool:
    return actor.is_employer_staff


@never_cache
@require_GET
@tenant_view(_can_see_packages)
def package_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters = ListFilterForm(request.GET or None).filters()
    sort = filters["sort"] or "name"
    packages = selectors.package_list(actor=actor, search=filters["q"], sort=sort)
    query = {"q": filters["q"]}
    listing = list_page(request, packages, query={**query, "sort": sort})
    rows = selectors.package_rows(cast(QuerySet[PackageTemplate], listing.page.object_list))
    return render(
        request,
        "care/package_list.html",
        {
            **listing.context(),
            "rows": presenters.package_rows(rows),
            "q": filters["q"],
            "current_sort": sort,
            "sort_links": presenters.sort_links(selectors.PACKAGE_ORDERING, sort, query),
            "is_filtered": bool(filters["q"]),
            "can_write": policies.can_manage_packages(actor),
        },
    )


def _package_page(
    request: HttpRequest, actor: Actor, package: PackageTemplate | None
) -> HttpResponse:
    initial = (
        {
            **{name: getattr(package, name) for name in PackageForm.cleaners},
            "modules": selectors.package_module_ids(package),
        }
        if package is not None
        else {"currency": "EUR", "is_active": True}
    )
    form = PackageForm(
        request.POST or None,
        initial=initial,
        module_choices=selectors.module_choices(actor=actor),
    )
    context = {
        "form": form,
        "title": _("Edit the care package") if package is not None else _("Add a care package"),
        "back_url": reverse("care:package_list"),
        "delete_url": reverse("care:package_delete", args=[package.pk]) if package else "",
    }
    if request.method != "POST":
        return render(request, "care/form.html", context)
    if form.is_valid():
        modules = form.cleaned_data["modules"]
        try:
            if package is None:
                services.package_create(actor=actor, values=form.values(), module_ids=modules)
            else:
                services.package_update(
                    actor=actor, package=package, values=form.values(), module_ids=modules
                )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The care package was saved."))
            return redirect("care:package_list")
    return render_invalid(request, "care/form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_manage_packages)
def package_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _package_page(request, actor, None)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_manage_packages)
def package_edit(request: HttpRequest, actor: Actor, package_id: int) -> HttpResponse:
    return _package_page(request, actor, policies.access_package(actor, package_id, for_write=True))


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_manage_packages)
def package_delete(request: HttpRequest, actor: Actor, package_id: int) -> HttpResponse:
    package = policies.access_package(actor, package_id, for_write=True)
    if request.method == "POST":
        services.package_delete(actor=actor, package=package)
        messages.success(request, _("The care package was deleted."))
        return redirect("care:package_list")
    return render(
        request,
        "care/confirm_delete.html",
        {"what": package.name, "back_url": reverse("care:package_edit", args=[package.pk])},
    )
