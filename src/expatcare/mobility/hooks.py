"""What the mobility app offers higher apps: contributions to the employee's case page.

The case page ("My case") lists the employee's pending duties, which the compliance app holds.
Compliance subscribes to ``own_duties`` in ``ComplianceConfig.ready()``; without a subscriber
the page simply has no duties section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from expatcare.accounts.actor import Actor
from expatcare.core.hooks import Hook


@dataclass(frozen=True, slots=True)
class OwnDutiesRequest:
    actor: Actor
    today: dt.date
    limit: int


@dataclass(frozen=True, slots=True)
class OwnDuty:
    """One line of "My duties": what, by when, why, and whether it is late.

    ``title`` is already the reader's name of the duty (a passport renewal says so);
    ``message`` is the engine's ``{code, params}``, rendered in the reader's language.
    """

    code: str
    title: str
    due: dt.date | None
    overdue: bool
    legal_basis: str
    source: str
    message: Mapping[str, Any] = field(default_factory=dict)


own_duties: Hook[OwnDutiesRequest, Sequence[OwnDuty]] = Hook("mobility.own_duties")


def collect_own_duties(*, actor: Actor, today: dt.date, limit: int) -> list[OwnDuty] | None:
    """The employee's pending duties from the subscribers, or None while nobody offers any."""
    if not own_duties.subscribed:
        return None
    request = OwnDutiesRequest(actor=actor, today=today, limit=limit)
    return [duty for answer in own_duties.send(request) for duty in answer][:limit]
