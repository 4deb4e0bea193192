from __future__ import annotations

from collections.abc import Collection

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


def audit_trail_for_person(
    *,
    actor: Principal,
    person_id: int,
    only: Collection[str] | None = None,
    exclude: Collection[str] = (),
) -> QuerySet[AuditEntry]:
    """The whole trail of one person, newest first, for pagination. Access is checked before.

    ``only`` / ``exclude`` name actions: the person page shows changes and sensitive reads
    (the access log) apart, so five views of a salary never bury a real change.
    """
    entries = AuditEntry.objects.filter(organization_id=actor.organization_id, person_id=person_id)
    if only is not None:
        entries = entries.filter(action__in=list(only))
    if exclude:
        entries = entries.exclude(action__in=list(exclude))
    return entries.select_related("actor").order_by("-created_at", "-id")
