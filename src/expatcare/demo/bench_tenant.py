"""Large generated benchmark tenants (``expatcare demo --people N``).

Rows are built in memory one batch at a time and written with ``bulk_create``, so 100,000
people fit in a small process; each batch is its own transaction, so an interrupted run can be
resumed. Seed data, not a user action: no services, no audit entries.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from expatcare.accounts.models import Membership, Organization, OrganizationKind, User
from expatcare.accounts.roles import Role
from expatcare.core.choices import GermanState
from expatcare.demo.tenant import DEMO_SEED, PERSON_LANGUAGE, status_dates
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
    Qualification,
)

BENCH_BATCH_SIZE = 2_000
_A = QualificationKind.ACADEMIC
_V = QualificationKind.VOCATIONAL
_N = QualificationKind.NONE

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
        start, end, move_in = status_dates(status, today, rng)
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
            preferred_language=PERSON_LANGUAGE.get(country, "en"),
            residence_country="DE" if status != PersonStatus.CANDIDATE else country,
            job_title=title,
            work_state=rng.choices(_BENCH_STATES, _BENCH_STATE_WEIGHTS)[0],
            start_date=start,
            end_date=end,
            move_in_date=move_in,
            annual_salary_eur=Decimal(rng.randrange(low, high, 500)),
            weekly_hours=Decimal("40.0"),
        )
        person.refresh_search_text()  # bulk_create bypasses save()
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
