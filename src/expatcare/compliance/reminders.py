"""Reminder mails: one digest per responsible user, each reminder claimed before it is sent.

Apart from the duty writes because it runs in the background for every tenant and owns the
delivery bookkeeping (``ReminderDelivery``), not the duties.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import uuid
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from expatcare.compliance.emails import send_digest
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.models import (
    DeliveryStatus,
    ReminderDelivery,
)
from expatcare.compliance.selectors import (
    PlannedReminder,
    reminder_plan,
)


@dataclass
class ReminderReport:
    """What a reminder run did (or, dry, would do): one line per digest."""

    messages_sent: int = 0
    reminders_sent: int = 0
    messages_failed: int = 0
    lines: list[str] = field(default_factory=list)


def _claim(
    user_id: int, items: list[PlannedReminder], now: dt.datetime
) -> set[tuple[int, str, str]]:
    """Insert the delivery rows (or take over failed ones) and return those this run owns.

    The unique constraint decides: a row another run inserted first is skipped by the database
    (``ON CONFLICT DO NOTHING``), and a failed row can be taken by one run only because the
    UPDATE re-checks its status under the row lock.
    """
    claim = uuid.uuid4().hex
    with transaction.atomic():
        ReminderDelivery.objects.bulk_create(
            [
                ReminderDelivery(
                    organization_id=item.duty.organization_id,
                    duty_id=item.duty.pk,
                    user_id=user_id,
                    kind=item.kind,
                    bucket=item.bucket,
                    status=DeliveryStatus.SENDING,
                    claim=claim,
                    attempts=1,
                    claimed_at=now,
                )
                for item in items
            ],
            ignore_conflicts=True,
        )
        retry = Q()
        for item in items:
            retry |= Q(duty_id=item.duty.pk, kind=item.kind, bucket=item.bucket)
        ReminderDelivery.objects.filter(
            retry, user_id=user_id, status=DeliveryStatus.FAILED
        ).update(
            status=DeliveryStatus.SENDING,
            claim=claim,
            attempts=F("attempts") + 1,
            claimed_at=now,
            error="",
        )
    return set(
        ReminderDelivery.objects.filter(claim=claim).values_list("duty_id", "kind", "bucket")
    )


def _unsent(user_id: int, items: list[PlannedReminder]) -> list[PlannedReminder]:
    """For a dry run: the planned reminders no run has sent or is sending."""
    taken = set(
        ReminderDelivery.objects.filter(user_id=user_id, duty_id__in=[i.duty.pk for i in items])
        .exclude(status=DeliveryStatus.FAILED)
        .values_list("duty_id", "kind", "bucket")
    )
    return [i for i in items if (i.duty.pk, i.kind, i.bucket) not in taken]


def reminders_send(*, today: dt.date | None = None, dry_run: bool = False) -> ReminderReport:
    """E-mail each responsible user one digest of their due-soon and overdue duties.

    Safe to run again, or in two workers at once: each reminder is claimed in the database
    before its mail is sent, so it goes out at most once; a failed send is marked and retried
    by a later run.
    """
    today = today or berlin_today()
    report = ReminderReport()
    for user, items in reminder_plan(today=today).values():
        if dry_run:
            pending = _unsent(user.pk, items)
            if pending:
                report.messages_sent += 1
                report.reminders_sent += len(pending)
                codes = ", ".join(f"{i.duty.code}@{i.duty.due}" for i in pending)
                report.lines.append(f"{user.email}: {len(pending)} ({codes})")
            continue
        owned = _claim(user.pk, items, timezone.now())
        mine = [i for i in items if (i.duty.pk, i.kind, i.bucket) in owned]
        if not mine:
            continue
        rows = ReminderDelivery.objects.filter(
            user_id=user.pk,
            status=DeliveryStatus.SENDING,
            duty_id__in=[i.duty.pk for i in mine],
        ).filter(reduce(or_, (Q(duty_id=i.duty.pk, kind=i.kind, bucket=i.bucket) for i in mine)))
        try:
            send_digest(user=user, items=mine, today=today)
        except (OSError, smtplib.SMTPException) as error:
            rows.update(status=DeliveryStatus.FAILED, error=type(error).__name__[:300])
            report.messages_failed += 1
            report.lines.append(f"{user.email}: failed ({type(error).__name__})")
            continue
        rows.update(status=DeliveryStatus.SENT, sent_at=timezone.now())
        report.messages_sent += 1
        report.reminders_sent += len(mine)
        report.lines.append(f"{user.email}: {len(mine)}")
    return report
