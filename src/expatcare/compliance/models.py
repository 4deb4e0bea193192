"""Duties and findings per person, calendar feeds, reminder deliveries and settings.

Duties are materialised from the rules engine (and from the document register) so that the
dashboard, the reminders and the calendar read indexed rows instead of re-assessing people.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expatcare.core.models import TenantModel


class DutyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# Statuses in which a duty still has to be done; "overdue" is "open" past its due date.
PENDING_STATUSES = (DutyStatus.OPEN.value, DutyStatus.OVERDUE.value)


class DutyOrigin(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment")
    PERMIT = "permit", _("Document register")
    MANUAL = "manual", _("Manual")


class Responsible(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    EMPLOYEE = "employee", _("Employee")
    AUTHORITY = "authority", _("Authority")
    PROVIDER = "provider", _("Provider")


class Severity(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    ERROR = "error", _("Error")


class Duty(TenantModel):
    """One thing someone must do for a person by a date, with its legal basis.

    ``(person, code, origin, origin_key)`` identifies a duty across recomputations, so a new
    assessment updates the row in place and keeps the evidence of a duty already done.
    ``responsible_user`` empty means "the HR team" of the organisation.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="duties")
    code = models.CharField(_("duty"), max_length=64)
    origin = models.CharField(
        _("origin"), max_length=16, choices=DutyOrigin.choices, default=DutyOrigin.ASSESSMENT
    )
    origin_key = models.CharField(max_length=64, blank=True, default="")
    due = models.DateField(_("due"), null=True, blank=True)
    responsible = models.CharField(
        _("responsible"), max_length=16, choices=Responsible.choices, default=Responsible.EMPLOYER
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible user"),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    source = models.URLField(_("source"), max_length=500, blank=True)
    # The engine's message (code and parameters), rendered in the reader's language on every
    # page, export, feed and mail (``engine.messages``); no sentence is stored.
    message_code = models.CharField(_("message"), max_length=120, blank=True)
    message_params = models.JSONField(default=dict, blank=True)
    # The dated parameters the duty was computed from: name, value, valid_from, source.
    parameters = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DutyStatus.choices, default=DutyStatus.OPEN
    )
    # Set when a recomputation no longer yields the duty; cleared when it comes back.
    withdrawn = models.BooleanField(default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_note = models.TextField(_("evidence"), blank=True)
    evidence_document = models.ForeignKey(
        "people.DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence document"),
    )
    ruleset_version = models.CharField(max_length=64, blank=True)
    trace = models.JSONField(default=dict, blank=True)
    # "Still to do" as one column the database keeps in step with ``status``, for the partial
    # indexes below: SQLite matches no partial index against ``status IN (?, ?)`` with bound
    # parameters, and an index on status holds two ranges that cannot yield rows in due order.
    pending = models.GeneratedField(
        expression=Case(
            When(status__in=PENDING_STATUSES, then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        constraints = [
            models.UniqueConstraint(
                fields=("person", "code", "origin", "origin_key"), name="compliance_duty_identity"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DutyStatus.values), name="compliance_duty_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=DutyStatus.DONE) | Q(done_on__isnull=False),
                name="compliance_duty_done_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=("organization", "status", "due", "person"), name="compliance_duty_org_due"
            ),
            models.Index(
                fields=("organization", "status", "code", "due"), name="compliance_duty_org_code"
            ),
            models.Index(fields=("organization", "due", "id"), name="compliance_duty_org_by_due"),
            models.Index(fields=("person", "status", "due"), name="compliance_duty_person"),
            models.Index(
                fields=("responsible_user", "status", "due"), name="compliance_duty_user_due"
            ),
            # Partial indexes over the duties still to do, which stay few while done duties
            # accumulate: the duty list soonest first (and the overdue and due-soon ranges),
            # the list of one kind and the counts per kind in group order, the lights of a
            # page of people. ``pending`` alone is the condition, so that the query's own
            # ``WHERE ... AND "pending"`` matches it on SQLite as on PostgreSQL.
            models.Index(
                fields=("organization", "due", "id"),
                condition=Q(pending=True),
                name="compliance_duty_pending",
            ),
            models.Index(
                fields=("organization", "code", "due", "id"),
                condition=Q(pending=True),
                name="compliance_duty_pending_code",
            ),
            models.Index(
                fields=("organization", "person", "due"),
                condition=Q(pending=True),
                name="compliance_duty_pending_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.due or '-'})"

    def get_absolute_url(self) -> str:
        return reverse("compliance:duty_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def message(self) -> dict[str, object]:
        """``{code, params}`` as the engine gave it, for ``engine.messages``."""
        return {"code": self.message_code, "params": self.message_params}


class Finding(TenantModel):
    """A problem or note about a person from the assessment or from the document register."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="compliance_findings"
    )
    code = models.CharField(_("finding"), max_length=64)
    origin = models.CharField(
        _("origin"), max_length=16, choices=DutyOrigin.choices, default=DutyOrigin.ASSESSMENT
    )
    origin_key = models.CharField(max_length=64, blank=True, default="")
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    source = models.URLField(_("source"), max_length=500, blank=True)
    message_code = models.CharField(_("message"), max_length=120, blank=True)
    message_params = models.JSONField(default=dict, blank=True)
    parameters = models.JSONField(default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    ruleset_version = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=("person", "code", "origin", "origin_key"),
                name="compliance_finding_identity",
            ),
        ]
        indexes = [
            # The dashboard's findings in their order (selectors.active_findings) come straight
            # from the second index (``active`` stays out of it: a bare boolean term does not
            # match an index column on SQLite); before it, both databases sorted every active
            # finding of the tenant (128 ms at 100,000 people on PostgreSQL).
            models.Index(
                fields=("organization", "active", "severity"), name="compliance_finding_org"
            ),
            models.Index(
                fields=("organization", "severity", "person", "code"),
                name="compliance_finding_order",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def message(self) -> dict[str, object]:
        return {"code": self.message_code, "params": self.message_params}


class ComplianceSettings(models.Model):
    """Lead times of one organisation; missing rows mean the defaults below."""

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, related_name="compliance_settings"
    )
    # Days before expiry at which renewing a document becomes a duty, per document kind.
    permit_lead_days = models.JSONField(_("renewal lead days per document kind"), default=dict)
    # Days before a due date at which a reminder goes out (one reminder per lead).
    reminder_lead_days = models.JSONField(_("reminder lead days"), default=list)

    class Meta:
        verbose_name = _("compliance settings")
        verbose_name_plural = _("compliance settings")

    def __str__(self) -> str:
        return f"compliance settings of {self.organization_id}"


class CalendarFeed(TenantModel):
    """A secret ICS link of one user's duties.

    The token is looked up by its SHA-256 hash (unique, indexed) and kept encrypted beside it,
    so its owner can see the link again (``GET /api/v1/me``, the calendar page) while a copy of
    the database alone reveals no working link.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    token_encrypted = models.TextField(blank=True, default="")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "organization"),
                condition=Q(revoked_at__isnull=True),
                name="compliance_calendarfeed_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class ReminderDelivery(models.Model):
    """The claim on one reminder: inserted before the mail is sent, unique in the database.

    Two workers (or a re-run) that compute the same reminder both try to insert the same
    ``(duty, user, kind, bucket)``; only one insert succeeds, so only one mail goes out.
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="reminder_deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    bucket = models.CharField(max_length=40)
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.SENDING
    )
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=("duty", "user", "kind", "bucket"), name="compliance_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.bucket} → {self.user_id} ({self.status})"
