"""Helpers for compliance tests: duties made directly, and a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from expatcare.compliance.models import Duty, DutyStatus, Responsible
from expatcare.people.models import Person


def make_duty(
    person: Person,
    code: str = "DEUEV_REGISTRATION",
    due: dt.date | None = dt.date(2026, 12, 1),
    *,
    status: str = DutyStatus.OPEN,
    responsible: str = Responsible.EMPLOYER,
    origin_key: str = "",
    **extra: Any,
) -> Duty:
    return Duty.objects.create(
        organization_id=person.organization_id,
        person=person,
        code=code,
        origin_key=origin_key,
        due=due,
        status=status,
        responsible=responsible,
        legal_basis=extra.pop("legal_basis", "§ 6 DEÜV"),
        source=extra.pop("source", "https://www.gesetze-im-internet.de/de_v/__6.html"),
        message_code=extra.pop("message_code", "obligation.deuev_registration"),
        message_params=extra.pop("message_params", {"weeks": "6"}),
        done_on=extra.pop("done_on", dt.date(2026, 11, 1) if status == DutyStatus.DONE else None),
        **extra,
    )


@dataclass
class SmtpSink:
    """Collects every message the SMTP server receives."""

    host: str
    port: int
    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            message_from_bytes(e.original_content or e.content, policy=policy.default)
            for e in self.envelopes
        ]

    def settings(self) -> dict[str, Any]:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 10,
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[SmtpSink]:
    sink = SmtpSink(host="127.0.0.1", port=free_port())
    controller = Controller(sink, hostname=sink.host, port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
