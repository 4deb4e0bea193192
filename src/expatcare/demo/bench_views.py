"""The bare-Django reference page of the web benchmark (budgets: docs/architecture.md).

It renders the first 50 rows of the people table with no tenancy, no policy and a minimal
template: the floor of this stack on this machine, measured in the same run as the real
pages. It is routed only by the benchmark's own URL configuration (``demo/bench_urls.py``,
selected by ``expatcare.settings.bench``), so the production URLs never contain it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from expatcare.people.models import Person

BARE_PAGE_ROWS = 50


@require_GET
def bare_people(request: HttpRequest) -> HttpResponse:
    people = Person.objects.order_by("id")[:BARE_PAGE_ROWS]
    return render(request, "demo/bench_bare.html", {"people": people})
