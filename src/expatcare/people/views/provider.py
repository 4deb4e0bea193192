"""The people pages as a provider user sees them: the assigned people, each with only the
fields its assignments declare, and every person shown logged in the employer's access log.

The staff pages (``lists``, ``person``) hand over to these for provider users, so the staff
templates, their filters (by nationality, status, ...) and the sections other apps add to the
person page never reach a provider.
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from expatcare.accounts.actor import Actor
from expatcare.core.pagination import CountedPaginator, list_page, page_range
from expatcare.people.assignments import person_reads, provider_reads_record
from expatcare.people.declared import assigned_people, display_values
from expatcare.people.models import Person
from expatcare.people.policies import visible_people


def provider_person_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The assigned people, oldest assignment first; no search or filter, which would tell
    a provider about fields it was not given (a nationality filter names nationalities)."""
    people = visible_people(actor).order_by("id")
    page = list_page(
        people.values_list("id", flat=True),
        requested=request.GET.get("page"),
        per_page=settings.EXPATCARE_PAGE_SIZE,
    )
    ids = [int(pk) for pk in page.object_list]
    declared = assigned_people(actor, ids)
    rows = [declared[pk] for pk in ids if pk in declared]
    provider_reads_record(
        actor=actor, reads=person_reads((row.id, row.organization_id) for row in rows)
    )
    paginator = cast(CountedPaginator, page.paginator)
    return render(
        request,
        "people/provider_list.html",
        {
            "rows": [
                {
                    "id": row.id,
                    "label": row.label(),
                    "services": ", ".join(row.services),
                    "values": display_values(row),
                }
                for row in rows
            ],
            "page": page,
            "count_is_exact": paginator.count_is_exact,
            "page_range": page_range(page),
        },
    )


def provider_person_page(request: HttpRequest, actor: Actor, person: Person) -> HttpResponse:
    """One assigned person: the declared fields and the services, nothing else."""
    declared = assigned_people(actor, [person.pk])[person.pk]
    provider_reads_record(actor=actor, reads=person_reads([(person.pk, person.organization_id)]))
    return render(
        request,
        "people/provider_detail.html",
        {
            "person": declared,
            "label": declared.label(),
            "values": display_values(declared),
        },
    )
