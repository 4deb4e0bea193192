"""Recording audit entries. Every service write calls ``audit_record`` in its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

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
