"""Reads of the people domain, always scoped through the actor, query count bounded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone
from django_countries import countries

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Organization, OrganizationKind
from expatcare.core.search import search_key
from expatcare.people.choices import DocumentKind, PersonStatus, ProviderField
from expatcare.people.figures import people_figures_version
from expatcare.people.models import (
    Document,
    DocumentVersion,
    Person,
    PersonLanguage,
    PersonNationality,
)
from expatcare.people.policies import (
    access_person,
    can_see_sensitive,
    manager_sees_details,
    visible_assignments,
    visible_people,
)

ORDERING_FIELDS = ("last_name", "first_name", "status", "start_date", "created_at")
ALLOWED_ORDERINGS = frozenset(ORDERING_FIELDS) | {f"-{name}" for name in ORDERING_FIELDS}
DEFAULT_ORDERING = "last_name"
# Longest search text a list accepts (the page's search field and the API's ``search``).
SEARCH_MAX_LENGTH = 100
# Expiry within this many days is shown as urgent.
URGENT_DAYS = 30
TOP_NATIONALITIES = 15
EXPIRING_LIST_LIMIT = 50


def _nationalities_prefetch() -> Prefetch[str, QuerySet[PersonNationality], str]:
    return Prefetch("nationalities", queryset=PersonNationality.objects.order_by("country"))


def person_list(
    *,
    actor: Actor,
    search: str = "",
    status: str = "",
    kind: str = "",
    nationality: str = "",
    work_state: str = "",
    ordering: str = DEFAULT_ORDERING,
) -> QuerySet[Person]:
    """Filtered, ordered people the actor may see, nationalities prefetched.

    Unknown orderings fall back to the default rather than failing; the id breaks ties so that
    pages are stable.
    """
    people = visible_people(actor)
    search = search.strip()
    if search:
        # Case and accents ignored alike on SQLite and PostgreSQL: "Gomez" finds "Gómez".
        for term in search_key(search).split()[:5]:
            people = people.filter(search_text__contains=term)
    if status:
        people = people.filter(status=status)
    if kind:
        people = people.filter(kind=kind)
    if nationality:
        # (person, country) is unique, so this join cannot duplicate people.
        people = people.filter(nationalities__country=nationality.upper())
    if work_state:
        people = people.filter(work_state=work_state)
    if ordering not in ALLOWED_ORDERINGS:
        ordering = DEFAULT_ORDERING
    tie_breakers = ["-id"] if ordering.startswith("-") else ["id"]
    if ordering.lstrip("-") == "last_name":
        tie_breakers = [ordering.replace("last_name", "first_name"), *tie_breakers]
    if actor.is_provider or actor.is_manager:
        people = people.defer("annual_salary_eur", "birth_date", "address", "phone")
    return people.order_by(ordering, *tie_breakers).prefetch_related(_nationalities_prefetch())


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One row of the people list: plain values, no model instance to build per row."""

    id: int
    last_name: str
    first_name: str
    status: str
    job_title: str
    work_state: str
    start_date: dt.date | None
    created_at: dt.datetime
    nationalities: tuple[str, ...]


PERSON_ROW_FIELDS = (
    "id",
    "last_name",
    "first_name",
    "status",
    "job_title",
    "work_state",
    "start_date",
    "created_at",
)


def _nationality_codes(ids: Sequence[int]) -> dict[int, list[str]]:
    """Nationality codes of the given people in one query, each list ordered by code.

    A flat lookup instead of a prefetch: no model instance and no country object per row.
    """
    nationalities: dict[int, list[str]] = {person_id: [] for person_id in ids}
    if ids:
        # Plain SQL: for 50 ids the ORM's per-parameter work cost ten times the query.
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (  # only "%s" placeholders are interpolated, never values
            "SELECT person_id, country FROM people_personnationality"  # noqa: S608
            f" WHERE person_id IN ({placeholders}) ORDER BY country"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [int(person_id) for person_id in ids])
            for person_id, country in cursor.fetchall():
                nationalities[person_id].append(str(country))
    return nationalities


def person_rows(people: QuerySet[Person]) -> list[PersonRow]:
    """The rows of one page of ``person_list``: two queries whatever the page size.

    Plain tuples instead of model instances and a flat nationality lookup instead of a
    prefetch keep a 50-row page close to the cost of a bare Django page.
    """
    values = list(people.prefetch_related(None).values_list(*PERSON_ROW_FIELDS))
    nationalities = _nationality_codes([row[0] for row in values])
    return [
        PersonRow(
            **dict(zip(PERSON_ROW_FIELDS, row, strict=True)),
            nationalities=tuple(nationalities[row[0]]),
        )
        for row in values
    ]


def person_values(people: QuerySet[Person], fields: Sequence[str]) -> list[dict[str, Any]]:
    """One page of ``person_list`` as plain dicts of ``fields`` plus ``nationalities``.

    Two queries whatever the page size, and no model instance per row: the API list builds
    its JSON straight from these. ``fields`` must start with ``id``.
    """
    values = list(people.prefetch_related(None).values(*fields))
    nationalities = _nationality_codes([row["id"] for row in values])
    for row in values:
        row["nationalities"] = nationalities[row["id"]]
    return values


def person_detail(*, actor: Actor, person_id: int, documents: bool = True) -> Person:
    """One person with everything their page shows, loaded in a fixed number of queries.

    ``documents=False`` leaves the documents to ``person_documents``, which the person page
    reads in one query instead of two.
    """
    person = access_person(actor, person_id)
    lookups: list[Any] = [
        _nationalities_prefetch(),
        Prefetch("languages", queryset=PersonLanguage.objects.order_by("language")),
        "family_members",
    ]
    if person.manager_id is not None and not actor.is_provider:
        lookups.append("manager__user")
    if can_see_sensitive(actor, person):
        lookups.append("qualifications")
    if documents and can_see_sensitive(actor, person):
        lookups += [
            Prefetch(
                "documents",
                queryset=Document.objects.select_related("family_member").prefetch_related(
                    Prefetch(
                        "versions",
                        queryset=DocumentVersion.objects.order_by("-version"),
                    )
                ),
            ),
        ]
    prefetch_related_objects([person], *lookups)
    return person


@dataclass(frozen=True, slots=True)
class PersonDocument:
    """A document of the person page with its versions, newest first."""

    document: Document
    versions: list[DocumentVersion]


def person_documents(*, actor: Actor, person: Person) -> list[PersonDocument]:
    """The person's documents with their versions in one query, in the register's order; the
    caller has checked ``can_see_sensitive``. Every upload writes a version, so reading from
    the versions finds every document a page can show."""
    versions = (
        DocumentVersion.objects.filter(
            organization_id=person.organization_id, document__person_id=person.pk
        )
        .select_related("document__family_member")
        .order_by("document__kind", "document_id", "-version")
    )
    found: dict[int, PersonDocument] = {}
    for version in versions:
        row = found.get(version.document_id)
        if row is None:
            row = found[version.document_id] = PersonDocument(version.document, [])
        row.versions.append(version)
    return list(found.values())


@dataclass(frozen=True, slots=True)
class ExpiringDocument:
    version_id: int
    document_id: int
    person_id: int
    person_name: str
    kind: str
    kind_label: str
    valid_until: dt.date
    days_left: int

    @property
    def badge(self) -> str:
        """CSS modifier: danger when urgent, warn otherwise."""
        return "danger" if self.days_left <= URGENT_DAYS else "warn"


@dataclass
class DashboardFigures:
    people_by_status: list[tuple[str, str, int]]
    expiring_documents: list[ExpiringDocument]
    expiring_count: int
    people_by_nationality: list[tuple[str, str, int]]
    # Beyond the most common: how many further countries, and the people holding them.
    other_nationalities: tuple[int, int]
    total_people: int
    horizon_days: int = 90
    extra: dict[str, object] = field(default_factory=dict)


def expiring_documents(
    *, actor: Actor, today: dt.date, horizon_days: int, limit: int = EXPIRING_LIST_LIMIT
) -> tuple[list[ExpiringDocument], int]:
    """Current document versions whose validity ends within the horizon, soonest first."""
    if actor.is_provider or (actor.is_manager and not manager_sees_details(actor)):
        return [], 0
    until = today + dt.timedelta(days=horizon_days)
    versions = DocumentVersion.objects.filter(
        organization_id=actor.organization_id,
        is_current=True,
        valid_until__gte=today,
        valid_until__lte=until,
    )
    if not actor.sees_whole_tenant:
        # Owner, HR and auditor see every person of the tenant, so the copied tenant key alone
        # answers from the partial expiry index; a sub-select of every visible person cost
        # more than the rest of the dashboard.
        versions = versions.filter(document__person__in=visible_people(actor))
    count = versions.count()
    rows = versions.order_by("valid_until", "id").values(
        "id",
        "document_id",
        "document__kind",
        "document__person_id",
        "document__person__first_name",
        "document__person__last_name",
        "valid_until",
    )[:limit]
    labels = dict(DocumentKind.choices)
    items = []
    for row in rows:
        valid_until = row["valid_until"]
        if valid_until is None:  # excluded by the filter; narrows the type
            continue
        items.append(
            ExpiringDocument(
                version_id=row["id"],
                document_id=row["document_id"],
                person_id=row["document__person_id"],
                person_name=(
                    f"{row['document__person__first_name']} {row['document__person__last_name']}"
                ).strip(),
                kind=row["document__kind"],
                kind_label=str(labels.get(row["document__kind"], row["document__kind"])),
                valid_until=valid_until,
                days_left=(valid_until - today).days,
            )
        )
    return items, count


def _visible_nationalities(actor: Actor) -> QuerySet[PersonNationality]:
    """Nationality rows of the visible people.

    Owner, HR and auditor see the whole tenant, so the copied tenant key answers directly
    from the (organization, country) index instead of a sub-select over every visible person.
    """
    if actor.sees_whole_tenant:
        return PersonNationality.objects.filter(organization_id=actor.organization_id)
    return PersonNationality.objects.filter(person__in=visible_people(actor))


# Table and columns of PersonNationality in the hand-written SQL of this module (checked by the
# tests against the model's metadata).
_TENANT_NATIONALITY_CODES_SQL = """
WITH RECURSIVE codes(code) AS (
    SELECT MIN(country) FROM people_personnationality WHERE organization_id = %s
    UNION ALL
    SELECT (
        SELECT MIN(country) FROM people_personnationality
        WHERE organization_id = %s AND country > codes.code
    )
    FROM codes WHERE codes.code IS NOT NULL
)
SELECT code FROM codes WHERE code IS NOT NULL
"""


def _tenant_nationality_codes(organization_id: int) -> list[str]:
    """The distinct nationality codes of one tenant, by a loose scan of the country index.

    ``SELECT DISTINCT`` reads every nationality row of the tenant (a cost that grows with
    the tenant); stepping from one code to the next through the (organization, country)
    index costs one index probe per distinct country, on SQLite and PostgreSQL alike.
    """
    with connection.cursor() as cursor:
        cursor.execute(_TENANT_NATIONALITY_CODES_SQL, [organization_id, organization_id])
        return [str(row[0]) for row in cursor.fetchall()]


def nationality_options(*, actor: Actor) -> list[tuple[str, str]]:
    """The nationalities that occur among the visible people, as (code, name) by name.

    Offering only these keeps the filter useful and the page light: a select of every
    country in the world costs more to render than the whole table of results.
    """
    codes: Iterable[str]
    if actor.sees_whole_tenant:
        codes = _tenant_nationality_codes(actor.organization_id)
    else:
        codes = (
            _visible_nationalities(actor).order_by().values_list("country", flat=True).distinct()
        )
    return sorted(
        ((str(code), str(countries.name(code))) for code in codes), key=lambda item: item[1]
    )


# Headline counts are cached per tenant and figures version (bumped after every committed
# change of a person or nationality); the expiry used to bound changes made in bulk.
DASHBOARD_CACHE_SECONDS = 60


NationalityCounts = list[tuple[str, int]]


def _people_counts(actor: Actor) -> tuple[dict[str, int], NationalityCounts]:
    """People per status and per nationality (most common first), as codes and counts.

    Both read every person (or nationality) row of the visible people: for a whole tenant
    that is most of the dashboard's time and grows with the tenant, so employer staff get
    the counts of the current figures version from the cache. Labels stay per request.
    """

    def compute() -> tuple[dict[str, int], NationalityCounts]:
        statuses = visible_people(actor).order_by().values_list("status").annotate(n=Count("id"))
        # Every country, not only the top ones: the grouping reads all rows either way, and
        # the dashboard sums the rest into one line (there are at most ~250 groups).
        nationality_rows = (
            _visible_nationalities(actor)
            .order_by()
            .values("country")
            .annotate(n=Count("id"))
            .order_by("-n", "country")
        )
        return (
            {str(status): int(n) for status, n in statuses.values_list("status", "n")},
            [(str(row["country"]), int(row["n"])) for row in nationality_rows],
        )

    if not actor.sees_whole_tenant:
        return compute()
    version = people_figures_version(actor.organization_id)
    key = f"people:dashboard-counts:v2:{actor.organization_id}:{version}"
    cached = cache.get(key)
    if cached is not None:
        return cast(tuple[dict[str, int], NationalityCounts], cached)
    fresh = compute()
    cache.set(key, fresh, DASHBOARD_CACHE_SECONDS)
    return fresh


def dashboard_figures(
    *, actor: Actor, today: dt.date | None = None, horizon_days: int = 90
) -> DashboardFigures:
    """Headline figures for the actor's people, each aggregated in SQL (one query per figure)."""
    today = today or timezone.localdate()
    counts, nationalities = _people_counts(actor)
    by_status = [(code, str(label), counts.get(code, 0)) for code, label in PersonStatus.choices]
    total = sum(counts.values())
    top, rest = nationalities[:TOP_NATIONALITIES], nationalities[TOP_NATIONALITIES:]
    by_nationality = [(code, str(countries.name(code)), n) for code, n in top]
    documents, expiring_count = expiring_documents(
        actor=actor, today=today, horizon_days=horizon_days
    )
    return DashboardFigures(
        people_by_status=by_status,
        expiring_documents=documents,
        expiring_count=expiring_count,
        people_by_nationality=by_nationality,
        other_nationalities=(len(rest), sum(n for _code, n in rest)),
        total_people=total,
        horizon_days=horizon_days,
    )


# --- provider assignments ------------------------------------------------------------------


def provider_choices() -> list[tuple[int, str]]:
    """The provider organisations on the platform, for the assignment form (one query)."""
    return list(
        Organization.objects.filter(kind=OrganizationKind.PROVIDER)
        .order_by("name", "id")
        .values_list("pk", "name")
    )


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    id: int
    provider_name: str
    service: str
    field_labels: tuple[str, ...]
    case_id: int | None
    created_at: dt.datetime
    ended_at: dt.datetime | None


def assignment_rows(
    *, actor: Actor, person_id: int, case_id: int | None = None
) -> list[AssignmentRow]:
    """A person's provider assignments (or one case's), open ones first; one query."""
    assignments = visible_assignments(actor).filter(person_id=person_id)
    if case_id is not None:
        assignments = assignments.filter(case_id=case_id)
    labels = dict(ProviderField.choices)
    rows = assignments.order_by(F("ended_at").desc(nulls_first=True), "-created_at", "-id").values(
        "id", "provider__name", "service", "fields", "case_id", "created_at", "ended_at"
    )
    return [
        AssignmentRow(
            id=row["id"],
            provider_name=row["provider__name"],
            service=row["service"],
            field_labels=tuple(str(labels[code]) for code in row["fields"] or () if code in labels),
            case_id=row["case_id"],
            created_at=row["created_at"],
            ended_at=row["ended_at"],
        )
        for row in rows
    ]
