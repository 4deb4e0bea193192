"""How an audit entry's changes read on a page: ``(label, before, after, is_change)`` rows.

Writes record ``field: [before, after]`` and read as field label, old and new value. An app
whose entries record something else (a duty recomputation records what it did) registers its
own presenter for that action in its ``AppConfig.ready()``, so the pages that show a trail
(the person page, the audit page) never import the app that wrote the entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from expatcare.audit.labels import field_label
from expatcare.audit.models import AuditEntry

ChangeRow = tuple[str, object, object, bool]
ChangePresenter = Callable[[dict[str, Any]], list[ChangeRow]]


class ChangePresenters:
    """The presenters registered per action; actions without one read field by field."""

    def __init__(self) -> None:
        self._by_action: dict[str, ChangePresenter] = {}

    def register(self, action: str, presenter: ChangePresenter) -> None:
        self._by_action[action] = presenter

    def rows(self, entry: AuditEntry) -> list[ChangeRow]:
        changes = entry.changes or {}
        presenter = self._by_action.get(entry.action)
        if presenter is not None:
            return presenter(changes)
        return field_rows(entry.object_type, changes)


change_presenters = ChangePresenters()


def field_rows(object_type: str, changes: dict[str, Any]) -> list[ChangeRow]:
    rows: list[ChangeRow] = []
    for name, value in changes.items():
        label = field_label(object_type, name)
        if isinstance(value, list) and len(value) == 2:
            rows.append((label, shown(value[0]), shown(value[1]), True))
        else:
            rows.append((label, "", shown(value), False))
    return rows


def counted(names: Iterable[str]) -> str:
    """Names in first-seen order, a repeated one once with its count: "A (7×), B"."""
    counts = Counter(names)
    return ", ".join(
        name if count == 1 else _("%(name)s (%(count)d×)") % {"name": name, "count": count}
        for name, count in counts.items()
    )


def shown(value: Any) -> object:
    return "–" if value is None else value
