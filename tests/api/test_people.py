"""The people endpoints: who sees whom, what providers see, and validated changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from expatcare.accounts.roles import Role
from expatcare.api.schemas import DeclaredPersonOut, PersonListItem, PersonPage
from expatcare.audit.models import AuditEntry
from expatcare.core import pagination
from expatcare.people.choices import DEFAULT_ASSIGNMENT_FIELDS
from expatcare.people.models import Person, PersonNationality
from tests.factories import FamilyMemberFactory, PersonFactory

JSON = "application/json"


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


class TestScoping:
    def test_hr_sees_the_whole_tenant_and_nothing_else(self, tenant, other_tenant, client_for):
        response = client_for(Role.HR).get("/api/v1/people")
        assert response.status_code == 200
        assert _ids(response) == {
            tenant.employee_person.pk,
            tenant.assigned_person.pk,
            tenant.other_person.pk,
        }
        assert response.json()["count"] == 3

    @pytest.mark.parametrize("role", [Role.OWNER, Role.AUDITOR])
    def test_other_employer_staff_see_the_tenant(self, tenant, client_for, role):
        assert len(_ids(client_for(role).get("/api/v1/people"))) == 3

    def test_an_employee_sees_only_their_own_record(self, tenant, client_for):
        client = client_for(Role.EMPLOYEE)
        assert _ids(client.get("/api/v1/people")) == {tenant.employee_person.pk}
        assert client.get(f"/api/v1/people/{tenant.other_person.pk}").status_code == 404
        own = client.get(f"/api/v1/people/{tenant.employee_person.pk}")
        assert own.status_code == 200
        assert own.json()["annual_salary_eur"] == "52000.00"

    @pytest.mark.parametrize("role", [Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT])
    def test_a_provider_sees_only_assigned_people_without_salary(self, tenant, client_for, role):
        FamilyMemberFactory(person=tenant.assigned_person, first_name="Ravi")
        client = client_for(role)
        listing = client.get("/api/v1/people")
        assert _ids(listing) == {tenant.assigned_person.pk}
        row = listing.json()["results"][0]
        assert row["services"] == ["Relocation"]
        assert "birth_date" not in row["fields"] and "nationality" not in row["fields"]
        detail = client.get(f"/api/v1/people/{tenant.assigned_person.pk}").json()
        assert set(detail) == {"id", "services", "declared_fields", "fields"}
        assert set(detail["fields"]) == set(DEFAULT_ASSIGNMENT_FIELDS)
        assert detail["fields"]["email"] == tenant.assigned_person.email
        assert "Ravi" not in str(detail)
        assert client.get(f"/api/v1/people/{tenant.other_person.pk}").status_code == 404

    def test_a_provider_may_not_filter_people(self, tenant, client_for):
        """A nationality filter would tell a provider the nationality it was not given."""
        response = client_for(Role.PROVIDER_AGENT).get("/api/v1/people", {"nationality": "IN"})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == "nationality"

    def test_another_tenants_person_is_not_found(self, tenant, other_tenant, client_for):
        response = client_for(Role.HR).get(
            f"/api/v1/people/{other_tenant.other_person.pk}", headers={"accept-language": "en"}
        )
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}

    def test_reading_a_salary_is_logged(self, tenant, client_for):
        client_for(Role.AUDITOR).get(f"/api/v1/people/{tenant.other_person.pk}")
        entry = AuditEntry.objects.filter(action="person.salary_read").get()
        assert entry.person_id == tenant.other_person.pk


class TestListing:
    def test_filters_and_ordering(self, tenant, client_for):
        PersonFactory(
            organization=tenant.organization,
            first_name="Zeynep",
            last_name="Aydin",
            status="candidate",
            kind="candidate",
            nationalities=["TR"],
        )
        client = client_for(Role.HR)
        turkish = client.get("/api/v1/people", {"nationality": "tr"}).json()["results"]
        assert [p["last_name"] for p in turkish] == ["Aydin"]
        candidates = client.get("/api/v1/people", {"status": "candidate"}).json()
        assert candidates["count"] == 1
        found = client.get("/api/v1/people", {"search": "oscar"}).json()["results"]
        assert [p["first_name"] for p in found] == ["Oscar"]
        newest_last = client.get("/api/v1/people", {"ordering": "-last_name"}).json()
        names = [p["last_name"] for p in newest_last["results"]]
        assert names == sorted(names, reverse=True)

    def test_pagination_links(self, tenant, client_for):
        client = client_for(Role.HR)
        first = client.get("/api/v1/people", {"page_size": 2, "status": "active"}).json()
        assert first["count"] == 3
        assert len(first["results"]) == 2
        assert first["previous"] is None
        assert "page=2" in first["next"] and "status=active" in first["next"]
        assert first["next"].startswith("http")
        second = client.get(first["next"]).json()
        assert len(second["results"]) == 1
        assert second["next"] is None
        assert "page=1" in second["previous"]
        seen = {p["id"] for p in first["results"]} | {p["id"] for p in second["results"]}
        assert len(seen) == 3

    def test_rows_have_exactly_the_declared_fields(self, tenant, client_for):
        hr = client_for(Role.HR).get("/api/v1/people").json()
        PersonPage.model_validate(hr)
        row = next(r for r in hr["results"] if r["id"] == tenant.other_person.pk)
        assert list(row) == list(PersonListItem.model_fields)
        assert row["full_name"] == "Oscar Other"
        assert row["nationalities"] == ["IN"]
        assert row["work_country"] == "DE"
        assert row["birth_date"] == "1990-05-17"
        assert row["end_date"] is None
        provider = client_for(Role.PROVIDER_AGENT).get("/api/v1/people").json()
        PersonPage.model_validate(provider)
        assert list(provider["results"][0]) == list(DeclaredPersonOut.model_fields)
        # Only what the assignment declares (the default list), nothing else.
        assert set(provider["results"][0]["fields"]) == set(DEFAULT_ASSIGNMENT_FIELDS)

    def test_a_large_result_has_a_bounded_count_and_still_pages_on(
        self, tenant, client_for, monkeypatch
    ):
        monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 1)
        monkeypatch.setattr(pagination, "COUNT_PAGES_AHEAD", 0)
        client = client_for(Role.HR)
        first = client.get("/api/v1/people", {"page_size": 1}).json()
        assert (first["count"], first["count_is_exact"]) == (1, False)
        assert "page=2" in first["next"]
        second = client.get(first["next"]).json()
        assert (second["count"], second["count_is_exact"]) == (2, False)
        third = client.get(second["next"]).json()
        assert (third["count"], third["count_is_exact"]) == (3, True)
        assert third["next"] is None
        seen = {r["id"] for page in (first, second, third) for r in page["results"]}
        assert len(seen) == 3

    def test_a_page_past_the_end_is_empty(self, tenant, client_for):
        body = client_for(Role.HR).get("/api/v1/people", {"page": 9}).json()
        assert body["count"] == 3
        assert body["results"] == []
        assert body["next"] is None
        assert "page=1" in body["previous"]

    @pytest.mark.parametrize("size", [0, 201])
    def test_page_size_is_bounded(self, tenant, client_for, size):
        response = client_for(Role.HR).get("/api/v1/people", {"page_size": size})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == "page_size"

    def test_query_count_does_not_grow_with_rows(self, tenant, client_for):
        client = client_for(Role.HR)
        _add_people(tenant.organization, 7)  # 10 people

        def measure() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/api/v1/people", {"page_size": 200})
            assert response.status_code == 200
            return len(queries)

        small = measure()
        _add_people(tenant.organization, 990)  # 1,000 people
        large = measure()
        assert large == small
        assert large <= 15


def _add_people(organization, n: int) -> None:
    people = Person.objects.bulk_create(
        Person(
            organization=organization,
            first_name=f"Bulk{i}",
            last_name=f"Person{i:04d}",
            status="active",
            start_date=dt.date(2026, 1, 1),
        )
        for i in range(n)
    )
    PersonNationality.objects.bulk_create(
        PersonNationality(organization=organization, person=p, country="BR") for p in people
    )


class TestPatch:
    def url(self, person) -> str:
        return f"/api/v1/people/{person.pk}"

    def test_hr_changes_fields_and_the_change_is_audited(self, tenant, client_for):
        person = tenant.other_person
        response = client_for(Role.HR).patch(
            self.url(person),
            data={
                "job_title": "Welder",
                "annual_salary_eur": "61000",
                "nationalities": ["br", "PT"],
                "languages": [{"language": "de", "level": "B1"}],
            },
            content_type=JSON,
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["job_title"] == "Welder"
        assert body["annual_salary_eur"] == "61000.00"
        assert body["nationalities"] == ["BR", "PT"]
        assert body["languages"] == [{"language": "de", "level": "B1"}]
        person.refresh_from_db()
        assert person.annual_salary_eur == Decimal("61000.00")
        entry = AuditEntry.objects.filter(action="person.update").get()
        assert set(entry.changes) >= {"job_title", "annual_salary_eur", "nationalities"}

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"nationalities": ["XX"]}, "nationalities"),
            ({"nationalities": []}, "nationalities"),
            ({"birth_date": "2999-01-01"}, "birth_date"),
            ({"annual_salary_eur": "-1"}, "annual_salary_eur"),
            ({"weekly_hours": "90"}, "weekly_hours"),
            ({"status": "retired"}, "status"),
            ({"birth_date": "not a date"}, "birth_date"),
            ({"job_title": "Welder", "annual_salary_eur": "-5"}, "annual_salary_eur"),
            ({"jobtitle": "Welder"}, "jobtitle"),
            ({"first_name": None}, "first_name"),
        ],
    )
    def test_invalid_values_are_refused_naming_the_field(self, tenant, client_for, payload, field):
        person = tenant.other_person
        before = Person.objects.filter(pk=person.pk).values().get()
        audit_before = AuditEntry.objects.count()
        response = client_for(Role.HR).patch(self.url(person), data=payload, content_type=JSON)
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert detail[0]["loc"] == ["body", field]
        assert detail[0]["msg"]
        assert Person.objects.filter(pk=person.pk).values().get() == before
        assert list(person.nationalities.values_list("country", flat=True)) == ["IN"]
        assert AuditEntry.objects.count() == audit_before

    @pytest.mark.parametrize(
        "role", [Role.MANAGER, Role.AUDITOR, Role.EMPLOYEE, Role.PROVIDER_ADMIN]
    )
    def test_readers_may_not_change(self, tenant, client_for, role):
        # The assigned person is the provider's and reports to the manager.
        person = (
            tenant.assigned_person
            if role in (Role.PROVIDER_ADMIN, Role.MANAGER)
            else tenant.employee_person
        )
        response = client_for(role).patch(
            self.url(person), data={"job_title": "Boss"}, content_type=JSON
        )
        assert response.status_code == 403
        person.refresh_from_db()
        assert person.job_title == "Engineer"

    def test_another_tenants_person_cannot_be_changed(self, tenant, other_tenant, client_for):
        response = client_for(Role.HR).patch(
            self.url(other_tenant.other_person), data={"job_title": "X"}, content_type=JSON
        )
        assert response.status_code == 404
        other_tenant.other_person.refresh_from_db()
        assert other_tenant.other_person.job_title == "Engineer"


class TestMe:
    def test_an_employee_sees_their_person_record(self, tenant, client_for):
        body = client_for(Role.EMPLOYEE).get("/api/v1/me").json()
        assert body["role"] == "employee"
        assert body["person_id"] == tenant.employee_person.pk
        assert body["organization"]["kind"] == "employer"
        assert {"email", "full_name", "language", "time_zone"} <= set(body)

    def test_a_provider_user_has_no_person_record(self, tenant, client_for):
        body = client_for(Role.PROVIDER_AGENT).get("/api/v1/me").json()
        assert body["person_id"] is None
        assert body["organization"]["id"] == tenant.provider.pk
