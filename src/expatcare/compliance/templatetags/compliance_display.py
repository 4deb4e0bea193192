"""Template helpers for duty and finding codes, statuses and lights in the reader's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import gettext as _

from expatcare.compliance.labels import duty_label, duty_title, finding_label
from expatcare.compliance.models import PENDING_STATUSES, DutyStatus

register = template.Library()


@register.filter
def duty_name(code: str) -> str:
    return duty_label(str(code))


@register.filter
def duty_title_of(duty: Any) -> str:
    """The duty's name; a renewal names the document it renews (passport, visa, permit)."""
    return duty_title(str(duty.code), getattr(duty, "message", None), duty.origin_key or "")


@register.filter
def finding_name(code: str) -> str:
    return finding_label(str(code))


@register.filter
def status_name(status: str) -> str:
    try:
        return str(DutyStatus(str(status)).label)
    except ValueError:
        return str(status)


@register.filter
def light_name(light: str) -> str:
    return {"red": _("Overdue"), "amber": _("Due soon"), "green": _("Up to date")}.get(
        str(light), str(light)
    )


@register.simple_tag
def duty_effective_status(duty: Any, today: dt.date) -> str:
    if duty.status in PENDING_STATUSES:
        return DutyStatus.OVERDUE if duty.due is not None and duty.due < today else DutyStatus.OPEN
    return str(duty.status)
