"""List pages refuse a page number or filter they cannot use: 422 naming it, as the API does.

A valid page number past the last page redirects to the last page, keeping the filters
(``core.query`` explains both choices).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from expatcare.accounts.roles import Role
from tests.conftest import Tenant
from tests.factories import make_case

HUGE = "99999999999999999999"

# (path, parameter) for each list page and each of its query-string parameters that can be
# refused; {person} is replaced by the assigned person's id.
REFUSED = [
    (f"/people/?page={HUGE}", "page"),
    ("/people/?page=9223372036854775807", "page"),
    ("/people/?page=0", "page"),
    ("/people/?page=two", "page"),
    ("/people/?status=bogus", "status"),
    ("/people/?sort=salary", "sort"),
    ("/people/?q=" + "x" * 101, "q"),
    (f"/compliance/?person={HUGE}", "person"),
    ("/compliance/?person=abc", "person"),
    (f"/compliance/?page={HUGE}&people_page=1", "page"),
    (f"/compliance/?people_page={HUGE}", "people_page"),
    ("/compliance/?state=bogus", "state"),
    ("/compliance/?due_after=31.12.2026", "due_after"),
    ("/compliance/?light=purple", "light"),
    (f"/compliance/export/?person={HUGE}", "person"),
    (f"/eligibility/cases/?page={HUGE}", "page"),
    ("/eligibility/cases/?status=bogus", "status"),
    ("/eligibility/cases/?pathway=nowhere", "pathway"),
    (f"/care/?page={HUGE}", "page"),
    ("/care/?status=bogus", "status"),
    (f"/care/catalog/?page={HUGE}", "page"),
    ("/care/catalog/?category=bogus", "category"),
    (f"/care/packages/?page={HUGE}", "page"),
    ("/care/costs/?month=2026-13", "month"),
    ("/care/costs/export/?month=soon", "month"),
    (f"/org/settings/?members={HUGE}", "members"),
    (f"/org/settings/?invitations={HUGE}", "invitations"),
    (f"/people/{{person}}/audit/?page={HUGE}", "page"),
    ("/people/{person}/audit/?log=everything", "log"),
]


@pytest.mark.parametrize(("path", "parameter"), REFUSED)
def test_a_parameter_a_list_cannot_use_is_422_naming_it(
    tenant: Tenant, client_for, path: str, parameter: str
) -> None:
    role = Role.OWNER if path.startswith("/org/") else Role.HR
    client = client_for(role)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(path.format(person=tenant.assigned_person.pk))
    assert response.status_code == 422
    body = response.content.decode()
    assert f"<code>{parameter}</code>" in body
    assert "This list cannot be shown" in body
    # The way out: the same list without the refused parameter.
    without = response.context["without"]
    assert parameter not in parse_qs(urlsplit(without).query)


def test_the_way_out_keeps_the_other_parameters(tenant: Tenant, client_for) -> None:
    response = client_for(Role.HR).get(f"/compliance/?state=overdue&person={HUGE}")
    assert response.status_code == 422
    assert response.context["without"] == "/compliance/?state=overdue"
    assert client_for(Role.HR).get(response.context["without"]).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/people/",
        "/people/?page=1&status=active",
        "/compliance/?state=overdue&page=1&people_page=1",
        "/eligibility/cases/?status=open",
        "/care/?page=1",
        "/care/costs/?month=2026-03",
        "/org/settings/?members=1&invitations=1",
    ],
)
def test_valid_parameters_still_answer_200(client_for, path: str) -> None:
    role = Role.OWNER if path.startswith("/org/") else Role.HR
    assert client_for(role).get(path).status_code == 200


def test_a_page_past_the_end_redirects_to_the_last_page_keeping_the_filters(
    tenant: Tenant, client_for
) -> None:
    client = client_for(Role.HR)
    response = client.get("/people/?status=active&page=999")
    assert response.status_code == 302
    assert response["Location"] == "/people/?status=active&page=1"
    assert client.get(response["Location"]).status_code == 200


def test_a_page_past_the_end_of_the_case_list_and_audit_trail_redirects(
    tenant: Tenant, client_for
) -> None:
    make_case(tenant.assigned_person)
    client = client_for(Role.HR)
    response = client.get("/eligibility/cases/?page=7")
    assert (response.status_code, response["Location"]) == (302, "/eligibility/cases/?page=1")
    audit = reverse("people:audit", args=[tenant.assigned_person.pk])
    response = client.get(f"{audit}?log=changes&page=3")
    assert (response.status_code, response["Location"]) == (302, f"{audit}?log=changes&page=1")
