"""The e-mail outbox: messages stored with the change they report, delivered by the consumer.

Why not send in the request: an SMTP outage would turn an invitation into a 500 and lose the
mail. Here the request only inserts a row (in its own transaction, so a rolled-back change sends
nothing), and ``outbox_deliver`` (the task consumer, right after the commit and again every
minute) sends what is pending. Each row is claimed by a conditional UPDATE before its send, so
two consumers never send one message twice; a failed send puts the row back to pending.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from expatcare.accounts.models import OutboxMessage, OutboxStatus
from expatcare.core.crypto import decrypt_text, encrypt_text

logger = logging.getLogger(__name__)

# A row left "sending" this long belongs to a consumer that died between claim and result: it is
# sent again (at least once beats never; the window makes a double send unlikely).
STALE_CLAIM = dt.timedelta(minutes=15)


@dataclass
class OutboxReport:
    """What one delivery run did."""

    sent: int = 0
    failed: int = 0


def outbox_put(*, to: str, subject: str, body: str) -> OutboxMessage:
    """Store a message in the caller's transaction; ask the consumer to send it after commit."""
    message = OutboxMessage.objects.create(
        to=to, subject=subject[:300], body_encrypted=encrypt_text(body)
    )
    transaction.on_commit(_wake_consumer)
    return message


def _wake_consumer() -> None:
    """Enqueue a delivery run. A queue outage is logged, not raised: the row waits for the
    periodic run, and the request that wrote it has already committed."""
    from expatcare.accounts.tasks import deliver_outbox

    try:
        deliver_outbox()
    except Exception:
        logger.warning("outbox: task queue unavailable, the periodic run will send", exc_info=True)


def outbox_pending() -> int:
    return OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count()


def outbox_deliver(*, limit: int = 200) -> OutboxReport:
    """Send pending mail, oldest first; stop at the first failure (the server is likely down)."""
    report = OutboxReport()
    now = timezone.now()
    due = Q(status=OutboxStatus.PENDING) | Q(
        status=OutboxStatus.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    ids = list(
        OutboxMessage.objects.filter(due)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        claim = uuid.uuid4().hex
        taken = (
            OutboxMessage.objects.filter(due, pk=pk).update(
                status=OutboxStatus.SENDING,
                claim=claim,
                attempts=F("attempts") + 1,
                claimed_at=timezone.now(),
            )
            == 1
        )
        if not taken:
            continue  # another consumer has it
        message = OutboxMessage.objects.get(pk=pk)
        try:
            EmailMessage(
                subject=message.subject,
                body=decrypt_text(message.body_encrypted),
                to=[message.to],
            ).send()
        except (OSError, smtplib.SMTPException) as error:
            OutboxMessage.objects.filter(pk=pk, claim=claim).update(
                status=OutboxStatus.PENDING, error=f"{type(error).__name__}: {error}"[:300]
            )
            report.failed += 1
            logger.warning("outbox: sending to %s failed (%s)", message.to, type(error).__name__)
            break
        OutboxMessage.objects.filter(pk=pk, claim=claim).update(
            status=OutboxStatus.SENT, sent_at=timezone.now(), body_encrypted="", error=""
        )
        report.sent += 1
    return report
