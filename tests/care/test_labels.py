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
