"""What the people app offers higher apps: a reaction to a changed person.

Compliance subscribes in ``ComplianceConfig.ready()`` to recompute duties; the people services
send the event after their write, inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from expatcare.accounts.actor import Actor
from expatcare.core.hooks import Hook
from expatcare.people.models import Person


@dataclass(frozen=True, slots=True)
class PersonChanged:
    """A person was created or changed.

    ``changed_fields`` holds Person field names and, for related rows, ``nationalities``,
    ``languages``, ``qualifications``, ``documents`` (or ``permit_documents``).
    """

    actor: Actor | None
    person: Person
    changed_fields: frozenset[str]


person_changed: Hook[PersonChanged, object] = Hook("people.person_changed")


def send_person_changed(*, actor: Actor | None, person: Person, changed_fields: set[str]) -> None:
    """Tell the subscribers; called by the services after the write, in its transaction."""
    person_changed.send(
        PersonChanged(actor=actor, person=person, changed_fields=frozenset(changed_fields))
    )
