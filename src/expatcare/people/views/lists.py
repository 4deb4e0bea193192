"""The people dashboard and the people list (employer staff and providers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from expatcare.accounts.actor import Actor
from expatcare.accounts.http import tenant_view
from expatcare.accounts.roles import Role
from expatcare.core.http import is_htmx
from expatcare.core.pagination import CountedPaginator, list_page, page_range
from expatcare.people import policies, presenters, selectors
from expatcare.people.forms import PersonFilterForm
from expatcare.people.hooks import HomeRequest, collect_home_sections
from expatcare.people.models import Person
from expatcare.people.views.provider import provider_person_list

# The home lists the documents that expire within this many days (a permit renewal needs weeks).
HOME_DOCUMENT_HORIZON_DAYS = 60


@never_cache
@require_GET
@tenant_view()
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.role == Role.EMPLOYEE:
        return redirect("people:me")
    if actor.is_provider:
        # Figures by status or nationality over a handful of assigned people would tell a
        # provider what its assignments do not declare: its start page is the list.
        return redirect("people:list")
    today = timezone.localdate()
    figures = selectors.dashboard_figures(
        actor=actor, today=today, horizon_days=HOME_DOCUMENT_HORIZON_DAYS
    )
    # What to do today first: blocks from the apps above (duties, cases), each role-filtered.
    sections = collect_home_sections(HomeRequest(actor=actor, today=today))
    return render(
        request,
        "people/dashboard.html",
        {
            "figures": figures,
            "sections": sections,
            "expiring_rows": presenters.expiring_rows(figures.expiring_documents),
            "list_url": reverse("people:list"),
            "can_write": policies.can_write_people(actor),
            "shows_documents": not actor.is_provider
            and not (actor.is_manager and not policies.manager_sees_details(actor)),
        },
    )


@never_cache
@require_GET
@tenant_view()
def person_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.role == Role.EMPLOYEE:
        return redirect("people:me")
    if actor.is_provider:
        return provider_person_list(request, actor)
    form = PersonFilterForm(
        request.GET or None, nationality_choices=selectors.nationality_options(actor=actor)
    )
    filters = form.filters()
    people = selectors.person_list(actor=actor, **filters)
    page = list_page(
        people, requested=request.GET.get("page"), per_page=settings.EXPATCARE_PAGE_SIZE
    )
    paginator = cast(CountedPaginator, page.paginator)
    rows = presenters.person_rows(selectors.person_rows(cast(QuerySet[Person], page.object_list)))
    base = {
        key: value
        for key, value in {
            "q": filters["search"],
            "status": filters["status"],
            "kind": filters["kind"],
            "nationality": filters["nationality"],
            "work_state": filters["work_state"],
        }.items()
        if value
    }
    context = {
        "form": form,
        # Plain selects rendered by one loop each: the form widgets' per-option templates
        # cost more than the whole table of results.
        "filter_selects": [
            {
                "name": name,
                "label": form.fields[name].label,
                "options": presenters.options_markup(
                    cast(
                        "Iterable[tuple[object, object]]",
                        cast(forms.ChoiceField, form.fields[name]).choices,
                    ),
                    filters[key],
                ),
            }
            for name, key in (
                ("status", "status"),
                ("kind", "kind"),
                ("nationality", "nationality"),
                ("work_state", "work_state"),
            )
        ],
        "current_sort": filters["ordering"],
        "page": page,
        "count_is_exact": paginator.count_is_exact,
        "rows": rows,
        "page_range": page_range(page),
        "list_url": reverse("people:list"),
        "filter_query": urlencode({**base, "sort": filters["ordering"]}),
        "sort_links": presenters.sort_links(filters, base),
        "is_filtered": bool(base),
        "can_write": policies.can_write_people(actor),
        "is_provider": actor.is_provider,
    }
    template = "people/_table.html" if is_htmx(request) else "people/list.html"
    return render(request, template, context)
