"""The reminder digest: one e-mail per user, in their language and time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from expatcare.compliance.labels import duty_title
from expatcare.compliance.models import ReminderKind
from expatcare.engine.messages import render_message

if TYPE_CHECKING:
    from expatcare.accounts.models import User
    from expatcare.compliance.selectors import PlannedReminder


def site_url(path: str) -> str:
    return settings.EXPATCARE_SITE_URL.rstrip("/") + path


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def send_digest(*, user: User, items: list[PlannedReminder], today: dt.date) -> None:
    """Render and send; SMTP errors propagate so the caller can mark the reminders failed."""
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(_zone(user.time_zone)):
        rows = [
            {
                "kind": item.kind,
                "label": duty_title(item.duty.code, item.duty.message, item.duty.origin_key),
                "code": item.duty.code,
                "person": item.duty.person.full_name,
                "due": item.duty.due,
                "legal_basis": item.duty.legal_basis,
                "source": item.duty.source,
                "explanation": render_message(item.duty.message),
                "url": site_url(reverse("compliance:duty_detail", args=[item.duty.pk])),
            }
            for item in items
        ]
        context = {
            "user": user,
            "overdue": [r for r in rows if r["kind"] == ReminderKind.OVERDUE],
            "upcoming": [r for r in rows if r["kind"] == ReminderKind.UPCOMING],
            "today": today,
            "generated_at": timezone.localtime(),
            "dashboard_url": site_url(reverse("compliance:dashboard")),
        }
        subject = " ".join(
            render_to_string("compliance/emails/reminder_subject.txt", context).split()
        )
        body = render_to_string("compliance/emails/reminder_body.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
