"""Periodic work: reminders and overdue flags daily, permit expiry daily, a yearly re-check."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from expatcare.accounts.models import Organization, OrganizationKind
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.models import DeliveryStatus, ReminderDelivery
from expatcare.compliance.recompute import (
    duties_flag_overdue,
    duties_recompute_for_organization,
    findings_flag_recheck,
    permits_refresh,
)
from expatcare.compliance.reminders import ReminderReport, reminders_send
from expatcare.people.models import Person


@db_periodic_task(crontab(hour="6", minute="30"))
def send_reminders() -> ReminderReport:
    duties_flag_overdue()
    return reminders_send()


@db_periodic_task(crontab(minute="45"))
def retry_failed_reminders() -> ReminderReport | None:
    """Hourly: when a digest failed (mail server away), send it again without waiting a day.

    Claims make it safe beside the daily run: a reminder already sent is never sent twice.
    """
    if not ReminderDelivery.objects.filter(status=DeliveryStatus.FAILED).exists():
        return None
    return reminders_send()


@db_periodic_task(crontab(hour="5", minute="15"))
def refresh_permit_expiry() -> int:
    return permits_refresh()


@db_periodic_task(crontab(month="1", day="1", hour="3", minute="0"))
def yearly_recheck() -> int:
    """The parameters of a new year apply: re-assess everyone and flag what changed."""
    return recheck_all()


def recheck_all() -> int:
    year = berlin_today().year
    flagged = 0
    employers = Organization.objects.filter(kind=OrganizationKind.EMPLOYER).values_list(
        "pk", flat=True
    )
    for organization_id in employers:
        results = duties_recompute_for_organization(
            actor=None, organization_id=organization_id, reason=f"re-check {year}"
        )
        changed = {r.person_id: r for r in results if r.moved or r.created or r.withdrawn}
        for person in Person.objects.filter(pk__in=changed):
            if findings_flag_recheck(person=person, result=changed[person.pk], year=year):
                flagged += 1
    return flagged
