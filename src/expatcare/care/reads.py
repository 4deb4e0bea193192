"""What a provider user is shown of enrolments: logged, and limited to the declared fields.

Every page, export and API answer that shows a provider enrolments logs them through
``enrolments_read`` (once per reader, enrolment and hour, in the paying employer's access log,
naming the person except for confidential enrolments, which hold nobody in clear), and takes
the person's values from ``declared_values``: the fields the module declares, nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from expatcare.accounts.actor import Actor
from expatcare.audit.services import Read
from expatcare.care.models import Enrolment
from expatcare.people.assignments import provider_reads_record
from expatcare.people.declared import (
    DeclaredPerson,
    DeclaredValue,
    display_values,
    load_declared,
)


def enrolments_read(actor: Actor, enrolments: QuerySet[Enrolment]) -> int:
    """Log the enrolments of a page (two or three queries, nothing for other readers)."""
    if not actor.is_provider:
        return 0
    rows = enrolments.values_list("id", "organization_id", "person_id", "module_id")
    return provider_reads_record(
        actor=actor,
        reads=[
            Read(
                organization_id=organization_id,
                object_type="care.enrolment",
                object_id=pk,
                object_repr=f"#{pk} {module_id}",
                person_id=person_id,
            )
            for pk, organization_id, person_id, module_id in rows
        ],
    )


def declared_values(enrolments: Sequence[Enrolment]) -> dict[int, dict[str, Any]]:
    """The person values each enrolment's module declares, by enrolment id (at most three
    queries for any number of enrolments); empty for confidential ones."""
    declarations: dict[int, set[str]] = {}
    for enrolment in enrolments:
        if enrolment.person_id is not None:
            fields = enrolment.module.provider_fields or ()
            declarations.setdefault(enrolment.person_id, set()).update(fields)
    people = load_declared(declarations)
    values: dict[int, dict[str, Any]] = {}
    for enrolment in enrolments:
        person = people.get(enrolment.person_id) if enrolment.person_id is not None else None
        declared = set(enrolment.module.provider_fields or ())
        values[enrolment.pk] = (
            {k: v for k, v in person.values.items() if k in declared} if person else {}
        )
    return values


def declared_display(enrolment: Enrolment) -> list[DeclaredValue]:
    """One enrolment's declared person fields as label and text, for its page."""
    values = declared_values([enrolment])[enrolment.pk]
    person = DeclaredPerson(
        id=enrolment.person_id or 0,
        organization_id=enrolment.organization_id,
        fields=frozenset(values),
        values=values,
    )
    return display_values(person)
