"""Service writes: validation refuses bad input without writing anything; writes are audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people import services
from expatcare.people.models import (
    FamilyMember,
    Person,
    PersonLanguage,
    PersonNationality,
    Qualification,
)
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory, QualificationFactory


def _row_counts() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        PersonNationality.objects.count(),
        PersonLanguage.objects.count(),
        FamilyMember.objects.count(),
        Qualification.objects.count(),
        AuditEntry.objects.count(),
    )


class TestPersonCreate:
    def test_creates_person_with_nationalities_languages_and_audit(self, tenant: Tenant) -> None:
        person = services.person_create(
            actor=tenant.actor(Role.HR),
            first_name=" Priya ",
            last_name="Sharma",
            nationalities=["in", "GB"],
            languages=[("DE", "b1"), ("en", "C1")],
            annual_salary_eur="52000",
            birth_date=dt.date(1991, 4, 2),
        )
        person.refresh_from_db()
        assert person.first_name == "Priya"
        assert person.organization_id == tenant.organization.pk
        assert person.annual_salary_eur == Decimal("52000.00")
        assert sorted(person.nationalities.values_list("country", flat=True)) == ["GB", "IN"]
        assert sorted(person.languages.values_list("language", "level")) == [
            ("de", "B1"),
            ("en", "C1"),
        ]
        entry = AuditEntry.objects.get(action="person.create")
        assert entry.person_id == person.pk
        assert entry.organization_id == tenant.organization.pk
        assert entry.actor == tenant.users[Role.HR]
        assert entry.changes["last_name"] == [None, "Sharma"]
        assert entry.changes["nationalities"] == [None, ["GB", "IN"]]

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"nationalities": ["XX"]}, "nationalities"),
            ({"nationalities": []}, "nationalities"),
            ({"nationalities": ["IND"]}, "nationalities"),
            ({"birth_date": dt.date.today() + dt.timedelta(days=1)}, "birth_date"),
            ({"birth_date": dt.date(1850, 1, 1)}, "birth_date"),
            ({"annual_salary_eur": Decimal("-1")}, "annual_salary_eur"),
            ({"weekly_hours": Decimal("0")}, "weekly_hours"),
            ({"weekly_hours": Decimal("61")}, "weekly_hours"),
            ({"telework_share_percent": 0}, "telework_share_percent"),
            ({"telework_share_percent": 100}, "telework_share_percent"),
            ({"telework_share_percent": "forty"}, "telework_share_percent"),
            ({"start_date": dt.date(2026, 5, 1), "end_date": dt.date(2026, 4, 1)}, "end_date"),
            ({"languages": [("de", "B3")]}, "languages"),
            ({"languages": [("xx", "B1")]}, "languages"),
            ({"status": "retired"}, "status"),
            ({"work_state": "XX"}, "work_state"),
            ({"last_name": "  "}, "last_name"),
            ({"favourite_colour": "blue"}, "favourite_colour"),
        ],
    )
    def test_invalid_input_is_refused_and_nothing_written(
        self, tenant: Tenant, fields: dict[str, object], field: str
    ) -> None:
        before = _row_counts()
        arguments: dict[str, object] = {
            "first_name": "Ana",
            "last_name": "Silva",
            "nationalities": ["BR"],
            **fields,
        }
        with pytest.raises(ServiceError) as error:
            services.person_create(actor=tenant.actor(Role.HR), **arguments)  # type: ignore[arg-type]
        assert error.value.field == field
        assert error.value.message
        assert _row_counts() == before

    @pytest.mark.parametrize(
        "role", [Role.MANAGER, Role.AUDITOR, Role.EMPLOYEE, Role.PROVIDER_ADMIN]
    )
    def test_only_writers_may_create(self, tenant: Tenant, role: Role) -> None:
        before = _row_counts()
        with pytest.raises(PermissionDenied):
            services.person_create(
                actor=tenant.actor(role), first_name="A", last_name="B", nationalities=["BR"]
            )
        assert _row_counts() == before


class TestPersonUpdate:
    def test_records_only_changed_fields_with_before_and_after(self, tenant: Tenant) -> None:
        person = tenant.other_person
        services.person_update(
            actor=tenant.actor(Role.HR),
            person=person,
            changes={
                "job_title": person.job_title,
                "status": "left",
                "annual_salary_eur": "60000",
                "nationalities": ["IN", "DE"],
            },
        )
        person.refresh_from_db()
        assert person.status == "left"
        assert sorted(person.nationalities.values_list("country", flat=True)) == ["DE", "IN"]
        entry = AuditEntry.objects.get(action="person.update")
        assert entry.person_id == person.pk
        assert entry.changes == {
            "status": ["active", "left"],
            "annual_salary_eur": ["52000.00", "60000.00"],
            "nationalities": [["IN"], ["DE", "IN"]],
        }

    def test_no_change_writes_no_audit_entry(self, tenant: Tenant) -> None:
        person = tenant.other_person
        services.person_update(
            actor=tenant.actor(Role.HR), person=person, changes={"status": person.status}
        )
        assert not AuditEntry.objects.filter(action="person.update").exists()

    def test_end_before_existing_start_is_refused(self, tenant: Tenant) -> None:
        person = tenant.other_person
        before = _row_counts()
        with pytest.raises(ServiceError) as error:
            services.person_update(
                actor=tenant.actor(Role.HR),
                person=person,
                changes={"end_date": person.start_date - dt.timedelta(days=1)},  # type: ignore[operator]
            )
        assert error.value.field == "end_date"
        person.refresh_from_db()
        assert person.end_date is None
        assert _row_counts() == before

    def test_invalid_nationality_leaves_other_changes_unwritten(self, tenant: Tenant) -> None:
        person = tenant.other_person
        with pytest.raises(ServiceError):
            services.person_update(
                actor=tenant.actor(Role.HR),
                person=person,
                changes={"job_title": "Chief", "nationalities": ["ZZ"]},
            )
        person.refresh_from_db()
        assert person.job_title == "Engineer"

    def test_other_tenant_cannot_update(self, tenant: Tenant, other_tenant: Tenant) -> None:
        with pytest.raises(PermissionDenied):
            services.person_update(
                actor=other_tenant.actor(Role.HR),
                person=tenant.other_person,
                changes={"job_title": "Hacked"},
            )


class TestFamilyAndQualifications:
    def test_family_member_lifecycle_is_audited(self, tenant: Tenant) -> None:
        hr = tenant.actor(Role.HR)
        member = services.family_member_create(
            actor=hr, person=tenant.other_person, relation="child", first_name="Ravi"
        )
        services.family_member_update(actor=hr, family_member=member, changes={"nationality": "in"})
        member.refresh_from_db()
        assert member.nationality == "IN"
        services.family_member_delete(actor=hr, family_member=member)
        assert not FamilyMember.objects.filter(pk=member.pk).exists()
        actions = list(
            AuditEntry.objects.filter(person_id=tenant.other_person.pk)
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == ["family_member.create", "family_member.update", "family_member.delete"]

    def test_family_member_birth_date_in_future_is_refused(self, tenant: Tenant) -> None:
        before = _row_counts()
        with pytest.raises(ServiceError) as error:
            services.family_member_create(
                actor=tenant.actor(Role.HR),
                person=tenant.other_person,
                relation="child",
                first_name="Ravi",
                birth_date=dt.date.today() + dt.timedelta(days=3),
            )
        assert error.value.field == "birth_date"
        assert _row_counts() == before

    def test_qualification_update_and_invalid_year(self, tenant: Tenant) -> None:
        hr = tenant.actor(Role.HR)
        qualification = QualificationFactory(person=tenant.other_person)
        services.qualification_update(
            actor=hr, qualification=qualification, changes={"recognition": "full"}
        )
        entry = AuditEntry.objects.get(action="qualification.update")
        assert entry.changes == {"recognition": ["comparable", "full"]}
        with pytest.raises(ServiceError) as error:
            services.qualification_update(
                actor=hr, qualification=qualification, changes={"completed_year": 1800}
            )
        assert error.value.field == "completed_year"
        qualification.refresh_from_db()
        assert qualification.completed_year == 2014

    def test_manager_cannot_delete_family(self, tenant: Tenant) -> None:
        member = FamilyMemberFactory(person=tenant.other_person)
        with pytest.raises(PermissionDenied):
            services.family_member_delete(actor=tenant.actor(Role.MANAGER), family_member=member)
        assert FamilyMember.objects.filter(pk=member.pk).exists()


def test_salary_read_is_logged_for_staff_and_refused_for_providers(tenant: Tenant) -> None:
    person = tenant.assigned_person
    services.person_salary_read(actor=tenant.actor(Role.AUDITOR), person=person)
    assert AuditEntry.objects.filter(action="person.salary_read", person_id=person.pk).count() == 1
    with pytest.raises(PermissionDenied):
        services.person_salary_read(actor=tenant.actor(Role.PROVIDER_AGENT), person=person)
