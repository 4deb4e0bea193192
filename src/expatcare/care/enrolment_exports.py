"""The enrolment list as CSV and XLSX, streamed: one line per enrolment the reader may see.

The person columns carry exactly the fields the enrolment's module declares (what its provider
receives), for every reader: a provider gets nothing else, and HR sees what it shares. Lines
are read in chunks; each chunk loads the declared values in a fixed number of queries
(``people.declared``) and, for a provider user, logs the enrolments it was shown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from expatcare.accounts.actor import Actor
from expatcare.audit.services import Read
from expatcare.care.choices import EnrolmentStatus, ProviderField
from expatcare.care.models import Enrolment
from expatcare.core import xlsx
from expatcare.people.assignments import provider_reads_record
from expatcare.people.choices import FamilyRelation
from expatcare.people.declared import DeclaredPerson, display_values, load_declared

CHUNK_ROWS = 500
VALUES = (
    "id",
    "organization_id",
    "person_id",
    "family_member__first_name",
    "family_member__relation",
    "module_id",
    "module__name_en",
    "module__provider_name",
    "module__provider_fields",
    "status",
    "start_date",
    "end_date",
    "provider_reference",
)
# Person columns after the enrolment's own: the fixed list in its order.
PERSON_FIELDS = tuple(ProviderField.values)


def _header() -> list[str]:
    labels = dict(ProviderField.choices)
    return [
        _("Enrolment"),
        _("Module"),
        _("Provider"),
        _("Status"),
        _("Start"),
        _("End"),
        _("Provider reference"),
        _("Covered family member"),
        *(str(labels[name]) for name in PERSON_FIELDS),
    ]


def _lines(actor: Actor, enrolments: QuerySet[Enrolment]) -> Iterator[list[object]]:
    statuses = {value: str(label) for value, label in EnrolmentStatus.choices}
    relations = {value: str(label) for value, label in FamilyRelation.choices}
    rows = enrolments.values(*VALUES).iterator(chunk_size=CHUNK_ROWS)
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            yield from _chunk_lines(actor, chunk, statuses, relations)
            chunk = []
    if chunk:
        yield from _chunk_lines(actor, chunk, statuses, relations)


def _chunk_lines(
    actor: Actor,
    chunk: Sequence[dict[str, Any]],
    statuses: dict[str, str],
    relations: dict[str, str],
) -> Iterator[list[object]]:
    declarations: dict[int, set[str]] = {}
    for row in chunk:
        if row["person_id"] is not None:
            fields = row["module__provider_fields"] or ()
            declarations.setdefault(row["person_id"], set()).update(fields)
    people = load_declared(declarations)
    provider_reads_record(
        actor=actor,
        reads=[
            Read(
                organization_id=row["organization_id"],
                object_type="care.enrolment",
                object_id=row["id"],
                object_repr=f"#{row['id']} {row['module_id']}",
                person_id=row["person_id"],
            )
            for row in chunk
        ],
    )
    for row in chunk:
        declared = frozenset(row["module__provider_fields"] or ())
        person = people.get(row["person_id"]) if row["person_id"] is not None else None
        texts = _person_texts(person, declared)
        member = ""
        if row["family_member__first_name"] and ProviderField.FAMILY_MEMBERS in declared:
            relation = relations.get(row["family_member__relation"], "")
            member = f"{row['family_member__first_name']} ({relation})"
        yield [
            row["id"],
            row["module__name_en"],
            row["module__provider_name"],
            str(statuses.get(row["status"], row["status"])),
            row["start_date"],
            row["end_date"],
            row["provider_reference"],
            member,
            *(texts.get(name, "") for name in PERSON_FIELDS),
        ]


def _person_texts(person: DeclaredPerson | None, declared: frozenset[str]) -> dict[str, str]:
    """The texts of the fields this enrolment's module declares, nothing of the others (the
    person may be loaded with more fields for another enrolment of the chunk)."""
    if person is None:
        return {}
    own = DeclaredPerson(
        id=person.id,
        organization_id=person.organization_id,
        fields=person.fields & declared,
        values={k: v for k, v in person.values.items() if k in declared},
    )
    return {value.field: value.text for value in display_values(own)}


def csv_response(actor: Actor, enrolments: QuerySet[Enrolment]) -> StreamingHttpResponse:
    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_header())
        for row in _lines(actor, enrolments):
            writer.writerow(
                [v.isoformat() if hasattr(v, "isoformat") else xlsx.safe_cell(v) for v in row]
            )
            if buffer.tell() > 65536:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="care-enrolments.csv"'
    return response


def xlsx_response(actor: Actor, enrolments: QuerySet[Enrolment]) -> StreamingHttpResponse:
    rows = (
        [v if hasattr(v, "isoformat") or isinstance(v, int) else xlsx.safe_cell(v) for v in row]
        for row in _lines(actor, enrolments)
    )
    response = StreamingHttpResponse(
        xlsx.stream_workbook(_("Care enrolments"), _header(), rows),
        content_type=xlsx.CONTENT_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="care-enrolments.xlsx"'
    return response
