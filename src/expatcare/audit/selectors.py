from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from expatcare.audit.models import AuditEntry
from expatcare.core.principal import Principal

# Every column of an entry (the trail shows them all) without the foreign key's whole row.
ENTRY_FIELDS = (
    "id",
    "organization_id",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "person_id",
    "changes",
    "created_at",
)


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


@dataclass(frozen=True, slots=True)
class PersonLogs:
    """The newest changes and sensitive reads of a person, and whether the reader has
    recorded ``own_read`` within the window asked for (see ``person_logs``)."""

    changes: list[AuditEntry]
    reads: list[AuditEntry]
    own_read_logged: bool


def person_logs(
    *,
    actor: Principal,
    person_id: int,
    read_actions: Collection[str],
    changes_limit: int,
    reads_limit: int,
    own_read: str = "",
    own_read_since: dt.datetime | None = None,
) -> PersonLogs:
    """The person page's audit trail and access log in one query, newest first.

    Each list is picked by an index-ordered subquery with its own limit, so neither buries
    the other; ``own_read`` (with ``own_read_since``) adds the reader's latest entry of that
    action in the window, which tells the caller whether a read it is about to log was
    already logged this hour without a query of its own. Access is checked before.
    """
    entries = AuditEntry.objects.filter(organization_id=actor.organization_id, person_id=person_id)
    newest = ("-created_at", "-id")
    reads = list(read_actions)
    wanted = Q(
        pk__in=entries.exclude(action__in=reads).order_by(*newest).values("pk")[:changes_limit]
    )
    wanted |= Q(
        pk__in=entries.filter(action__in=reads).order_by(*newest).values("pk")[:reads_limit]
    )
    if own_read and own_read_since is not None:
        mine = entries.filter(
            action=own_read, actor_id=actor.user.pk, created_at__gte=own_read_since
        )
        wanted |= Q(pk__in=mine.order_by(*newest).values("pk")[:1])
    # The trail names an actor by ``User.__str__``: the rest of the user row (password hash,
    # settings) is not read.
    rows = list(
        entries.filter(wanted)
        .select_related("actor")
        .only(*ENTRY_FIELDS, "actor__full_name", "actor__email")
        .order_by(*newest)
    )
    read_rows = [entry for entry in rows if entry.action in read_actions]
    return PersonLogs(
        changes=[entry for entry in rows if entry.action not in read_actions],
        reads=read_rows[:reads_limit],
        own_read_logged=any(
            entry.action == own_read
            and entry.actor_id == actor.user.pk
            and own_read_since is not None
            and entry.created_at >= own_read_since
            for entry in rows
        ),
    )
