"""Helpers for compliance tests: duties made directly (the SMTP server is in ``tests/smtp.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
