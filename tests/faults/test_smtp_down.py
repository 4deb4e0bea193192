"""The mail server down while reminders and an invitation are due: each sent once when it returns.

A real SMTP server (aiosmtpd) on a loopback port of its own is stopped, the work falls due, and
the deliveries run against the dead port; then the server comes back on the same port and the
consumer's runs (twice, as a periodic task would) deliver everything exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test.utils import override_settings

from expatcare.accounts.models import OutboxMessage, OutboxStatus
from expatcare.accounts.outbox import outbox_deliver
from expatcare.accounts.roles import Role
from expatcare.accounts.services import invitation_create
from expatcare.compliance.models import DeliveryStatus, ReminderDelivery
from expatcare.compliance.reminders import reminders_send
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant
from tests.factories import PersonFactory
from tests.smtp import SmtpSink, free_port

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

TODAY = dt.date(2026, 3, 2)


def test_nothing_lost_and_nothing_doubled(
    tenant: Tenant, django_capture_on_commit_callbacks
) -> None:
    sink = SmtpSink(host="127.0.0.1", port=free_port())
    server = Controller(sink, hostname=sink.host, port=sink.port)
    server.start()
    server.stop()  # down before anything falls due
    make_duty(tenant.other_person, "DEUEV_REGISTRATION", TODAY + dt.timedelta(10))
    make_duty(
        tenant.employee_person,
        "RESIDENCE_REGISTRATION",
        TODAY - dt.timedelta(2),
        responsible="employee",
        responsible_user=tenant.users[Role.EMPLOYEE],
    )
    person = PersonFactory(organization=tenant.organization, email="joiner@mail.test")
    with override_settings(**sink.settings()):
        with django_capture_on_commit_callbacks(execute=True):  # the consumer is woken, fails
            invitation_create(
                actor=tenant.actor(Role.HR),
                email="joiner@mail.test",
                role="employee",
                person_id=person.pk,
            )
        assert reminders_send(today=TODAY).messages_failed == 2
        with pytest.raises(CommandError):  # the command says so, with a non-zero exit
            call_command("remind", "--today", TODAY.isoformat())
        assert outbox_deliver().failed == 1
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.FAILED}

    server = Controller(sink, hostname=sink.host, port=sink.port)  # back, same address
    server.start()
    try:
        with override_settings(**sink.settings()):
            for _ in range(2):
                reminders_send(today=TODAY)
                outbox_deliver()
    finally:
        server.stop()
    received = Counter(rcpt for envelope in sink.envelopes for rcpt in envelope.rcpt_tos)
    assert received == {
        "hr@alpha.test": 1,
        "employee@alpha.test": 1,
        "joiner@mail.test": 1,
    }
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
