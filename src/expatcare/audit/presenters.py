"""How an audit entry's changes read on a page: ``(label, before, after, is_change)`` rows.

Writes record ``field: [before, after]`` and read as field label, old and new value, each value
formatted for the reader by ``audit.values`` (names instead of codes, the locale's dates and
money, technical fields apart for experts). An app whose entries record something else (a duty
recomputation records what it did) registers its own presenter for that action in its
``AppConfig.ready()``, so the pages that show a trail (the person page, the audit page) never
import the app that wrote the entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from expatcare.audit.labels import field_label
from expatcare.audit.models import AuditEntry
from expatcare.audit.values import RelatedNames, format_value, is_technical, related_model

ChangeRow = tuple[str, object, object, bool]
ChangePresenter = Callable[[dict[str, Any]], list[ChangeRow]]


@dataclass
class EntryChanges:
    """What one entry changed: the rows everyone reads and those for experts only."""

    rows: list[ChangeRow] = field(default_factory=list)
    technical: list[ChangeRow] = field(default_factory=list)


class ChangePresenters:
    """The presenters registered per action; actions without one read field by field."""

    def __init__(self) -> None:
        self._by_action: dict[str, ChangePresenter] = {}

    def register(self, action: str, presenter: ChangePresenter) -> None:
        self._by_action[action] = presenter

    def rows(self, entry: AuditEntry) -> list[ChangeRow]:
        return self.present([entry])[0].rows

    def present(self, entries: Sequence[AuditEntry]) -> list[EntryChanges]:
        """The changes of a page of entries; related rows are named with one query per model."""
        related = RelatedNames()
        for entry in entries:
            if entry.action in self._by_action:
                continue
            for name, value in (entry.changes or {}).items():
                model = related_model(entry.object_type, name)
                if model is not None:
                    values = value if isinstance(value, list) else [value]
                    flat = [
                        v for item in values for v in (item if isinstance(item, list) else [item])
                    ]
                    related.want(model, flat)
        related.load()
        presented = []
        for entry in entries:
            changes = entry.changes or {}
            presenter = self._by_action.get(entry.action)
            if presenter is not None:
                presented.append(EntryChanges(rows=presenter(changes)))
            else:
                presented.append(field_rows(entry.object_type, changes, related))
        return presented


change_presenters = ChangePresenters()


def field_rows(
    object_type: str, changes: dict[str, Any], related: RelatedNames | None = None
) -> EntryChanges:
    presented = EntryChanges()
    for name, value in changes.items():
        label = field_label(object_type, name)
        rows = presented.technical if is_technical(object_type, name) else presented.rows
        if isinstance(value, list) and len(value) == 2:
            before = format_value(object_type, name, value[0], related)
            after = format_value(object_type, name, value[1], related)
            rows.append((label, before, after, True))
        else:
            rows.append((label, "", format_value(object_type, name, value, related), False))
    return presented


def counted(names: Iterable[str]) -> str:
    """Names in first-seen order, a repeated one once with its count: "A (7×), B"."""
    counts = Counter(names)
    return ", ".join(
        name if count == 1 else _("%(name)s (%(count)d×)") % {"name": name, "count": count}
        for name, count in counts.items()
    )


def shown(value: Any) -> object:
    return "–" if value is None else value
