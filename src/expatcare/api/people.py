"""People endpoints: list, read and change, scoped by the caller's role and tenant."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router
from pydantic import field_validator

from expatcare.accounts.actor import Actor
from expatcare.api.schemas import (
    DeclaredPersonOut,
    DocumentOut,
    FamilyMemberOut,
    FamilyMemberSummary,
    LanguageSkill,
    PersonDetail,
    PersonDetailSummary,
    PersonPage,
    PersonPatch,
    QualificationOut,
)
from expatcare.apikit.auth import actor_of
from expatcare.apikit.pagination import page_body, paginate_with
from expatcare.apikit.schemas import FieldProblems, PageQuery, Problem
from expatcare.core.errors import ServiceError
from expatcare.core.pagination import BoundedCount, bounded_count
from expatcare.people import selectors, services
from expatcare.people.assignments import person_reads, provider_reads_record
from expatcare.people.declared import DeclaredPerson, assigned_people
from expatcare.people.models import Person
from expatcare.people.policies import (
    access_person,
    can_see_family,
    can_see_sensitive,
    manager_sees_details,
    visible_people,
)

router = Router(tags=["people"])


_ORDERINGS: list[Any] = sorted(selectors.ALLOWED_ORDERINGS)


class PersonFilters(PageQuery):
    search: str = Field(
        "",
        max_length=selectors.SEARCH_MAX_LENGTH,
        description="Words matched against names and e-mail (the first five words count).",
    )
    status: str = Field("", description="candidate, offer, hired, active or left")
    kind: str = Field("", description="employee or candidate")
    nationality: str = Field("", description="ISO 3166-1 alpha-2 code, e.g. IN")
    work_state: str = Field("", description="German state code, e.g. BY")
    ordering: str = Field(
        selectors.DEFAULT_ORDERING,
        description="One of " + ", ".join(sorted(selectors.ALLOWED_ORDERINGS)) + ".",
        json_schema_extra={"enum": _ORDERINGS},
    )

    @field_validator("ordering")
    @classmethod
    def _known_ordering(cls, value: str) -> str:
        """The document says "one of": anything else is refused, not silently ignored."""
        if value not in selectors.ALLOWED_ORDERINGS:
            raise ValueError(
                "Unknown ordering; use one of " + ", ".join(sorted(selectors.ALLOWED_ORDERINGS))
            )
        return value


def _summary(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "full_name": person.full_name,
        "kind": person.kind,
        "status": person.status,
        "nationalities": [str(n.country) for n in person.nationalities.all()],
        "job_title": person.job_title,
        "work_country": str(person.work_country),
        "work_state": person.work_state,
    }


# Columns of the list rows, in the field order of PersonSummary and PersonListItem.
SUMMARY_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "kind",
    "status",
    "job_title",
    "work_country",
    "work_state",
)
LIST_ITEM_FIELDS = (*SUMMARY_FIELDS, "email", "birth_date", "start_date", "end_date")
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def _bounded_count(people: QuerySet[Person], filters: PersonFilters) -> BoundedCount:
    return bounded_count(people, page=filters.page, page_size=filters.page_size)


def _list_row(values: dict[str, Any]) -> dict[str, Any]:
    """One list row of employer staff as JSON-ready values: PersonListItem, or PersonSummary
    for a manager whom HR has not granted their reports' details."""
    row: dict[str, Any] = {
        "id": values["id"],
        "first_name": values["first_name"],
        "last_name": values["last_name"],
        "full_name": f"{values['first_name']} {values['last_name']}".strip(),
        "kind": values["kind"],
        "status": values["status"],
        "nationalities": values["nationalities"],
        "job_title": values["job_title"],
        "work_country": str(values["work_country"]),
        "work_state": values["work_state"],
    }
    if "email" in values:
        row["email"] = values["email"]
        for name in ("birth_date", "start_date", "end_date"):
            day = values[name]
            row[name] = day.isoformat() if day is not None else None
    return row


def _declared_out(person: DeclaredPerson) -> dict[str, Any]:
    return {
        "id": person.id,
        "services": list(person.services),
        "declared_fields": sorted(person.fields),
        "fields": person.values,
    }


def _declared(actor: Actor, ids: list[int]) -> list[dict[str, Any]]:
    """Provider users: each person with the declared fields only, the reads logged."""
    people = assigned_people(actor, ids)
    rows = [people[pk] for pk in ids if pk in people]
    provider_reads_record(
        actor=actor, reads=person_reads((row.id, row.organization_id) for row in rows)
    )
    return [_declared_out(row) for row in rows]


# Filters a provider may not use: each would tell it about a field it may not be given.
PROVIDER_REFUSED_FILTERS = ("search", "status", "kind", "nationality", "work_state")


def _provider_filters(filters: PersonFilters) -> None:
    for name in PROVIDER_REFUSED_FILTERS:
        if getattr(filters, name):
            raise ServiceError(
                "Provider users cannot filter people; they get the declared fields only.",
                field=name,
            )
    if filters.ordering != selectors.DEFAULT_ORDERING:
        raise ServiceError(
            "Provider users get people in the order of assignment.", field="ordering"
        )


def _detail(actor: Actor, person_id: int) -> PersonDetail | PersonDetailSummary | DeclaredPersonOut:
    if actor.is_provider:
        person = access_person(actor, person_id)
        return DeclaredPersonOut(**_declared(actor, [person.pk])[0])
    person = selectors.person_detail(actor=actor, person_id=person_id)
    languages = [LanguageSkill(language=x.language, level=x.level) for x in person.languages.all()]
    family = list(person.family_members.all()) if can_see_family(actor, person) else []
    if not can_see_sensitive(actor, person):
        return PersonDetailSummary(
            **_summary(person),
            languages=languages,
            family_members=[
                FamilyMemberSummary(
                    id=m.pk, relation=m.relation, first_name=m.first_name, last_name=m.last_name
                )
                for m in family
            ],
        )
    services.person_salary_read(actor=actor, person=person)
    documents = []
    for document in person.documents.all():
        current = next((v for v in document.versions.all() if v.is_current), None)
        documents.append(
            DocumentOut(
                id=document.pk,
                kind=document.kind,
                title=document.title,
                current_version=current.version if current else None,
                valid_until=current.valid_until if current else None,
            )
        )
    return PersonDetail(
        **_summary(person),
        email=person.email,
        birth_date=person.birth_date,
        start_date=person.start_date,
        end_date=person.end_date,
        languages=languages,
        phone=person.phone,
        preferred_language=person.preferred_language,
        time_zone=person.time_zone,
        residence_country=str(person.residence_country),
        address=person.address,
        move_in_date=person.move_in_date,
        annual_salary_eur=person.annual_salary_eur,
        weekly_hours=person.weekly_hours,
        telework_share_percent=person.telework_share_percent,
        manager_id=person.manager_id,
        family_members=[
            FamilyMemberOut(
                id=m.pk,
                relation=m.relation,
                first_name=m.first_name,
                last_name=m.last_name,
                birth_date=m.birth_date,
                nationality=str(m.nationality),
                joins_in_germany=m.joins_in_germany,
            )
            for m in family
        ],
        qualifications=[
            QualificationOut(
                id=q.pk,
                kind=q.kind,
                title=q.title,
                country=str(q.country),
                completed_year=q.completed_year,
                recognition=q.recognition,
                state_recognised_abroad=q.state_recognised_abroad,
                training_years=q.training_years,
            )
            for q in person.qualifications.all()
        ],
        documents=documents,
    )


@router.get(
    "/people",
    operation_id="person_list",
    response={200: PersonPage, 422: FieldProblems},
    summary="List people",
    description=(
        "The people the caller may see: owners, HR and auditors see their whole tenant, "
        "managers their own reports (reduced fields unless HR granted more), employees "
        "their own record, provider users the people assigned to their organisation with the "
        "fields their assignments declare only (no filters; each read is logged). Salaries "
        "are only in the single-person response, where each read is logged."
    ),
)
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> HttpResponse:
    actor = actor_of(request)
    if actor.is_provider:
        _provider_filters(filters)
        page = paginate_with(
            request,
            visible_people(actor).order_by("id"),
            page=filters.page,
            page_size=filters.page_size,
            load=lambda rows: _declared(actor, list(rows.values_list("id", flat=True))),
        )
        return HttpResponse(json.dumps(page_body(page)), content_type=JSON_CONTENT_TYPE)
    people = selectors.person_list(
        actor=actor,
        search=filters.search,
        status=filters.status,
        kind=filters.kind,
        nationality=filters.nationality,
        work_state=filters.work_state,
        ordering=filters.ordering,
    )
    # Managers without HR's grant get no contact or birth date in the list.
    fields = (
        SUMMARY_FIELDS if actor.is_manager and not manager_sees_details(actor) else LIST_ITEM_FIELDS
    )
    page = paginate_with(
        request,
        people,
        page=filters.page,
        page_size=filters.page_size,
        load=lambda rows: [_list_row(values) for values in selectors.person_values(rows, fields)],
        counter=lambda rows: _bounded_count(rows, filters),
    )
    # The rows are built from typed columns in the shape of PersonPage (the declared response,
    # which the OpenAPI document shows); validating 50 rows again through pydantic cost more
    # than the whole rest of the request.
    return HttpResponse(json.dumps(page_body(page)), content_type=JSON_CONTENT_TYPE)


@router.get(
    "/people/{id:person_id}",
    operation_id="person_read",
    response={200: PersonDetail | PersonDetailSummary | DeclaredPersonOut, 404: Problem},
    summary="Read one person",
)
def person_read(
    request: HttpRequest, person_id: int
) -> PersonDetail | PersonDetailSummary | DeclaredPersonOut:
    return _detail(actor_of(request), person_id)


@router.patch(
    "/people/{id:person_id}",
    operation_id="person_update",
    response={
        200: PersonDetail | PersonDetailSummary | DeclaredPersonOut,
        403: Problem,
        404: Problem,
        422: FieldProblems,
    },
    summary="Change a person",
    description="HR and owners only. Send only the fields to change; lists are replaced.",
)
def person_patch(
    request: HttpRequest, person_id: int, payload: PersonPatch
) -> PersonDetail | PersonDetailSummary | DeclaredPersonOut:
    actor = actor_of(request)
    person = access_person(actor, person_id, for_write=True)
    changes = payload.model_dump(exclude_unset=True)
    if "manager_id" in changes:
        # The service cleans and audits the manager as the person form's choice does.
        changes["manager"] = changes.pop("manager_id")
    try:
        services.person_update(actor=actor, person=person, changes=changes)
    except ServiceError as error:
        if error.field == "manager":
            raise ServiceError(error.message, field="manager_id", code=error.code) from error
        raise
    return _detail(actor, person_id)
