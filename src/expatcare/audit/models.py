"""The audit trail: who changed or read what, when, with the changed fields."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from expatcare.audit.labels import action_label, field_label


class AuditEntry(models.Model):
    """One write or sensitive read. Rows are only ever inserted, never updated."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, null=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    # The person the entry concerns, so each person's page can show their trail cheaply.
    person_id = models.BigIntegerField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("organization", "person_id", "-created_at")),
            models.Index(fields=("organization", "object_type", "object_id")),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"

    @property
    def action_label(self) -> str:
        """The action in the reader's language; ``action`` keeps the stored code."""
        return action_label(self.action)

    @property
    def labelled_changes(self) -> list[tuple[str, str, list[object]]]:
        """``(field, its verbose name, [before, after])`` for each changed field."""
        return [
            (name, field_label(self.object_type, name), pair)
            for name, pair in (self.changes or {}).items()
        ]
