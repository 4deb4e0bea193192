"""Renewal duties from the document register, with lead times per kind and organisation."""

from __future__ import annotations

import datetime as dt

import pytest

from expatcare.compliance.models import ComplianceSettings, Duty, Finding
from expatcare.compliance.services import duties_recompute_for_person, permits_refresh
from tests.conftest import Tenant
from tests.factories import DocumentFactory, DocumentVersionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def _document(person, kind: str, valid_until: dt.date):
    document = DocumentFactory(person=person, kind=kind)
    return DocumentVersionFactory(document=document, valid_until=valid_until)


def _renewals(person) -> dict[str, dt.date | None]:
    return {
        d.origin_key: d.due
        for d in Duty.objects.filter(person=person, code="PERMIT_RENEWAL", origin="permit")
    }


class TestPermitRenewal:
    def test_default_lead_times_per_kind(self, tenant: Tenant) -> None:
        person = tenant.other_person
        permit = _document(person, "residence_permit", dt.date(2027, 6, 30))
        visa = _document(person, "visa", dt.date(2026, 8, 31))
        passport = _document(person, "passport", dt.date(2029, 1, 31))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        renewals = _renewals(person)
        assert renewals[f"document:{permit.document_id}"] == dt.date(2027, 4, 1)
        assert renewals[f"document:{visa.document_id}"] == dt.date(2026, 8, 1)
        assert renewals[f"document:{passport.document_id}"] == dt.date(2028, 11, 2)
        # The engine's own renewal duty is not stored twice.
        assert not Duty.objects.filter(person=person, origin="assessment", code="PERMIT_RENEWAL")
        duty = Duty.objects.get(origin_key=f"document:{permit.document_id}")
        assert duty.responsible == "employee"
        assert "81" in duty.legal_basis

    def test_lead_time_is_configurable_per_organisation(self, tenant: Tenant) -> None:
        ComplianceSettings.objects.create(
            organization=tenant.organization, permit_lead_days={"residence_permit": 120}
        )
        person = tenant.other_person
        permit = _document(person, "residence_permit", dt.date(2027, 6, 30))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert _renewals(person)[f"document:{permit.document_id}"] == dt.date(2027, 3, 2)

    def test_renewed_document_moves_the_duty(self, tenant: Tenant) -> None:
        person = tenant.other_person
        first = _document(person, "residence_permit", dt.date(2026, 6, 30))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        first.is_current = False
        first.save()
        DocumentVersionFactory(document=first.document, version=2, valid_until=dt.date(2028, 6, 30))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert _renewals(person) == {f"document:{first.document_id}": dt.date(2028, 4, 1)}


class TestExpiredTitle:
    def test_active_person_on_expired_title_is_an_error(self, tenant: Tenant) -> None:
        person = tenant.other_person
        _document(person, "residence_permit", dt.date(2026, 2, 1))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        finding = Finding.objects.get(person=person, code="WORKS_ON_EXPIRED_TITLE")
        assert finding.severity == "error" and finding.active
        assert "4a" in finding.legal_basis

    def test_valid_title_or_inactive_person_is_fine(self, tenant: Tenant) -> None:
        person = tenant.other_person
        _document(person, "residence_permit", dt.date(2026, 12, 1))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        left = tenant.assigned_person
        left.status = "left"
        left.save()
        _document(left, "visa", dt.date(2026, 2, 1))
        duties_recompute_for_person(actor=None, person=left, reason="t", today=TODAY)
        assert not Finding.objects.filter(code="WORKS_ON_EXPIRED_TITLE").exists()

    def test_daily_refresh_catches_the_day_a_title_runs_out(self, tenant: Tenant) -> None:
        person = tenant.other_person
        _document(person, "residence_permit", dt.date(2026, 3, 10))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert not Finding.objects.filter(code="WORKS_ON_EXPIRED_TITLE").exists()
        assert permits_refresh(today=dt.date(2026, 3, 11)) == 1
        assert Finding.objects.get(code="WORKS_ON_EXPIRED_TITLE").active
        assert permits_refresh(today=dt.date(2026, 3, 12)) == 0
