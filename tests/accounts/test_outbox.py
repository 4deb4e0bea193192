"""The e-mail outbox: a mail server outage delays a mail, never loses it or breaks the request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from expatcare.accounts.models import Invitation, OutboxMessage, OutboxStatus
from expatcare.accounts.outbox import outbox_deliver, outbox_put
from expatcare.accounts.roles import Role
from expatcare.accounts.services import token_create, tokens_revoke_all
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant
from tests.factories import PersonFactory
from tests.smtp import SmtpSink, free_port


def _down(sink: SmtpSink) -> dict[str, object]:
    """The sink's settings with a port nobody listens on: connection refused."""
    return {**sink.settings(), "EMAIL_PORT": free_port()}


class TestOutbox:
    def test_invitation_while_smtp_is_down_is_sent_once_when_it_returns(
        self, tenant: Tenant, client_for, smtp_server: SmtpSink, django_capture_on_commit_callbacks
    ) -> None:
        person = PersonFactory(organization=tenant.organization, email="late@mail.test")
        hr = client_for(Role.HR)
        with (
            override_settings(**_down(smtp_server)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = hr.post(
                reverse("accounts:invitation_create"),
                {"email": "late@mail.test", "role": "employee", "person": person.pk},
            )
        assert response.status_code == 302  # not a 500: the request never talked to SMTP
        assert Invitation.objects.filter(email="late@mail.test").exists()
        row = OutboxMessage.objects.get(to="late@mail.test")
        assert row.status == OutboxStatus.PENDING
        assert row.attempts == 1 and "ConnectionRefused" in row.error
        with override_settings(**smtp_server.settings()):
            first = outbox_deliver()
            second = outbox_deliver()
        assert (first.sent, second.sent) == (1, 0)
        assert [e.rcpt_tos for e in smtp_server.envelopes] == [["late@mail.test"]]
        row.refresh_from_db()
        assert row.status == OutboxStatus.SENT and row.body_encrypted == ""
        assert "/org/invitations/" in smtp_server.messages[0].get_content()

    def test_token_revocation_notice_is_queued_not_sent_inline(
        self, tenant: Tenant, smtp_server: SmtpSink
    ) -> None:
        user = tenant.users[Role.HR]
        token_create(actor=tenant.actor(Role.HR), name="ci")
        with override_settings(**_down(smtp_server)):
            assert tokens_revoke_all(user=user, reason="password") == 1
        assert OutboxMessage.objects.filter(to=user.email, status=OutboxStatus.PENDING).exists()
        with override_settings(**smtp_server.settings()):
            assert outbox_deliver().sent == 1
        assert len(smtp_server.envelopes) == 1

    def test_rolled_back_change_sends_nothing(self, db: None, smtp_server: SmtpSink) -> None:
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox_put(to="ghost@mail.test", subject="s", body="b")
            raise RuntimeError("the change fails")
        with override_settings(**smtp_server.settings()):
            assert outbox_deliver().sent == 0
        assert smtp_server.envelopes == []

    def test_a_row_claimed_by_another_consumer_is_left_alone(
        self, db: None, smtp_server: SmtpSink
    ) -> None:
        taken = outbox_put(to="a@mail.test", subject="s", body="b")
        OutboxMessage.objects.filter(pk=taken.pk).update(
            status=OutboxStatus.SENDING, claim="other", claimed_at=timezone.now()
        )
        stale = outbox_put(to="b@mail.test", subject="s", body="b")
        OutboxMessage.objects.filter(pk=stale.pk).update(
            status=OutboxStatus.SENDING,
            claim="dead",
            claimed_at=timezone.now() - dt.timedelta(hours=1),
        )
        with override_settings(**smtp_server.settings()):
            report = outbox_deliver()
        assert report.sent == 1  # the stale claim of a dead consumer, not the live one
        assert [e.rcpt_tos for e in smtp_server.envelopes] == [["b@mail.test"]]


class TestRemindCommand:
    def test_failed_sends_exit_non_zero_and_are_retried_once(
        self, tenant: Tenant, smtp_server: SmtpSink
    ) -> None:
        today = dt.date(2026, 3, 2)
        make_duty(tenant.other_person, "DEUEV_REGISTRATION", today + dt.timedelta(10))
        with override_settings(**_down(smtp_server)), pytest.raises(CommandError, match="retried"):
            call_command("remind", "--today", today.isoformat())
        with override_settings(**smtp_server.settings()):
            call_command("remind", "--today", today.isoformat())
            call_command("remind", "--today", today.isoformat())
        recipients = sorted(r for e in smtp_server.envelopes for r in e.rcpt_tos)
        assert recipients == sorted(set(recipients)) and recipients
