"""Care selectors: scoped, minimised for providers, and a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from expatcare.accounts.roles import Role
from expatcare.care import selectors
from expatcare.care.choices import EnrolmentStatus
from tests.care.factories import CareModuleFactory, EnrolmentFactory, PackageTemplateFactory
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _enrol(tenant: Tenant, people: int) -> None:
    named = CareModuleFactory(organization=tenant.provider, provider_fields=["name"])
    anonymous = CareModuleFactory(organization=tenant.provider, provider_fields=["phone"])
    package = PackageTemplateFactory(organization=tenant.organization)
    for _ in range(people):
        person = PersonFactory(organization=tenant.organization)
        child = FamilyMemberFactory(person=person, relation="child")
        EnrolmentFactory(person=person, module=named, package=package)
        EnrolmentFactory(person=person, family_member=child, module=anonymous)


class TestQueryCounts:
    @pytest.mark.parametrize("role", [Role.HR, Role.PROVIDER_AGENT])
    def test_a_page_of_enrolments_costs_the_same_for_few_and_many(
        self, tenant: Tenant, django_assert_num_queries: Any, role: Role
    ) -> None:
        actor = tenant.actor(role)

        def read() -> None:
            page = selectors.enrolment_list(actor=actor)[:50]
            selectors.enrolment_rows(actor, page)
            selectors.status_counts(actor=actor)

        _enrol(tenant, 3)
        with django_assert_num_queries(2):
            read()
        _enrol(tenant, 60)
        with django_assert_num_queries(2):
            read()

    def test_catalog_and_packages_in_one_query_each(
        self, tenant: Tenant, django_assert_num_queries: Any
    ) -> None:
        actor = tenant.actor(Role.HR)
        for count in (2, 40):
            CareModuleFactory.create_batch(count, organization=tenant.provider)
            PackageTemplateFactory.create_batch(count, organization=tenant.organization)
            with django_assert_num_queries(3):
                selectors.module_rows(selectors.module_list(actor=actor, sort="-price")[:50])
                selectors.package_rows(selectors.package_list(actor=actor)[:50])
                selectors.module_choices(actor=actor)


class TestMinimisation:
    def test_providers_get_only_declared_person_fields(self, tenant: Tenant) -> None:
        _enrol(tenant, 1)
        hr_rows = selectors.enrolment_rows(
            tenant.actor(Role.HR), selectors.enrolment_list(actor=tenant.actor(Role.HR))
        )
        assert all(row.person_name for row in hr_rows)
        assert all(row.unit_price is not None for row in hr_rows)
        provider = tenant.actor(Role.PROVIDER_AGENT)
        rows = selectors.enrolment_rows(provider, selectors.enrolment_list(actor=provider))
        by_fields = {(bool(r.person_name), bool(r.member_name)) for r in rows}
        assert by_fields == {(True, False), (False, False)}
        assert all(r.person_id is None and r.unit_price is None for r in rows)
        assert all(r.package_name == "" for r in rows)

    def test_a_provider_cannot_find_people_by_name(self, tenant: Tenant) -> None:
        _enrol(tenant, 1)
        provider = tenant.actor(Role.PROVIDER_AGENT)
        name = selectors.enrolment_list(actor=tenant.actor(Role.HR)).first()
        assert name is not None and name.person is not None
        last = name.person.last_name
        assert selectors.enrolment_list(actor=tenant.actor(Role.HR), search=last).exists()
        assert not selectors.enrolment_list(actor=provider, search=last).exists()

    def test_status_filter_and_counts(self, tenant: Tenant) -> None:
        _enrol(tenant, 2)
        actor = tenant.actor(Role.AUDITOR)
        assert selectors.status_counts(actor=actor) == {EnrolmentStatus.ACTIVE: 4}
        assert not selectors.enrolment_list(actor=actor, status="requested").exists()


class TestPageQueryCounts:
    """Issue 13: the pages the benchmark holds to their budgets cost the same number of
    queries for 3 and for 60 enrolled people, computed afresh each time (the factories write
    past the services, so the cache is emptied instead of the care version moved on)."""

    @pytest.mark.parametrize(
        ("role", "url"),
        [(Role.PROVIDER_AGENT, "/care/"), (Role.HR, "/care/"), (Role.HR, "/care/costs/")],
    )
    def test_the_page_costs_the_same_for_few_and_many(
        self, tenant: Tenant, client_for: Any, role: Role, url: str
    ) -> None:
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = client_for(role)

        def queries() -> int:
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            return len(captured.captured_queries)

        _enrol(tenant, 3)
        few = queries()
        _enrol(tenant, 60)
        many = queries()
        assert many == few
        assert few <= 8
