"""The list page and the dashboard cost the same number of queries for 200 and 1,100 people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expatcare.accounts.models import Organization
from expatcare.accounts.roles import Role
from expatcare.people.models import (
    Document,
    DocumentVersion,
    Person,
    PersonNationality,
    person_search_text,
)
from tests.conftest import Tenant

MAX_QUERIES = 15
NATIONALITIES = ["IN", "BR", "TN", "PH", "VN", "UA", "TR", "CO"]


def _add_people(organization: Organization, count: int) -> None:
    """Bulk-created people with two nationalities each and an expiring permit for some."""
    people = Person.objects.bulk_create(
        Person(
            organization=organization,
            first_name=f"First{i:05d}",
            last_name=f"Last{i:05d}",
            email=f"person{i}@example.test",
            status="active" if i % 3 else "hired",
            work_state="BY",
            start_date=dt.date(2026, 1, 1),
            search_text=person_search_text(
                f"First{i:05d}", f"Last{i:05d}", f"person{i}@example.test"
            ),
        )
        for i in range(count)
    )
    PersonNationality.objects.bulk_create(
        PersonNationality(organization=organization, person=person, country=code)
        for i, person in enumerate(people)
        for code in {NATIONALITIES[i % 8], NATIONALITIES[(i + 3) % 8]}
    )
    documents = Document.objects.bulk_create(
        Document(organization=organization, person=person, kind="residence_permit")
        for person in people[::2]
    )
    today = dt.date.today()
    DocumentVersion.objects.bulk_create(
        DocumentVersion(
            organization=organization,
            document=document,
            version=1,
            is_current=True,
            valid_until=today + dt.timedelta(days=5 + i % 80),
        )
        for i, document in enumerate(documents)
    )


def _queries(client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("people:list", {}),
        ("people:list", {"q": "last", "nationality": "IN", "sort": "-start_date", "page": "2"}),
        ("people:dashboard", {}),
    ],
)
def test_query_count_does_not_grow_with_people(
    tenant: Tenant, client_for, url_name: str, params: dict[str, str]
) -> None:
    client = client_for(Role.HR)
    url = reverse(url_name)
    # Enough people that the filtered list has a second page (a page past the end redirects).
    _add_people(tenant.organization, 220)
    client.get(url, params)  # warm the session and the caches of the first request
    small = _queries(client, url, params)
    _add_people(tenant.organization, 880)
    large = _queries(client, url, params)
    assert small == large
    assert large <= MAX_QUERIES


def test_provider_list_query_count_is_bounded(tenant: Tenant, client_for) -> None:
    _add_people(tenant.organization, 200)
    assert _queries(client_for(Role.PROVIDER_ADMIN), reverse("people:list")) <= MAX_QUERIES


def test_person_page_query_count_is_bounded(tenant: Tenant, client_for) -> None:
    _add_people(tenant.organization, 20)
    person = Person.objects.filter(documents__isnull=False).first()
    assert person is not None
    count = _queries(client_for(Role.HR), reverse("people:detail", args=[person.pk]))
    assert count <= MAX_QUERIES


# The person page as HR sees it (record, family, qualifications, documents, case, duties, care,
# providers, audit trail and access log) once the first view of the hour has logged the salary
# read: 16 before the care section; care added one, one query for both logs that also answers
# the salary check saved two, the documents read with their versions one more.
PERSON_PAGE_QUERIES = 14


def test_person_page_query_count_is_pinned(tenant: Tenant, client_for) -> None:
    person = tenant.other_person
    person.annual_salary_eur = 62000
    person.save()
    document = Document.objects.create(
        organization=tenant.organization, person=person, kind="residence_permit"
    )
    for number in (1, 2):
        DocumentVersion.objects.create(
            organization=tenant.organization,
            document=document,
            version=number,
            is_current=number == 2,
        )
    client = client_for(Role.HR)
    url = reverse("people:detail", args=[person.pk])
    first = _queries(client, url)  # logs the salary read: one insert more
    assert _queries(client, url) == PERSON_PAGE_QUERIES
    assert first == PERSON_PAGE_QUERIES + 1
