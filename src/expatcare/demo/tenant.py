"""Seed data: the demo tenant (Muster Maschinenbau GmbH with 25 international people).

This is seed data, not a user action: rows are created through the ORM directly (no services,
no audit entries), reproducibly from ``random.Random(seed)``, and dates are placed relative to
``today`` so that the expiry scenarios (30/60/90 days, expired, renewed) stay meaningful
whenever the demo is built. The logins live in ``demo/logins.py``, the large benchmark
tenants in ``demo/bench_tenant.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from expatcare.accounts.models import Membership, Organization, OrganizationKind, User
from expatcare.accounts.roles import PROVIDER_ROLES, Role
from expatcare.compliance.models import Duty, DutyStatus
from expatcare.compliance.recompute import duties_recompute_for_organization
from expatcare.core.choices import GermanState
from expatcare.demo.care import build_demo_care
from expatcare.demo.cases import assign_demo_case_providers, build_demo_cases
from expatcare.demo.files import tiny_pdf
from expatcare.demo.logins import DEMO_LOGINS, DemoLogin
from expatcare.people.choices import (
    DEFAULT_ASSIGNMENT_FIELDS,
    DocumentKind,
    FamilyRelation,
    PersonKind,
    PersonStatus,
    ProviderField,
    QualificationKind,
    RecognitionStatus,
)
from expatcare.people.figures import people_figures_changed
from expatcare.people.models import (
    Document,
    DocumentVersion,
    FamilyMember,
    Person,
    PersonLanguage,
    PersonNationality,
    ProviderAssignment,
    Qualification,
)

DEMO_ORGANIZATION_NAME = "Muster Maschinenbau GmbH"
DEMO_ORGANIZATION_SLUG = "muster-maschinenbau"
DEMO_PROVIDER_NAME = "Relocation Partner Bayern GmbH"
DEMO_PROVIDER_SLUG = "relocation-partner-bayern"
DEMO_SEED = 2026

# --------------------------------------------------------------------------- demo tenant


@dataclass(frozen=True)
class DocSpec:
    kind: DocumentKind
    valid_until_days: int  # relative to today; negative means expired
    renewed: bool = False  # a previous version exists as history
    with_file: bool = False


@dataclass(frozen=True)
class FamilySpec:
    relation: FamilyRelation
    first_name: str
    age: int
    joins: bool = True


@dataclass(frozen=True)
class QualificationSpec:
    kind: QualificationKind
    title: str
    recognition: RecognitionStatus
    completed_year: int
    training_years: int


@dataclass(frozen=True)
class PersonSpec:
    first_name: str
    last_name: str
    nationalities: tuple[str, ...]
    birth_year: int
    job_title: str
    status: PersonStatus
    state: GermanState
    salary: int
    languages: tuple[tuple[str, str], ...]
    qualification: QualificationSpec
    family: tuple[FamilySpec, ...] = ()
    documents: tuple[DocSpec, ...] = ()
    provider_service: str = ""
    is_employee_login: bool = False
    # A recent arrival: fixed offsets (days before today) instead of random stage dates, so
    # that some of the person's duties fall due this week whenever the demo is built.
    started_days_ago: int | None = None
    moved_in_days_ago: int | None = None


DEMO_PEOPLE_FILE = Path(__file__).with_name("demo_people.yaml")
# What each demo service declares: a relocation agency needs to reach the family and knows
# where they will work; family reunification support the family, not the job.
DEMO_SERVICE_FIELDS: dict[str, tuple[str, ...]] = {
    "Relocation and housing search": (
        *DEFAULT_ASSIGNMENT_FIELDS,
        ProviderField.FAMILY_MEMBERS,
        ProviderField.WORK_LOCATION,
    ),
    "Family reunification support": (*DEFAULT_ASSIGNMENT_FIELDS, ProviderField.FAMILY_MEMBERS),
}


def _training_years(kind: QualificationKind) -> int:
    return {QualificationKind.ACADEMIC: 4, QualificationKind.VOCATIONAL: 3}.get(kind, 0)


def _person_spec(entry: dict[str, Any]) -> PersonSpec:
    qualification = entry["qualification"]
    kind = QualificationKind(qualification["kind"])
    return PersonSpec(
        first_name=entry["first_name"],
        last_name=entry["last_name"],
        nationalities=tuple(entry["nationalities"]),
        birth_year=entry["birth_year"],
        job_title=entry["job_title"],
        status=PersonStatus(entry["status"]),
        state=GermanState(entry["state"]),
        salary=entry["salary"],
        languages=tuple((code, level) for code, level in entry["languages"]),
        qualification=QualificationSpec(
            kind,
            qualification["title"],
            RecognitionStatus(qualification["recognition"]),
            qualification["completed_year"],
            _training_years(kind),
        ),
        family=tuple(
            FamilySpec(
                FamilyRelation(member["relation"]),
                member["first_name"],
                member["age"],
                joins=member.get("joins", True),
            )
            for member in entry.get("family", ())
        ),
        documents=tuple(
            DocSpec(
                DocumentKind(document["kind"]),
                document["valid_until_days"],
                renewed=document.get("renewed", False),
                with_file=document.get("with_file", False),
            )
            for document in entry.get("documents", ())
        ),
        provider_service=entry.get("provider_service", ""),
        is_employee_login=entry.get("is_employee_login", False),
        started_days_ago=entry.get("started_days_ago"),
        moved_in_days_ago=entry.get("moved_in_days_ago"),
    )


def load_demo_people(path: Path = DEMO_PEOPLE_FILE) -> tuple[PersonSpec, ...]:
    """The demo people as data, so that the roster reads like a list, not like code."""
    with path.open(encoding="utf-8") as handle:
        return tuple(_person_spec(entry) for entry in yaml.safe_load(handle))


DEMO_PEOPLE: tuple[PersonSpec, ...] = load_demo_people()

PERSON_LANGUAGE = {
    "IN": "en",
    "BR": "pt-br",
    "TN": "ar",
    "PH": "en",
    "RS": "en",
    "TR": "tr",
    "UA": "uk",
    "US": "en",
    "VN": "en",
    "CO": "es",
    "KE": "en",
    "ID": "en",
    "MA": "ar",
    "MX": "es",
    "EG": "ar",
}
_HOME_TIME_ZONE = {
    "IN": "Asia/Kolkata",
    "BR": "America/Sao_Paulo",
    "TN": "Africa/Tunis",
    "PH": "Asia/Manila",
    "RS": "Europe/Belgrade",
    "TR": "Europe/Istanbul",
    "UA": "Europe/Kyiv",
    "US": "America/Chicago",
    "VN": "Asia/Ho_Chi_Minh",
    "CO": "America/Bogota",
    "KE": "Africa/Nairobi",
    "ID": "Asia/Jakarta",
    "MA": "Africa/Casablanca",
    "MX": "America/Mexico_City",
    "EG": "Africa/Cairo",
}
_CITY_BY_STATE = {
    "BY": ("Augsburg", "86150"),
    "BW": ("Ulm", "89073"),
    "SN": ("Chemnitz", "09111"),
    "BE": ("Berlin", "10115"),
    "NW": ("Dortmund", "44135"),
    "HE": ("Kassel", "34117"),
}
_STREETS = ("Hauptstraße", "Bahnhofstraße", "Lindenweg", "Gartenstraße", "Schillerstraße")


@dataclass
class DemoResult:
    created: bool
    organization: Organization
    provider: Organization | None = None
    people: int = 0
    cases: int = 0
    logins: tuple[DemoLogin, ...] = DEMO_LOGINS
    messages: list[str] = field(default_factory=list)


def demo_tenant_exists() -> bool:
    return Organization.objects.filter(slug=DEMO_ORGANIZATION_SLUG).exists()


def _shift(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


def _years_ago(today: dt.date, years: int, rng: random.Random) -> dt.date:
    return dt.date(today.year - years, rng.randint(1, 12), rng.randint(1, 28))


def status_dates(
    status: PersonStatus, today: dt.date, rng: random.Random
) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """start, end and move-in dates that fit the stage of the person."""
    if status in {PersonStatus.CANDIDATE}:
        return None, None, None
    if status in {PersonStatus.OFFER, PersonStatus.HIRED}:
        start = _shift(today, rng.randint(30, 120))
        start = start.replace(day=1)
        return start, None, None
    start = _shift(today, -rng.randint(120, 1500)).replace(day=1)
    move_in = start - dt.timedelta(days=rng.randint(7, 30))
    if status == PersonStatus.LEFT:
        end = _shift(today, -rng.randint(20, 100))
        return start, end, move_in
    return start, None, move_in


# Duties due longer ago than this count as handled in the demo: a real employer has long made
# the registrations of people who started years ago. Newer ones stay open or overdue.
DEMO_DUTIES_SETTLED_BEFORE_DAYS = 30


def _settle_old_duties(organization: Organization, *, today: dt.date, hr: User) -> None:
    cutoff = _shift(today, -DEMO_DUTIES_SETTLED_BEFORE_DAYS)
    Duty.objects.filter(
        organization=organization,
        due__lt=cutoff,
        status__in=[DutyStatus.OPEN, DutyStatus.OVERDUE],
    ).update(status=DutyStatus.DONE, done_on=F("due"), done_by=hr, evidence_note="Demo")


def _store_pdf(version: DocumentVersion, title: str) -> None:
    content = tiny_pdf(title)
    version.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(content), save=False)
    version.original_name = f"{title}.pdf"
    version.content_type = "application/pdf"
    version.size = len(content)
    version.sha256 = hashlib.sha256(content).hexdigest()


def _document_versions(
    *,
    spec: DocSpec,
    person: Person,
    document: Document,
    issuing_country: str,
    today: dt.date,
    rng: random.Random,
    uploader: User,
) -> list[DocumentVersion]:
    valid_until = _shift(today, spec.valid_until_days)
    lifetime = {DocumentKind.PASSPORT: 3650, DocumentKind.VISA: 180}.get(spec.kind, 1095)
    valid_from = max(valid_until - dt.timedelta(days=lifetime), _shift(today, -4000))
    prefix = {DocumentKind.PASSPORT: "P", DocumentKind.VISA: "V"}.get(spec.kind, "Y")
    issuer = issuing_country if spec.kind == DocumentKind.PASSPORT else "DE"
    versions: list[DocumentVersion] = []
    number = 1
    if spec.renewed:
        old_until = valid_from - dt.timedelta(days=1)
        versions.append(
            DocumentVersion(
                organization_id=person.organization_id,
                document=document,
                version=number,
                is_current=False,
                number=f"{prefix}{rng.randint(10**7, 10**8 - 1)}",
                issuing_country=issuer,
                valid_from=old_until - dt.timedelta(days=730),
                valid_until=old_until,
                uploaded_by=uploader,
            )
        )
        number += 1
    versions.append(
        DocumentVersion(
            organization_id=person.organization_id,
            document=document,
            version=number,
            is_current=True,
            number=f"{prefix}{rng.randint(10**7, 10**8 - 1)}",
            issuing_country=issuer,
            valid_from=valid_from,
            valid_until=valid_until,
            uploaded_by=uploader,
        )
    )
    if spec.with_file:
        for version in versions:
            _store_pdf(version, f"{document.get_kind_display()} {person.last_name}")
    return versions


def _create_demo_person(
    *,
    spec: PersonSpec,
    organization: Organization,
    today: dt.date,
    rng: random.Random,
    employee_user: User,
    uploader: User,
) -> Person:
    start, end, move_in = status_dates(spec.status, today, rng)
    if spec.started_days_ago is not None:
        start = _shift(today, -spec.started_days_ago)
    if spec.moved_in_days_ago is not None:
        move_in = _shift(today, -spec.moved_in_days_ago)
    home = spec.nationalities[0]
    city, postcode = _CITY_BY_STATE.get(spec.state, ("Augsburg", "86150"))
    in_germany = spec.status in {PersonStatus.ACTIVE, PersonStatus.HIRED}
    email = (
        employee_user.email
        if spec.is_employee_login
        else f"{spec.first_name}.{spec.last_name}".lower().replace(" ", "") + "@mail.example"
    )
    person = Person.objects.create(
        organization=organization,
        kind=(
            PersonKind.CANDIDATE
            if spec.status in {PersonStatus.CANDIDATE, PersonStatus.OFFER}
            else PersonKind.EMPLOYEE
        ),
        status=spec.status,
        first_name=spec.first_name,
        last_name=spec.last_name,
        email=email,
        phone=f"+49 821 {rng.randint(100000, 999999)}",
        birth_date=dt.date(spec.birth_year, rng.randint(1, 12), rng.randint(1, 28)),
        preferred_language=PERSON_LANGUAGE.get(home, "en"),
        time_zone="Europe/Berlin" if in_germany else _HOME_TIME_ZONE.get(home, "UTC"),
        residence_country="DE" if in_germany or spec.status == PersonStatus.LEFT else home,
        address=(
            f"{rng.choice(_STREETS)} {rng.randint(1, 80)}\n{postcode} {city}" if in_germany else ""
        ),
        job_title=spec.job_title,
        work_state=spec.state,
        start_date=start,
        end_date=end,
        move_in_date=move_in,
        annual_salary_eur=Decimal(spec.salary),
        weekly_hours=Decimal("38.5") if "nurs" in spec.job_title.lower() else Decimal("40.0"),
        user=employee_user if spec.is_employee_login else None,
    )
    org_id = organization.id
    PersonNationality.objects.bulk_create(
        PersonNationality(organization_id=org_id, person=person, country=code)
        for code in spec.nationalities
    )
    PersonLanguage.objects.bulk_create(
        PersonLanguage(organization_id=org_id, person=person, language=code, level=level)
        for code, level in spec.languages
    )
    family = FamilyMember.objects.bulk_create(
        FamilyMember(
            organization_id=org_id,
            person=person,
            relation=member.relation,
            first_name=member.first_name,
            last_name=spec.last_name,
            birth_date=_years_ago(today, member.age, rng),
            nationality=home,
            joins_in_germany=member.joins,
        )
        for member in spec.family
    )
    qual = spec.qualification
    Qualification.objects.create(
        organization=organization,
        person=person,
        kind=qual.kind,
        title=qual.title,
        country=home,
        completed_year=qual.completed_year,
        recognition=qual.recognition,
        state_recognised_abroad=qual.kind != QualificationKind.NONE,
        training_years=qual.training_years or None,
    )
    versions: list[DocumentVersion] = []
    for doc_spec in spec.documents:
        document = Document.objects.create(
            organization=organization, person=person, kind=doc_spec.kind
        )
        versions.extend(
            _document_versions(
                spec=doc_spec,
                person=person,
                document=document,
                issuing_country=home,
                today=today,
                rng=rng,
                uploader=uploader,
            )
        )
    # Family members who move along travel on their own passports.
    for member in family:
        if not member.joins_in_germany:
            continue
        document = Document.objects.create(
            organization=organization,
            person=person,
            family_member=member,
            kind=DocumentKind.PASSPORT,
            title="",  # the document list names the family member it concerns
        )
        versions.extend(
            _document_versions(
                spec=DocSpec(DocumentKind.PASSPORT, rng.randint(400, 3000)),
                person=person,
                document=document,
                issuing_country=home,
                today=today,
                rng=rng,
                uploader=uploader,
            )
        )
    DocumentVersion.objects.bulk_create(versions)
    return person


# The engineering team reports to the demo manager (Andreas Bauer); everyone else has no
# manager, so the manager's login shows what "only their own reports" means.
DEMO_REPORT_TITLES = ("engineer", "developer")


def _assign_demo_reports(
    organization: Organization, *, manager_user: User, people: list[Person]
) -> None:
    manager = Membership.objects.get(user=manager_user, organization=organization)
    reports = [
        person.pk
        for person in people
        if any(word in person.job_title.lower() for word in DEMO_REPORT_TITLES)
        and "manager" not in person.job_title.lower()
    ]
    Person.objects.filter(pk__in=reports).update(manager=manager)


def build_demo_tenant(
    *, password: str, seed: int = DEMO_SEED, today: dt.date | None = None
) -> DemoResult:
    """Create the demo employer, its provider, people and logins; refuse if it exists."""
    today = today or timezone.localdate()
    existing = Organization.objects.filter(slug=DEMO_ORGANIZATION_SLUG).first()
    if existing is not None:
        return DemoResult(created=False, organization=existing)
    rng = random.Random(seed)  # noqa: S311  # reproducible seed data, not a secret
    password_hash = make_password(password)
    with transaction.atomic():
        organization = Organization.objects.create(
            name=DEMO_ORGANIZATION_NAME,
            slug=DEMO_ORGANIZATION_SLUG,
            kind=OrganizationKind.EMPLOYER,
            state=GermanState.BY,
        )
        provider = Organization.objects.get_or_create(
            slug=DEMO_PROVIDER_SLUG,
            defaults={"name": DEMO_PROVIDER_NAME, "kind": OrganizationKind.PROVIDER, "state": "BY"},
        )[0]
        users: dict[Role, User] = {}
        for login in DEMO_LOGINS:
            user, _created = User.objects.update_or_create(
                email=login.email,
                defaults={
                    "full_name": login.full_name,
                    # No profile language: the demo speaks the browser's language until the
                    # user picks one, so a visitor sees it in German or English as they ask.
                    "language": "",
                    "password": password_hash,
                },
            )
            org = provider if login.role in PROVIDER_ROLES else organization
            Membership.objects.get_or_create(
                user=user, organization=org, defaults={"role": login.role}
            )
            users[login.role] = user
        people = [
            _create_demo_person(
                spec=spec,
                organization=organization,
                today=today,
                rng=rng,
                employee_user=users[Role.EMPLOYEE],
                uploader=users[Role.HR],
            )
            for spec in DEMO_PEOPLE
        ]
        _assign_demo_reports(organization, manager_user=users[Role.MANAGER], people=people)
        ProviderAssignment.objects.bulk_create(
            ProviderAssignment(
                organization=organization,
                provider=provider,
                person=person,
                service=spec.provider_service,
                fields=list(DEMO_SERVICE_FIELDS.get(spec.provider_service, ())),
            )
            for spec, person in zip(DEMO_PEOPLE, people, strict=True)
            if spec.provider_service
        )
        cases = build_demo_cases(organization, today=today)
        assign_demo_case_providers(organization, provider=provider)
        build_demo_care(
            organization=organization,
            provider=provider,
            hr_user_id=users[Role.HR].pk,
            admin_user_id=users[Role.PROVIDER_ADMIN].pk,
            people=people,
            today=today,
        )
        # Duties come from the same engine as for real people, so the dashboard is alive and
        # every due date has its legal basis; dates relative to today make some overdue.
        duties_recompute_for_organization(
            actor=None, organization_id=organization.pk, reason="demo data", today=today
        )
        _settle_old_duties(organization, today=today, hr=users[Role.HR])
        people_figures_changed(organization.pk)  # people written past the services
    return DemoResult(
        created=True,
        organization=organization,
        provider=provider,
        people=len(people),
        cases=cases,
    )
