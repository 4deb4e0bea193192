"""Enumerations of immigration and recognition cases, shared by models, forms, API and demo."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseGoal(models.TextChoices):
    ENTRY = "entry", _("Entry with a residence title")
    RECOGNITION = "recognition", _("Recognition of a qualification")
    PERMIT_RENEWAL = "permit_renewal", _("Renewal of the residence permit")
    EMPLOYER_CHANGE = "employer_change", _("Change of employer")
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    POSTING = "posting", _("Posting abroad")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class MilestoneOwner(models.TextChoices):
    HR = "hr", _("HR")
    EMPLOYEE = "employee", _("Employee")
    PROVIDER = "provider", _("Provider")
    AUTHORITY = "authority", _("Authority")


class DecisionOutcome(models.TextChoices):
    """The outcome of a decision milestone (recognition, approval, visa)."""

    NONE = "", _("not recorded")
    FULL = "full", _("Full recognition / granted")
    PARTIAL = "partial", _("Partial recognition")
    REFUSED = "refused", _("Refused")


# Milestones in these states need nothing more.
FINISHED_MILESTONE_STATUSES = frozenset({MilestoneStatus.DONE, MilestoneStatus.SKIPPED})
