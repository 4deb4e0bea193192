"""The base of every app's enumeration of audit actions.

Each app declares the actions its services record as members of an ``AuditAction`` subclass
in its own ``actions.py`` (value: the stored code, label: the translated name). The code stays
the stable identifier that filters, exports and the API use; the label is what the trail
shows. ``audit_record`` takes only members, so an action cannot be recorded without a name,
and the audit app finds every name without importing the apps above it.
"""

from __future__ import annotations

from functools import cache

from django.db import models


class AuditAction(models.TextChoices):
    """Subclass per app (``PeopleAction``, ``ComplianceAction``, ...); no members of its own."""


@cache
def all_actions() -> dict[str, AuditAction]:
    """Every declared action by its stored code.

    Read after the apps are ready (each imports its ``actions`` module in ``ready()``), so
    every subclass exists by then; cached because the set never changes in a process.
    """
    found: dict[str, AuditAction] = {}
    for kind in AuditAction.__subclasses__():
        for action in kind:
            if action.value in found:
                raise ValueError(f"audit action {action.value} is declared twice")
            found[action.value] = action
    return found
