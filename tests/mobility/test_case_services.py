"""Starting cases from assessments, milestone changes with legal time limits, family, closing."""

from __future__ import annotations

import datetime as dt

import pytest

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.engine.facts import add_time_limit
from expatcare.engine.results import Assessment
from expatcare.mobility import services
from expatcare.mobility.models import Case, ChecklistItem, Milestone
from expatcare.mobility.selectors import is_overdue
from tests.factories import FamilyMemberFactory
from tests.mobility.conftest import START, start_case

pytestmark = pytest.mark.django_db


def _ms(case: Case, code: str) -> Milestone:
    return case.milestones.get(code=code)


def _done(tenant, case: Case, code: str, on: dt.date) -> Milestone:
    return services.milestone_update(
        actor=tenant.actor(Role.HR),
        milestone=_ms(case, code),
        changes={"status": "done", "completed_on": on},
        today=on,
    )


class TestStart:
    def test_keeps_the_assessment_and_follows_the_template(self, tenant, case, assessment):
        assert case.pathway_code == "DE_BLUE_CARD"
        assert case.ruleset_version == assessment.ruleset_version
        assert case.trace == assessment.json["trace"]
        assert case.assessment == assessment.as_json()
        assert case.assessment["recommended"] == assessment.recommended
        codes = list(case.milestones.order_by("position").values_list("code", flat=True))
        assert codes[:3] == ["power_of_attorney", "authority_agreement", "procedure_fee"]
        assert codes[-1] == "permit_card"
        assert AuditEntry.objects.filter(action="case.start", object_id=str(case.pk)).exists()

    def test_checklist_comes_from_the_pathways_documents(self, case, assessment):
        blue = assessment.pathway("DE_BLUE_CARD")
        items = list(case.checklist.order_by("position"))
        assert tuple(item.code for item in items) == blue.documents
        kinds = {item.code: item.document_kind for item in items}
        assert kinds["passport"] == "passport"
        assert kinds["employment_contract"] == "contract"

    def test_refuses_a_pathway_that_is_not_eligible(self, tenant, assessment):
        with pytest.raises(ServiceError) as error:
            start_case(tenant, tenant.other_person, assessment, pathway="DE_WESTERN_BALKANS")
        assert error.value.field == "pathway_code"
        assert not Case.objects.exists()

    def test_a_conditional_pathway_may_start(self, tenant, assessment):
        case = start_case(tenant, tenant.other_person, assessment, pathway="DE_OPPORTUNITY_CARD")
        assert case.milestones.count() > 0

    def test_one_open_case_per_person_and_goal(self, tenant, case, assessment):
        with pytest.raises(ServiceError) as error:
            start_case(tenant, tenant.employee_person, assessment, pathway="DE_SKILLED_ACADEMIC")
        assert error.value.field == "goal"
        other_goal = start_case(
            tenant,
            tenant.employee_person,
            assessment,
            pathway="DE_SKILLED_ACADEMIC",
            goal="recognition",
        )
        assert other_goal.pk != case.pk

    @pytest.mark.parametrize(
        "role", [Role.MANAGER, Role.AUDITOR, Role.EMPLOYEE, Role.PROVIDER_ADMIN]
    )
    def test_only_owners_and_hr_start_cases(self, tenant, assessment, role):
        with pytest.raises(PermissionDenied):
            services.case_start_from_assessment(
                actor=tenant.actor(role),
                person=tenant.assigned_person,
                assessment=assessment,
                goal="entry",
                pathway_code="DE_BLUE_CARD",
            )

    def test_refuses_a_person_of_another_tenant(self, tenant, other_tenant, assessment):
        with pytest.raises(PermissionDenied):
            start_case(tenant, other_tenant.employee_person, assessment)


class TestExpectedDates:
    def test_ba_consent_one_week_after_the_previous_step(self, tenant, case):
        """§ 36 Abs. 2 Satz 2 BeschV: deemed consent one week after the request."""
        assert _ms(case, "ba_approval").expected_on is None
        _done(tenant, case, "procedure_fee", dt.date(2026, 3, 10))
        assert _ms(case, "ba_approval").expected_on == dt.date(2026, 3, 17)

    def test_mission_limits_count_from_pre_approval_and_appointment(self, tenant, case):
        """§ 31a AufenthV: appointment within 3 weeks, decision 3 weeks after it."""
        _done(tenant, case, "pre_approval", dt.date(2026, 4, 1))
        assert _ms(case, "visa_appointment").expected_on == dt.date(2026, 4, 22)
        assert _ms(case, "visa_decision").expected_on is None
        _done(tenant, case, "visa_appointment", dt.date(2026, 4, 20))
        assert _ms(case, "visa_decision").expected_on == dt.date(2026, 5, 11)

    def test_registration_two_weeks_after_entry(self, tenant, case):
        """§ 17 Abs. 1 BMG."""
        _done(tenant, case, "entry", dt.date(2026, 6, 1))
        assert _ms(case, "residence_registration").expected_on == dt.date(2026, 6, 15)

    def test_recognition_decision_two_months_from_the_complete_file(self, tenant, assessment):
        """§ 14a BQFG: counted from the application, not from the acknowledgment."""
        case = start_case(tenant, tenant.other_person, assessment, pathway="DE_OPPORTUNITY_CARD")
        vocational = services.case_start_from_assessment(
            actor=tenant.actor(Role.HR),
            person=tenant.assigned_person,
            assessment=Assessment.from_json(
                {
                    **assessment.json,
                    "pathways": [{"code": "DE_SKILLED_VOCATIONAL", "status": "conditional"}],
                }
            ),
            goal="recognition",
            pathway_code="DE_SKILLED_VOCATIONAL",
            today=START,
        )
        assert case.pk != vocational.pk
        _done(tenant, vocational, "recognition_application", dt.date(2026, 3, 31))
        assert _ms(vocational, "recognition_receipt").expected_on == dt.date(2026, 4, 14)
        assert _ms(vocational, "recognition_decision").expected_on == dt.date(2026, 5, 31)
        _done(tenant, vocational, "recognition_receipt", dt.date(2026, 4, 20))
        assert _ms(vocational, "recognition_decision").expected_on == dt.date(2026, 5, 31)

    def test_a_skipped_step_is_passed_over(self, tenant, case):
        _done(tenant, case, "procedure_fee", dt.date(2026, 3, 10))
        services.milestone_update(
            actor=tenant.actor(Role.HR),
            milestone=_ms(case, "ba_approval"),
            changes={"status": "skipped"},
            today=dt.date(2026, 3, 11),
        )
        pre = _ms(case, "pre_approval")
        assert pre.expected_on is None  # "without delay": no numeric limit
        _done(tenant, case, "pre_approval", dt.date(2026, 3, 20))
        assert _ms(case, "visa_appointment").expected_on == dt.date(2026, 4, 10)

    def test_reopening_a_step_withdraws_the_later_dates(self, tenant, case):
        _done(tenant, case, "entry", dt.date(2026, 6, 1))
        services.milestone_update(
            actor=tenant.actor(Role.HR),
            milestone=_ms(case, "entry"),
            changes={"status": "in_progress"},
            today=dt.date(2026, 6, 2),
        )
        entry = _ms(case, "entry")
        assert entry.completed_on is None and entry.started_on == dt.date(2026, 6, 2)
        assert _ms(case, "residence_registration").expected_on is None

    def test_overdue_when_the_limit_passed_and_the_step_is_open(self, tenant, case):
        _done(tenant, case, "entry", dt.date(2026, 6, 1))
        registration = _ms(case, "residence_registration")
        assert not is_overdue(registration, dt.date(2026, 6, 15))
        assert is_overdue(registration, dt.date(2026, 6, 16))
        done = _done(tenant, case, "residence_registration", dt.date(2026, 6, 20))
        assert not is_overdue(done, dt.date(2026, 7, 1))

    def test_working_days_skip_weekends_and_the_states_holidays(self):
        # Wednesday 2026-06-03; Thursday 2026-06-04 is Corpus Christi in Bavaria, not in Berlin.
        wednesday = dt.date(2026, 6, 3)
        assert add_time_limit(wednesday, amount=3, unit="working_days", state="BY") == dt.date(
            2026, 6, 9
        )
        assert add_time_limit(wednesday, amount=3, unit="working_days", state="BE") == dt.date(
            2026, 6, 8
        )
        assert add_time_limit(dt.date(2026, 1, 31), amount=1, unit="months", state=None) == dt.date(
            2026, 2, 28
        )


class TestMilestoneUpdate:
    def test_done_without_a_date_completes_today_and_is_audited(self, tenant, case):
        milestone = services.milestone_update(
            actor=tenant.actor(Role.HR),
            milestone=_ms(case, "power_of_attorney"),
            changes={"status": "done", "notes": "Signed by post"},
            today=dt.date(2026, 3, 5),
        )
        assert milestone.completed_on == dt.date(2026, 3, 5)
        entry = AuditEntry.objects.get(action="milestone.update")
        assert entry.changes["status"] == ["pending", "done"]
        assert entry.person_id == case.person_id

    def test_future_completion_is_refused(self, tenant, case):
        with pytest.raises(ServiceError) as error:
            services.milestone_update(
                actor=tenant.actor(Role.HR),
                milestone=_ms(case, "entry"),
                changes={"status": "done", "completed_on": dt.date(2026, 4, 1)},
                today=dt.date(2026, 3, 5),
            )
        assert error.value.field == "completed_on"
        assert _ms(case, "entry").status == "pending"

    def test_partial_recognition_needs_a_gap_plan(self, tenant, assessment):
        case = services.case_start_from_assessment(
            actor=tenant.actor(Role.HR),
            person=tenant.other_person,
            assessment=Assessment.from_json(
                {
                    **assessment.json,
                    "pathways": [{"code": "DE_SKILLED_VOCATIONAL", "status": "eligible"}],
                }
            ),
            goal="recognition",
            pathway_code="DE_SKILLED_VOCATIONAL",
            today=START,
        )
        decision = _ms(case, "recognition_decision")
        changes = {"status": "done", "outcome": "partial", "authority": "IHK FOSA"}
        with pytest.raises(ServiceError) as error:
            services.milestone_update(
                actor=tenant.actor(Role.HR), milestone=decision, changes=changes, today=START
            )
        assert error.value.field == "gap_plan"
        saved = services.milestone_update(
            actor=tenant.actor(Role.HR),
            milestone=decision,
            changes=changes | {"gap_plan": "Adaptation course, 6 months"},
            today=START,
        )
        assert (saved.outcome, saved.authority) == ("partial", "IHK FOSA")

    def test_unknown_fields_and_statuses_are_refused(self, tenant, case):
        for changes in ({"expected_on": "2026-01-01"}, {"status": "finished"}):
            with pytest.raises(ServiceError):
                services.milestone_update(
                    actor=tenant.actor(Role.HR), milestone=_ms(case, "entry"), changes=changes
                )

    def test_a_closed_case_cannot_change(self, tenant, case):
        services.case_close(actor=tenant.actor(Role.HR), case=case)
        with pytest.raises(ServiceError):
            services.milestone_update(
                actor=tenant.actor(Role.HR), milestone=_ms(case, "entry"), changes={"notes": "x"}
            )

    @pytest.mark.parametrize("role", [Role.MANAGER, Role.EMPLOYEE, Role.PROVIDER_AGENT])
    def test_only_owners_and_hr_change_milestones(self, tenant, case, role):
        with pytest.raises(PermissionDenied):
            services.milestone_update(
                actor=tenant.actor(role), milestone=_ms(case, "entry"), changes={"notes": "x"}
            )


class TestFamilyAndClose:
    def test_attach_a_family_member_of_the_person_only(self, tenant, case):
        spouse = FamilyMemberFactory(person=tenant.employee_person)
        services.case_attach_family_member(
            actor=tenant.actor(Role.HR), case=case, family_member=spouse
        )
        assert list(case.family_members.all()) == [spouse]
        stranger = FamilyMemberFactory(person=tenant.other_person)
        with pytest.raises(ServiceError):
            services.case_attach_family_member(
                actor=tenant.actor(Role.HR), case=case, family_member=stranger
            )

    def test_close_allows_a_new_case_with_the_same_goal(self, tenant, case, assessment):
        closed = services.case_close(actor=tenant.actor(Role.HR), case=case, status="cancelled")
        assert closed.status == "cancelled" and closed.closed_on is not None
        again = start_case(tenant, tenant.employee_person, assessment)
        assert again.status == "open"
        with pytest.raises(ServiceError):
            services.case_close(actor=tenant.actor(Role.HR), case=closed)

    def test_checklist_items_are_unique_per_case(self, case):
        assert ChecklistItem.objects.filter(case=case).count() == len(
            set(case.checklist.values_list("code", flat=True))
        )
