"""Entry point for other apps: call after a write to a person, inside the same transaction."""

from __future__ import annotations

from expatcare.accounts.actor import Actor
from expatcare.compliance.services import (
    RecomputeResult,
    duties_recompute_for_person,
    relevant_changes,
)
from expatcare.people.models import Person


def on_person_changed(
    *, actor: Actor | None, person: Person, changed_fields: set[str]
) -> RecomputeResult | None:
    """Recompute the person's duties when a fact they depend on changed, else do nothing.

    ``changed_fields`` holds Person field names and, for related rows, ``nationalities``,
    ``languages``, ``qualifications``, ``documents`` (or ``permit_documents``). Other fields
    (names, e-mail, phone, job title...) do not touch a single row.
    """
    relevant = relevant_changes(changed_fields)
    if not relevant:
        return None
    return duties_recompute_for_person(
        actor=actor, person=person, reason="changed: " + ", ".join(sorted(relevant))
    )
