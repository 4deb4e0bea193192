"""Defect 9: search ignores case and accents, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.core.search import search_key
from expatcare.mobility.selectors import person_picker
from expatcare.people import selectors, services
from expatcare.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tenant):
    return [
        PersonFactory(
            organization=tenant.organization, first_name="Lucía", last_name="Gómez", email=""
        ),
        PersonFactory(organization=tenant.organization, first_name="Marko", last_name="Jovanović"),
        PersonFactory(organization=tenant.organization, first_name="Ayşe", last_name="Yılmaz"),
    ]


def test_search_key_folds_case_and_accents() -> None:
    assert search_key("Yılmaz", "GÓMEZ", "Jovanović", "Straße", "Øre") == (
        "yilmaz gomez jovanovic strasse ore"
    )


@pytest.mark.parametrize(
    ("typed", "last_name"),
    [
        ("Gomez", "Gómez"),
        ("jovanovic", "Jovanović"),
        ("YILMAZ", "Yılmaz"),
        ("gómez", "Gómez"),
        ("ayse yilmaz", "Yılmaz"),
        ("lucia", "Gómez"),
    ],
)
def test_list_and_picker_find_without_accents(tenant, people, typed, last_name) -> None:
    actor = tenant.actor(Role.HR)
    found = selectors.person_list(actor=actor, search=typed)
    assert [person.last_name for person in found] == [last_name]
    picked = [o.name for g in person_picker(actor, query=typed).groups for o in g.options]
    assert len(picked) == 1 and last_name in picked[0]


def test_list_page_search(tenant, people, client_for) -> None:
    page = client_for(Role.HR).get(reverse("people:list"), {"q": "Yilmaz"})
    assert "Yılmaz" in page.content.decode()


def test_renamed_person_is_found_by_the_new_name(tenant, people) -> None:
    actor = tenant.actor(Role.HR)
    services.person_update(actor=actor, person=people[0], changes={"last_name": "Müller"})
    assert [p.pk for p in selectors.person_list(actor=actor, search="muller")] == [people[0].pk]
    assert not selectors.person_list(actor=actor, search="gomez").exists()


def test_bulk_created_people_carry_their_search_text(tenant) -> None:
    person = Person(organization=tenant.organization, first_name="Şebnem", last_name="Öztürk")
    person.refresh_search_text()
    Person.objects.bulk_create([person])
    found = selectors.person_list(actor=tenant.actor(Role.HR), search="ozturk sebnem")
    assert [p.last_name for p in found] == ["Öztürk"]
