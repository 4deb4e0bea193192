"""Seed data: cases of the demo tenant at different milestones, some of them overdue.

Like the rest of the demo (``expatcare.demo.tenant``) this is seed data, not a user action: rows
are written through the ORM without audit entries, and dates are placed relative to ``today``
so that "overdue" and "due soon" stay true whenever the demo is built. Each case keeps a real
assessment of the person when the engine can assess the seeded facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from expatcare.accounts.models import Membership, Organization
from expatcare.accounts.roles import Role
from expatcare.core.errors import ServiceError
from expatcare.engine.facts import person_case_facts, run_assessment
from expatcare.mobility.choices import CaseGoal, CaseStatus, MilestoneStatus
from expatcare.mobility.milestone_templates import template_for
from expatcare.mobility.models import Case, ChecklistItem, Milestone
from expatcare.mobility.services import apply_expected_dates, checklist_items
from expatcare.people.choices import ProviderField
from expatcare.people.models import FamilyMember, Person, ProviderAssignment


@dataclass(frozen=True)
class DemoCase:
    first_name: str
    last_name: str
    goal: CaseGoal
    pathway: str
    started_days_ago: int
    # step code -> days ago it was completed; steps not listed are pending
    done: tuple[tuple[str, int], ...] = ()
    in_progress: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    family: bool = False
    notes: tuple[tuple[str, str], ...] = ()


DEMO_CASES: tuple[DemoCase, ...] = (
    # Visa appointment overdue: three weeks after the pre-approval have passed (§ 31a AufenthV).
    DemoCase(
        "Zeynep",
        "Kaya",
        CaseGoal.ENTRY,
        "DE_BLUE_CARD",
        60,
        done=(
            ("power_of_attorney", 58),
            ("authority_agreement", 55),
            ("procedure_fee", 55),
            ("pre_approval", 30),
        ),
        in_progress=("visa_appointment",),
        skipped=("ba_approval",),
        notes=(("visa_appointment", "Requested at the consulate general in Istanbul."),),
    ),
    # Recognition decision overdue: two months after the complete file (§ 14a BQFG).
    DemoCase(
        "Amira",
        "Trabelsi",
        CaseGoal.RECOGNITION,
        "DE_SKILLED_VOCATIONAL",
        95,
        done=(
            ("power_of_attorney", 92),
            ("authority_agreement", 90),
            ("procedure_fee", 90),
            ("recognition_application", 80),
            ("recognition_receipt", 72),
        ),
        in_progress=("recognition_decision",),
    ),
    # Just started, with the spouse in the same procedure (§ 81a Abs. 4 AufenthG).
    DemoCase(
        "Ahmed",
        "Hassan",
        CaseGoal.ENTRY,
        "DE_BLUE_CARD",
        6,
        done=(("power_of_attorney", 3),),
        in_progress=("authority_agreement",),
        family=True,
    ),
    DemoCase("Grace", "Wanjiku", CaseGoal.RECOGNITION, "DE_RECOGNITION_PARTNERSHIP", 10),
    # The demo employee login: arrived, residence registration due within two weeks (§ 17 BMG).
    DemoCase(
        "Priya",
        "Nair",
        CaseGoal.ENTRY,
        "DE_BLUE_CARD",
        120,
        done=(
            ("power_of_attorney", 118),
            ("authority_agreement", 115),
            ("procedure_fee", 115),
            ("pre_approval", 90),
            ("visa_appointment", 75),
            ("visa_decision", 60),
            ("entry", 9),
        ),
        skipped=("ba_approval",),
    ),
    # EU citizen: registration overdue.
    DemoCase(
        "Emily",
        "Carter",
        CaseGoal.ENTRY,
        "EU_FREE_MOVEMENT",
        25,
        done=(("entry", 18),),
    ),
    # Family reunification handled by the assigned provider.
    DemoCase(
        "Youssef",
        "Ben Salah",
        CaseGoal.FAMILY_REUNIFICATION,
        "EXISTING_TITLE",
        30,
        in_progress=("title_check",),
        family=True,
    ),
)

FALLBACK_DOCUMENTS = ("passport", "employment_contract")


def _assessment(person: Person, today: dt.date, pathway: str) -> tuple[dict[str, Any], list[str]]:
    """A real assessment of the seeded facts, and the chosen pathway's documents."""
    overrides = {
        "start_date": (person.start_date or today + dt.timedelta(days=60)).isoformat(),
        "state": person.work_state or "BY",
        "work_country": "DE",
        "industry": "manufacturing",
        "annual_gross_salary_eur": str(person.annual_salary_eur or "50000"),
        "weekly_hours": 40,
    }
    try:
        result = run_assessment(person_case_facts(person, as_of=today, job_overrides=overrides))
    except ServiceError:
        return {}, list(FALLBACK_DOCUMENTS)
    chosen = result.pathway(pathway)
    documents = list(chosen.documents) if chosen else list(FALLBACK_DOCUMENTS)
    return result.as_json(), documents


def build_demo_cases(organization: Organization, *, today: dt.date | None = None) -> int:
    """Create the demo cases for people of ``organization`` that exist; returns how many."""
    today = today or timezone.localdate()
    hr = (
        Membership.objects.filter(organization=organization, role=Role.HR)
        .select_related("user")
        .first()
    )
    created = 0
    with transaction.atomic():
        for spec in DEMO_CASES:
            person = (
                Person.objects.filter(
                    organization=organization,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                )
                .prefetch_related("nationalities", "languages", "qualifications")
                .first()
            )
            template = template_for(spec.pathway)
            if person is None or template is None:
                continue
            if Case.objects.filter(person=person, goal=spec.goal, status=CaseStatus.OPEN).exists():
                continue
            assessment, documents = _assessment(person, today, spec.pathway)
            started = today - dt.timedelta(days=spec.started_days_ago)
            case = Case.objects.create(
                organization=organization,
                person=person,
                goal=spec.goal,
                pathway_code=spec.pathway,
                assessment=assessment,
                trace=list(assessment.get("trace") or []),
                ruleset_version=str(assessment.get("ruleset_version") or ""),
                started_by=hr.user if hr is not None else None,
                started_on=started,
            )
            done = dict(spec.done)
            notes = dict(spec.notes)
            milestones = []
            for position, step in enumerate(template.steps):
                completed = (
                    today - dt.timedelta(days=done[step.code]) if step.code in done else None
                )
                status = (
                    MilestoneStatus.DONE
                    if completed is not None
                    else MilestoneStatus.IN_PROGRESS
                    if step.code in spec.in_progress
                    else MilestoneStatus.SKIPPED
                    if step.code in spec.skipped
                    else MilestoneStatus.PENDING
                )
                milestones.append(
                    Milestone(
                        organization=organization,
                        case=case,
                        position=position,
                        code=step.code,
                        owner=step.owner,
                        status=status,
                        started_on=completed or (today if status == "in_progress" else None),
                        completed_on=completed,
                        notes=notes.get(step.code, ""),
                    )
                )
            Milestone.objects.bulk_create(milestones)
            ChecklistItem.objects.bulk_create(checklist_items(case, documents))
            case.person = person
            apply_expected_dates(case, list(case.milestones.all()))
            if spec.family:
                case.family_members.set(
                    FamilyMember.objects.filter(person=person, joins_in_germany=True)
                )
            created += 1
    return created


# The service whose people also get a provider for their immigration case, and what the
# lawyer's case assignment declares.
CASE_SERVICE = "Family reunification support"
CASE_ASSIGNMENT_SERVICE = "Immigration law: family reunification"
CASE_ASSIGNMENT_FIELDS = (
    ProviderField.NAME.value,
    ProviderField.EMAIL.value,
    ProviderField.PREFERRED_LANGUAGE.value,
    ProviderField.FAMILY_MEMBERS.value,
)


def assign_demo_case_providers(organization: Organization, *, provider: Organization) -> int:
    """Assign the demo provider to the open cases of the people it supports with family
    reunification, so the provider portal shows a case; returns how many."""
    assigned = ProviderAssignment.objects.filter(
        organization=organization,
        provider=provider,
        service=CASE_SERVICE,
        case__isnull=True,
        ended_at__isnull=True,
    ).values("person_id")
    cases = Case.objects.filter(
        organization=organization, person_id__in=assigned, status=CaseStatus.OPEN
    ).exclude(provider_assignments__provider=provider)
    created = ProviderAssignment.objects.bulk_create(
        ProviderAssignment(
            organization=organization,
            provider=provider,
            person_id=case.person_id,
            case=case,
            service=CASE_ASSIGNMENT_SERVICE,
            fields=list(CASE_ASSIGNMENT_FIELDS),
        )
        for case in cases
    )
    return len(created)
