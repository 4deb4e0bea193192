"""The end of cover of a filed insurance certificate raises the engine's renewal duty.

HR or the provider files the certificate on the enrolment; the people service announces the new
document, the duties are recomputed, and the engine plans ``INSURANCE_RENEWAL`` from the end of
cover with its dated lead-time parameter (a planning recommendation citing § 2 Abs. 3 and § 5
Abs. 1 Nr. 1 AufenthG). The duty shows on the person page and through the API like any other.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.care.choices import EnrolmentStatus
from expatcare.care.models import Enrolment
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.models import Duty
from expatcare.compliance.recompute import duties_recompute_for_person
from expatcare.people.models import Person
from expatcare.rules import engine as rules_engine
from expatcare.rules.calendar import previous_working_day
from expatcare.rules.engine import DEFAULT_ROOT, load_parameters
from tests.care.factories import CareModuleFactory, EnrolmentFactory
from tests.conftest import Tenant
from tests.factories import FamilyMemberFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEAD = "de.obligations.insurance_renewal_lead_weeks"
END_OF_COVER = dt.date(2027, 6, 30)
# A day the parameter set covers, like the recomputation on the day of the upload.
TODAY = dt.date(2026, 12, 1)


def _enrolment(tenant: Tenant) -> Enrolment:
    module = CareModuleFactory(
        organization=tenant.provider,
        category="health_insurance",
        counts_as_health_insurance_proof=True,
    )
    return EnrolmentFactory(
        person=tenant.assigned_person,
        module=module,
        start_date=dt.date(2026, 2, 1),
        status=EnrolmentStatus.ACTIVE,
    )


def _file_certificate(client: Any, enrolment: Enrolment, end_of_cover: dt.date) -> None:
    response = client.post(
        reverse("care:enrolment_certificate", args=[enrolment.pk]),
        {
            "file": SimpleUploadedFile("policy.pdf", PDF_BYTES, content_type="application/pdf"),
            "valid_until": end_of_cover.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _renewal(person: Person) -> Duty:
    return Duty.objects.get(person=person, code="INSURANCE_RENEWAL", withdrawn=False)


def _expected_due(end_of_cover: dt.date, weeks: int) -> dt.date:
    """End of cover minus the lead time, moved to the working day before a weekend or holiday
    of the workplace's state (Bavaria for the test people)."""
    return previous_working_day(end_of_cover - dt.timedelta(weeks=weeks), "BY")


class TestTheUploadRaisesTheRenewal:
    def test_due_the_lead_time_before_the_end_of_cover_citing_the_parameter(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        person = tenant.assigned_person
        _file_certificate(client_for(Role.HR), _enrolment(tenant), END_OF_COVER)
        duty = _renewal(person)
        parameter = load_parameters().at(berlin_today())[LEAD]
        assert parameter.value == 6
        assert duty.due == _expected_due(END_OF_COVER, parameter.value) == dt.date(2027, 5, 19)
        assert duty.origin_key == f"insurance_certificate:{END_OF_COVER.isoformat()}"
        assert duty.legal_basis == parameter.reference.legal_basis
        assert duty.legal_basis == "§ 5 Abs. 1 Nr. 1 AufenthG; § 2 Abs. 3 Satz 1 AufenthG"
        assert duty.source == parameter.reference.href
        assert duty.responsible == "employee"
        assert [entry["name"] for entry in duty.parameters] == [LEAD]
        assert duty.message_code == "obligation.insurance_renewal"

    def test_the_provider_upload_raises_it_too(self, tenant: Tenant, client_for: Any) -> None:
        _file_certificate(client_for(Role.PROVIDER_AGENT), _enrolment(tenant), END_OF_COVER)
        assert _renewal(tenant.assigned_person).due == dt.date(2027, 5, 19)

    def test_a_renewed_certificate_moves_the_duty_to_the_new_end_of_cover(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        person = tenant.assigned_person
        enrolment = _enrolment(tenant)
        hr = client_for(Role.HR)
        _file_certificate(hr, enrolment, END_OF_COVER)
        first = _renewal(person)
        _file_certificate(hr, enrolment, dt.date(2028, 6, 30))
        second = _renewal(person)
        assert second.due == _expected_due(dt.date(2028, 6, 30), 6)
        assert Duty.objects.get(pk=first.pk).withdrawn

    def test_changing_the_lead_time_parameter_moves_the_due_date(
        self,
        tenant: Tenant,
        client_for: Any,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        person = tenant.assigned_person
        _file_certificate(client_for(Role.HR), _enrolment(tenant), END_OF_COVER)
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        before = _renewal(person).due
        assert before is not None
        weeks = load_parameters().at(TODAY)[LEAD].value
        root = tmp_path / "parameters"
        shutil.copytree(DEFAULT_ROOT, root)
        path = root / (LEAD.replace(".", "/") + ".yaml")
        text = path.read_text(encoding="utf-8")
        old = f"value: {weeks}\n"
        assert text.count(old) == 1
        path.write_text(text.replace(old, f"value: {weeks + 4}\n"), encoding="utf-8")
        changed = load_parameters(root)
        monkeypatch.setattr(rules_engine, "_load_default", lambda: changed)
        result = duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        after = _renewal(person)
        assert after.due is not None
        assert after.due == _expected_due(END_OF_COVER, weeks + 4) < before
        assert after.parameters[0]["value"] == weeks + 4
        assert result.moved["INSURANCE_RENEWAL"] == [before.isoformat(), after.due.isoformat()]

    def test_a_family_members_certificate_raises_none(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        """The certificate of an enrolment for a spouse is filed on the spouse: the employer
        plans no renewal for it, as for a family member's passport."""
        enrolment = _enrolment(tenant)
        enrolment.family_member = FamilyMemberFactory(person=tenant.assigned_person)
        enrolment.save()
        _file_certificate(client_for(Role.HR), enrolment, END_OF_COVER)
        assert not Duty.objects.filter(code="INSURANCE_RENEWAL").exists()


class TestWhereTheRenewalShows:
    def test_the_person_page_lists_it_in_the_readers_language(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        person = tenant.assigned_person
        _file_certificate(client_for(Role.HR), _enrolment(tenant), END_OF_COVER)
        duty = _renewal(person)
        client = client_for(Role.HR)
        hr = tenant.users[Role.HR]
        for language, title in (
            ("en", "Renew the health insurance cover"),
            ("de", "Krankenversicherungsschutz verlängern"),
        ):
            hr.language = language
            hr.save()
            html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
            assert title in html, language
            assert reverse("compliance:duty_detail", args=[duty.pk]) in html

    def test_the_api_lists_it_with_due_date_and_legal_basis(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        person = tenant.assigned_person
        _file_certificate(client_for(Role.HR), _enrolment(tenant), END_OF_COVER)
        response = client_for(Role.HR).get(
            "/api/v1/obligations", {"person": person.pk, "code": "INSURANCE_RENEWAL"}
        )
        assert response.status_code == 200, response.content
        (row,) = response.json()["results"]
        assert row["due"] == "2027-05-19"
        assert row["legal_basis"] == "§ 5 Abs. 1 Nr. 1 AufenthG; § 2 Abs. 3 Satz 1 AufenthG"
        assert row["message"]["code"] == "obligation.insurance_renewal"
        assert row["parameters"][0]["name"] == LEAD
        assert "6 weeks before the cover of the insurance certificate ends" in row["explanation"]


class TestTheEnrolmentPageSaysSo:
    def test_the_upload_hint_names_the_renewal_duty_in_german_and_english(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        enrolment = _enrolment(tenant)
        client = client_for(Role.HR)
        hr = tenant.users[Role.HR]
        for language, hint in (
            ("en", "the end of cover raises a renewal duty"),
            ("de", "löst das Ende des Versicherungsschutzes eine Verlängerungspflicht aus"),
        ):
            hr.language = language
            hr.save()
            url = reverse("care:enrolment_detail", args=[enrolment.pk])
            assert hint in client.get(url).content.decode(), language
