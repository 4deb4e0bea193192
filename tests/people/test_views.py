"""The people pages: access per role, forms, filters, the employee portal and the trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.core import pagination
from expatcare.people import services
from expatcare.people.models import FamilyMember, Person, PersonLanguage, Qualification
from tests.conftest import Tenant
from tests.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    FamilyMemberFactory,
    PersonFactory,
    QualificationFactory,
    UserFactory,
)


def test_anonymous_is_sent_to_login(db: None) -> None:
    response = Client().get(reverse("people:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_user_without_membership_gets_403(db: None) -> None:
    client = Client()
    client.force_login(UserFactory())
    assert client.get(reverse("people:list")).status_code == 403


class TestDashboard:
    def test_shows_real_figures(self, tenant: Tenant, client_for) -> None:
        DocumentVersionFactory(
            document=DocumentFactory(person=tenant.other_person, kind="residence_permit"),
            valid_until=dt.date.today() + dt.timedelta(days=10),
        )
        response = client_for(Role.HR).get(reverse("people:dashboard"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Residence permit" in page
        assert "Oscar Other" in page
        assert "badge-danger" in page
        assert "?nationality=IN" in page
        figures = response.context["figures"]
        assert figures.total_people == 3
        assert figures.expiring_count == 1
        assert figures.expiring_documents[0].days_left == 10
        assert ("active", "Active", 3) in figures.people_by_status

    def test_employee_is_redirected_to_own_record(self, client_for) -> None:
        response = client_for(Role.EMPLOYEE).get(reverse("people:dashboard"))
        assert response.status_code == 302
        assert response["Location"] == reverse("people:me")

    def test_empty_tenant_shows_call_to_action(self, db: None) -> None:
        from tests.factories import MembershipFactory

        membership = MembershipFactory(role=Role.HR)
        client = Client()
        client.force_login(membership.user)
        page = client.get(reverse("people:dashboard")).content.decode()
        assert "There are no people here yet" in page
        assert reverse("people:create") in page

    def test_provider_is_sent_to_its_list_without_figures(self, client_for) -> None:
        """Figures by status and nationality over a few assigned people would tell a provider
        what its assignments do not declare."""
        response = client_for(Role.PROVIDER_AGENT).get(reverse("people:dashboard"))
        assert response.status_code == 302
        assert response["Location"] == reverse("people:list")


class TestList:
    def test_lists_tenant_people_only(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        page = client_for(Role.AUDITOR).get(reverse("people:list")).content.decode()
        assert "Employee" in page and "Assigned" in page and "Other" in page
        assert reverse("people:detail", args=[other_tenant.other_person.pk]) not in page

    def test_search_and_filters(self, tenant: Tenant, client_for) -> None:
        PersonFactory(
            organization=tenant.organization,
            last_name="Silva",
            status="candidate",
            nationalities=["BR"],
            work_state="BE",
        )
        client = client_for(Role.HR)
        names = lambda response: [p.last_name for p in response.context["page"].object_list]  # noqa: E731
        assert names(client.get(reverse("people:list"), {"q": "silv"})) == ["Silva"]
        assert names(client.get(reverse("people:list"), {"nationality": "BR"})) == ["Silva"]
        assert names(client.get(reverse("people:list"), {"status": "candidate"})) == ["Silva"]
        assert names(client.get(reverse("people:list"), {"work_state": "BE"})) == ["Silva"]
        assert "Silva" not in names(client.get(reverse("people:list"), {"kind": "candidate"}))

    def test_sorting_sets_aria_sort(self, client_for) -> None:
        response = client_for(Role.HR).get(reverse("people:list"), {"sort": "-last_name"})
        names = [p.last_name for p in response.context["page"].object_list]
        assert names == ["Other", "Employee", "Assigned"]
        assert 'aria-sort="descending"' in response.content.decode()

    def test_unknown_sort_is_refused(self, client_for) -> None:
        response = client_for(Role.HR).get(reverse("people:list"), {"sort": "password"})
        assert response.status_code == 422
        assert response.context["parameter"] == "sort"

    def test_htmx_request_gets_the_table_only(self, client_for) -> None:
        response = client_for(Role.HR).get(reverse("people:list"), HTTP_HX_REQUEST="true")
        page = response.content.decode()
        assert "<table" in page
        assert "<html" not in page

    def test_empty_state_with_call_to_action(self, tenant: Tenant, client_for) -> None:
        page = (
            client_for(Role.HR)
            .get(reverse("people:list"), {"q": "nobody-like-this"})
            .content.decode()
        )
        assert "No one matches these filters" in page

    def test_provider_lists_assigned_people_only(self, tenant: Tenant, client_for) -> None:
        response = client_for(Role.PROVIDER_ADMIN).get(reverse("people:list"))
        assert [row["id"] for row in response.context["rows"]] == [tenant.assigned_person.pk]
        page = response.content.decode()
        # No filter by nationality or status: the options would name what is not declared.
        assert 'name="nationality"' not in page
        assert "Asha Assigned" in page

    def test_a_large_result_says_more_than_and_pages_on(
        self, tenant: Tenant, client_for, settings, monkeypatch
    ) -> None:
        settings.EXPATCARE_PAGE_SIZE = 1
        monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 1)
        monkeypatch.setattr(pagination, "COUNT_PAGES_AHEAD", 1)
        client = client_for(Role.HR)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        first = client.get(reverse("people:list"))
        assert "More than 2 people" in first.content.decode()
        assert first.context["page"].has_next()
        last = client.get(reverse("people:list"), {"page": 3})
        assert "3 people" in last.content.decode()
        assert "More than" not in last.content.decode()
        assert [p.last_name for p in last.context["page"].object_list] == ["Other"]

    def test_pagination(self, tenant: Tenant, client_for, settings) -> None:
        settings.EXPATCARE_PAGE_SIZE = 2
        response = client_for(Role.HR).get(reverse("people:list"), {"page": 2})
        assert [p.last_name for p in response.context["page"].object_list] == ["Other"]
        assert 'aria-current="page"' in response.content.decode()


class TestDetail:
    def test_hr_sees_everything_and_salary_read_is_logged(self, tenant: Tenant, client_for) -> None:
        person = tenant.other_person
        QualificationFactory(person=person, title="B.Tech. Civil")
        FamilyMemberFactory(person=person, first_name="Kiran")
        response = client_for(Role.HR).get(reverse("people:detail", args=[person.pk]))
        page = response.content.decode()
        assert response.status_code == 200
        assert "52000" in page.replace(".", "").replace(",", "")
        assert "B.Tech. Civil" in page and "Kiran" in page
        assert "Audit trail" in page
        assert AuditEntry.objects.filter(action="person.salary_read", person_id=person.pk).exists()

    def test_provider_sees_reduced_field_set(self, tenant: Tenant, client_for) -> None:
        person = tenant.assigned_person
        QualificationFactory(person=person, title="B.Tech. Civil")
        FamilyMemberFactory(person=person, first_name="Kiran")
        response = client_for(Role.PROVIDER_AGENT).get(reverse("people:detail", args=[person.pk]))
        page = response.content.decode()
        assert response.status_code == 200
        # The default declaration: name, e-mail, phone, language, time zone; no family.
        assert person.full_name in page and person.email in page
        assert "Kiran" not in page and "Engineer" not in page
        assert "salary" not in page.lower()
        assert "B.Tech. Civil" not in page
        assert "Documents" not in page and "Audit trail" not in page
        assert not AuditEntry.objects.filter(action="person.salary_read").exists()
        # The view is in the employer's access log, once per hour.
        client_for(Role.PROVIDER_AGENT).get(reverse("people:detail", args=[person.pk]))
        read = AuditEntry.objects.get(action="provider.read", person_id=person.pk)
        assert read.organization_id == tenant.organization.pk

    def test_provider_unassigned_and_other_tenant_get_404(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        assert (
            client_for(Role.PROVIDER_AGENT)
            .get(reverse("people:detail", args=[tenant.other_person.pk]))
            .status_code
            == 404
        )
        assert (
            client_for(Role.HR, other_tenant)
            .get(reverse("people:detail", args=[tenant.other_person.pk]))
            .status_code
            == 404
        )

    def test_manager_reads_but_cannot_edit(self, tenant: Tenant, client_for) -> None:
        client = client_for(Role.MANAGER)
        report = tenant.assigned_person  # the manager's own report
        page = client.get(reverse("people:detail", args=[report.pk])).content.decode()
        assert reverse("people:edit", args=[report.pk]) not in page
        assert "Audit trail" not in page
        assert client.get(reverse("people:edit", args=[report.pk])).status_code == 403
        assert client.post(reverse("people:create"), {}).status_code == 403

    def test_trail_shows_last_entries_with_link_to_more(self, tenant: Tenant, client_for) -> None:
        person = tenant.other_person
        hr = tenant.actor(Role.HR)
        for hours in range(1, 53):
            services.person_update(
                actor=hr, person=person, changes={"weekly_hours": hours % 50 + 1}
            )
        client = client_for(Role.AUDITOR)
        page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
        assert reverse("people:audit", args=[person.pk]) in page
        full = client.get(reverse("people:audit", args=[person.pk]))
        assert full.status_code == 200
        assert full.context["page"].paginator.count >= 52
        assert (
            client_for(Role.MANAGER)
            .get(reverse("people:audit", args=[tenant.assigned_person.pk]))
            .status_code
            == 403
        )

    def test_trail_rows_show_when_who_what_and_the_change(self, tenant: Tenant, client_for) -> None:
        person = tenant.other_person
        hr = tenant.actor(Role.HR)
        services.person_update(actor=hr, person=person, changes={"end_date": dt.date(2027, 1, 31)})
        client = client_for(Role.AUDITOR)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        for url in (
            reverse("people:detail", args=[person.pk]),
            reverse("people:audit", args=[person.pk]),
        ):
            page = client.get(url).content.decode()
            entry = AuditEntry.objects.get(action="person.update", person_id=person.pk)
            created = timezone.localtime(entry.created_at)
            assert f'<time datetime="{created.isoformat()}">' in page
            assert str(hr.user) in page
            assert '<span title="person.update">Person changed</span>' in page
            assert "<li>End date: – → 01/31/2027</li>" in page


class TestEmployeePortal:
    def test_me_shows_own_record(self, tenant: Tenant, client_for) -> None:
        response = client_for(Role.EMPLOYEE).get(reverse("people:me"))
        assert response.status_code == 200
        assert response.context["person"] == tenant.employee_person
        page = response.content.decode()
        assert "My record" in page
        assert reverse("people:document_upload", args=[tenant.employee_person.pk]) in page
        assert reverse("people:edit", args=[tenant.employee_person.pk]) not in page

    def test_other_ids_are_404_and_own_id_redirects(self, tenant: Tenant, client_for) -> None:
        client = client_for(Role.EMPLOYEE)
        for person in (tenant.other_person, tenant.assigned_person):
            assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
            assert (
                client.get(reverse("people:document_upload", args=[person.pk])).status_code == 404
            )
        own = client.get(reverse("people:detail", args=[tenant.employee_person.pk]))
        assert own.status_code == 302 and own["Location"] == reverse("people:me")
        assert client.get(reverse("people:list")).status_code == 302

    def test_upload_form_offers_only_self_service_kinds(self, tenant: Tenant, client_for) -> None:
        client = client_for(Role.EMPLOYEE)
        url = reverse("people:document_upload", args=[tenant.employee_person.pk])
        form = client.get(url).context["form"]
        assert {value for value, _ in form.fields["kind"].choices} == {
            "passport",
            "degree",
            "cv",
            "other",
        }
        response = client.post(url, {"kind": "contract", "file": b""})
        assert response.status_code == 422

    def test_staff_without_record_get_404_on_me(self, client_for) -> None:
        assert client_for(Role.HR).get(reverse("people:me")).status_code == 404


class TestPersonForms:
    def test_create_person(self, tenant: Tenant, client_for) -> None:
        response = client_for(Role.HR).post(
            reverse("people:create"),
            {
                "first_name": "Ana",
                "last_name": "Silva",
                "kind": "candidate",
                "status": "candidate",
                # What the page posts: names typed into the country box are accepted too.
                "nationalities": ["Brazil", "pt"],
                "preferred_language": "pt",
                "languages_language": ["pt", "en", ""],
                "languages_level": ["native", "B2", ""],
                "work_country": "DE",
                "work_state": "BY",
                "annual_salary_eur": "48000",
                "weekly_hours": "40",
            },
        )
        person = Person.objects.get(last_name="Silva")
        assert response.status_code == 302
        assert response["Location"] == reverse("people:detail", args=[person.pk])
        assert sorted(person.nationalities.values_list("country", flat=True)) == ["BR", "PT"]
        assert sorted(person.languages.values_list("language", "level")) == [
            ("en", "B2"),
            ("pt", "native"),
        ]

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("nationalities", "Atlantis", "Not a country we know: Atlantis"),
            ("annual_salary_eur", "-5", "cannot be negative"),
            ("weekly_hours", "70", "between"),
            ("languages_level", "Z9", "Choose a level for German"),
            ("birth_date", "2999-01-01", "cannot be in the future"),
            ("end_date", "2020-01-01", "cannot be before the start date"),
        ],
    )
    def test_invalid_create_shows_message_and_writes_nothing(
        self, tenant: Tenant, client_for, field: str, value: str, message: str
    ) -> None:
        data = {
            "first_name": "Ana",
            "last_name": "Silva",
            "kind": "candidate",
            "status": "candidate",
            "nationalities": "BR",
            "preferred_language": "pt",
            "work_country": "DE",
            "start_date": "2026-01-01",
            "languages_language": "de",
            "languages_level": "B1",
            field: value,
        }
        before = Person.objects.count(), AuditEntry.objects.count()
        response = client_for(Role.HR).post(reverse("people:create"), data)
        assert response.status_code == 422
        assert message in response.content.decode()
        assert (Person.objects.count(), AuditEntry.objects.count()) == before

    def test_edit_person(self, tenant: Tenant, client_for) -> None:
        person = tenant.other_person
        client = client_for(Role.HR)
        initial = client.get(reverse("people:edit", args=[person.pk])).context["form"].initial
        assert initial["nationalities"] == ["IN"]
        data = {k: ("" if v is None else v) for k, v in initial.items()}
        data["job_title"] = "Site manager"
        response = client.post(reverse("people:edit", args=[person.pk]), data)
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.job_title == "Site manager"
        entry = AuditEntry.objects.get(action="person.update")
        assert entry.changes == {"job_title": ["Engineer", "Site manager"]}


class TestFamilyAndQualificationPages:
    def test_family_add_edit_delete(self, tenant: Tenant, client_for) -> None:
        person = tenant.other_person
        client = client_for(Role.HR)
        response = client.post(
            reverse("people:family_create", args=[person.pk]),
            {"relation": "child", "first_name": "Ravi", "birth_date": "2019-02-01"},
        )
        assert response.status_code == 302
        member = FamilyMember.objects.get(person=person)
        response = client.post(
            reverse("people:family_edit", args=[member.pk]),
            {"relation": "child", "first_name": "Ravi", "nationality": "IN"},
        )
        assert response.status_code == 302
        confirm = client.get(reverse("people:family_delete", args=[member.pk]))
        assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
        assert FamilyMember.objects.filter(pk=member.pk).exists()
        client.post(reverse("people:family_delete", args=[member.pk]))
        assert not FamilyMember.objects.filter(pk=member.pk).exists()

    def test_family_of_other_tenant_is_404(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        member = FamilyMemberFactory(person=other_tenant.other_person)
        client = client_for(Role.HR)
        assert client.get(reverse("people:family_edit", args=[member.pk])).status_code == 404
        assert client.post(reverse("people:family_delete", args=[member.pk])).status_code == 404
        assert FamilyMember.objects.filter(pk=member.pk).exists()

    def test_qualification_add_with_invalid_year_then_valid(
        self, tenant: Tenant, client_for
    ) -> None:
        person = tenant.other_person
        client = client_for(Role.HR)
        url = reverse("people:qualification_create", args=[person.pk])
        data = {
            "kind": "academic",
            "title": "MSc",
            "recognition": "pending",
            "completed_year": "1800",
        }
        assert client.post(url, data).status_code == 422
        assert not Qualification.objects.exists()
        data["completed_year"] = "2018"
        assert client.post(url, data).status_code == 302
        qualification = Qualification.objects.get()
        assert (
            client.post(reverse("people:qualification_delete", args=[qualification.pk])).status_code
            == 302
        )
        assert not Qualification.objects.exists()

    def test_edit_pages_show_the_row_and_save_with_a_message(
        self, tenant: Tenant, client_for
    ) -> None:
        person = tenant.other_person
        member = FamilyMemberFactory(person=person, first_name="Ravi")
        qualification = QualificationFactory(person=person, title="BSc Physics")
        client = client_for(Role.HR)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        family_form = client.get(reverse("people:family_edit", args=[member.pk]))
        assert "Edit family member" in family_form.content.decode()
        assert 'value="Ravi"' in family_form.content.decode()
        qualification_form = client.get(
            reverse("people:qualification_edit", args=[qualification.pk])
        )
        assert "Edit qualification" in qualification_form.content.decode()
        assert 'value="BSc Physics"' in qualification_form.content.decode()
        saved = client.post(
            reverse("people:qualification_edit", args=[qualification.pk]),
            {"kind": "academic", "title": "MSc Physics", "recognition": "pending"},
            follow=True,
        )
        assert saved.redirect_chain[-1][0] == reverse("people:detail", args=[person.pk])
        assert "The changes were saved." in saved.content.decode()
        qualification.refresh_from_db()
        assert qualification.title == "MSc Physics"
        removed = client.post(reverse("people:family_delete", args=[member.pk]), follow=True)
        assert "The family member was removed." in removed.content.decode()

    @pytest.mark.parametrize("role", [Role.MANAGER, Role.AUDITOR])
    def test_readers_may_not_open_the_change_pages(
        self, tenant: Tenant, client_for, role: Role
    ) -> None:
        person = tenant.assigned_person  # the manager's report: seen, not changed
        member = FamilyMemberFactory(person=person)
        qualification = QualificationFactory(person=person)
        client = client_for(role)
        for url in (
            reverse("people:family_create", args=[person.pk]),
            reverse("people:family_edit", args=[member.pk]),
            reverse("people:family_delete", args=[member.pk]),
            reverse("people:qualification_create", args=[person.pk]),
            reverse("people:qualification_edit", args=[qualification.pk]),
            reverse("people:qualification_delete", args=[qualification.pk]),
        ):
            assert client.get(url).status_code == 403, url
        assert (
            client.post(reverse("people:qualification_delete", args=[qualification.pk])).status_code
            == 403
        )
        assert Qualification.objects.filter(pk=qualification.pk).exists()

    def test_provider_cannot_open_qualification(self, tenant: Tenant, client_for) -> None:
        qualification = QualificationFactory(person=tenant.assigned_person)
        response = client_for(Role.PROVIDER_ADMIN).get(
            reverse("people:qualification_edit", args=[qualification.pk])
        )
        assert response.status_code == 404


def test_invalid_filter_values_are_refused_naming_them(tenant: Tenant, client_for) -> None:
    """Not ignored: the list would show something other than what the address asks for."""
    response = client_for(Role.HR).get(
        reverse("people:list"), {"status": "bogus", "q": "Other", "page": "x"}
    )
    assert response.status_code == 422
    assert response.context["parameter"] in {"status", "page"}


def test_languages_are_named_in_the_readers_language(tenant: Tenant, client_for) -> None:
    person = tenant.other_person
    PersonLanguage.objects.create(
        organization=person.organization, person=person, language="ar", level="native"
    )
    client = client_for(Role.HR)
    english = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    client.cookies["django_language"] = "de"
    german = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Arabic (" in english and "Arabisch (" in german
    assert ">ar (" not in english
