"""Ids and page numbers beyond the database's integer range never reach the database (defect 2).

Every id and page number is parsed by ``core.bounds``: path ids by the ``id`` converter (out of
range: 404, like any unknown id), API filters and pages by bounded query schemas (422 naming
the parameter), form fields by ``IdField`` (a refused value, never an overflow), page filters
and page numbers by ``core.query`` (422 naming the parameter).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.core.bounds import DB_INT_MAX, IdConverter, page_number, parse_id
from expatcare.core.query import InvalidQuery
from tests.conftest import Tenant
from tests.factories import make_case

HUGE = "99999999999999999999"  # 20 digits: more than any 64-bit integer
JUST_OVER = str(DB_INT_MAX + 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (str(DB_INT_MAX), DB_INT_MAX),
        (JUST_OVER, None),
        (HUGE, None),
        ("0", None),
        ("-1", None),
        ("１２", None),  # full-width digits are digits to Python, not to a URL
        ("1e3", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id(value, expected) -> None:
    assert parse_id(value) == expected


def test_the_converter_refuses_what_parse_id_refuses() -> None:
    converter = IdConverter()
    assert converter.to_python(str(DB_INT_MAX)) == DB_INT_MAX
    with pytest.raises(ValueError):
        converter.to_python(JUST_OVER)


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 1), ("", 1), ("3", 3), ("1000000000", 10**9)]
)
def test_page_numbers_of_html_lists_are_bounded(value, expected) -> None:
    assert page_number(value) == expected


@pytest.mark.parametrize("value", ["x", "0", "-1", "1000000001", HUGE, "１２"])
def test_a_page_number_out_of_range_is_refused_naming_the_parameter(value) -> None:
    with pytest.raises(InvalidQuery) as refused:
        page_number(value, parameter="people_page")
    assert refused.value.parameter == "people_page"


class TestAPI:
    @pytest.mark.parametrize("case_id", [HUGE, JUST_OVER, "abc"])
    def test_an_id_out_of_range_in_the_path_is_not_found(
        self, tenant: Tenant, client_for, case_id: str
    ) -> None:
        response = client_for(Role.HR).patch(
            f"/api/v1/cases/{case_id}/milestones/1",
            data={"status": "done"},
            content_type="application/json",
        )
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}

    @pytest.mark.parametrize("path", [f"/api/v1/people/{HUGE}", f"/api/v1/cases/{JUST_OVER}"])
    def test_reads_answer_json_404(self, client_for, path: str) -> None:
        response = client_for(Role.HR).get(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")

    @pytest.mark.parametrize(
        ("path", "parameter"),
        [
            ("/api/v1/people?page=9223372036854775807", "page"),
            (f"/api/v1/people?page={HUGE}", "page"),
            (f"/api/v1/cases?page={HUGE}", "page"),
            (f"/api/v1/obligations?page={HUGE}", "page"),
            (f"/api/v1/obligations?person={HUGE}", "person"),
            (f"/api/v1/obligations?person={JUST_OVER}", "person"),
        ],
    )
    def test_a_filter_or_page_out_of_range_is_422_naming_it(
        self, client_for, path: str, parameter: str
    ) -> None:
        response = client_for(Role.HR).get(path)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", parameter]


class TestPages:
    @pytest.mark.parametrize(
        ("path", "parameter"),
        [
            (f"/compliance/?person={HUGE}", "person"),
            (f"/compliance/export/?person={HUGE}", "person"),
            (f"/compliance/?page={HUGE}&people_page=1", "page"),
            (f"/compliance/?page=1&people_page={HUGE}", "people_page"),
            (f"/people/?page={HUGE}", "page"),
            ("/people/?page=9223372036854775807", "page"),
        ],
    )
    def test_a_filter_or_page_out_of_range_is_422_naming_it(
        self, client_for, path: str, parameter: str
    ) -> None:
        """As the API answers (``tests/web/test_list_queries.py`` covers every list page)."""
        response = client_for(Role.HR).get(path)
        assert response.status_code == 422
        assert response.context["parameter"] == parameter
        assert f"<code>{parameter}</code>" in response.content.decode()

    def test_a_milestone_of_a_case_out_of_range_is_not_found(
        self, tenant: Tenant, client_for
    ) -> None:
        make_case(tenant.assigned_person)
        response = client_for(Role.HR).post(f"/eligibility/cases/{HUGE}/milestones/1/", {})
        assert response.status_code == 404

    @pytest.mark.parametrize("organization", [HUGE, JUST_OVER, "-5", "x"])
    def test_switching_to_an_organisation_out_of_range_is_refused(
        self, client_for, organization: str
    ) -> None:
        response = client_for(Role.HR).post(
            reverse("accounts:switch"), {"organization": organization}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:profile")

    def test_ids_in_page_urls_still_resolve(self, tenant: Tenant, client_for) -> None:
        person = tenant.assigned_person
        assert reverse("people:detail", args=[person.pk]) == f"/people/{person.pk}/"
        assert client_for(Role.HR).get(f"/people/{person.pk}/").status_code == 200
        assert client_for(Role.HR).get(f"/people/{HUGE}/").status_code == 404


def test_every_id_in_a_url_uses_the_id_converter() -> None:
    """A new page or operation with ``<int:...>`` or a bare ``{..._id}`` would let an id past
    the database's range reach it again."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLPattern, URLResolver

    offenders = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith("/platform-admin/"):
                continue  # Django's admin: platform staff only, ids as its own path strings
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                for name, converter in entry.pattern.converters.items():
                    if name.endswith("_id") and type(converter).__name__ != "IdConverter":
                        offenders.append(route)
                if "_id>" in route and "<id:" not in route and not entry.pattern.converters:
                    offenders.append(route)

    walk(get_resolver().url_patterns, "/")
    assert offenders == []
