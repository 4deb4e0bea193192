"""The people services drive duty recomputation themselves, inside their own transaction.

These tests go through ``person_update`` and the other people services (what the edit form and
``PATCH /api/v1/people/{id}`` call), not through the compliance hook directly.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.compliance import recompute as compliance_recompute
from expatcare.compliance.models import Duty
from expatcare.compliance.recompute import duties_recompute_for_person
from expatcare.engine.assessments import assess_person
from expatcare.people import services as people_services
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _deuev_due(person) -> dt.date | None:
    return Duty.objects.get(person=person, code="DEUEV_REGISTRATION").due


def test_start_date_change_moves_the_deuev_due_date_with_an_audit_entry(tenant: Tenant) -> None:
    actor = tenant.actor(Role.HR)
    person = tenant.other_person
    duties_recompute_for_person(actor=actor, person=person, reason="initial")
    before = _deuev_due(person)
    assert before is not None

    people_services.person_update(
        actor=actor, person=person, changes={"start_date": dt.date(2026, 9, 1)}
    )

    assert _deuev_due(person) == dt.date(2026, 10, 13)  # six weeks after the start (§ 6 DEÜV)
    entry = AuditEntry.objects.filter(
        action="compliance.duties_recompute", person_id=person.pk
    ).latest("pk")
    assert entry.actor == actor.user
    assert entry.changes["due"]["DEUEV_REGISTRATION"] == [before.isoformat(), "2026-10-13"]
    assert entry.changes["reason"] == "changed: start_date"
    # The person's own change is audited too, before the recomputation.
    update = AuditEntry.objects.filter(action="person.update", person_id=person.pk).latest("pk")
    assert update.pk < entry.pk and "start_date" in update.changes


def test_an_unrelated_field_recomputes_nothing(tenant: Tenant) -> None:
    actor = tenant.actor(Role.HR)
    person = tenant.other_person
    duties_recompute_for_person(actor=actor, person=person, reason="initial")
    duty = Duty.objects.get(person=person, code="DEUEV_REGISTRATION")
    recomputations = AuditEntry.objects.filter(action="compliance.duties_recompute").count()
    with mock.patch.object(compliance_recompute, "assess_person", wraps=assess_person) as assess:
        people_services.person_update(
            actor=actor, person=person, changes={"job_title": "Welder", "phone": "+49 89 1"}
        )
    assert assess.call_count == 0
    assert AuditEntry.objects.filter(action="compliance.duties_recompute").count() == recomputations
    assert AuditEntry.objects.filter(action="person.update", person_id=person.pk).exists()
    refreshed = Duty.objects.get(pk=duty.pk)
    assert refreshed.updated_at == duty.updated_at


def test_a_failed_recomputation_rolls_back_the_person_change(tenant: Tenant) -> None:
    actor = tenant.actor(Role.HR)
    person = tenant.other_person
    duties_recompute_for_person(actor=actor, person=person, reason="initial")
    start, due = person.start_date, _deuev_due(person)
    with (
        mock.patch.object(compliance_recompute, "_sync_duties", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        people_services.person_update(
            actor=actor, person=person, changes={"start_date": dt.date(2026, 9, 1)}
        )
    person.refresh_from_db()
    assert person.start_date == start
    assert _deuev_due(person) == due
    assert not AuditEntry.objects.filter(
        action="person.update", person_id=person.pk, changes__has_key="start_date"
    ).exists()


def test_a_new_qualification_or_document_recomputes_the_duties(tenant: Tenant) -> None:
    actor = tenant.actor(Role.HR)
    person = tenant.other_person
    with mock.patch.object(compliance_recompute, "assess_person", wraps=assess_person) as assess:
        people_services.qualification_create(
            actor=actor, person=person, kind="academic", title="BSc Mechatronics", country="IN"
        )
        people_services.document_upload(
            actor=actor,
            person=person,
            kind="residence_permit",
            uploaded_file=SimpleUploadedFile("permit.pdf", PDF, content_type="application/pdf"),
            valid_until=dt.date(2027, 6, 30),
        )
        people_services.family_member_create(
            actor=actor, person=person, relation="spouse", first_name="Mira"
        )
    assert assess.call_count == 2  # family members do not change any duty
    assert Duty.objects.filter(person=person, code="PERMIT_RENEWAL").exists()
