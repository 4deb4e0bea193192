"""Abstract bases shared by every tenant-owned model."""

from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStampedModel):
    """A row that belongs to exactly one organisation.

    The tenant key is copied onto every child row (not reached through joins) so that each
    tenant query is a single indexed filter and a missing filter is obvious in review.
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True
