"""Effective lead times of an organisation: its ``ComplianceSettings`` over the defaults."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from expatcare.compliance.models import ComplianceSettings
from expatcare.people.choices import DocumentKind

# How long before expiry renewing a document becomes a duty. A residence title needs an
# appointment at the foreigners authority; a passport often needs one at a consulate.
DEFAULT_PERMIT_LEAD_DAYS: dict[str, int] = {
    DocumentKind.RESIDENCE_PERMIT.value: 90,
    DocumentKind.VISA.value: 30,
    DocumentKind.PASSPORT.value: 90,
}
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DEFAULT_REMINDER_LEAD_DAYS: tuple[int, ...] = (30, 14, 3)
# Duties due within this many days show amber on the dashboard.
DUE_SOON_DAYS = 14


@dataclass(frozen=True, slots=True)
class LeadTimes:
    permit_lead_days: dict[str, int]
    reminder_lead_days: tuple[int, ...]


def _clean_days(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        days = int(value)
    except ValueError:
        return None
    return days if 0 <= days <= 730 else None


def lead_times_from(row: ComplianceSettings | None) -> LeadTimes:
    """Stored values win where they are valid; anything else falls back to the default."""
    permit = dict(DEFAULT_PERMIT_LEAD_DAYS)
    reminders = DEFAULT_REMINDER_LEAD_DAYS
    if row is not None:
        if isinstance(row.permit_lead_days, dict):
            for kind, raw in row.permit_lead_days.items():
                days = _clean_days(raw)
                if kind in permit and days is not None:
                    permit[kind] = days
        if isinstance(row.reminder_lead_days, list):
            cleaned = sorted({d for d in map(_clean_days, row.reminder_lead_days) if d is not None})
            if cleaned:
                reminders = tuple(cleaned)
    return LeadTimes(permit_lead_days=permit, reminder_lead_days=reminders)


def lead_times_for(organization_id: int) -> LeadTimes:
    return lead_times_from(
        ComplianceSettings.objects.filter(organization_id=organization_id).first()
    )


def berlin_today() -> dt.date:
    """Legal deadlines are dates in Europe/Berlin, whatever the server's zone."""
    return timezone.now().astimezone(BERLIN).date()
