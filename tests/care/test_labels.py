"""German labels of the care pages read as nouns where they name a column or a field."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from expatcare.accounts.roles import Role
from tests.care.factories import EnrolmentFactory
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


def test_the_start_of_an_enrolment_is_beginn_not_the_verb(tenant: Tenant, client_for: Any) -> None:
    enrolment = EnrolmentFactory(person=tenant.assigned_person)
    hr = tenant.users[Role.HR]
    hr.language = "de"
    hr.save()
    client = client_for(Role.HR)
    for url in (
        reverse("care:enrolment_list"),
        reverse("care:enrolment_detail", args=[enrolment.pk]),
        reverse("care:person_care", args=[tenant.assigned_person.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Beginn" in html, url
        assert "Beginnen" not in html, url


def test_enrolment_pages_name_the_module_in_the_readers_language(
    tenant: Tenant, client_for: Any
) -> None:
    """The enrolment list and page showed the English module name on German pages."""
    enrolment = EnrolmentFactory(
        person=tenant.assigned_person,
        module__name_en="Telemedicine around the clock",
        module__name_de="Telemedizin rund um die Uhr",
    )
    hr = tenant.users[Role.HR]
    client = client_for(Role.HR)
    for language, shown, hidden in (
        ("de", "Telemedizin rund um die Uhr", "Telemedicine around the clock"),
        ("en", "Telemedicine around the clock", "Telemedizin rund um die Uhr"),
    ):
        hr.language = language
        hr.save()
        for url in (
            reverse("care:enrolment_list"),
            reverse("care:enrolment_detail", args=[enrolment.pk]),
        ):
            html = client.get(url).content.decode()
            assert shown in html, (language, url)
            assert hidden not in html, (language, url)
