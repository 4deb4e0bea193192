"""What a provider is shown of a person: the declared fields and nothing else.

A provider's access to a person's data is always a declaration from the fixed list
(``choices.ProviderField``): the fields of its assignments to the person (people pages, case
pages, the people and case API) or the fields of a care module (care's enrolment pages, export
and API). This module is the one place that turns such a declaration into values: it reads
only the columns and related rows the declared fields need (``PROVIDER_FIELD_SOURCES``), in a
fixed number of queries for a whole page, and nothing undeclared ever leaves it. Salary,
immigration status and documents are not on the list, so no declaration can reach them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django_countries import countries

from expatcare.accounts.actor import Actor
from expatcare.core.choices import GermanState
from expatcare.core.formatting import language_name, short_date_formatter
from expatcare.people.choices import PROVIDER_FIELD_SOURCES, FamilyRelation, ProviderField
from expatcare.people.models import FamilyMember, Person, PersonNationality
from expatcare.people.policies import open_assignments

# Columns of ``Person`` that are plain values; nationality and family are related rows.
_RELATED = {ProviderField.NATIONALITY.value, ProviderField.FAMILY_MEMBERS.value}


@dataclass(frozen=True, slots=True)
class DeclaredValue:
    """One declared field for a page: its code, its label and its text in the reader's
    language."""

    field: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class DeclaredPerson:
    """A person as a provider may see them: ``values`` holds the declared fields only, as
    JSON-ready values (dates as ISO strings, countries as codes)."""

    id: int
    organization_id: int
    fields: frozenset[str]
    values: dict[str, Any]
    services: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        """The name where it is declared, else empty."""
        return str(self.values.get(ProviderField.NAME, ""))

    def label(self) -> str:
        """How a page names the person: the declared name, else a number."""
        return self.name or _("Person no. %(id)s") % {"id": self.id}


def load_declared(declarations: Mapping[int, Iterable[str]]) -> dict[int, DeclaredPerson]:
    """The declared values of each person of ``declarations`` (person id -> declared fields).

    At most three queries whatever the number of people: the person columns the declarations
    need, their nationalities and their family, the last two only where declared at all.
    """
    fields = {
        pid: frozenset(name for name in names if name in PROVIDER_FIELD_SOURCES)
        for pid, names in declarations.items()
    }
    wanted = set().union(*fields.values()) if fields else set()
    columns = {"id", "organization_id"} | {
        column for name in wanted - _RELATED for column in PROVIDER_FIELD_SOURCES[name]
    }
    rows = {row["id"]: row for row in Person.objects.filter(pk__in=list(fields)).values(*columns)}
    nationalities: dict[int, list[str]] = {}
    family: dict[int, list[dict[str, Any]]] = {}
    with_nationality = [pid for pid, names in fields.items() if ProviderField.NATIONALITY in names]
    if with_nationality:
        for person_id, country in (
            PersonNationality.objects.filter(person_id__in=with_nationality)
            .order_by("country")
            .values_list("person_id", "country")
        ):
            nationalities.setdefault(person_id, []).append(str(country))
    with_family = [pid for pid, names in fields.items() if ProviderField.FAMILY_MEMBERS in names]
    if with_family:
        for member in (
            FamilyMember.objects.filter(person_id__in=with_family)
            .order_by("person_id", "id")
            .values("person_id", "relation", "first_name", "last_name", "birth_date")
        ):
            family.setdefault(member["person_id"], []).append(
                {
                    "relation": member["relation"],
                    "first_name": member["first_name"],
                    "last_name": member["last_name"],
                    "birth_date": _iso(member["birth_date"]),
                }
            )
    people: dict[int, DeclaredPerson] = {}
    for person_id, names in fields.items():
        row = rows.get(person_id)
        if row is None:
            continue
        values: dict[str, Any] = {}
        for name in ProviderField.values:
            if name not in names:
                continue
            if name == ProviderField.NAME:
                values[name] = f"{row['first_name']} {row['last_name']}".strip()
            elif name == ProviderField.NATIONALITY:
                values[name] = nationalities.get(person_id, [])
            elif name == ProviderField.FAMILY_MEMBERS:
                values[name] = family.get(person_id, [])
            elif name == ProviderField.WORK_LOCATION:
                values[name] = {"country": str(row["work_country"]), "state": row["work_state"]}
            else:
                (column,) = PROVIDER_FIELD_SOURCES[name]
                value = row[column]
                values[name] = _iso(value) if hasattr(value, "isoformat") else str(value or "")
        people[person_id] = DeclaredPerson(
            id=person_id, organization_id=row["organization_id"], fields=names, values=values
        )
    return people


def assigned_people(actor: Actor, person_ids: Iterable[int]) -> dict[int, DeclaredPerson]:
    """For a provider user: the people of ``person_ids`` it is assigned to, each with the
    union of the fields its open assignments declare and their services (four queries)."""
    ids = list(person_ids)
    declared: dict[int, set[str]] = {}
    services: dict[int, list[str]] = {}
    if ids:
        for person_id, names, service in (
            open_assignments(actor)
            .filter(person_id__in=ids)
            .order_by("created_at", "id")
            .values_list("person_id", "fields", "service")
        ):
            declared.setdefault(person_id, set()).update(names or ())
            services.setdefault(person_id, []).append(service)
    people = load_declared(declared)
    return {
        pid: DeclaredPerson(
            id=person.id,
            organization_id=person.organization_id,
            fields=person.fields,
            values=person.values,
            services=tuple(dict.fromkeys(services.get(pid, ()))),
        )
        for pid, person in people.items()
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def display_values(person: DeclaredPerson) -> list[DeclaredValue]:
    """The declared fields as label and text in the reader's language, in list order."""
    labels = dict(ProviderField.choices)
    relations = dict(FamilyRelation.choices)
    states = dict(GermanState.choices)
    format_date = short_date_formatter()
    shown: list[DeclaredValue] = []
    for name, value in person.values.items():
        if name in (ProviderField.BIRTH_DATE, ProviderField.START_DATE):
            text = format_date(_date(value))
        elif name == ProviderField.NATIONALITY:
            text = ", ".join(str(countries.name(code)) for code in value) or "–"
        elif name == ProviderField.RESIDENCE_COUNTRY:
            text = str(countries.name(value)) if value else "–"
        elif name == ProviderField.PREFERRED_LANGUAGE:
            text = language_name(value) if value else "–"
        elif name == ProviderField.WORK_LOCATION:
            text = str(countries.name(value["country"]))
            if value["state"]:
                text += f", {states.get(value['state'], value['state'])}"
        elif name == ProviderField.FAMILY_MEMBERS:
            text = (
                "; ".join(
                    f"{m['first_name']} {m['last_name']}".strip()
                    + f" ({relations.get(m['relation'], m['relation'])}"
                    + (f", {format_date(_date(m['birth_date']))}" if m["birth_date"] else "")
                    + ")"
                    for m in value
                )
                or "–"
            )
        else:
            text = str(value) or "–"
        shown.append(DeclaredValue(field=name, label=str(labels[name]), text=text))
    return shown


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
