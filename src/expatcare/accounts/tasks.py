"""Background delivery of the e-mail outbox: right after a commit, and every minute as a retry."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from expatcare.accounts.outbox import OutboxReport, outbox_deliver


@db_task()
def deliver_outbox() -> OutboxReport:
    return outbox_deliver()


@db_periodic_task(crontab(minute="*"))
def deliver_outbox_periodically() -> OutboxReport:
    """The retry: whatever an SMTP or queue outage left pending goes out once both are back."""
    return outbox_deliver()
