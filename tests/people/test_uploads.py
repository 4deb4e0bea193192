"""Uploads are judged by content and size; downloads go through the authorised view only."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people import services
from expatcare.people.models import Document, DocumentVersion
from expatcare.people.uploads import HEIC, JPEG, PDF, PNG, WEBP, sniff
from tests.conftest import Tenant, streamed

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _pdf(name: str = "passport.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.4", PDF),
        (PNG_BYTES, PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", WEBP),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", HEIC),
        (b"hello %PDF-", None),
        (b"<html>", None),
        (b"", None),
    ],
)
def test_sniff(head: bytes, expected: object) -> None:
    assert sniff(head) is expected


def _counts() -> tuple[int, int, int]:
    return Document.objects.count(), DocumentVersion.objects.count(), AuditEntry.objects.count()


class TestUploadService:
    def test_valid_pdf_is_stored_with_checksum_and_audited(self, tenant: Tenant) -> None:
        version = services.document_upload(
            actor=tenant.actor(Role.HR),
            person=tenant.other_person,
            kind="passport",
            uploaded_file=_pdf(),
            number="P123",
            issuing_country="in",
            valid_until=dt.date(2031, 1, 1),
        )
        assert version.version == 1 and version.is_current
        assert version.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
        assert version.size == len(PDF_BYTES)
        assert version.content_type == "application/pdf"
        assert version.original_name == "passport.pdf"
        assert version.issuing_country == "IN"
        name = version.file.name
        assert name is not None and "passport" not in name  # stored under a random name
        with default_storage.open(name, "rb") as handle:
            assert handle.read() == PDF_BYTES
        entry = AuditEntry.objects.get(action="document.upload")
        assert entry.person_id == tenant.other_person.pk
        assert entry.changes["sha256"] == [None, version.sha256]

    def test_text_named_pdf_is_rejected(self, tenant: Tenant) -> None:
        before = _counts()
        with pytest.raises(ServiceError) as error:
            services.document_upload(
                actor=tenant.actor(Role.HR),
                person=tenant.other_person,
                kind="passport",
                uploaded_file=_pdf(content=b"just some text, not a PDF"),
            )
        assert error.value.field == "file"
        assert _counts() == before

    def test_png_named_pdf_is_rejected(self, tenant: Tenant) -> None:
        with pytest.raises(ServiceError) as error:
            services.document_upload(
                actor=tenant.actor(Role.HR),
                person=tenant.other_person,
                kind="passport",
                uploaded_file=_pdf(content=PNG_BYTES),
            )
        assert error.value.code == "type_mismatch"

    @override_settings(EXPATCARE_UPLOAD_MAX_BYTES=100)
    def test_oversized_file_is_rejected(self, tenant: Tenant) -> None:
        before = _counts()
        with pytest.raises(ServiceError) as error:
            services.document_upload(
                actor=tenant.actor(Role.HR),
                person=tenant.other_person,
                kind="passport",
                uploaded_file=_pdf(content=PDF_BYTES + b"x" * 200),
            )
        assert error.value.code == "too_large"
        assert _counts() == before

    def test_renewal_creates_next_version_and_keeps_history(self, tenant: Tenant) -> None:
        hr = tenant.actor(Role.HR)
        first = services.document_upload(
            actor=hr, person=tenant.other_person, kind="residence_permit", uploaded_file=_pdf()
        )
        second = services.document_upload(
            actor=hr,
            person=tenant.other_person,
            kind="ignored",
            uploaded_file=_pdf(content=PDF_BYTES + b"%v2"),
            renews=first.document,
            valid_until=dt.date(2032, 1, 1),
        )
        third = services.document_upload(
            actor=hr,
            person=tenant.other_person,
            kind="",
            uploaded_file=_pdf(content=PDF_BYTES + b"%v3"),
            renews=first.document,
        )
        versions = list(
            first.document.versions.order_by("version").values_list("version", "is_current")
        )
        assert versions == [(1, False), (2, False), (3, True)]
        assert second.document_id == third.document_id == first.document_id
        assert AuditEntry.objects.filter(action="document.renew").count() == 2

    def test_employee_may_upload_own_passport_but_not_a_contract(self, tenant: Tenant) -> None:
        actor = tenant.actor(Role.EMPLOYEE)
        services.document_upload(
            actor=actor, person=tenant.employee_person, kind="passport", uploaded_file=_pdf()
        )
        with pytest.raises(PermissionDenied):
            services.document_upload(
                actor=actor, person=tenant.employee_person, kind="contract", uploaded_file=_pdf()
            )

    def test_family_member_of_someone_else_is_refused(self, tenant: Tenant) -> None:
        hr = tenant.actor(Role.HR)
        member = services.family_member_create(
            actor=hr, person=tenant.assigned_person, relation="spouse", first_name="Sam"
        )
        with pytest.raises(ServiceError):
            services.document_upload(
                actor=hr,
                person=tenant.other_person,
                kind="passport",
                uploaded_file=_pdf(),
                family_member=member,
            )


class TestUploadAndDownloadViews:
    def test_upload_page_accepts_valid_pdf(self, tenant: Tenant, client_for) -> None:
        url = reverse("people:document_upload", args=[tenant.other_person.pk])
        response = client_for(Role.HR).post(
            url, {"kind": "passport", "file": _pdf(), "valid_until": "2031-02-03"}
        )
        assert response.status_code == 302
        version = DocumentVersion.objects.get(document__person=tenant.other_person)
        assert version.valid_until == dt.date(2031, 2, 3)

    @override_settings(EXPATCARE_UPLOAD_MAX_BYTES=100)
    def test_oversized_upload_shows_message_and_writes_nothing(
        self, tenant: Tenant, client_for
    ) -> None:
        before = _counts()
        response = client_for(Role.HR).post(
            reverse("people:document_upload", args=[tenant.other_person.pk]),
            {"kind": "passport", "file": _pdf(content=PDF_BYTES + b"x" * 500)},
        )
        assert response.status_code == 422
        assert "too large" in response.content.decode()
        assert _counts() == before

    def test_wrong_type_upload_is_rejected_with_message(self, tenant: Tenant, client_for) -> None:
        response = client_for(Role.HR).post(
            reverse("people:document_upload", args=[tenant.other_person.pk]),
            {"kind": "passport", "file": _pdf(content=b"plain text")},
        )
        assert response.status_code == 422
        assert "not accepted" in response.content.decode()
        assert not Document.objects.exists()

    def test_download_as_hr_streams_file_and_logs_read(self, tenant: Tenant, client_for) -> None:
        version = services.document_upload(
            actor=tenant.actor(Role.HR),
            person=tenant.other_person,
            kind="passport",
            uploaded_file=_pdf(),
        )
        response = client_for(Role.HR).get(reverse("people:document_download", args=[version.pk]))
        assert response.status_code == 200
        assert streamed(response) == PDF_BYTES
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        entry = AuditEntry.objects.get(action="document.download")
        assert entry.person_id == tenant.other_person.pk
        assert entry.actor == tenant.users[Role.HR]

    def test_download_is_404_for_other_tenant_provider_and_other_employee(
        self, tenant: Tenant, other_tenant: Tenant, client_for
    ) -> None:
        version = services.document_upload(
            actor=tenant.actor(Role.HR),
            person=tenant.assigned_person,
            kind="passport",
            uploaded_file=_pdf(),
        )
        url = reverse("people:document_download", args=[version.pk])
        assert client_for(Role.HR, other_tenant).get(url).status_code == 404
        assert client_for(Role.PROVIDER_ADMIN).get(url).status_code == 404
        assert client_for(Role.EMPLOYEE).get(url).status_code == 404
        assert not AuditEntry.objects.filter(action="document.download").exists()

    def test_employee_downloads_own_document(self, tenant: Tenant, client_for) -> None:
        version = services.document_upload(
            actor=tenant.actor(Role.HR),
            person=tenant.employee_person,
            kind="contract",
            uploaded_file=_pdf(),
        )
        response = client_for(Role.EMPLOYEE).get(
            reverse("people:document_download", args=[version.pk])
        )
        assert response.status_code == 200

    def test_renew_view_keeps_history_on_person_page(self, tenant: Tenant, client_for) -> None:
        first = services.document_upload(
            actor=tenant.actor(Role.HR),
            person=tenant.other_person,
            kind="passport",
            uploaded_file=_pdf(),
            valid_until=dt.date(2026, 12, 1),
        )
        client = client_for(Role.HR)
        response = client.post(
            reverse("people:document_renew", args=[first.document_id]),
            {"file": _pdf(content=PDF_BYTES + b"%2"), "valid_until": "2036-12-01"},
        )
        assert response.status_code == 302
        page = client.get(reverse("people:detail", args=[tenant.other_person.pk])).content.decode()
        assert "Earlier versions" in page
        first.refresh_from_db()
        assert not first.is_current
        assert reverse("people:document_download", args=[first.pk]) in page


class TestStorageFaults:
    """Storage full or read-only: a clear message and no row pointing at a missing file."""

    @pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS])
    def test_a_failing_storage_is_a_message_not_a_server_error(
        self, tenant: Tenant, client_for, monkeypatch, error: int
    ) -> None:
        def refuse(*args, **kwargs):
            raise OSError(error, os.strerror(error))

        monkeypatch.setattr(FileSystemStorage, "_save", refuse)
        before = _counts()
        response = client_for(Role.HR).post(
            reverse("people:document_upload", args=[tenant.other_person.pk]),
            {"kind": "passport", "file": _pdf(), "valid_until": "2031-02-03"},
        )
        assert response.status_code == 422
        assert "could not be stored" in response.content.decode()
        assert _counts() == before
