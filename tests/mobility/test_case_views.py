"""Case pages: start from the eligibility result, timeline changes, checklist upload, own case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.mobility.models import Case
from tests.factories import FamilyMemberFactory, QualificationFactory
from tests.mobility.test_views import JOB_QUERY

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def candidate(tenant):
    person = tenant.employee_person
    QualificationFactory(person=person, completed_year=2015, training_years=4)
    return person


def _start_data(person, pathway="DE_BLUE_CARD", **overrides):
    return {**JOB_QUERY, "person": str(person.pk), "pathway_code": pathway, "goal": "entry"} | (
        overrides
    )


class TestStartFromEligibility:
    def test_result_offers_start_buttons_to_hr_for_a_person(self, client_for, candidate):
        response = client_for(Role.HR).get(
            reverse("mobility:eligibility"), {**JOB_QUERY, "person": candidate.pk}
        )
        content = response.content.decode()
        assert 'action="/eligibility/cases/start/"' in content
        assert 'name="pathway_code" value="DE_BLUE_CARD"' in content
        assert 'name="pathway_code" value="DE_WESTERN_BALKANS"' not in content

    def test_managers_see_no_start_button(self, client_for, candidate):
        response = client_for(Role.MANAGER).get(
            reverse("mobility:eligibility"), {**JOB_QUERY, "person": candidate.pk}
        )
        assert "cases/start/" not in response.content.decode()

    def test_start_reassesses_on_the_server(self, client_for, candidate):
        response = client_for(Role.HR).post(reverse("mobility:case_start"), _start_data(candidate))
        case = Case.objects.get(person=candidate)
        assert response.status_code == 302
        assert response["Location"] == reverse("mobility:case_detail", args=[case.pk])
        assert case.assessment["as_of"] == JOB_QUERY["as_of"]
        assert case.ruleset_version

    def test_a_posted_result_is_not_trusted(self, client_for, candidate):
        """Western Balkans is not eligible for an Indian national, whatever else is posted."""
        data = _start_data(
            candidate,
            pathway="DE_WESTERN_BALKANS",
            status="eligible",
            assessment='{"pathways": [{"code": "DE_WESTERN_BALKANS", "status": "eligible"}]}',
        )
        response = client_for(Role.HR).post(reverse("mobility:case_start"), data)
        assert response.status_code == 302
        assert "/eligibility/?" in response["Location"]
        assert not Case.objects.exists()

    def test_refused_for_roles_that_do_not_manage_cases(self, client_for, candidate):
        for role in (Role.MANAGER, Role.EMPLOYEE, Role.PROVIDER_ADMIN):
            response = client_for(role).post(reverse("mobility:case_start"), _start_data(candidate))
            assert response.status_code == 403
        assert not Case.objects.exists()

    def test_person_of_another_tenant_is_not_found(self, client_for, other_tenant):
        response = client_for(Role.HR).post(
            reverse("mobility:case_start"), _start_data(other_tenant.employee_person)
        )
        assert response.status_code == 404


class TestCasePages:
    def test_list_and_detail_for_hr(self, client_for, case):
        client = client_for(Role.HR)
        listing = client.get(reverse("mobility:case_list"))
        assert case.person.full_name in listing.content.decode()
        detail = client.get(reverse("mobility:case_detail", args=[case.pk]))
        content = detail.content.decode()
        assert "Power of attorney from the employee to the employer" in content
        assert "§ 31a Abs. 1 AufenthV" in content
        assert "Mark as done" in content
        assert "Document checklist" in content

    def test_provider_sees_the_timeline_but_no_documents_or_controls(
        self, client_for, assigned_case
    ):
        response = client_for(Role.PROVIDER_AGENT).get(
            reverse("mobility:case_detail", args=[assigned_case.pk])
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert "Timeline" in content
        assert "Document checklist" not in content and "Mark as done" not in content

    def test_employee_is_sent_to_their_own_case_page(self, client_for, case):
        response = client_for(Role.EMPLOYEE).get(reverse("mobility:case_detail", args=[case.pk]))
        assert response["Location"] == reverse("mobility:my_case")

    def test_htmx_milestone_update_returns_the_timeline(self, client_for, case):
        milestone = case.milestones.get(code="power_of_attorney")
        response = client_for(Role.HR).post(
            reverse("mobility:milestone_update", args=[case.pk, milestone.pk]),
            {"status": "done"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        assert response.content.decode().lstrip().startswith('<section id="timeline"')
        milestone.refresh_from_db()
        assert milestone.status == "done" and milestone.completed_on is not None

    def test_refused_milestone_update_shows_the_reason(self, client_for, case):
        next_year = (dt.date.today() + dt.timedelta(days=365)).isoformat()
        milestone = case.milestones.get(code="entry")
        response = client_for(Role.HR).post(
            reverse("mobility:milestone_update", args=[case.pk, milestone.pk]),
            {"status": "done", "completed_on": next_year},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 422
        assert "cannot be completed in the future" in response.content.decode()

    def test_a_date_outside_the_window_is_refused_with_the_window(self, client_for, case):
        milestone = case.milestones.get(code="entry")
        response = client_for(Role.HR).post(
            reverse("mobility:milestone_update", args=[case.pk, milestone.pk]),
            {"status": "done", "completed_on": "9999-12-31"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 422
        assert "Enter a date between" in response.content.decode()

    def test_checklist_upload_ticks_the_item(self, client_for, case):
        item = case.checklist.get(code="employment_contract")
        client = client_for(Role.HR)
        url = reverse("mobility:checklist_upload", args=[case.pk, item.pk])
        assert client.get(url).status_code == 200
        response = client.post(
            url, {"file": SimpleUploadedFile("contract.pdf", PDF, "application/pdf")}
        )
        assert response.status_code == 302
        detail = client.get(reverse("mobility:case_detail", args=[case.pk])).content.decode()
        assert "Upload a new version" in detail
        assert case.milestones.get(code="power_of_attorney").documents.count() == 1

    def test_employee_uploads_their_passport_but_not_a_contract(self, client_for, case):
        client = client_for(Role.EMPLOYEE)
        passport = case.checklist.get(code="passport")
        contract = case.checklist.get(code="employment_contract")
        upload = reverse("mobility:checklist_upload", args=[case.pk, passport.pk])
        response = client.post(upload, {"file": SimpleUploadedFile("p.pdf", PDF)})
        assert response["Location"] == reverse("mobility:my_case")
        forbidden = reverse("mobility:checklist_upload", args=[case.pk, contract.pk])
        assert client.get(forbidden).status_code == 403

    def test_attach_family_and_close(self, client_for, case):
        spouse = FamilyMemberFactory(person=case.person, first_name="Ravi")
        client = client_for(Role.HR)
        client.post(reverse("mobility:case_family", args=[case.pk]), {"family_member": spouse.pk})
        assert list(case.family_members.all()) == [spouse]
        assert client.get(reverse("mobility:case_close", args=[case.pk])).status_code == 200
        client.post(reverse("mobility:case_close", args=[case.pk]), {"status": "closed"})
        case.refresh_from_db()
        assert case.status == "closed"


class TestMyCase:
    def test_timeline_missing_documents_and_contacts(self, client_for, case, tenant):
        response = client_for(Role.EMPLOYEE).get(reverse("mobility:my_case"))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Current step" in content and "Next step" in content
        assert "Missing documents" in content
        assert (
            reverse(
                "mobility:checklist_upload", args=[case.pk, case.checklist.get(code="passport").pk]
            )
            in content
        )
        assert tenant.users[Role.HR].email in content
        assert tenant.provider.name not in content  # no provider is assigned to this person

    def test_in_arabic_right_to_left(self, client_for, case):
        client = client_for(Role.EMPLOYEE)
        client.cookies["django_language"] = "ar"
        content = client.get(reverse("mobility:my_case")).content.decode()
        assert '<html lang="ar" dir="rtl"' in content

    def test_without_a_case(self, client_for, tenant):
        response = client_for(Role.EMPLOYEE).get(reverse("mobility:my_case"))
        assert (
            "There is no immigration or recognition case for you yet." in response.content.decode()
        )

    def test_only_for_employees(self, client_for, case):
        for role in (Role.HR, Role.PROVIDER_ADMIN):
            assert client_for(role).get(reverse("mobility:my_case")).status_code == 403

    def test_titles_in_german_from_the_template(self, client_for, case):
        client = client_for(Role.HR)
        client.cookies["django_language"] = "de"
        with translation.override("de"):
            content = client.get(reverse("mobility:case_detail", args=[case.pk])).content.decode()
        assert "Vollmacht der Fachkraft für den Arbeitgeber" in content
