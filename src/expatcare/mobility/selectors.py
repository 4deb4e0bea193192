"""Reads for the eligibility and pension pages: a bounded person picker."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from expatcare.core.actor import Actor
from expatcare.people.choices import PersonStatus
from expatcare.people.policies import visible_people

PICKER_LIMIT = 50


@dataclass(frozen=True, slots=True)
class PersonOption:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class PersonOptionGroup:
    label: str
    options: tuple[PersonOption, ...]


@dataclass(frozen=True, slots=True)
class PersonPicker:
    groups: tuple[PersonOptionGroup, ...]
    truncated: bool


def person_picker(actor: Actor, *, query: str = "", limit: int = PICKER_LIMIT) -> PersonPicker:
    """At most ``limit`` visible people matching ``query``, grouped by status: one query."""
    people = visible_people(actor)
    for word in query.split()[:4]:
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    rows = list(
        people.order_by("last_name", "first_name", "id").values_list(
            "id", "first_name", "last_name", "status"
        )[: limit + 1]
    )
    truncated = len(rows) > limit
    by_status: dict[str, list[PersonOption]] = {}
    for pk, first, last, status in rows[:limit]:
        by_status.setdefault(status, []).append(PersonOption(pk, f"{last}, {first}".strip(", ")))
    groups = tuple(
        PersonOptionGroup(str(PersonStatus(status).label), tuple(by_status[status]))
        for status in PersonStatus.values
        if status in by_status
    )
    return PersonPicker(groups=groups, truncated=truncated)
