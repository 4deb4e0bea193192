"""Every write of cases: start from an assessment, update milestones, attach family, close.

Each function checks first (raising ``ServiceError`` before anything is written), then writes
in one transaction together with an audit entry that names the person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.audit.services import audit_record, diff, snapshot
from expatcare.core import dates
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.engine import labels
from expatcare.engine.facts import add_time_limit, document_kind_for
from expatcare.engine.results import Assessment
from expatcare.mobility.actions import MobilityAction
from expatcare.mobility.choices import (
    FINISHED_MILESTONE_STATUSES,
    CaseGoal,
    CaseStatus,
    DecisionOutcome,
    MilestoneStatus,
)
from expatcare.mobility.errors import MobilityErrorCode
from expatcare.mobility.milestone_templates import (
    FROM_CASE_START,
    FROM_PREVIOUS,
    PathwayTemplate,
    template_for,
)
from expatcare.mobility.models import Case, ChecklistItem, Milestone
from expatcare.mobility.policies import can_manage_cases
from expatcare.people import services as people_services
from expatcare.people.choices import DocumentKind
from expatcare.people.models import DocumentVersion, FamilyMember, Person

STARTABLE_STATUSES = frozenset({"eligible", "conditional"})
MILESTONE_FIELDS = (
    "status",
    "started_on",
    "completed_on",
    "expected_on",
    "outcome",
    "authority",
    "gap_plan",
    "notes",
)
MILESTONE_EDITABLE = frozenset(MILESTONE_FIELDS) - {"expected_on"}
CASE_FIELDS = ("goal", "pathway_code", "status", "ruleset_version", "started_on", "closed_on")
NOTES_MAX = 5000


def _require_manager(actor: Actor, organization_id: int) -> None:
    if organization_id != actor.organization_id or not can_manage_cases(actor):
        raise PermissionDenied(_("You may not change this case."))


def _require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise ServiceError(
            _("This case is closed."), field="status", code=MobilityErrorCode.CASE_CLOSED
        )


# --- time limits ------------------------------------------------------------------------------


def expected_dates(
    case: Case, milestones: list[Milestone], template: PathwayTemplate | None
) -> dict[int, dt.date | None]:
    """The end of each milestone's legal time limit, keyed by milestone id.

    A limit runs from the case start, from a named earlier step or from the previous step
    (skipped steps are passed over); while that step is not done there is no date yet.
    """
    state = case.person.work_state if case.person_id else None
    by_code = {m.code: m for m in milestones}
    result: dict[int, dt.date | None] = {}
    ordered = sorted(milestones, key=lambda m: m.position)
    for index, milestone in enumerate(ordered):
        step = template.step(milestone.code) if template else None
        limit = step.time_limit if step else None
        if limit is None:
            result[milestone.pk] = None
            continue
        anchor: dt.date | None
        if limit.start == FROM_CASE_START:
            anchor = case.started_on
        elif limit.start == FROM_PREVIOUS:
            earlier = [m for m in ordered[:index] if m.status != MilestoneStatus.SKIPPED]
            anchor = earlier[-1].completed_on if earlier else case.started_on
        else:
            named = by_code.get(limit.start)
            anchor = named.completed_on if named is not None else None
        result[milestone.pk] = (
            add_time_limit(anchor, amount=limit.amount, unit=limit.unit, state=state)
            if anchor is not None
            else None
        )
    return result


def apply_expected_dates(case: Case, milestones: list[Milestone]) -> dict[str, list[Any]]:
    """Store recomputed expected dates; returns ``{code: [before, after]}`` of those changed.

    A step of the services below (and of the seed data), not a write of its own: no audit.
    """
    dates = expected_dates(case, milestones, template_for(case.pathway_code))
    changed: dict[str, list[Any]] = {}
    to_save = []
    for milestone in milestones:
        new = dates.get(milestone.pk)
        if milestone.expected_on != new:
            changed[milestone.code] = [
                milestone.expected_on.isoformat() if milestone.expected_on else None,
                new.isoformat() if new else None,
            ]
            milestone.expected_on = new
            to_save.append(milestone)
    if to_save:
        Milestone.objects.bulk_update(to_save, ["expected_on", "updated_at"])
    return changed


# --- cases ------------------------------------------------------------------------------------


def case_start_from_assessment(
    *,
    actor: Actor,
    person: Person,
    assessment: Assessment,
    goal: str,
    pathway_code: str,
    today: dt.date | None = None,
) -> Case:
    """Open a case on a pathway the assessment found eligible or conditional.

    The case keeps the assessment, its trace and the ruleset version; its milestones come from
    the pathway's template and its checklist from the pathway's documents in the assessment.
    """
    _require_manager(actor, person.organization_id)
    if goal not in CaseGoal.values:
        raise ServiceError(_("Choose the goal of the case."), field="goal")
    pathway = assessment.pathway(pathway_code)
    if pathway is None or pathway.status not in STARTABLE_STATUSES:
        raise ServiceError(
            _("A case can only start on a pathway that is eligible or conditional."),
            field="pathway_code",
        )
    template = template_for(pathway_code)
    if template is None:
        raise ServiceError(_("There are no milestones for this pathway yet."), field="pathway_code")
    if Case.objects.filter(person=person, goal=goal, status=CaseStatus.OPEN).exists():
        raise ServiceError(_("This person already has an open case with this goal."), field="goal")
    today = today or timezone.localdate()
    stored = assessment.as_json()
    try:
        with transaction.atomic():
            case = Case.objects.create(
                organization_id=person.organization_id,
                person=person,
                goal=goal,
                pathway_code=pathway_code,
                assessment=stored,
                trace=list(stored.get("trace") or []),
                ruleset_version=assessment.ruleset_version[:100],
                started_by=actor.user,
                started_on=today,
            )
            milestones = Milestone.objects.bulk_create(
                Milestone(
                    organization_id=person.organization_id,
                    case=case,
                    position=position,
                    code=step.code,
                    owner=step.owner,
                )
                for position, step in enumerate(template.steps)
            )
            ChecklistItem.objects.bulk_create(checklist_items(case, pathway.documents))
            if not all(m.pk for m in milestones):  # some backends do not return ids
                milestones = list(case.milestones.all())
            case.person = person
            apply_expected_dates(case, milestones)
            audit_record(
                actor=actor,
                action=MobilityAction.CASE_START,
                obj=case,
                person_id=person.pk,
                changes=diff({}, snapshot(case, CASE_FIELDS))
                | {"pathway_status": [None, pathway.status]},
            )
    except IntegrityError:
        raise ServiceError(
            _("This person already has an open case with this goal."), field="goal"
        ) from None
    return case


def checklist_items(case: Case, codes: Iterable[str]) -> list[ChecklistItem]:
    """Unsaved checklist rows for the pathway's document codes, in order, without repeats.

    Codes without a document kind of their own are matched by their English title.
    """
    items = []
    for position, code in enumerate(dict.fromkeys(codes)):
        kind = document_kind_for(code)
        items.append(
            ChecklistItem(
                organization_id=case.organization_id,
                case=case,
                position=position,
                code=code,
                document_kind=kind,
                match_title=_english_document_label(code) if kind == DocumentKind.OTHER else "",
            )
        )
    return items


def _english_document_label(code: str) -> str:
    from django.utils import translation

    with translation.override("en"):
        return labels.label("document", code)[:200]


def case_close(
    *,
    actor: Actor,
    case: Case,
    status: str = CaseStatus.CLOSED,
    closed_on: dt.date | None = None,
) -> Case:
    _require_manager(actor, case.organization_id)
    _require_open(case)
    if status not in {CaseStatus.CLOSED, CaseStatus.CANCELLED}:
        raise ServiceError(_("Choose closed or cancelled."), field="status")
    closed_on = closed_on or timezone.localdate()
    if closed_on < case.started_on:
        raise ServiceError(_("A case cannot close before it started."), field="closed_on")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = snapshot(case, CASE_FIELDS)
        case.status = status
        case.closed_on = closed_on
        case.save(update_fields=["status", "closed_on", "updated_at"])
        audit_record(
            actor=actor,
            action=MobilityAction.CASE_CLOSE,
            obj=case,
            person_id=case.person_id,
            changes=diff(before, snapshot(case, CASE_FIELDS)),
        )
    return case


def case_attach_family_member(*, actor: Actor, case: Case, family_member: FamilyMember) -> Case:
    """Family members who join the person (§ 81a Abs. 4 AufenthG includes them)."""
    _require_manager(actor, case.organization_id)
    _require_open(case)
    if family_member.person_id != case.person_id:
        raise ServiceError(_("Choose a family member of this person."), field="family_member")
    with transaction.atomic():
        if case.family_members.filter(pk=family_member.pk).exists():
            return case
        case.family_members.add(family_member)
        audit_record(
            actor=actor,
            action=MobilityAction.CASE_ATTACH_FAMILY_MEMBER,
            obj=case,
            person_id=case.person_id,
            changes={"family_members": [None, family_member.pk]},
        )
    return case


# --- milestones -------------------------------------------------------------------------------


def _clean_date(value: Any, field: str) -> dt.date | None:
    # Later steps' expected dates are computed from these: a plausible window keeps the
    # arithmetic inside the calendar and tells the user which dates are accepted.
    return dates.clean_date(value, field=field, window=dates.EVENT)


def _clean_text(value: Any, field: str, max_length: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise ServiceError(_("Use at most %(n)d characters.") % {"n": max_length}, field=field)
    return text


def _clean_milestone_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in MILESTONE_EDITABLE:
            raise ServiceError(_("Unknown field “%(name)s”.") % {"name": name[:50]}, field=name)
        if name == "status":
            if value not in MilestoneStatus.values:
                raise ServiceError(_("Choose a valid status."), field="status")
            cleaned[name] = value
        elif name in {"started_on", "completed_on"}:
            cleaned[name] = _clean_date(value, name)
        elif name == "outcome":
            if (value or "") not in DecisionOutcome.values:
                raise ServiceError(_("Choose a valid outcome."), field="outcome")
            cleaned[name] = value or ""
        elif name == "authority":
            cleaned[name] = _clean_text(value, name, 200)
        else:
            cleaned[name] = _clean_text(value, name, NOTES_MAX)
    return cleaned


def milestone_update(
    *,
    actor: Actor,
    milestone: Milestone,
    changes: Mapping[str, Any],
    today: dt.date | None = None,
) -> Milestone:
    """Change status, dates, outcome and notes; recompute the later steps' expected dates.

    Marking a step done without a date completes it today; starting one without a date starts
    it today; reopening a done step clears its completion date.
    """
    _require_manager(actor, milestone.organization_id)
    today = today or timezone.localdate()
    values = _clean_milestone_changes(changes)
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("person").get(pk=milestone.case_id)
        _require_open(case)
        milestones = list(case.milestones.order_by("position"))
        current = next(m for m in milestones if m.pk == milestone.pk)
        before = snapshot(current, MILESTONE_FIELDS)
        status = values.get("status", current.status)
        if "status" in values and status != current.status:
            if status == MilestoneStatus.DONE and "completed_on" not in values:
                values["completed_on"] = current.completed_on or today
            if status == MilestoneStatus.IN_PROGRESS and "started_on" not in values:
                values["started_on"] = current.started_on or today
            if status != MilestoneStatus.DONE and "completed_on" not in values:
                values["completed_on"] = None
        for name, value in values.items():
            setattr(current, name, value)
        _check_milestone(current, today)
        changed = diff(before, snapshot(current, MILESTONE_FIELDS))
        if not changed:
            return current
        current.save(update_fields=[*changed, "updated_at"])
        recomputed = apply_expected_dates(case, milestones)
        if current.code in recomputed:
            changed["expected_on"] = recomputed.pop(current.code)
        audit_record(
            actor=actor,
            action=MobilityAction.MILESTONE_UPDATE,
            obj=current,
            person_id=case.person_id,
            changes=changed | ({"later_expected_on": recomputed} if recomputed else {}),
        )
    return current


def _check_milestone(milestone: Milestone, today: dt.date) -> None:
    if milestone.completed_on is not None and milestone.status != MilestoneStatus.DONE:
        raise ServiceError(_("Only a done step has a completion date."), field="completed_on")
    if milestone.completed_on is not None and milestone.completed_on > today:
        raise ServiceError(_("A step cannot be completed in the future."), field="completed_on")
    if (
        milestone.started_on is not None
        and milestone.completed_on is not None
        and milestone.completed_on < milestone.started_on
    ):
        raise ServiceError(
            _("The completion date cannot be before the start date."), field="completed_on"
        )
    if (
        milestone.status == MilestoneStatus.DONE
        and milestone.outcome == DecisionOutcome.PARTIAL
        and not milestone.gap_plan
    ):
        raise ServiceError(
            _("Partial recognition needs a plan to close the gaps."), field="gap_plan"
        )


def milestone_document_attach(
    *, actor: Actor, milestone: Milestone, version: DocumentVersion
) -> Milestone:
    _require_manager_or_person(actor, milestone.case)
    if version.document.person_id != milestone.case.person_id:
        raise ServiceError(_("This document belongs to someone else."), field="document")
    with transaction.atomic():
        milestone.documents.add(version)
        audit_record(
            actor=actor,
            action=MobilityAction.MILESTONE_ATTACH_DOCUMENT,
            obj=milestone,
            person_id=milestone.case.person_id,
            changes={"documents": [None, version.pk]},
        )
    return milestone


def _require_manager_or_person(actor: Actor, case: Case) -> None:
    if case.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not change this case."))
    if can_manage_cases(actor):
        return
    if case.person.user_id is not None and case.person.user_id == actor.user.pk:
        return
    raise PermissionDenied(_("You may not change this case."))


def case_document_upload(
    *,
    actor: Actor,
    case: Case,
    item: ChecklistItem,
    uploaded_file: File[bytes],
    number: str = "",
    issuing_country: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> DocumentVersion:
    """Upload a checklist document to the person's record and file it with the current step.

    The document kind comes from the checklist item; the people service decides who may upload
    which kind (HR anything, the person a few kinds) and checks the file's content.
    """
    if item.case_id != case.pk:
        raise ServiceError(_("This document is not on the case's checklist."), field="item")
    _require_open(case)
    _require_manager_or_person(actor, case)
    with transaction.atomic():
        version = people_services.document_upload(
            actor=actor,
            person=case.person,
            kind=item.document_kind,
            uploaded_file=uploaded_file,
            number=number,
            issuing_country=issuing_country,
            valid_from=valid_from,
            valid_until=valid_until,
            title=item.match_title,
        )
        current = (
            case.milestones.exclude(status__in=FINISHED_MILESTONE_STATUSES)
            .order_by("position")
            .first()
        )
        if current is not None:
            current.documents.add(version)
        audit_record(
            actor=actor,
            action=MobilityAction.CASE_DOCUMENT_UPLOAD,
            obj=case,
            person_id=case.person_id,
            changes={
                "checklist": [None, item.code],
                "milestone": [None, getattr(current, "code", None)],
            },
        )
    return version
