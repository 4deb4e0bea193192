"""Writes of the enrolment lifecycle: request, package assignment, confirm, reject, start,
end (minimum term and notice checked) and comments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.audit.services import audit_record, diff, snapshot
from expatcare.care import confidential, policies, versions
from expatcare.care.actions import CareAction
from expatcare.care.choices import (
    OPEN_STATUSES,
    TRANSITIONS,
    EnrolmentStatus,
    FamilyTier,
    PriceModel,
)
from expatcare.care.errors import CareErrorCode
from expatcare.care.models import (
    CareModule,
    Enrolment,
    EnrolmentComment,
    PackageItem,
    PackageTemplate,
)
from expatcare.care.terms import earliest_end
from expatcare.core.crypto import encrypt_text
from expatcare.core.dates import PAST_OR_NEAR_FUTURE, check_window
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.core.formatting import format_date
from expatcare.people import validation as v
from expatcare.people.choices import FamilyRelation
from expatcare.people.models import FamilyMember, Person

PARTNER_RELATIONS = frozenset({FamilyRelation.SPOUSE, FamilyRelation.PARTNER})


# --- enrolments --------------------------------------------------------------------------------


def covers(module: CareModule, member: FamilyMember | None) -> bool:
    """Whether the module may cover the person (``member`` None) or that family member."""
    if member is None:
        return module.covers_employee
    if member.relation in PARTNER_RELATIONS:
        return module.covers_partner
    if member.relation == FamilyRelation.CHILD:
        return module.covers_children
    return False


def family_tier(members: Iterable[FamilyMember]) -> str:
    relations = {m.relation for m in members}
    partner = bool(relations & PARTNER_RELATIONS)
    children = FamilyRelation.CHILD in relations
    if partner and children:
        return FamilyTier.FAMILY
    if partner:
        return FamilyTier.EMPLOYEE_PARTNER
    if children:
        return FamilyTier.EMPLOYEE_CHILDREN
    return FamilyTier.EMPLOYEE


def unit_price(module: CareModule, member: FamilyMember | None, tier: str) -> Decimal:
    """What one enrolment is charged per unit of its price model.

    Per covered member and per session every enrolment pays; the other models charge the
    person's own enrolment once (a family tier prices the household), and family members'
    enrolments record their cover at no extra charge.
    """
    per_enrolment = module.price_model in {PriceModel.PER_MEMBER_MONTH, PriceModel.PER_SESSION}
    if member is not None and not per_enrolment and module.covers_employee:
        return Decimal("0.00")
    if module.price_model == PriceModel.PER_FAMILY_TIER:
        price = module.tier_price(tier or FamilyTier.EMPLOYEE)
    else:
        price = module.price
    return Decimal(str(price or 0)).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class EnrolmentRequest:
    """One member in one module; ``member`` None means the person themself."""

    module: CareModule
    member: FamilyMember | None = None
    tier: str = ""
    sessions_per_month: int = 0


def _check_request(
    person: Person, request: EnrolmentRequest, *, enrolling: set[tuple[int, int | None]]
) -> None:
    module, member = request.module, request.member
    if not module.is_active:
        raise ServiceError(
            _("“%(module)s” is not available any more.") % {"module": module.name_en},
            field="module",
            code=CareErrorCode.MODULE_INACTIVE,
        )
    if member is not None and member.person_id != person.pk:
        raise ServiceError(_("Choose a family member of this person."), field="family_member")
    if not covers(module, member):
        raise ServiceError(
            _("“%(module)s” does not cover this family member.") % {"module": module.name_en},
            field="family_member",
            code=CareErrorCode.MEMBER_NOT_COVERED,
        )
    member_id = member.pk if member is not None else None
    if module.core_module_id is not None and (module.core_module_id, member_id) not in enrolling:
        has_core = Enrolment.objects.filter(
            person=person,
            family_member_id=member_id,
            module_id=module.core_module_id,
            status__in=OPEN_STATUSES,
        ).exists()
        if not has_core:
            raise ServiceError(
                _("“%(module)s” is an add-on: enrol in its core module first.")
                % {"module": module.name_en},
                field="module",
                code=CareErrorCode.CORE_MODULE_MISSING,
            )


def _new_enrolment(
    actor: Actor,
    person: Person,
    request: EnrolmentRequest,
    *,
    start_date: dt.date,
    today: dt.date,
    package: PackageTemplate | None,
) -> Enrolment:
    module, member = request.module, request.member
    tier = (
        request.tier if module.price_model == PriceModel.PER_FAMILY_TIER and member is None else ""
    )
    if module.price_model == PriceModel.PER_FAMILY_TIER and member is None and not tier:
        tier = FamilyTier.EMPLOYEE
    enrolment = Enrolment(
        organization_id=person.organization_id,
        module=module,
        provider_id=module.provider_id,
        package=package,
        status=EnrolmentStatus.REQUESTED,
        requested_on=today,
        start_date=start_date,
        price_model=module.price_model,
        tier=tier,
        unit_price=unit_price(module, member, tier),
        currency=module.currency,
        vat_rate=module.vat_rate,
        sessions_per_month=request.sessions_per_month,
        confidential=module.confidential,
    )
    if module.confidential:
        enrolment.subject_encrypted = confidential.seal(
            confidential.Subject(
                person_id=person.pk, family_member_id=member.pk if member is not None else None
            )
        )
    else:
        enrolment.person = person
        enrolment.family_member = member
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise ServiceError(
            _("Already enrolled in “%(module)s”.") % {"module": module.name_en},
            field="module",
            code=CareErrorCode.ALREADY_ENROLLED,
        ) from None
    versions.enrolments_changed(enrolment.organization_id)
    audit_record(
        actor=actor,
        action=CareAction.ENROLMENT_REQUEST,
        obj=enrolment,
        person_id=None if enrolment.confidential else person.pk,
        changes=_enrolment_changes(enrolment, before=None),
    )
    return enrolment


ENROLMENT_AUDITED = (
    "status",
    "start_date",
    "end_date",
    "module_id",
    "package_id",
    "unit_price",
    "tier",
)
ENROLMENT_PRIVATE = ("reason", "provider_reference", "family_member_id")


def _enrolment_changes(enrolment: Enrolment, *, before: dict[str, Any] | None) -> dict[str, Any]:
    """What the trail records: never who or what was written for a confidential enrolment."""
    fields = ENROLMENT_AUDITED if enrolment.confidential else ENROLMENT_AUDITED + ENROLMENT_PRIVATE
    after = snapshot(enrolment, fields)
    if before is None:
        return {name: [None, value] for name, value in after.items() if value not in (None, "")}
    return diff({k: before.get(k) for k in fields}, after)


def _require_writer(actor: Actor, person: Person) -> None:
    if person.organization_id != actor.organization_id or not policies.can_request_enrolment(actor):
        raise PermissionDenied(_("You may not enrol people in care modules."))


def _check_start(start_date: dt.date | None) -> dt.date:
    if start_date is not None:
        check_window(start_date, field="start_date", window=PAST_OR_NEAR_FUTURE)
    if start_date is None:
        raise ServiceError(
            _("Enter the start date."), field="start_date", code=CareErrorCode.REQUIRED
        )
    return start_date


def enrolment_request(
    *,
    actor: Actor,
    person: Person,
    module: CareModule,
    start_date: dt.date | None,
    family_member: FamilyMember | None = None,
    tier: str = "",
    sessions_per_month: int = 0,
    today: dt.date | None = None,
) -> Enrolment:
    """HR asks the provider to enrol one member in one module."""
    _require_writer(actor, person)
    today = today or timezone.localdate()
    start = _check_start(start_date)
    if not policies.visible_modules(actor).filter(pk=module.pk).exists():
        raise ServiceError(
            _("Choose a module of the catalog."),
            field="module",
            code=CareErrorCode.MODULE_NOT_AVAILABLE,
        )
    if tier and tier not in FamilyTier.values:
        raise ServiceError(_("Choose one of the offered values."), field="tier")
    request = EnrolmentRequest(
        module=module, member=family_member, tier=tier, sessions_per_month=sessions_per_month
    )
    _check_request(person, request, enrolling=set())
    with transaction.atomic():
        return _new_enrolment(actor, person, request, start_date=start, today=today, package=None)


@dataclass(frozen=True, slots=True)
class AssignResult:
    created: list[Enrolment]
    skipped: list[str]  # why members or modules were left out, to show HR


def package_assign(
    *,
    actor: Actor,
    package: PackageTemplate,
    person: Person,
    start_date: dt.date | None,
    today: dt.date | None = None,
) -> AssignResult:
    """One enrolment per module of the package for the person and each covered family member.

    Members the package or a module does not cover, and places already held, are skipped with
    a reason instead of failing the whole package.
    """
    _require_writer(actor, person)
    if package.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not change care packages."))
    today = today or timezone.localdate()
    start = _check_start(start_date)
    modules = [
        item.module for item in PackageItem.objects.filter(package=package).select_related("module")
    ]
    family = [
        m
        for m in FamilyMember.objects.filter(person=person).order_by("id")
        if (m.relation in PARTNER_RELATIONS and package.covers_partner)
        or (m.relation == FamilyRelation.CHILD and package.covers_children)
    ]
    held = set(
        Enrolment.objects.filter(person=person, status__in=OPEN_STATUSES).values_list(
            "module_id", "family_member_id"
        )
    )
    created: list[Enrolment] = []
    skipped: list[str] = []
    enrolling: set[tuple[int, int | None]] = set(held)
    with transaction.atomic():
        for module in modules:
            covered = [m for m in family if covers(module, m)]
            tier = family_tier(covered)
            for member in [None, *covered]:
                key = (module.pk, member.pk if member is not None else None)
                who = person.full_name if member is None else member.first_name
                if member is None and not module.covers_employee:
                    continue
                if key in held:
                    skipped.append(
                        _("%(who)s already has “%(module)s”.")
                        % {"who": who, "module": module.name_en}
                    )
                    continue
                request = EnrolmentRequest(module=module, member=member, tier=tier)
                try:
                    _check_request(person, request, enrolling=enrolling)
                except ServiceError as error:
                    skipped.append(f"{who}: {error.message}")
                    continue
                created.append(
                    _new_enrolment(
                        actor, person, request, start_date=start, today=today, package=package
                    )
                )
                enrolling.add(key)
        if not created:
            raise ServiceError(
                _("Nothing to assign: %(reasons)s") % {"reasons": " ".join(skipped) or "-"},
                field="package",
                code=CareErrorCode.NOTHING_TO_ASSIGN,
            )
        audit_record(
            actor=actor,
            action=CareAction.PACKAGE_ASSIGN,
            obj=package,
            person_id=person.pk,
            changes={"enrolments": [None, len([e for e in created if not e.confidential])]},
        )
    return AssignResult(created=created, skipped=skipped)


def _transition(
    actor: Actor,
    enrolment: Enrolment,
    status: str,
    action: CareAction,
    **values: Any,
) -> Enrolment:
    if status not in TRANSITIONS[enrolment.status]:
        raise ServiceError(
            _("An enrolment that is “%(status)s” cannot change this way.")
            % {"status": enrolment.get_status_display()},
            field="status",
            code=CareErrorCode.TRANSITION_NOT_ALLOWED,
        )
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.status != enrolment.status:
            raise ServiceError(
                _("The enrolment was changed meanwhile; reload the page."),
                field="status",
                code=CareErrorCode.TRANSITION_NOT_ALLOWED,
            )
        private: dict[str, str] = {
            k: values.pop(k) for k in ("reason", "provider_reference") if k in values
        }
        before = snapshot(locked, ENROLMENT_AUDITED + ENROLMENT_PRIVATE)
        locked.status = status
        for name, value in values.items():
            setattr(locked, name, value)
        if private:
            _store_private(locked, private)
        locked.save()
        versions.enrolments_changed(locked.organization_id)
        audit_record(
            actor=actor,
            action=action,
            obj=locked,
            organization_id=locked.organization_id,  # the employer's trail, also for providers
            person_id=None if locked.confidential else locked.person_id,
            changes=_enrolment_changes(locked, before=before),
        )
    return locked


def _store_private(enrolment: Enrolment, values: Mapping[str, str]) -> None:
    """Reason and provider reference: in clear, or inside the sealed subject if confidential."""
    if not enrolment.confidential:
        for name, value in values.items():
            setattr(enrolment, name, value)
        return
    subject = confidential.unseal(enrolment.subject_encrypted)
    enrolment.subject_encrypted = confidential.seal(
        confidential.Subject(
            person_id=subject.person_id,
            family_member_id=subject.family_member_id,
            reason=values.get("reason", subject.reason),
            provider_reference=values.get("provider_reference", subject.provider_reference),
        )
    )


def _require_decider(actor: Actor, enrolment: Enrolment) -> None:
    if not policies.can_decide_enrolment(actor, enrolment):
        raise PermissionDenied(_("Only the provider confirms or rejects an enrolment."))


def enrolment_confirm(
    *,
    actor: Actor,
    enrolment: Enrolment,
    provider_reference: str = "",
    today: dt.date | None = None,
) -> Enrolment:
    _require_decider(actor, enrolment)
    reference = v.clean_text(provider_reference, field="provider_reference", max_length=100)
    return _transition(
        actor,
        enrolment,
        EnrolmentStatus.CONFIRMED,
        CareAction.ENROLMENT_CONFIRM,
        decided_on=today or timezone.localdate(),
        provider_reference=reference,
    )


def enrolment_reject(
    *, actor: Actor, enrolment: Enrolment, reason: str, today: dt.date | None = None
) -> Enrolment:
    _require_decider(actor, enrolment)
    text = v.clean_required_text(reason, field="reason", max_length=2000)
    return _transition(
        actor,
        enrolment,
        EnrolmentStatus.REJECTED,
        CareAction.ENROLMENT_REJECT,
        decided_on=today or timezone.localdate(),
        reason=text,
    )


def enrolment_activate(
    *, actor: Actor, enrolment: Enrolment, today: dt.date | None = None
) -> Enrolment:
    """A confirmed enrolment becomes active on or after its start date."""
    if not policies.can_run_enrolment(actor, enrolment):
        raise PermissionDenied(_("You may not change this enrolment."))
    today = today or timezone.localdate()
    if enrolment.start_date > today:
        raise ServiceError(
            _("The enrolment starts on %(date)s; it can become active from then.")
            % {"date": format_date(enrolment.start_date)},
            field="status",
            code=CareErrorCode.NOT_STARTED,
        )
    return _transition(actor, enrolment, EnrolmentStatus.ACTIVE, CareAction.ENROLMENT_ACTIVATE)


def enrolment_end(
    *,
    actor: Actor,
    enrolment: Enrolment,
    end_date: dt.date | None,
    reason: str = "",
    today: dt.date | None = None,
) -> Enrolment:
    """End on ``end_date``, refused before the minimum term or the notice period allows.

    The refusal names the earliest possible end date, so HR can simply take it.
    """
    if not policies.can_run_enrolment(actor, enrolment):
        raise PermissionDenied(_("You may not change this enrolment."))
    today = today or timezone.localdate()
    if end_date is None:
        raise ServiceError(_("Enter the end date."), field="end_date", code=CareErrorCode.REQUIRED)
    check_window(end_date, field="end_date", window=PAST_OR_NEAR_FUTURE)
    module = enrolment.module
    earliest = earliest_end(
        start=enrolment.start_date,
        minimum_term_months=module.minimum_term_months,
        notice_period_days=module.notice_period_days,
        notice_given_on=today,
    )
    if end_date < earliest.date:
        raise ServiceError(
            _(
                "The enrolment can end on %(date)s at the earliest (minimum term %(months)s "
                "months from %(start)s, notice period %(days)s days)."
            )
            % {
                "date": format_date(earliest.date),
                "months": module.minimum_term_months,
                "start": format_date(enrolment.start_date),
                "days": module.notice_period_days,
            },
            field="end_date",
            code=CareErrorCode.END_TOO_EARLY,
        )
    text = v.clean_text(reason, field="reason", max_length=2000)
    return _transition(
        actor,
        enrolment,
        EnrolmentStatus.ENDED,
        CareAction.ENROLMENT_END,
        end_date=end_date,
        **({"reason": text} if text else {}),
    )


def enrolment_comment_add(*, actor: Actor, enrolment: Enrolment, body: str) -> EnrolmentComment:
    if not policies.can_comment(actor, enrolment):
        raise PermissionDenied(_("You may not comment on this enrolment."))
    text = v.clean_required_text(body, field="body", max_length=5000)
    comment = EnrolmentComment(
        organization_id=enrolment.organization_id,
        enrolment=enrolment,
        author=actor.user,
        author_organization_id=actor.organization_id,
    )
    if enrolment.confidential:
        comment.body_encrypted = encrypt_text(text)
    else:
        comment.body = text
    with transaction.atomic():
        comment.save()
        audit_record(
            actor=actor,
            action=CareAction.ENROLMENT_COMMENT,
            obj=enrolment,
            organization_id=enrolment.organization_id,
            person_id=None if enrolment.confidential else enrolment.person_id,
        )
    return comment
