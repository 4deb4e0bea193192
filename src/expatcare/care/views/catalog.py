"""The care catalog: list with search, sort and pages; a module's page; create, edit, delete."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.care import policies, presenters, selectors, services
from expatcare.care.choices import CareCategory, FamilyTier, ProviderField
from expatcare.care.forms import ListFilterForm, ModuleForm
from expatcare.care.models import CareModule
from expatcare.care.views.common import list_page
from expatcare.core.errors import ServiceError
from expatcare.core.formatting import language_name
from expatcare.core.http import render_invalid


@never_cache
@require_GET
@tenant_view(policies.can_browse_care)
def module_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = ListFilterForm(request.GET or None)
    filters = form.filters()
    sort = filters["sort"] or "name"
    modules = selectors.module_list(
        actor=actor, search=filters["q"], category=filters["category"], sort=sort
    )
    query = {"q": filters["q"], "category": filters["category"]}
    listing = list_page(request, modules, query={**query, "sort": sort})
    rows = selectors.module_rows(cast(QuerySet[CareModule], listing.page.object_list))
    return render(
        request,
        "care/module_list.html",
        {
            **listing.context(),
            "rows": presenters.module_rows(rows),
            "q": filters["q"],
            "category": filters["category"],
            "categories": CareCategory.choices,
            "current_sort": sort,
            "sort_links": presenters.sort_links(selectors.MODULE_ORDERING, sort, query),
            "is_filtered": bool(filters["q"] or filters["category"]),
            "can_create": policies.can_manage_catalog(actor),
        },
    )


@never_cache
@require_GET
@tenant_view(policies.can_browse_care)
def module_detail(request: HttpRequest, actor: Actor, module_id: int) -> HttpResponse:
    module = policies.access_module(actor, module_id)
    language = get_language() or "en"
    fields = dict(ProviderField.choices)
    return render(
        request,
        "care/module_detail.html",
        {
            "module": module,
            "name": module.name_in(language),
            "description": module.description_in(language),
            "languages": ", ".join(language_name(code) for code in module.delivery_languages),
            "countries": ", ".join(module.countries),
            "provider_fields": [str(fields.get(code, code)) for code in module.provider_fields],
            "price": presenters.money(module.price, module.currency)
            if module.price is not None
            else None,
            "tier_prices": [
                (label, presenters.money(module.tier_price(tier), module.currency))
                for tier, label in _tiers()
            ]
            if module.price_employee is not None
            else [],
            "deductible": presenters.money(module.deductible, module.currency)
            if module.deductible is not None
            else None,
            "core": module.core_module,
            "can_change": policies.can_change_module(actor, module),
        },
    )


def _tiers() -> list[tuple[str, str]]:
    return [(tier, str(label)) for tier, label in FamilyTier.choices]


def _module_form(request: HttpRequest, actor: Actor, *, module: CareModule | None) -> ModuleForm:
    initial = ModuleForm.initial_for(module) if module is not None else {"currency": "EUR"}
    core_choices = [
        (pk, label)
        for pk, label in selectors.module_choices(actor=actor)
        if module is None or pk != module.pk
    ]
    return ModuleForm(
        request.POST or None,
        initial=initial,
        core_choices=core_choices,
        is_provider=actor.is_provider,
    )


def _module_page(request: HttpRequest, actor: Actor, module: CareModule | None) -> HttpResponse:
    form = _module_form(request, actor, module=module)
    context = {
        "form": form,
        "title": _("Edit the care module") if module is not None else _("Add a care module"),
        "back_url": reverse("care:module_detail", args=[module.pk])
        if module is not None
        else reverse("care:module_list"),
    }
    if request.method != "POST":
        return render(request, "care/form.html", context)
    if form.is_valid():
        try:
            if module is None:
                module = services.module_create(actor=actor, values=form.cleaned_data)
            else:
                module = services.module_update(
                    actor=actor, module=module, values=form.cleaned_data
                )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The care module was saved."))
            return redirect("care:module_detail", module.pk)
    return render_invalid(request, "care/form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_manage_catalog)
def module_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _module_page(request, actor, None)


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_manage_catalog)
def module_edit(request: HttpRequest, actor: Actor, module_id: int) -> HttpResponse:
    return _module_page(request, actor, policies.access_module(actor, module_id, for_write=True))


@never_cache
@require_http_methods(["GET", "POST"])
@tenant_view(policies.can_manage_catalog)
def module_delete(request: HttpRequest, actor: Actor, module_id: int) -> HttpResponse:
    module = policies.access_module(actor, module_id, for_write=True)
    back_url = reverse("care:module_detail", args=[module.pk])
    context = {"what": module.name_in(get_language() or "en"), "back_url": back_url}
    if request.method == "POST":
        try:
            services.module_delete(actor=actor, module=module)
        except ServiceError as error:
            return render_invalid(
                request, "care/confirm_delete.html", {**context, "error": error.message}
            )
        messages.success(request, _("The care module was deleted."))
        return redirect("care:module_list")
    return render(request, "care/confirm_delete.html", context)
