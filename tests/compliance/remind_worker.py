"""Run one reminder pass in a separate process (for the concurrency test).

Usage: python remind_worker.py SMTP_HOST SMTP_PORT START_AT_EPOCH TODAY RUNS
The database comes from DATABASE_URL; the process waits until START_AT so that two workers
start together.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expatcare.settings.test")
    import django

    django.setup()
    from django.test.utils import override_settings

    from expatcare.compliance.reminders import reminders_send

    host, port, start_at, today, runs = sys.argv[1:6]
    sent = 0
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=host,
        EMAIL_PORT=int(port),
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    ):
        while time.time() < float(start_at):
            time.sleep(0.002)
        for _ in range(int(runs)):
            sent += reminders_send(today=dt.date.fromisoformat(today)).reminders_sent
    print(json.dumps({"reminders_sent": sent}))


if __name__ == "__main__":
    main()
