"""Duties follow the facts: recomputation in place, audited, only for relevant changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.compliance.hooks import on_person_changed
from expatcare.compliance.models import Duty, DutyStatus, Finding
from expatcare.compliance.recompute import duties_recompute_for_person
from expatcare.compliance.services import duty_mark_done
from expatcare.engine.messages import render_message
from tests.conftest import Tenant
from tests.factories import PersonFactory, QualificationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def _duty(person, code: str) -> Duty:
    return Duty.objects.get(person=person, code=code)


class TestRecompute:
    def test_assessment_duties_are_stored_with_legal_basis(self, tenant: Tenant) -> None:
        person = tenant.other_person
        actor = tenant.actor(Role.HR)
        result = duties_recompute_for_person(actor=actor, person=person, reason="t", today=TODAY)
        assert "DEUEV_REGISTRATION" in result.created
        duty = _duty(person, "DEUEV_REGISTRATION")
        assert duty.due == dt.date(2026, 2, 12)
        assert duty.legal_basis.startswith("§ 6 DEÜV")
        assert duty.source.startswith("https://")
        assert duty.message == {"code": "obligation.deuev_registration", "params": {"weeks": "6"}}
        assert duty.parameters, "the dated parameters the due date came from"
        assert all(
            set(entry) == {"name", "value", "valid_from", "source"} for entry in duty.parameters
        )
        assert any(entry["name"].startswith("de.") for entry in duty.parameters)
        assert duty.ruleset_version
        assert duty.organization_id == tenant.organization.pk

    def test_start_date_change_moves_deuev_due_with_audit_entry(self, tenant: Tenant) -> None:
        person = tenant.other_person
        actor = tenant.actor(Role.HR)
        duties_recompute_for_person(actor=actor, person=person, reason="t")
        before = _duty(person, "DEUEV_REGISTRATION").due
        assert before is not None
        person.start_date = dt.date(2026, 9, 1)
        person.save()
        result = on_person_changed(actor=actor, person=person, changed_fields={"start_date"})
        assert result is not None
        duty = _duty(person, "DEUEV_REGISTRATION")
        assert duty.due == dt.date(2026, 10, 13)
        assert result.moved["DEUEV_REGISTRATION"] == [before.isoformat(), "2026-10-13"]
        entry = AuditEntry.objects.filter(
            action="compliance.duties_recompute", person_id=person.pk
        ).first()
        assert entry is not None and entry.actor == actor.user
        assert entry.changes["due"]["DEUEV_REGISTRATION"] == [before.isoformat(), "2026-10-13"]
        assert "start_date" in entry.changes["reason"]
        assert Duty.objects.filter(person=person, code="DEUEV_REGISTRATION").count() == 1

    def test_unrelated_change_recomputes_nothing(
        self, tenant: Tenant, django_assert_num_queries
    ) -> None:
        person = tenant.other_person
        actor = tenant.actor(Role.HR)
        duties_recompute_for_person(actor=actor, person=person, reason="t")
        entries = AuditEntry.objects.count()
        with django_assert_num_queries(0):
            result = on_person_changed(
                actor=actor, person=person, changed_fields={"first_name", "email", "job_title"}
            )
        assert result is None
        assert AuditEntry.objects.count() == entries

    def test_no_change_writes_no_audit_entry(self, tenant: Tenant) -> None:
        person = tenant.other_person
        actor = tenant.actor(Role.HR)
        duties_recompute_for_person(actor=actor, person=person, reason="t", today=TODAY)
        entries = AuditEntry.objects.count()
        result = duties_recompute_for_person(actor=actor, person=person, reason="t", today=TODAY)
        assert not result.changed
        assert AuditEntry.objects.count() == entries

    def test_evidence_of_done_duty_is_kept(self, tenant: Tenant) -> None:
        person = tenant.other_person
        actor = tenant.actor(Role.HR)
        duties_recompute_for_person(actor=actor, person=person, reason="t")
        duty = _duty(person, "DEUEV_REGISTRATION")
        duty_mark_done(actor=actor, duty=duty, done_on=dt.date(2026, 1, 20), note="BN 1234")
        person.start_date = dt.date(2026, 2, 1)
        person.save()
        on_person_changed(actor=actor, person=person, changed_fields={"start_date"})
        duty.refresh_from_db()
        assert duty.status == DutyStatus.DONE
        assert duty.evidence_note == "BN 1234"
        assert duty.done_on == dt.date(2026, 1, 20)
        assert duty.due == dt.date(2026, 3, 16)

    def test_duty_no_longer_required_is_withdrawn_and_comes_back(self, tenant: Tenant) -> None:
        person = tenant.other_person
        person.move_in_date = dt.date(2026, 2, 2)
        person.save()
        actor = tenant.actor(Role.HR)
        duties_recompute_for_person(actor=actor, person=person, reason="t", today=TODAY)
        assert _duty(person, "RESIDENCE_REGISTRATION").status == DutyStatus.OVERDUE
        person.move_in_date = None
        person.save()
        result = on_person_changed(actor=actor, person=person, changed_fields={"move_in_date"})
        assert result is not None and "RESIDENCE_REGISTRATION" in result.withdrawn
        assert _duty(person, "RESIDENCE_REGISTRATION").status == DutyStatus.NOT_APPLICABLE
        person.move_in_date = dt.date(2026, 2, 9)
        person.save()
        on_person_changed(actor=actor, person=person, changed_fields={"move_in_date"})
        duty = _duty(person, "RESIDENCE_REGISTRATION")
        assert duty.status in {DutyStatus.OPEN, DutyStatus.OVERDUE}
        assert not duty.withdrawn

    def test_leaving_early_creates_end_notice(self, tenant: Tenant) -> None:
        person = PersonFactory(organization=tenant.organization, annual_salary_eur=Decimal("60000"))
        QualificationFactory(person=person, recognition="comparable")
        actor = tenant.actor(Role.HR)
        duties_recompute_for_person(actor=actor, person=person, reason="t", today=TODAY)
        assert not Duty.objects.filter(person=person, code="EMPLOYMENT_END_NOTICE").exists()
        person.status = "left"
        person.end_date = dt.date(2026, 2, 27)
        person.save()
        on_person_changed(actor=actor, person=person, changed_fields={"status", "end_date"})
        duty = _duty(person, "EMPLOYMENT_END_NOTICE")
        assert duty.responsible == "employer"
        assert "4a" in duty.legal_basis
        assert duty.due is not None and duty.due > dt.date(2026, 2, 27)

    def test_missing_fact_keeps_duties_and_raises_finding(self, tenant: Tenant) -> None:
        person = tenant.other_person
        actor = tenant.actor(Role.HR)
        duties_recompute_for_person(actor=actor, person=person, reason="t", today=TODAY)
        count = Duty.objects.filter(person=person).count()
        person.birth_date = None
        person.save()
        result = on_person_changed(actor=actor, person=person, changed_fields={"birth_date"})
        assert result is not None and "birth_date" in result.assessment_error
        assert Duty.objects.filter(person=person, withdrawn=False).count() == count
        finding = Finding.objects.get(person=person, code="ASSESSMENT_INCOMPLETE")
        assert finding.active
        # The finding names the field as the person form does, in the reader's language.
        for language, name in (("de", "Geburtsdatum"), ("en", "Date of birth")):
            text = render_message(finding.message, language=language)
            assert "person.birth_date" not in text and "ISO" not in text
            assert name in text

    def test_a_finding_clears_and_is_raised_again(self, tenant: Tenant) -> None:
        person = tenant.other_person
        birth_date = person.birth_date
        actor = tenant.actor(Role.HR)
        duties_recompute_for_person(actor=actor, person=person, reason="t", today=TODAY)
        person.birth_date = None
        person.save()
        result = on_person_changed(actor=actor, person=person, changed_fields={"birth_date"})
        assert result is not None and result.findings_raised == ["ASSESSMENT_INCOMPLETE"]
        person.birth_date = birth_date
        person.save()
        result = on_person_changed(actor=actor, person=person, changed_fields={"birth_date"})
        assert result is not None and "ASSESSMENT_INCOMPLETE" in result.findings_cleared
        assert not Finding.objects.get(person=person, code="ASSESSMENT_INCOMPLETE").active
        person.birth_date = None
        person.save()
        result = on_person_changed(actor=actor, person=person, changed_fields={"birth_date"})
        # The stored row comes back to life (one row, not a second one) and says so.
        assert result is not None and result.findings_raised == ["ASSESSMENT_INCOMPLETE"]
        finding = Finding.objects.get(person=person, code="ASSESSMENT_INCOMPLETE")
        assert finding.active
        entry = AuditEntry.objects.filter(object_id=str(person.pk)).order_by("-id").first()
        assert entry is not None and entry.changes["findings_raised"] == ["ASSESSMENT_INCOMPLETE"]

    def test_employee_duties_go_to_the_employee_login(self, tenant: Tenant) -> None:
        person = tenant.employee_person
        person.move_in_date = dt.date(2026, 2, 2)
        person.save()
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert _duty(person, "RESIDENCE_REGISTRATION").responsible_user == person.user
        assert _duty(person, "DEUEV_REGISTRATION").responsible_user is None
