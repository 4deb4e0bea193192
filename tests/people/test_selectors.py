"""Selectors whose SQL is hand-tuned: they must answer exactly what the plain ORM would."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from expatcare.accounts.roles import Role
from expatcare.core import pagination
from expatcare.people import selectors, services
from expatcare.people.models import Document, DocumentVersion, PersonNationality
from tests.conftest import Tenant
from tests.factories import PersonFactory


def _distinct_codes(organization_id: int) -> set[str]:
    rows = PersonNationality.objects.filter(organization_id=organization_id)
    return {str(code) for code in rows.values_list("country", flat=True).distinct()}


def test_tenant_nationality_sql_names_the_model_table_and_columns() -> None:
    meta = PersonNationality._meta
    sql = selectors._TENANT_NATIONALITY_CODES_SQL
    assert meta.db_table == "people_personnationality"
    assert meta.db_table in sql
    assert meta.get_field("country").column == "country"
    assert meta.get_field("organization").column == "organization_id"
    assert meta.get_field("person").column == "person_id"


def test_nationality_options_list_each_tenant_code_once_by_name(
    tenant: Tenant, other_tenant: Tenant
) -> None:
    PersonFactory(organization=tenant.organization, nationalities=["TR", "BR"])
    PersonFactory(organization=tenant.organization, nationalities=["TR"])
    PersonFactory(organization=other_tenant.organization, nationalities=["VN", "ZA"])

    options = selectors.nationality_options(actor=tenant.actor(Role.HR))

    codes = [code for code, _name in options]
    assert set(codes) == _distinct_codes(tenant.organization.pk)
    assert len(codes) == len(set(codes))
    assert "VN" not in codes and "ZA" not in codes
    names = [name for _code, name in options]
    assert names == sorted(names)


def test_nationality_options_of_an_empty_tenant_are_empty(tenant: Tenant) -> None:
    PersonNationality.objects.filter(organization=tenant.organization).delete()
    assert selectors.nationality_options(actor=tenant.actor(Role.HR)) == []


def test_provider_options_come_from_assigned_people_only(tenant: Tenant) -> None:
    PersonFactory(organization=tenant.organization, nationalities=["ZA"])
    options = selectors.nationality_options(actor=tenant.actor(Role.PROVIDER_ADMIN))
    assigned = {str(n.country) for n in tenant.assigned_person.nationalities.all()}
    assert {code for code, _name in options} == assigned


def test_expiring_documents_count_the_tenant_only(tenant: Tenant, other_tenant: Tenant) -> None:
    today = dt.date(2026, 3, 1)
    for owner, days in ((tenant, 10), (tenant, 80), (tenant, 200), (other_tenant, 5)):
        person = PersonFactory(organization=owner.organization)
        document = Document.objects.create(
            organization=owner.organization, person=person, kind="passport"
        )
        DocumentVersion.objects.create(
            organization=owner.organization,
            document=document,
            version=1,
            valid_until=today + dt.timedelta(days=days),
        )

    items, count = selectors.expiring_documents(
        actor=tenant.actor(Role.HR), today=today, horizon_days=90
    )

    assert count == 2
    assert [item.days_left for item in items] == [10, 80]
    expected = DocumentVersion.objects.filter(
        organization=tenant.organization,
        is_current=True,
        valid_until__range=(today, today + dt.timedelta(days=90)),
        document__person__organization=tenant.organization,
    ).aggregate(n=Count("id"))["n"]
    assert count == expected


def test_person_values_add_nationalities_in_code_order(tenant: Tenant) -> None:
    person = PersonFactory(organization=tenant.organization, nationalities=["TR", "BR"])
    people = selectors.person_list(actor=tenant.actor(Role.HR)).filter(pk=person.pk)

    (row,) = selectors.person_values(people, ("id", "last_name", "start_date"))

    assert row == {
        "id": person.pk,
        "last_name": person.last_name,
        "start_date": person.start_date,
        "nationalities": ["BR", "TR"],
    }


class TestBoundedCount:
    def _people(self, tenant: Tenant, count: int):
        for _ in range(count):
            PersonFactory(organization=tenant.organization)
        return selectors.person_list(actor=tenant.actor(Role.HR))

    def test_exact_up_to_the_limit(self, tenant: Tenant) -> None:
        people = self._people(tenant, 3)  # 6 with the tenant's own three
        assert pagination.bounded_count(people, page=1, page_size=1, limit=6) == (
            pagination.BoundedCount(6, exact=True)
        )

    def test_a_lower_bound_above_the_limit(self, tenant: Tenant) -> None:
        people = self._people(tenant, 7)  # 10
        count = pagination.bounded_count(people, page=1, page_size=1, limit=6)
        assert count == pagination.BoundedCount(6, exact=False)

    def test_always_covers_pages_past_the_one_asked_for(self, tenant: Tenant) -> None:
        people = self._people(tenant, 17)  # 20
        deep = pagination.bounded_count(people, page=10, page_size=1, limit=6)
        assert deep == pagination.BoundedCount(10 + pagination.COUNT_PAGES_AHEAD, exact=False)
        last = pagination.bounded_count(people, page=16, page_size=1, limit=6)
        assert last == pagination.BoundedCount(20, exact=True)


class TestDashboardCounts:
    def test_staff_counts_are_reused_until_a_person_changes(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.HR)
        first = selectors.dashboard_figures(actor=actor)
        assert first.total_people == 3
        with CaptureQueriesContext(connection) as repeated:
            again = selectors.dashboard_figures(actor=actor)
        assert again.people_by_status == first.people_by_status
        assert not any("GROUP BY" in q["sql"] for q in repeated.captured_queries)

        hr = tenant.actor(Role.HR)
        services.person_create(
            actor=hr, first_name="Ana", last_name="Lima", nationalities=["BR"], status="candidate"
        )
        changed = selectors.dashboard_figures(actor=actor)
        assert changed.total_people == 4
        assert {c: n for c, _label, n in changed.people_by_status}["candidate"] == 1

        services.person_update(actor=hr, person=tenant.other_person, changes={"status": "left"})
        moved = {c: n for c, _label, n in selectors.dashboard_figures(actor=actor).people_by_status}
        assert moved["left"] == 1

    def test_a_change_the_figures_do_not_count_keeps_them(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.HR)
        selectors.dashboard_figures(actor=actor)
        services.person_update(actor=actor, person=tenant.other_person, changes={"phone": "+49 1"})
        with CaptureQueriesContext(connection) as repeated:
            selectors.dashboard_figures(actor=actor)
        assert not any("GROUP BY" in q["sql"] for q in repeated.captured_queries)

    def test_nationality_changes_move_the_figures_on(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.HR)
        selectors.dashboard_figures(actor=actor)
        services.person_update(
            actor=actor, person=tenant.other_person, changes={"nationalities": ["VN"]}
        )
        codes = [
            c for c, _name, _n in selectors.dashboard_figures(actor=actor).people_by_nationality
        ]
        assert "VN" in codes

    def test_nationalities_beyond_the_most_common_are_summed_up(
        self, tenant: Tenant, client_for
    ) -> None:
        # Two people for each of the 15 most common countries, one each for three more.
        codes = ["AR", "BR", "CL", "CO", "EG", "ES", "ID", "IN", "KE", "MA", "MX", "PH", "RS"]
        codes += ["TN", "TR"]
        for code in codes:
            for _ in range(2):
                PersonFactory(organization=tenant.organization, nationalities=[code])
        for code in ("UA", "US", "VN"):
            PersonFactory(organization=tenant.organization, nationalities=[code])
        figures = selectors.dashboard_figures(actor=tenant.actor(Role.HR))
        assert len(figures.people_by_nationality) == selectors.TOP_NATIONALITIES
        shown = {code for code, _name, _n in figures.people_by_nationality}
        everyone = dict(
            PersonNationality.objects.filter(organization=tenant.organization)
            .values_list("country")
            .annotate(n=Count("id"))
        )
        hidden = {code: n for code, n in everyone.items() if code not in shown}
        assert figures.other_nationalities == (len(hidden), sum(hidden.values()))
        assert figures.other_nationalities[0] >= 3
        html = client_for(Role.HR).get("/people/dashboard/").content.decode()
        assert f"{len(hidden)} other nationalities" in html

    def test_another_tenant_keeps_its_own_counts(
        self, tenant: Tenant, other_tenant: Tenant
    ) -> None:
        PersonFactory(organization=other_tenant.organization)
        ours = selectors.dashboard_figures(actor=tenant.actor(Role.HR))
        theirs = selectors.dashboard_figures(actor=other_tenant.actor(Role.HR))
        assert (ours.total_people, theirs.total_people) == (3, 4)
