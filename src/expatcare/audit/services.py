"""Recording audit entries. Every service write calls ``audit_record`` in its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from expatcare.audit.actions import AuditAction
from expatcare.audit.models import AuditEntry
from expatcare.core.principal import Principal


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` as JSON-able data, taken before a change to diff against."""
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose value changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in after
        if before.get(name) != after.get(name)
    }


def audit_record(
    *,
    actor: Principal | None,
    action: AuditAction,
    obj: models.Model | None = None,
    organization_id: int | None = None,
    person_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record ``action`` in the caller's transaction.

    ``action`` is a member of the app's ``AuditAction`` enumeration, never a bare string, so
    every recorded code has a translated name on the trail.
    """
    if organization_id is None and actor is not None:
        organization_id = actor.organization_id
    return AuditEntry.objects.create(
        organization_id=organization_id,
        actor_id=actor.user.pk if actor is not None else None,
        action=action.value,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        person_id=person_id,
        changes=dict(changes or {}),
    )


@dataclass(frozen=True, slots=True)
class Read:
    """One object a reader was shown, for ``audit_reads``.

    ``organization_id`` is the tenant whose trail it is (a provider reading an employer's
    person writes into the employer's trail); ``person_id`` is empty where the entry must not
    name a person (a confidential enrolment). ``object_repr`` holds no personal data: list
    rows are logged from plain values, without a model instance.
    """

    organization_id: int
    object_type: str
    object_id: int
    object_repr: str = ""
    person_id: int | None = None


# A read is logged once per reader, object and this window: the access log still says who saw
# what and when (to the hour), and repeated page views do not bury the changes.
READ_WINDOW = dt.timedelta(hours=1)


def audit_reads(*, actor: Principal, action: AuditAction, reads: Sequence[Read]) -> int:
    """Record that ``actor`` was shown each object of ``reads``, once per object and hour.

    Two queries whatever the number of objects (a page of a list): which were logged within
    the window, then one insert of the rest. Answers how many entries it wrote.
    """
    if not reads:
        return 0
    logged = set(
        AuditEntry.objects.filter(
            organization_id__in={read.organization_id for read in reads},
            object_type__in={read.object_type for read in reads},
            object_id__in={str(read.object_id) for read in reads},
            actor_id=actor.user.pk,
            action=action.value,
            created_at__gte=timezone.now() - READ_WINDOW,
        ).values_list("object_type", "object_id")
    )
    entries: dict[tuple[str, str], AuditEntry] = {}
    for read in reads:
        key = (read.object_type, str(read.object_id))
        if key in logged or key in entries:
            continue
        entries[key] = AuditEntry(
            organization_id=read.organization_id,
            actor_id=actor.user.pk,
            action=action.value,
            object_type=read.object_type,
            object_id=key[1],
            object_repr=read.object_repr[:200],
            person_id=read.person_id,
        )
    AuditEntry.objects.bulk_create(entries.values())
    return len(entries)
