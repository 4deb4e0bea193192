from __future__ import annotations

from django.db.models import QuerySet

from expatcare.audit.models import AuditEntry
from expatcare.core.principal import Principal


def audit_entries_for_person(
    *, actor: Principal, person_id: int, limit: int = 100
) -> QuerySet[AuditEntry]:
    """The trail of one person, newest first. The caller has already checked access."""
    return (
        AuditEntry.objects.filter(organization_id=actor.organization_id, person_id=person_id)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def audit_trail_for_person(*, actor: Principal, person_id: int) -> QuerySet[AuditEntry]:
    """The whole trail of one person, newest first, for pagination. Access is checked before."""
    return (
        AuditEntry.objects.filter(organization_id=actor.organization_id, person_id=person_id)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
