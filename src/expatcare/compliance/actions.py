"""The audit actions the compliance services record (see ``expatcare.audit.actions``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from expatcare.audit.actions import AuditAction


class ComplianceAction(AuditAction):
    DUTIES_RECOMPUTE = "compliance.duties_recompute", _("Duties recomputed")
    RECHECK_FLAGGED = "compliance.recheck_flagged", _("Flagged for a new check")
    DUTY_DONE = "compliance.duty_done", _("Duty marked as done")
    DUTY_STATUS = "compliance.duty_status", _("Duty status changed")
    CALENDAR_FEED_CREATED = "compliance.calendar_feed_created", _("Calendar link created")
    CALENDAR_FEED_REVOKED = "compliance.calendar_feed_revoked", _("Calendar link revoked")
