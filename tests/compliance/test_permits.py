"""Renewal duties come from the engine, from the documents the engine door passes in.

The lead times are the engine's dated, sourced parameters; an organisation's own lead time can
only make a renewal due earlier. Nothing in Django computes a renewal or cites its law.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from expatcare.compliance.models import ComplianceSettings, Duty, Finding
from expatcare.compliance.recompute import duties_recompute_for_person, permits_refresh
from expatcare.rules import engine as rules_engine
from expatcare.rules.calendar import previous_working_day
from expatcare.rules.engine import DEFAULT_ROOT, load_parameters
from tests.conftest import Tenant
from tests.factories import DocumentFactory, DocumentVersionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)
PERMIT = "de.obligations.permit_renewal_lead_weeks"
PASSPORT = "de.obligations.passport_renewal_lead_weeks"


def _document(person, kind: str, valid_until: dt.date):
    document = DocumentFactory(person=person, kind=kind)
    return DocumentVersionFactory(document=document, valid_until=valid_until)


def _renewals(person) -> dict[str, Duty]:
    return {
        d.origin_key: d
        for d in Duty.objects.filter(
            person=person, code__in=["PERMIT_RENEWAL", "PASSPORT_RENEWAL"], withdrawn=False
        )
    }


def _weeks(name: str) -> int:
    value: int = load_parameters().at(TODAY)[name].value
    return value


def _expected_due(valid_until: dt.date, weeks: int, state: str = "BY") -> dt.date:
    """The planned date, moved to the working day before a weekend or holiday."""
    return previous_working_day(valid_until - dt.timedelta(weeks=weeks), state)


class TestRenewalFromTheEngine:
    def test_one_duty_per_document_with_the_engine_lead_times(self, tenant: Tenant) -> None:
        person = tenant.other_person
        _document(person, "residence_permit", dt.date(2027, 6, 30))
        _document(person, "visa", dt.date(2026, 8, 31))
        _document(person, "passport", dt.date(2029, 1, 31))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        renewals = _renewals(person)
        assert set(renewals) == {
            "residence_permit:2027-06-30",
            "visa:2026-08-31",
            "passport:2029-01-31",
        }
        permit = renewals["residence_permit:2027-06-30"]
        assert permit.code == "PERMIT_RENEWAL"
        assert permit.due == _expected_due(dt.date(2027, 6, 30), _weeks(PERMIT))
        assert renewals["visa:2026-08-31"].due == _expected_due(
            dt.date(2026, 8, 31), _weeks(PERMIT)
        )
        passport = renewals["passport:2029-01-31"]
        # A passport renewal is its own duty, not "renew the residence permit".
        assert passport.code == "PASSPORT_RENEWAL"
        assert passport.due == _expected_due(dt.date(2029, 1, 31), _weeks(PASSPORT))
        assert permit.responsible == passport.responsible == "employee"
        assert permit.responsible_user_id == person.user_id
        assert not Duty.objects.filter(person=person, origin="permit").exists()

    def test_permit_expiring_in_90_days_cites_its_parameter_file(self, tenant: Tenant) -> None:
        person = tenant.other_person
        valid_until = TODAY + dt.timedelta(days=90)
        _document(person, "residence_permit", valid_until)
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        (duty,) = _renewals(person).values()
        parameter = load_parameters().at(TODAY)[PERMIT]
        assert duty.legal_basis == parameter.reference.legal_basis
        assert duty.source == parameter.reference.href
        assert duty.ruleset_version == load_parameters().ruleset_version
        assert duty.due == _expected_due(valid_until, parameter.value)
        (entry,) = duty.parameters
        assert entry == {
            "name": PERMIT,
            "value": parameter.value,
            "valid_from": parameter.valid_from.isoformat(),
            "source": parameter.reference.href,
        }

    def test_changing_the_lead_time_parameter_moves_the_due_date(
        self, tenant: Tenant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        person = tenant.other_person
        valid_until = TODAY + dt.timedelta(days=90)
        _document(person, "residence_permit", valid_until)
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        before = _renewals(person)[f"residence_permit:{valid_until}"].due
        assert before is not None
        weeks = _weeks(PERMIT)
        root = tmp_path / "parameters"
        shutil.copytree(DEFAULT_ROOT, root)
        path = root / (PERMIT.replace(".", "/") + ".yaml")
        old = f"value: {weeks}\n"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, f"value: {weeks + 4}\n"), encoding="utf-8")
        changed = load_parameters(root)
        monkeypatch.setattr(rules_engine, "_load_default", lambda: changed)
        result = duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        duty = _renewals(person)[f"residence_permit:{valid_until}"]
        assert duty.due == _expected_due(valid_until, weeks + 4) < before
        assert duty.parameters[0]["value"] == weeks + 4
        after = duty.due
        assert result.moved["PERMIT_RENEWAL"] == [before.isoformat(), after.isoformat()]

    def test_own_lead_time_can_only_make_the_duty_earlier(self, tenant: Tenant) -> None:
        person = tenant.other_person
        _document(person, "residence_permit", dt.date(2027, 6, 30))
        settings = ComplianceSettings.objects.create(
            organization=tenant.organization, permit_lead_days={"residence_permit": 120}
        )
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        # 120 days round up to 18 weeks, more than the engine's recommendation.
        key = "residence_permit:2027-06-30"
        assert _renewals(person)[key].due == _expected_due(dt.date(2027, 6, 30), 18)
        settings.permit_lead_days = {"residence_permit": 7}
        settings.save()
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert _renewals(person)[key].due == _expected_due(dt.date(2027, 6, 30), _weeks(PERMIT))

    def test_a_renewed_document_is_a_new_duty_and_the_done_one_stays_done(
        self, tenant: Tenant
    ) -> None:
        person = tenant.other_person
        first = _document(person, "residence_permit", dt.date(2026, 6, 30))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        old = Duty.objects.get(person=person, origin_key="residence_permit:2026-06-30")
        old.status, old.done_on = "done", TODAY
        old.save()
        first.is_current = False
        first.save()
        DocumentVersionFactory(document=first.document, version=2, valid_until=dt.date(2028, 6, 30))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert set(_renewals(person)) == {
            "residence_permit:2026-06-30",
            "residence_permit:2028-06-30",
        }
        old.refresh_from_db()
        assert old.status == "done"
        new = Duty.objects.get(person=person, origin_key="residence_permit:2028-06-30")
        assert new.status == "open"

    def test_family_documents_and_eu_nationals_get_no_renewal(self, tenant: Tenant) -> None:
        from tests.factories import FamilyMemberFactory

        person = tenant.other_person
        member = FamilyMemberFactory(person=person)
        document = DocumentFactory(person=person, family_member=member, kind="passport")
        DocumentVersionFactory(document=document, valid_until=dt.date(2027, 1, 31))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert _renewals(person) == {}
        person.nationalities.update(country="FR")
        _document(person, "passport", dt.date(2027, 1, 31))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert _renewals(person) == {}


class TestExpiredPermit:
    def test_active_person_on_expired_permit_is_an_error(self, tenant: Tenant) -> None:
        person = tenant.other_person
        _document(person, "residence_permit", dt.date(2026, 2, 1))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        finding = Finding.objects.get(person=person, code="PERMIT_EXPIRED")
        assert finding.severity == "error" and finding.active
        assert "4a" in finding.legal_basis

    def test_valid_permit_is_fine(self, tenant: Tenant) -> None:
        person = tenant.other_person
        _document(person, "residence_permit", dt.date(2026, 12, 1))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert not Finding.objects.filter(code="PERMIT_EXPIRED").exists()

    def test_daily_refresh_catches_the_day_a_permit_runs_out(self, tenant: Tenant) -> None:
        person = tenant.other_person
        _document(person, "residence_permit", dt.date(2026, 3, 10))
        duties_recompute_for_person(actor=None, person=person, reason="t", today=TODAY)
        assert not Finding.objects.filter(code="PERMIT_EXPIRED").exists()
        assert permits_refresh(today=dt.date(2026, 3, 11)) == 1
        assert Finding.objects.get(code="PERMIT_EXPIRED").active
        assert permits_refresh(today=dt.date(2026, 3, 12)) == 0
