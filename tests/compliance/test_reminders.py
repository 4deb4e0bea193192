"""Reminder digests through a real SMTP server: per user, in their language, exactly once."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

from expatcare.accounts.roles import Role
from expatcare.compliance.models import DeliveryStatus, ReminderDelivery
from expatcare.compliance.reminders import reminders_send
from expatcare.compliance.selectors import reminder_bucket
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant
from tests.smtp import SmtpSink, free_port

TODAY = dt.date(2026, 3, 2)
WORKER = Path(__file__).with_name("remind_worker.py")


def _setup(tenant: Tenant) -> None:
    hr = tenant.users[Role.HR]
    hr.language = "de"
    hr.save()
    employee = tenant.users[Role.EMPLOYEE]
    employee.language = "en"
    employee.time_zone = "Asia/Kolkata"
    employee.save()
    # Employer duty due in 10 days: the HR team (HR users, not the owner) is reminded.
    make_duty(tenant.other_person, "DEUEV_REGISTRATION", TODAY + dt.timedelta(10))
    # Employee duty, overdue: its responsible user is the employee.
    make_duty(
        tenant.employee_person,
        "RESIDENCE_REGISTRATION",
        TODAY - dt.timedelta(2),
        responsible="employee",
        responsible_user=employee,
        message_code="obligation.residence_registration",
        message_params={"weeks": "2"},
    )
    # Due far ahead and done: no reminder.
    make_duty(tenant.other_person, "SOFORTMELDUNG", TODAY + dt.timedelta(90))
    make_duty(tenant.assigned_person, "SOFORTMELDUNG", TODAY, status="done")


def _by_recipient(sink: SmtpSink) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for message in sink.messages:
        out.setdefault(str(message["To"]), []).append(message)
    return out


class TestBuckets:
    def test_one_reminder_per_lead_and_per_overdue_week(self) -> None:
        leads = (30, 14, 3)
        due = dt.date(2026, 4, 30)
        assert reminder_bucket(due, due - dt.timedelta(45), leads) is None
        assert reminder_bucket(due, due - dt.timedelta(30), leads) == ("upcoming", "2026-04-30/d30")
        assert reminder_bucket(due, due - dt.timedelta(20), leads) == ("upcoming", "2026-04-30/d30")
        assert reminder_bucket(due, due - dt.timedelta(10), leads) == ("upcoming", "2026-04-30/d14")
        assert reminder_bucket(due, due, leads) == ("upcoming", "2026-04-30/d3")
        overdue = reminder_bucket(due, due + dt.timedelta(1), leads)
        assert overdue == ("overdue", "2026-04-30/w2026-18")


@pytest.mark.django_db
class TestDigest:
    def test_digest_per_user_in_their_language(self, tenant: Tenant, smtp_server) -> None:
        _setup(tenant)
        with override_settings(**smtp_server.settings()):
            report = reminders_send(today=TODAY)
        assert report.messages_sent == 2
        mails = _by_recipient(smtp_server)
        assert set(mails) == {"hr@alpha.test", "employee@alpha.test"}
        german = mails["hr@alpha.test"][0].get_content()
        assert "Anmeldung bei der Krankenkasse" in german  # the message, in German
        assert "§ 6 DEÜV" in german and "/compliance/duties/" in german
        english = mails["employee@alpha.test"][0].get_content()
        assert "Register the new address with the registration office" in english
        assert "within 2 weeks" in english
        assert "Wohnung" not in english
        assert "SOFORTMELDUNG" not in german + english

    def test_run_twice_sends_once(self, tenant: Tenant, smtp_server) -> None:
        _setup(tenant)
        with override_settings(**smtp_server.settings()):
            reminders_send(today=TODAY)
            second = reminders_send(today=TODAY)
        assert second.messages_sent == 0
        assert len(smtp_server.envelopes) == 2
        assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}

    def test_next_lead_or_moved_due_date_reminds_again(self, tenant: Tenant, smtp_server) -> None:
        _setup(tenant)
        with override_settings(**smtp_server.settings()):
            reminders_send(today=TODAY)
            reminders_send(today=TODAY + dt.timedelta(8))  # 2 days before: the 3-day lead
        to_hr = _by_recipient(smtp_server)["hr@alpha.test"]
        assert len(to_hr) == 2

    def test_smtp_failure_is_marked_and_retried(self, tenant: Tenant, smtp_server) -> None:
        _setup(tenant)
        broken = {**smtp_server.settings(), "EMAIL_PORT": free_port()}
        with override_settings(**broken):
            report = reminders_send(today=TODAY)
        assert report.messages_failed == 2
        assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"failed"}
        with override_settings(**smtp_server.settings()):
            retry = reminders_send(today=TODAY)
            again = reminders_send(today=TODAY)
        assert retry.messages_sent == 2 and again.messages_sent == 0
        assert len(smtp_server.envelopes) == 2
        assert set(ReminderDelivery.objects.values_list("attempts", flat=True)) == {2}

    def test_dry_run_command_sends_nothing(self, tenant: Tenant, smtp_server) -> None:
        _setup(tenant)
        out = io.StringIO()
        with override_settings(**smtp_server.settings()):
            call_command("remind", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
        text = out.getvalue()
        assert "hr@alpha.test" in text and "employee@alpha.test" in text
        assert "would send 2 message(s)" in text
        assert smtp_server.envelopes == []
        assert not ReminderDelivery.objects.exists()

    def test_periodic_task_sends_and_flags_overdue(self, tenant: Tenant, smtp_server) -> None:
        from expatcare.compliance.leadtimes import berlin_today
        from expatcare.compliance.tasks import send_reminders

        duty = make_duty(
            tenant.other_person, "DEUEV_REGISTRATION", berlin_today() - dt.timedelta(1)
        )
        with override_settings(**smtp_server.settings()):
            send_reminders()  # huey runs tasks immediately in the test settings
        duty.refresh_from_db()
        assert duty.status == "overdue"
        assert [str(m["To"]) for m in smtp_server.messages] == ["hr@alpha.test"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_deliver_each_reminder_once(tenant: Tenant, smtp_server) -> None:
    """Two processes, each running the task twice at the same moment: one mail per user."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    _setup(tenant)
    for i in range(20):  # more reminders, so the two workers really overlap
        make_duty(tenant.other_person, "A1_CERTIFICATE", TODAY + dt.timedelta(1), origin_key=str(i))
    name = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "DJANGO_SETTINGS_MODULE": "expatcare.settings.test",
    }
    start_at = time.time() + 3
    args = [smtp_server.host, str(smtp_server.port), str(start_at), TODAY.isoformat(), "2"]
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=120) for w in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    sent = sum(json.loads(out.strip().splitlines()[-1])["reminders_sent"] for out, _ in outputs)
    planned = 2 + 20
    assert sent == planned
    assert ReminderDelivery.objects.count() == planned
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    deadline = time.time() + 5
    while len(smtp_server.envelopes) < 2 and time.time() < deadline:
        time.sleep(0.05)
    recipients = sorted(str(m["To"]) for m in smtp_server.messages)
    assert recipients == ["employee@alpha.test", "hr@alpha.test"]
