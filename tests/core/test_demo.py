"""The demo tenant and the generated benchmark tenants."""

from __future__ import annotations

import datetime as dt
import stat
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from expatcare.accounts.models import Membership, Organization, User
from expatcare.accounts.roles import Role
from expatcare.compliance.models import Duty, DutyStatus
from expatcare.demo import bench_tenant, logins
from expatcare.demo import tenant as demo
from expatcare.mobility.models import Case
from expatcare.people.choices import DocumentKind, PersonStatus
from expatcare.people.models import (
    DocumentVersion,
    FamilyMember,
    Person,
    PersonLanguage,
    PersonNationality,
    ProviderAssignment,
    Qualification,
)

pytestmark = pytest.mark.django_db
PASSWORD = "demo-password-for-tests"


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def var_dir(settings, tmp_path):
    """Generated passwords go to a throw-away var/ instead of the checkout's."""
    settings.VAR_DIR = tmp_path
    settings.EXPATCARE_DEMO_PASSWORD = ""
    return tmp_path


class TestDemoTenant:
    def test_builds_people_at_every_stage_with_their_records(self) -> None:
        output = run("--password", PASSWORD)
        org = Organization.objects.get(slug=demo.DEMO_ORGANIZATION_SLUG)
        assert org.name == "Muster Maschinenbau GmbH"
        assert org.state == "BY"
        people = Person.objects.filter(organization=org)
        assert people.count() == 25
        assert set(people.values_list("status", flat=True)) == set(PersonStatus.values)
        assert "Created Muster Maschinenbau GmbH with 25 people" in output
        # Every person has a nationality, a language and a qualification; some have two
        # nationalities and some have families.
        assert (
            PersonNationality.objects.filter(organization=org).values("person").distinct().count()
            == 25
        )
        assert PersonNationality.objects.filter(organization=org).count() > 25
        assert PersonLanguage.objects.filter(organization=org, level="native").count() == 25
        assert Qualification.objects.filter(organization=org).count() == 25
        assert FamilyMember.objects.filter(organization=org, relation="child").exists()
        countries = set(PersonNationality.objects.values_list("country", flat=True))
        assert {"IN", "BR", "TN", "PH", "RS", "TR", "UA", "US", "VN", "CO", "KE", "EG"} <= countries

    def test_duties_make_the_compliance_dashboard_alive(self) -> None:
        today = dt.date(2026, 5, 4)
        result = demo.build_demo_tenant(password=PASSWORD, today=today)
        duties = Duty.objects.filter(organization=result.organization, withdrawn=False)
        open_duties = duties.exclude(status__in=[DutyStatus.DONE, DutyStatus.NOT_APPLICABLE])
        dues = [d for d in open_duties.values_list("due", flat=True) if d is not None]
        assert any(due < today for due in dues), "some duties are overdue"
        assert any(today <= due <= today + dt.timedelta(days=7) for due in dues), "due this week"
        codes = set(duties.values_list("code", flat=True))
        assert {"DEUEV_REGISTRATION", "PERMIT_RENEWAL"} <= codes
        assert all(duties.values_list("legal_basis", flat=True))
        assert Case.objects.filter(organization=result.organization).count() == result.cases > 0

    def test_logins_have_their_roles_and_the_given_password(self) -> None:
        run("--password", PASSWORD)
        org = Organization.objects.get(slug=demo.DEMO_ORGANIZATION_SLUG)
        provider = Organization.objects.get(slug=demo.DEMO_PROVIDER_SLUG)
        expected = {
            "owner@demo.example": (org, Role.OWNER),
            "hr@demo.example": (org, Role.HR),
            "manager@demo.example": (org, Role.MANAGER),
            "employee@demo.example": (org, Role.EMPLOYEE),
            "auditor@demo.example": (org, Role.AUDITOR),
            "provider@demo.example": (provider, Role.PROVIDER_ADMIN),
            "agent@demo.example": (provider, Role.PROVIDER_AGENT),
        }
        for email, (organization, role) in expected.items():
            user = User.objects.get(email=email)
            assert user.check_password(PASSWORD)
            assert Membership.objects.get(user=user).organization == organization
            assert Membership.objects.get(user=user).role == role
        employee_person = Person.objects.get(user__email="employee@demo.example")
        assert employee_person.status == PersonStatus.ACTIVE

    def test_provider_is_assigned_to_a_few_people(self) -> None:
        run("--password", PASSWORD)
        provider = Organization.objects.get(slug=demo.DEMO_PROVIDER_SLUG)
        assert provider.is_provider
        assignments = ProviderAssignment.objects.filter(provider=provider)
        assert 3 <= assignments.count() <= 8
        assert all(a.organization_id == a.person.organization_id for a in assignments)
        # Each names its service and declares fields; one is for an immigration case.
        assert all(a.service and a.fields for a in assignments)
        case_assignment = assignments.get(case__isnull=False)
        assert case_assignment.case is not None
        assert case_assignment.case.person_id == case_assignment.person_id
        assert "nationality" not in case_assignment.fields

    def test_documents_cover_the_expiry_scenarios(self) -> None:
        run("--password", PASSWORD)
        today = timezone.localdate()
        current = DocumentVersion.objects.filter(is_current=True, valid_until__isnull=False)

        def expiring(low: int, high: int) -> int:
            return current.filter(
                valid_until__gte=today + dt.timedelta(days=low),
                valid_until__lte=today + dt.timedelta(days=high),
            ).count()

        assert expiring(0, 30) >= 1
        assert expiring(31, 60) >= 1
        assert expiring(61, 90) >= 1
        assert current.filter(valid_until__lt=today).exists()
        renewed = DocumentVersion.objects.filter(
            is_current=False, document__kind=DocumentKind.RESIDENCE_PERMIT
        ).first()
        assert renewed is not None
        assert renewed.document.versions.count() == 2
        with_file = DocumentVersion.objects.exclude(file="").first()
        assert with_file is not None
        assert with_file.file.read().startswith(b"%PDF-1.4")
        assert with_file.size == with_file.file.size

    def test_second_run_refuses_politely_and_changes_nothing(self) -> None:
        run("--password", PASSWORD)
        output = run("--password", "another-password")
        assert "exists already" in output
        assert Person.objects.count() == 25
        assert User.objects.get(email="hr@demo.example").check_password(PASSWORD)

    def test_same_seed_gives_the_same_data(self) -> None:
        run("--password", PASSWORD)
        first = list(Person.objects.order_by("id").values_list("birth_date", "start_date"))
        Organization.objects.all().delete()
        run("--password", PASSWORD)
        assert list(Person.objects.order_by("id").values_list("birth_date", "start_date")) == first


class TestDemoPassword:
    def test_generated_password_is_stored_privately_and_reused(self, var_dir) -> None:
        output = run()
        stored = (var_dir / logins.PASSWORD_FILE_NAME).read_text().strip()
        assert stored
        assert f"Password: {stored}" in output
        assert stat.S_IMODE((var_dir / logins.PASSWORD_FILE_NAME).stat().st_mode) == 0o600
        assert User.objects.get(email="owner@demo.example").check_password(stored)
        assert logins.resolve_demo_password() == logins.DemoPassword(stored, generated=True)

    def test_configured_password_wins_and_is_not_printed(self, var_dir, settings) -> None:
        settings.EXPATCARE_DEMO_PASSWORD = "configured-secret-1"
        output = run()
        assert "configured-secret-1" not in output
        assert User.objects.get(email="hr@demo.example").check_password("configured-secret-1")
        assert not (var_dir / logins.PASSWORD_FILE_NAME).exists()


class TestBenchTenant:
    def test_builds_n_people_with_related_rows(self) -> None:
        output = run("--people", "200", "--password", PASSWORD)
        org = Organization.objects.get(slug="bench-200")
        assert org.name == "Bench GmbH 200"
        assert Person.objects.filter(organization=org).count() == 200
        nationalities = PersonNationality.objects.filter(organization=org).count()
        assert 200 <= nationalities <= 400
        languages = PersonLanguage.objects.filter(organization=org).count()
        assert 200 <= languages <= 400
        assert 40 <= FamilyMember.objects.filter(organization=org).count() <= 160
        assert Qualification.objects.filter(organization=org).count() == 200
        versions = DocumentVersion.objects.filter(organization=org)
        assert versions.count() == 400
        assert not versions.exclude(document__organization=org).exists()
        hr = User.objects.get(email="hr@bench-200.example")
        assert hr.check_password(PASSWORD)
        assert Membership.objects.get(user=hr).role == Role.HR
        assert "200 people created" in output

    def test_a_few_percent_of_documents_expire_within_90_days(self) -> None:
        bench_tenant.build_bench_tenant(
            people=1000, password=PASSWORD, progress=False, batch_size=300
        )
        today = timezone.localdate()
        soon = DocumentVersion.objects.filter(
            valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=90)
        ).count()
        assert 0.01 <= soon / 2000 <= 0.06

    def test_running_again_extends_to_the_requested_size(self) -> None:
        bench_tenant.build_bench_tenant(people=50, password=PASSWORD, slug="grow", progress=False)
        result = bench_tenant.build_bench_tenant(
            people=120, password=PASSWORD, slug="grow", progress=False, batch_size=40
        )
        assert result.created_people == 70
        assert result.total_people == 120
        assert Person.objects.filter(organization__slug="grow").count() == 120

    def test_rejects_an_empty_size(self) -> None:
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="at least 1"):
            run("--people", "0", "--password", PASSWORD)


def test_demo_logins_speak_the_browsers_language() -> None:
    from django.test import Client
    from django.urls import reverse

    demo.build_demo_tenant(password=PASSWORD)
    hr = User.objects.get(email="hr@demo.example")
    assert hr.language == ""
    for language, title in (("de", 'lang="de"'), ("en", 'lang="en"')):
        client = Client(headers={"accept-language": language})
        client.force_login(hr)
        assert title in client.get(reverse("people:dashboard")).content.decode()
