"""What the mobility app offers higher apps: contributions to the employee's case page.

The case page ("My case") lists the employee's pending duties, which the compliance app holds.
Compliance subscribes to ``own_duties`` in ``ComplianceConfig.ready()``; without a subscriber
the page simply has no duties section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from expatcare.accounts.actor import Actor
from expatcare.core.hooks import Hook


@dataclass(frozen=True, slots=True)
class OwnDutiesRequest:
    actor: Actor
    today: dt.date
    limit: int


@dataclass(frozen=True, slots=True)
class OwnDuty:
    """One line of "My duties": what (an engine obligation code), by when, and why."""

    code: str
    due: dt.date | None
    legal_basis: str
    source: str


own_duties: Hook[OwnDutiesRequest, Sequence[OwnDuty]] = Hook("mobility.own_duties")


def collect_own_duties(*, actor: Actor, today: dt.date, limit: int) -> list[OwnDuty] | None:
    """The employee's pending duties from the subscribers, or None while nobody offers any."""
    if not own_duties.subscribed:
        return None
    request = OwnDutiesRequest(actor=actor, today=today, limit=limit)
    return [duty for answer in own_duties.send(request) for duty in answer][:limit]
