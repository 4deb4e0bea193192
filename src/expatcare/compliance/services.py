"""The writes people make on duties and calendar feeds.

Duties themselves are created and moved by the recomputation (``compliance.recompute``);
reminder mails are sent by ``compliance.reminders``. Kept apart so each file stays readable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.audit.services import audit_record, diff, snapshot
from expatcare.compliance.actions import ComplianceAction
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.models import (
    CalendarFeed,
    Duty,
    DutyStatus,
)
from expatcare.compliance.policies import can_manage_duties, can_use_calendar
from expatcare.compliance.recompute import pending_status
from expatcare.compliance.selectors import (
    bump_dashboard_version,
)
from expatcare.core.crypto import encrypt_text
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.people.models import DocumentVersion


def _evidence_version(
    actor: Actor, duty: Duty, evidence_document_id: int | None
) -> DocumentVersion | None:
    if evidence_document_id is None:
        return None
    version = (
        DocumentVersion.objects.filter(
            pk=evidence_document_id,
            organization_id=actor.organization_id,
            document__person_id=duty.person_id,
        )
        .select_related("document")
        .first()
    )
    if version is None:
        raise ServiceError(
            _("Choose a document of this person as evidence."), field="evidence_document"
        )
    return version


def duty_mark_done(
    *,
    actor: Actor,
    duty: Duty,
    done_on: dt.date,
    note: str = "",
    evidence_document_id: int | None = None,
) -> Duty:
    from expatcare.compliance.policies import can_complete_duty

    if not can_complete_duty(actor, duty):
        raise PermissionDenied(_("You may not change this duty."))
    if done_on > berlin_today():
        raise ServiceError(_("The date done cannot be in the future."), field="done_on")
    with transaction.atomic():
        row = Duty.objects.select_for_update().get(pk=duty.pk)
        before = snapshot(row, ("status", "done_on", "evidence_note", "evidence_document"))
        row.status = DutyStatus.DONE
        row.done_on = done_on
        row.done_by = actor.user
        row.evidence_note = note.strip()
        row.evidence_document = _evidence_version(actor, row, evidence_document_id)
        row.save()
        transaction.on_commit(lambda: bump_dashboard_version(row.organization_id))
        audit_record(
            actor=actor,
            action=ComplianceAction.DUTY_DONE,
            obj=row,
            person_id=row.person_id,
            changes=diff(
                before, snapshot(row, ("status", "done_on", "evidence_note", "evidence_document"))
            ),
        )
    return row


def duty_set_status(*, actor: Actor, duty: Duty, status: str) -> Duty:
    """HR waives a duty (not applicable) or reopens one; evidence of a reopened duty is kept."""
    if not can_manage_duties(actor) or duty.organization_id != actor.organization_id:
        raise PermissionDenied(_("You may not change this duty."))
    if status not in {DutyStatus.NOT_APPLICABLE, DutyStatus.OPEN}:
        raise ServiceError(_("Choose a valid status."), field="status")
    with transaction.atomic():
        row = Duty.objects.select_for_update().get(pk=duty.pk)
        before = snapshot(row, ("status",))
        row.status = (
            pending_status(row.due, berlin_today()) if status == DutyStatus.OPEN else status
        )
        row.withdrawn = False
        row.save(update_fields=["status", "withdrawn", "updated_at"])
        transaction.on_commit(lambda: bump_dashboard_version(row.organization_id))
        audit_record(
            actor=actor,
            action=ComplianceAction.DUTY_STATUS,
            obj=row,
            person_id=row.person_id,
            changes=diff(before, snapshot(row, ("status",))),
        )
    return row


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(*, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new secret feed for the actor; an existing one is revoked (rotation).

    The token is stored only as its hash (for the lookup) and encrypted (to show it again).
    """
    if not can_use_calendar(actor):
        raise PermissionDenied(_("You may not use a calendar feed."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        now = timezone.now()
        revoked = CalendarFeed.objects.filter(
            user=actor.user, organization_id=actor.organization_id, revoked_at__isnull=True
        ).update(revoked_at=now)
        feed = CalendarFeed.objects.create(
            user=actor.user,
            organization_id=actor.organization_id,
            token_hash=hash_feed_token(token),
            token_encrypted=encrypt_text(token),
        )
        audit_record(
            actor=actor,
            action=ComplianceAction.CALENDAR_FEED_CREATED,
            obj=feed,
            changes={"rotated": bool(revoked)},
        )
    return feed, token


def calendar_feed_revoke(*, actor: Actor) -> bool:
    with transaction.atomic():
        feeds = list(
            CalendarFeed.objects.select_for_update().filter(
                user=actor.user, organization_id=actor.organization_id, revoked_at__isnull=True
            )
        )
        now = timezone.now()
        for feed in feeds:
            feed.revoked_at = now
            feed.save(update_fields=["revoked_at", "updated_at"])
            audit_record(actor=actor, action=ComplianceAction.CALENDAR_FEED_REVOKED, obj=feed)
    return bool(feeds)
