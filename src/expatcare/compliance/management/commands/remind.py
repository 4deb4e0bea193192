"""``expatcare remind [--dry-run]``: send the reminder digests that are due now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from expatcare.compliance.recompute import duties_flag_overdue
from expatcare.compliance.reminders import reminders_send


class Command(BaseCommand):
    help = "E-mail each responsible user a digest of duties due soon or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Pretend it is this date.")

    def handle(self, *args: Any, **options: Any) -> None:
        today: dt.date | None = options.get("today")
        dry_run = bool(options["dry_run"])
        if not dry_run:
            duties_flag_overdue(today=today)
        report = reminders_send(today=today, dry_run=dry_run)
        for line in report.lines:
            self.stdout.write(line)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{verb} {report.messages_sent} message(s) with {report.reminders_sent} reminder(s)"
            + (f", {report.messages_failed} failed" if report.messages_failed else "")
        )
        if report.messages_failed:
            # Non-zero exit so cron or a monitor notices; the failed reminders stay marked and the
            # next run (or the hourly retry of the task consumer) sends them, once.
            raise CommandError(
                f"{report.messages_failed} message(s) could not be sent (mail server unreachable?);"
                " they will be retried by the next run"
            )
