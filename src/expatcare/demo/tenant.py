"""Seed data: the demo tenant and large generated benchmark tenants.

This is seed data, not a user action: rows are created through the ORM directly (no services,
no audit entries), reproducibly from ``random.Random(seed)``, and dates are placed relative to
``today`` so that the expiry scenarios (30/60/90 days, expired, renewed) stay meaningful
whenever the demo is built.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import secrets
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from django.conf import settings
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
from expatcare.demo.cases import build_demo_cases
from expatcare.people.choices import (
    CEFRLevel,
    DocumentKind,
    FamilyRelation,
    PersonKind,
    PersonStatus,
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
BENCH_BATCH_SIZE = 2_000
PASSWORD_FILE_NAME = "demo_password"


class DemoLogin(NamedTuple):
    email: str
    role: Role
    full_name: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("owner@demo.example", Role.OWNER, "Katrin Huber"),
    DemoLogin("hr@demo.example", Role.HR, "Stefan Maier"),
    DemoLogin("manager@demo.example", Role.MANAGER, "Andreas Bauer"),
    DemoLogin("employee@demo.example", Role.EMPLOYEE, "Priya Nair"),
    DemoLogin("provider@demo.example", Role.PROVIDER_ADMIN, "Julia Hofmann"),
    DemoLogin("agent@demo.example", Role.PROVIDER_AGENT, "Lukas Wagner"),
    DemoLogin("auditor@demo.example", Role.AUDITOR, "Monika Schmid"),
)

# A minimal, valid one-page PDF: enough for viewers and content sniffing, a few hundred bytes.
_PDF_TEMPLATE = (
    "%PDF-1.4\n"
    "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    "4 0 obj<</Length {length}>>stream\n{stream}\nendstream endobj\n"
    "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n"
)


def tiny_pdf(text: str) -> bytes:
    """A placeholder document that opens in any PDF viewer and shows ``text``."""
    safe = "".join(ch for ch in text if ch.isascii() and ch not in "()\\")
    stream = f"BT /F1 18 Tf 72 760 Td ({safe}) Tj ET"
    return _PDF_TEMPLATE.format(length=len(stream), stream=stream).encode("ascii")


# --------------------------------------------------------------------------- passwords


@dataclass(frozen=True)
class DemoPassword:
    value: str
    generated: bool


def password_file() -> Path:
    return Path(settings.VAR_DIR) / PASSWORD_FILE_NAME


def stored_demo_password() -> str | None:
    path = password_file()
    if path.exists():
        return path.read_text(encoding="utf-8").strip() or None
    return None


def resolve_demo_password(explicit: str | None = None) -> DemoPassword:
    """``--password``, else ``EXPATCARE_DEMO_PASSWORD``, else one generated once and kept.

    A generated password lives in ``var/demo_password`` (mode 600) so that ``serve`` and
    ``demo`` print the same one on every run and nobody has to reset the demo logins.
    """
    if explicit:
        return DemoPassword(explicit, generated=False)
    configured: str = getattr(settings, "EXPATCARE_DEMO_PASSWORD", "") or ""
    if configured:
        return DemoPassword(configured, generated=False)
    stored = stored_demo_password()
    if stored:
        return DemoPassword(stored, generated=True)
    value = secrets.token_urlsafe(12)
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(value + "\n", encoding="utf-8")
    return DemoPassword(value, generated=True)


def known_demo_password() -> DemoPassword | None:
    """The password of existing demo logins, when this installation can know it."""
    configured: str = getattr(settings, "EXPATCARE_DEMO_PASSWORD", "") or ""
    if configured:
        return DemoPassword(configured, generated=False)
    stored = stored_demo_password()
    return DemoPassword(stored, generated=True) if stored else None


def login_lines(password: DemoPassword | None) -> list[str]:
    """The demo logins for the console; the password only if it was generated here."""
    lines = ["Demo logins:"]
    lines.extend(f"  {login.email:<24} {login.role.label}" for login in DEMO_LOGINS)
    if password is None:
        lines.append("Password: the one given when the demo tenant was created.")
    elif password.generated:
        lines.append(f"Password: {password.value}   (kept in var/{PASSWORD_FILE_NAME})")
    else:
        lines.append("Password: the value of --password or EXPATCARE_DEMO_PASSWORD.")
    return lines


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


_A = QualificationKind.ACADEMIC
_V = QualificationKind.VOCATIONAL
_N = QualificationKind.NONE


DEMO_PEOPLE_FILE = Path(__file__).with_name("demo_people.yaml")


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

_PERSON_LANGUAGE = {
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


def _status_dates(
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
    start, end, move_in = _status_dates(spec.status, today, rng)
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
        preferred_language=_PERSON_LANGUAGE.get(home, "en"),
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
        ProviderAssignment.objects.bulk_create(
            ProviderAssignment(
                organization=organization,
                provider=provider,
                person=person,
                service=spec.provider_service,
            )
            for spec, person in zip(DEMO_PEOPLE, people, strict=True)
            if spec.provider_service
        )
        cases = build_demo_cases(organization, today=today)
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


# --------------------------------------------------------------------------- bench tenants

_BENCH_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "IN": (
        ("Aarav", "Ananya", "Vikram", "Divya", "Rahul", "Sneha", "Karthik", "Meera"),
        ("Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Singh", "Menon"),
        "hi",
    ),
    "BR": (
        ("Gabriel", "Beatriz", "Rafael", "Juliana", "Thiago", "Larissa", "Pedro", "Ana"),
        ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Lima", "Carvalho", "Costa"),
        "pt",
    ),
    "TN": (
        ("Mohamed", "Ines", "Aymen", "Sarra", "Hamza", "Mariem", "Walid", "Nour"),
        ("Ben Ali", "Trabelsi", "Jebali", "Gharbi", "Mansouri", "Hammami", "Ayari"),
        "ar",
    ),
    "PH": (
        ("Mark", "Kristine", "John Paul", "Angelica", "Carlo", "Joy", "Rommel", "Liza"),
        ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva"),
        "tl",
    ),
    "RS": (
        ("Marko", "Ana", "Stefan", "Milica", "Nemanja", "Jovana", "Aleksandar"),
        ("Jovanović", "Petrović", "Nikolić", "Marković", "Đorđević", "Stojanović"),
        "sr",
    ),
    "TR": (
        ("Mehmet", "Ayşe", "Can", "Elif", "Burak", "Merve", "Emre", "Selin"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk"),
        "tr",
    ),
    "UA": (
        ("Andrii", "Olena", "Dmytro", "Kateryna", "Serhii", "Yuliia", "Taras"),
        ("Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Shevchuk", "Boiko"),
        "uk",
    ),
    "US": (
        ("James", "Emma", "Noah", "Olivia", "Ethan", "Ava", "Daniel", "Sophia"),
        ("Smith", "Johnson", "Miller", "Davis", "Wilson", "Anderson", "Taylor"),
        "en",
    ),
    "VN": (
        ("Minh", "Linh", "Duc", "Hoa", "Tuan", "Mai", "Quang", "Thao"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"),
        "vi",
    ),
    "CO": (
        ("Santiago", "Valentina", "Andrés", "Camila", "Juan Pablo", "Daniela"),
        ("Gómez", "Rodríguez", "Martínez", "López", "García", "Ramírez"),
        "es",
    ),
    "KE": (
        ("Brian", "Faith", "Kevin", "Mercy", "Dennis", "Esther", "Collins"),
        ("Otieno", "Wanjiku", "Kamau", "Mwangi", "Ochieng", "Njoroge", "Kiptoo"),
        "sw",
    ),
    "ID": (
        ("Budi", "Siti", "Agus", "Dewi", "Rizky", "Putri", "Andi", "Ayu"),
        ("Santoso", "Wijaya", "Saputra", "Rahmawati", "Hidayat", "Kusuma"),
        "id",
    ),
    "MA": (
        ("Yassine", "Fatima Zahra", "Omar", "Salma", "Mehdi", "Khadija", "Anas"),
        ("El Amrani", "Benali", "Alaoui", "Bennani", "El Idrissi", "Tazi"),
        "ar",
    ),
    "MX": (
        ("Diego", "Ximena", "Luis", "Fernanda", "Carlos", "Regina", "Jorge"),
        ("Hernández", "González", "Ramírez", "Flores", "Torres", "Morales"),
        "es",
    ),
    "EG": (
        ("Ahmed", "Nour", "Mostafa", "Yasmin", "Karim", "Heba", "Omar", "Mariam"),
        ("Hassan", "Mahmoud", "Ibrahim", "Abdelrahman", "Fathy", "Saad", "Mansour"),
        "ar",
    ),
}
_BENCH_COUNTRIES = tuple(_BENCH_NAMES)
_BENCH_SECOND_NATIONALITY = ("PT", "ES", "IT", "FR", "IE", "PL", "HR", "US", "CA", "GB")
_BENCH_JOBS: tuple[tuple[str, int, int, QualificationKind, str], ...] = (
    ("Mechanical engineer", 52000, 72000, _A, "B.Sc. Mechanical Engineering"),
    ("Electrical engineer", 54000, 74000, _A, "B.Sc. Electrical Engineering"),
    ("Software developer", 55000, 80000, _A, "B.Sc. Computer Science"),
    ("Data engineer", 58000, 82000, _A, "M.Sc. Data Science"),
    ("Electrician", 38000, 48000, _V, "Electrician (vocational)"),
    ("Industrial mechanic", 39000, 50000, _V, "Industrial mechanic (vocational)"),
    ("Mechatronics technician", 41000, 53000, _V, "Mechatronics (vocational)"),
    ("Registered nurse", 39000, 48000, _A, "Bachelor of Science in Nursing"),
    ("Geriatric nurse", 37000, 45000, _V, "Nursing diploma"),
    ("CNC machinist", 38000, 49000, _V, "Machining technician"),
    ("IT support specialist", 42000, 56000, _N, "No formal qualification"),
)
_BENCH_STATUSES = (
    (PersonStatus.ACTIVE, 70),
    (PersonStatus.HIRED, 8),
    (PersonStatus.OFFER, 5),
    (PersonStatus.CANDIDATE, 10),
    (PersonStatus.LEFT, 7),
)
_BENCH_STATES = tuple(state.value for state in GermanState)
_BENCH_STATE_WEIGHTS = tuple(40 if state == "BY" else 4 for state in _BENCH_STATES)
_RECOGNITIONS = tuple(status.value for status in RecognitionStatus)
_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


@dataclass
class BenchResult:
    organization: Organization
    created_people: int
    total_people: int
    hr_email: str
    seconds: float


def bench_slug(people: int) -> str:
    return f"bench-{people}"


def _batches(start: int, stop: int, size: int) -> Iterator[range]:
    for first in range(start, stop, size):
        yield range(first, min(first + size, stop))


def _bench_validity(today: dt.date, rng: random.Random) -> tuple[dt.date, dt.date]:
    """About 3 % of documents expire within 90 days (a few are already expired)."""
    roll = rng.random()
    if roll < 0.005:
        until = today - dt.timedelta(days=rng.randint(1, 60))
    elif roll < 0.035:
        until = today + dt.timedelta(days=rng.randint(0, 90))
    else:
        until = today + dt.timedelta(days=rng.randint(91, 3650))
    return until - dt.timedelta(days=rng.randint(365, 3650)), until


class _BenchPerson(NamedTuple):
    person: Person
    rng: random.Random
    country: str
    job: tuple[str, int, int, QualificationKind, str]


def _bench_people_batch(
    indexes: range, organization: Organization, today: dt.date, seed: int
) -> list[_BenchPerson]:
    people: list[_BenchPerson] = []
    statuses = [status for status, _weight in _BENCH_STATUSES]
    weights = [weight for _status, weight in _BENCH_STATUSES]
    for index in indexes:
        rng = random.Random(seed * 1_000_003 + index)  # noqa: S311  # reproducible seed data
        country = rng.choice(_BENCH_COUNTRIES)
        first_names, last_names, _native = _BENCH_NAMES[country]
        job = rng.choice(_BENCH_JOBS)
        title, low, high = job[0], job[1], job[2]
        status = rng.choices(statuses, weights)[0]
        start, end, move_in = _status_dates(status, today, rng)
        first, last = rng.choice(first_names), rng.choice(last_names)
        person = Person(
            organization_id=organization.id,
            kind=(
                PersonKind.CANDIDATE
                if status in {PersonStatus.CANDIDATE, PersonStatus.OFFER}
                else PersonKind.EMPLOYEE
            ),
            status=status,
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{index}@bench.example".lower().replace(" ", ""),
            birth_date=dt.date(rng.randint(1965, 2003), rng.randint(1, 12), rng.randint(1, 28)),
            preferred_language=_PERSON_LANGUAGE.get(country, "en"),
            residence_country="DE" if status != PersonStatus.CANDIDATE else country,
            job_title=title,
            work_state=rng.choices(_BENCH_STATES, _BENCH_STATE_WEIGHTS)[0],
            start_date=start,
            end_date=end,
            move_in_date=move_in,
            annual_salary_eur=Decimal(rng.randrange(low, high, 500)),
            weekly_hours=Decimal("40.0"),
        )
        people.append(_BenchPerson(person, rng, country, job))
    return people


@dataclass
class _BenchRows:
    nationalities: list[PersonNationality] = field(default_factory=list)
    languages: list[PersonLanguage] = field(default_factory=list)
    family: list[FamilyMember] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    # versions[i] belongs to documents[i]; its document id is set once documents are saved.
    versions: list[DocumentVersion] = field(default_factory=list)


def _bench_children(people: Sequence[_BenchPerson], today: dt.date) -> _BenchRows:
    """Child rows of saved people: nationalities, languages, family, qualification, documents."""
    rows = _BenchRows()
    for person, rng, home, job in people:
        org_id, person_id = person.organization_id, person.pk
        first_names, _last_names, native = _BENCH_NAMES[home]
        nationalities = [home]
        if rng.random() < 0.2:
            nationalities.append(rng.choice(_BENCH_SECOND_NATIONALITY))
        rows.nationalities.extend(
            PersonNationality(organization_id=org_id, person_id=person_id, country=code)
            for code in dict.fromkeys(nationalities)
        )
        rows.languages.append(
            PersonLanguage(
                organization_id=org_id,
                person_id=person_id,
                language=native,
                level=CEFRLevel.NATIVE,
            )
        )
        if rng.random() < 0.6:
            rows.languages.append(
                PersonLanguage(
                    organization_id=org_id,
                    person_id=person_id,
                    language="de",
                    level=rng.choice(_LEVELS),
                )
            )
        if rng.random() < 0.5:
            rows.family.append(
                FamilyMember(
                    organization_id=org_id,
                    person_id=person_id,
                    relation=rng.choice((FamilyRelation.SPOUSE, FamilyRelation.CHILD)),
                    first_name=rng.choice(first_names),
                    last_name=person.last_name,
                    birth_date=dt.date(
                        rng.randint(1970, 2022), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    nationality=home,
                )
            )
        kind, title = job[3], job[4]
        rows.qualifications.append(
            Qualification(
                organization_id=org_id,
                person_id=person_id,
                kind=kind,
                title=title,
                country=home,
                completed_year=rng.randint(1990, 2023),
                recognition=rng.choice(_RECOGNITIONS),
                state_recognised_abroad=kind != QualificationKind.NONE,
                training_years=3 if kind != QualificationKind.NONE else None,
            )
        )
        for doc_kind in (DocumentKind.PASSPORT, DocumentKind.RESIDENCE_PERMIT):
            valid_from, valid_until = _bench_validity(today, rng)
            is_passport = doc_kind == DocumentKind.PASSPORT
            rows.documents.append(
                Document(organization_id=org_id, person_id=person_id, kind=doc_kind)
            )
            rows.versions.append(
                DocumentVersion(
                    organization_id=org_id,
                    version=1,
                    is_current=True,
                    number=f"{'P' if is_passport else 'Y'}{rng.randint(10**7, 10**8 - 1)}",
                    issuing_country=home if is_passport else "DE",
                    valid_from=valid_from,
                    valid_until=valid_until,
                )
            )
    return rows


def build_bench_tenant(
    *,
    people: int,
    password: str,
    slug: str | None = None,
    seed: int = DEMO_SEED,
    batch_size: int = BENCH_BATCH_SIZE,
    today: dt.date | None = None,
    progress: bool = True,
) -> BenchResult:
    """Build (or extend up to ``people``) a benchmark tenant in batches of ``batch_size``.

    Only one batch of rows is in memory at a time, so 100,000 people fit in a small process.
    Each batch is its own transaction: an interrupted run can be resumed by running it again.
    """
    import time

    from tqdm import tqdm

    started = time.perf_counter()
    today = today or timezone.localdate()
    slug = slug or bench_slug(people)
    hr_email = f"hr@{slug}.example"
    with transaction.atomic():
        organization, _created = Organization.objects.get_or_create(
            slug=slug,
            defaults={
                "name": f"Bench GmbH {people}",
                "kind": OrganizationKind.EMPLOYER,
                "state": GermanState.BY,
            },
        )
        user, _user_created = User.objects.get_or_create(
            email=hr_email, defaults={"full_name": "Bench HR", "language": "en"}
        )
        user.password = make_password(password)
        user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, organization=organization, defaults={"role": Role.HR}
        )
    existing = Person.objects.filter(organization=organization).count()
    bar = tqdm(
        total=max(people - existing, 0),
        desc=f"people for {slug}",
        unit="people",
        file=sys.stderr,
        disable=not progress,
    )
    for indexes in _batches(existing, people, batch_size):
        with transaction.atomic():
            batch = _bench_people_batch(indexes, organization, today, seed)
            Person.objects.bulk_create([row.person for row in batch], batch_size=batch_size)
            rows = _bench_children(batch, today)
            PersonNationality.objects.bulk_create(rows.nationalities, batch_size=batch_size)
            PersonLanguage.objects.bulk_create(rows.languages, batch_size=batch_size)
            FamilyMember.objects.bulk_create(rows.family, batch_size=batch_size)
            Qualification.objects.bulk_create(rows.qualifications, batch_size=batch_size)
            Document.objects.bulk_create(rows.documents, batch_size=batch_size)
            for document, version in zip(rows.documents, rows.versions, strict=True):
                version.document_id = document.pk
            DocumentVersion.objects.bulk_create(rows.versions, batch_size=batch_size)
            # Rows written in bulk, past the services: move the cached figures on here.
            people_figures_changed(organization.pk)
        bar.update(len(indexes))
    bar.close()
    total = Person.objects.filter(organization=organization).count()
    return BenchResult(
        organization=organization,
        created_people=max(people - existing, 0),
        total_people=total,
        hr_email=hr_email,
        seconds=time.perf_counter() - started,
    )
