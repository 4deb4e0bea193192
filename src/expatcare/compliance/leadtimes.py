"""Lead times of an organisation: its ``ComplianceSettings`` over the defaults.

Renewal lead times are the engine's (dated, sourced parameters); an organisation may only plan
with longer ones of its own (``renewal_lead_weeks``, passed to the engine, which takes the
larger of the two). Reminder leads are the product's own, not law.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from expatcare.compliance.models import ComplianceSettings
from expatcare.engine.facts import RENEWAL_DOCUMENT_KINDS

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DEFAULT_REMINDER_LEAD_DAYS: tuple[int, ...] = (30, 14, 3)
# Duties due within this many days show amber on the dashboard.
DUE_SOON_DAYS = 14
# The engine accepts an organisation's renewal lead time of up to two years.
MAX_RENEWAL_LEAD_WEEKS = 104


@dataclass(frozen=True, slots=True)
class LeadTimes:
    #: The organisation's own renewal lead time per document kind, where it set one.
    renewal_lead_weeks: dict[str, int]
    reminder_lead_days: tuple[int, ...]


def _clean_days(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        days = int(value)
    except ValueError:
        return None
    return days if 0 <= days <= 730 else None


def _weeks(days: int) -> int:
    """Days as whole weeks, rounded up: an own lead time may move a renewal earlier only."""
    return min(-(-days // 7), MAX_RENEWAL_LEAD_WEEKS)


def lead_times_from(row: ComplianceSettings | None) -> LeadTimes:
    """Stored values where they are valid; anything else falls back to the engine / default."""
    renewal: dict[str, int] = {}
    reminders = DEFAULT_REMINDER_LEAD_DAYS
    if row is not None:
        if isinstance(row.permit_lead_days, dict):
            for kind, raw in row.permit_lead_days.items():
                days = _clean_days(raw)
                if kind in RENEWAL_DOCUMENT_KINDS and days:
                    renewal[kind] = _weeks(days)
        if isinstance(row.reminder_lead_days, list):
            cleaned = sorted({d for d in map(_clean_days, row.reminder_lead_days) if d is not None})
            if cleaned:
                reminders = tuple(cleaned)
    return LeadTimes(renewal_lead_weeks=renewal, reminder_lead_days=reminders)


def lead_times_for(organization_id: int) -> LeadTimes:
    return lead_times_from(
        ComplianceSettings.objects.filter(organization_id=organization_id).first()
    )


def berlin_today() -> dt.date:
    """Legal deadlines are dates in Europe/Berlin, whatever the server's zone."""
    return timezone.now().astimezone(BERLIN).date()
