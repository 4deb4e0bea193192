"""The insurance certificate of an enrolment: HR or the module's provider files it, it lands in
the person's document register with its end of cover, and it proves the case's insurance item."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.care import services
from expatcare.care.actions import CareAction
from expatcare.care.choices import EnrolmentStatus
from expatcare.care.models import Enrolment
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.mobility.selectors import checklist_status
from expatcare.mobility.services import checklist_items
from expatcare.people.choices import DocumentKind
from expatcare.people.models import DocumentVersion
from expatcare.people.services import document_upload
from tests.care.factories import CareModuleFactory, EnrolmentFactory
from tests.conftest import Tenant
from tests.factories import make_case

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
END_OF_COVER = dt.date(2027, 1, 31)


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("policy.pdf", PDF_BYTES, content_type="application/pdf")


def _enrolment(tenant: Tenant, *, proof: bool = True, **values: Any) -> Enrolment:
    module = CareModuleFactory(
        organization=tenant.provider,
        category="health_insurance",
        counts_as_health_insurance_proof=proof,
    )
    values.setdefault("status", EnrolmentStatus.CONFIRMED)
    return EnrolmentFactory(
        person=tenant.assigned_person, module=module, start_date=dt.date(2026, 2, 1), **values
    )


def _certificates(person_id: int) -> list[DocumentVersion]:
    return list(
        DocumentVersion.objects.filter(
            document__person_id=person_id, document__kind=DocumentKind.INSURANCE_CERTIFICATE
        ).order_by("version")
    )


class TestUpload:
    def test_hr_files_the_certificate_in_the_persons_register(self, tenant: Tenant) -> None:
        enrolment = _enrolment(tenant)
        version = services.enrolment_certificate_upload(
            actor=tenant.actor(Role.HR),
            enrolment=enrolment,
            uploaded_file=_pdf(),
            valid_until=END_OF_COVER,
            number="POL-1",
        )
        enrolment.refresh_from_db()
        assert enrolment.certificate_id == version.document_id
        [stored] = _certificates(tenant.assigned_person.pk)
        assert (stored.valid_from, stored.valid_until, stored.number) == (
            dt.date(2026, 2, 1),
            END_OF_COVER,
            "POL-1",
        )
        assert AuditEntry.objects.filter(
            action=CareAction.CERTIFICATE_UPLOAD, organization=tenant.organization
        ).exists()

    def test_a_second_upload_is_the_next_version_of_the_same_document(self, tenant: Tenant) -> None:
        enrolment = _enrolment(tenant)
        hr = tenant.actor(Role.HR)
        first = services.enrolment_certificate_upload(
            actor=hr, enrolment=enrolment, uploaded_file=_pdf(), valid_until=END_OF_COVER
        )
        second = services.enrolment_certificate_upload(
            actor=hr,
            enrolment=enrolment,
            uploaded_file=_pdf(),
            valid_until=dt.date(2028, 1, 31),
        )
        assert second.document_id == first.document_id
        assert [(v.version, v.is_current) for v in _certificates(tenant.assigned_person.pk)] == [
            (1, False),
            (2, True),
        ]

    def test_the_provider_files_it_through_the_enrolment_page(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        enrolment = _enrolment(tenant, status=EnrolmentStatus.ACTIVE)
        response = client_for(Role.PROVIDER_AGENT).post(
            reverse("care:enrolment_certificate", args=[enrolment.pk]),
            {"file": _pdf(), "valid_until": "2027-01-31"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        [stored] = _certificates(tenant.assigned_person.pk)
        assert stored.valid_until == END_OF_COVER
        # The trail of the upload is the employer's, not the provider's.
        assert AuditEntry.objects.filter(
            organization=tenant.organization, person_id=tenant.assigned_person.pk
        ).exists()

    def test_hr_sees_the_upload_form_on_a_confirmed_insurance_enrolment(
        self, tenant: Tenant, client_for: Any
    ) -> None:
        enrolment = _enrolment(tenant)
        page = client_for(Role.HR).get(reverse("care:enrolment_detail", args=[enrolment.pk]))
        assert reverse("care:enrolment_certificate", args=[enrolment.pk]) in page.content.decode()

    @pytest.mark.parametrize(
        "values",
        [
            {"proof": False},
            {"status": EnrolmentStatus.REQUESTED},
            {"status": EnrolmentStatus.REJECTED},
        ],
    )
    def test_refused_outside_a_running_proof_enrolment(
        self, tenant: Tenant, values: dict[str, Any]
    ) -> None:
        enrolment = _enrolment(tenant, **values)
        with pytest.raises(PermissionDenied):
            services.enrolment_certificate_upload(
                actor=tenant.actor(Role.HR),
                enrolment=enrolment,
                uploaded_file=_pdf(),
                valid_until=END_OF_COVER,
            )
        assert _certificates(tenant.assigned_person.pk) == []

    def test_the_end_of_cover_is_required(self, tenant: Tenant) -> None:
        with pytest.raises(ServiceError) as error:
            services.enrolment_certificate_upload(
                actor=tenant.actor(Role.HR),
                enrolment=_enrolment(tenant),
                uploaded_file=_pdf(),
                valid_until=None,
            )
        assert error.value.field == "valid_until"

    def test_employees_and_managers_cannot_file_it(self, tenant: Tenant) -> None:
        enrolment = _enrolment(tenant)
        for role in (Role.EMPLOYEE, Role.MANAGER):
            with pytest.raises(PermissionDenied):
                services.enrolment_certificate_upload(
                    actor=tenant.actor(role),
                    enrolment=enrolment,
                    uploaded_file=_pdf(),
                    valid_until=END_OF_COVER,
                )


class TestProviderGrant:
    """The people app's grant reaches no further than the provider's own insurance enrolment."""

    def test_no_other_kind_and_no_other_person(self, tenant: Tenant) -> None:
        _enrolment(tenant)
        provider = tenant.actor(Role.PROVIDER_AGENT)
        with pytest.raises(PermissionDenied):
            document_upload(
                actor=provider,
                person=tenant.assigned_person,
                kind=DocumentKind.PASSPORT,
                uploaded_file=_pdf(),
            )
        with pytest.raises(PermissionDenied):
            document_upload(
                actor=provider,
                person=tenant.other_person,
                kind=DocumentKind.INSURANCE_CERTIFICATE,
                uploaded_file=_pdf(),
            )

    def test_not_for_a_module_that_is_no_proof(self, tenant: Tenant) -> None:
        _enrolment(tenant, proof=False)
        with pytest.raises(PermissionDenied):
            document_upload(
                actor=tenant.actor(Role.PROVIDER_AGENT),
                person=tenant.assigned_person,
                kind=DocumentKind.INSURANCE_CERTIFICATE,
                uploaded_file=_pdf(),
            )


class TestCaseChecklist:
    def test_the_certificate_completes_the_insurance_item(self, tenant: Tenant) -> None:
        person = tenant.assigned_person
        case = make_case(person)
        [item] = checklist_items(case, ["health_insurance"])
        item.position = 99  # after the passport and contract items of the case
        item.save()
        items = [item]

        def present() -> bool:
            [entry] = checklist_status(case, items)
            return entry.present

        assert present() is False
        services.enrolment_certificate_upload(
            actor=tenant.actor(Role.HR),
            enrolment=_enrolment(tenant),
            uploaded_file=_pdf(),
            valid_until=END_OF_COVER,
        )
        assert present() is True
