"""Acceptance: a provider user is shown no field a module or an assignment does not declare.

The demo is built, then every person the demo provider can reach (enrolled in one of its
modules, or assigned to it) gets a distinctive value in every field of the fixed list, and
a salary, documents and an immigration case besides: unique names, e-mail addresses, phone
numbers, languages, time zones, dates, addresses, countries, family members. Every module of
the demo catalog gets an enrolment the provider sees. Then, as each provider role, every page,
export and API answer that shows an enrolment or an assigned person is requested, and each
fails the test if it contains a value of a field that was not declared for that person
there. Detail answers must also show every declared field, so a page that hides everything
cannot pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from expatcare.accounts.models import Organization, User
from expatcare.accounts.roles import Role
from expatcare.care import services as care_services
from expatcare.care.models import CareModule, Enrolment
from expatcare.core.errors import PermissionDenied, ServiceError
from expatcare.core.formatting import language_name
from expatcare.demo import tenant as demo
from expatcare.mobility.models import Case
from expatcare.people.choices import ProviderField
from expatcare.people.models import (
    Document,
    DocumentVersion,
    FamilyMember,
    Person,
    PersonNationality,
    ProviderAssignment,
)
from tests.conftest import streamed

pytestmark = pytest.mark.django_db
PROVIDER_ROLES = (Role.PROVIDER_ADMIN, Role.PROVIDER_AGENT)
# Languages and countries rare enough never to appear on a page by chance. Texts with a
# number end in a letter, so person 1's never hides in person 10's.
LANGUAGES: tuple[str, ...] = (
    "is",
    "mt",
    "ga",
    "cy",
    "eu",
    "lb",
    "fo",
    "kl",
    "mi",
    "sm",
    "to",
    "fj",
    "ht",
)
LANGUAGES += ("gd", "kw", "gv", "br", "co", "oc", "rm", "fy", "li", "wa", "an", "ast")
LANGUAGES += ("sc", "lij", "vec", "nap", "scn")
ZONES = sorted(
    zone
    for zone in zoneinfo.available_timezones()
    if zone.startswith(("Pacific/", "Antarctica/", "Indian/", "Atlantic/"))
)
NEVER_DECLARABLE = ("salary", "documents", "immigration_case")


def _rare_countries() -> list[str]:
    """Countries whose English and German names contain no other country's or language's
    name and are not contained in one (so "Niger" never hides in "Nigeria", nor "Samoa" in
    "Samoanisch"), and no common word."""
    common = {"DE", "AT", "CH", "IN", "US", "GB", "FR", "IT", "ES", "TR", "BR", "UA", "TN"}
    names: dict[str, list[str]] = {}
    for language in ("en", "de"):
        with translation.override(language):
            for code, name in countries:
                names.setdefault(code, []).append(str(name))
    spoken = [text for code in LANGUAGES for text in _language_texts(code)[1:]] + ZONES
    chosen = []
    for code, own in sorted(names.items()):
        if code in common or any(" " in name or len(name) < 5 for name in own):
            continue
        others = [n for c, texts in names.items() if c != code for n in texts] + spoken
        if any(name in other or other in name for name in own for other in others):
            continue
        chosen.append(code)
    return chosen


def _date_texts(day: dt.date) -> list[str]:
    """How a page, a CSV line or a JSON answer may spell a date (ISO, German, English)."""
    return [
        day.isoformat(),
        day.strftime("%d.%m.%Y"),
        day.strftime("%m/%d/%Y"),
        day.strftime("%d/%m/%Y"),
    ]


def _country_texts(code: str) -> list[str]:
    texts = [f'"{code}"']
    for language in ("en", "de"):
        with translation.override(language):
            texts.append(str(countries.name(code)))
    return texts


def _language_texts(code: str) -> list[str]:
    texts = [f'"{code}"']
    for language in ("en", "de"):
        with translation.override(language):
            texts.append(language_name(code))
    return texts


@dataclass
class Seeded:
    """The distinctive texts of each seeded person, per field (any one of them is a leak)."""

    markers: dict[int, dict[str, list[str]]]
    cases: dict[int, list[int]]


def _seed(people: Iterable[Person]) -> Seeded:
    pool = _rare_countries()
    markers: dict[int, dict[str, list[str]]] = {}
    cases: dict[int, list[int]] = {}
    for index, person in enumerate(sorted(people, key=lambda p: p.pk)):
        pid = person.pk
        birth = dt.date(1950, 1, 3) + dt.timedelta(days=401 * index)
        start = dt.date(2001, 2, 5) + dt.timedelta(days=97 * index)
        nationality, residence, work = pool[3 * index : 3 * index + 3]
        values: dict[str, Any] = {
            "first_name": f"Zorbalix{pid}z",
            "last_name": f"Quenfeld{pid}k",
            "email": f"leak{pid}@marker.example",
            "phone": f"+49 30 5550 {pid:05d}",
            "preferred_language": LANGUAGES[index],
            "time_zone": ZONES[index],
            "birth_date": birth,
            "address": f"Leakweg {pid}a\n{90000 + pid} Markerstadt",
            "start_date": start,
            "work_country": work,
            "work_state": "",
            "job_title": f"Leak Officer {pid}b",
            "residence_country": residence,
            "annual_salary_eur": Decimal(900000 + 7 * pid),
        }
        Person.objects.filter(pk=pid).update(**values)
        PersonNationality.objects.filter(person_id=pid).delete()
        PersonNationality.objects.create(
            organization_id=person.organization_id, person_id=pid, country=nationality
        )
        family_dates: list[str] = []
        if not FamilyMember.objects.filter(person_id=pid).exists():
            FamilyMember.objects.create(
                organization_id=person.organization_id,
                person_id=pid,
                relation="spouse",
                first_name="x",
            )
        for number, member in enumerate(FamilyMember.objects.filter(person_id=pid)):
            day = dt.date(2012, 4, 7) + dt.timedelta(days=29 * index + number)
            FamilyMember.objects.filter(pk=member.pk).update(
                first_name=f"Famling{pid}x{number}", last_name="", birth_date=day
            )
            family_dates += _date_texts(day)
        document = Document.objects.create(
            organization_id=person.organization_id,
            person_id=pid,
            kind="residence_permit",
            title=f"Leakdoc{pid}L",
        )
        DocumentVersion.objects.create(
            organization_id=person.organization_id,
            document=document,
            version=1,
            number=f"DOCLEAK{pid}D",
            valid_until=dt.date(2031, 1, 1),
        )
        salary = 900000 + 7 * pid
        markers[pid] = {
            ProviderField.NAME: [f"Zorbalix{pid}z", f"Quenfeld{pid}k"],
            ProviderField.EMAIL: [values["email"]],
            ProviderField.PHONE: [values["phone"]],
            ProviderField.PREFERRED_LANGUAGE: _language_texts(values["preferred_language"]),
            ProviderField.TIME_ZONE: [values["time_zone"]],
            ProviderField.BIRTH_DATE: _date_texts(birth),
            ProviderField.ADDRESS: [f"Leakweg {pid}a", f"{90000 + pid} Markerstadt"],
            ProviderField.NATIONALITY: _country_texts(nationality),
            ProviderField.FAMILY_MEMBERS: [f"Famling{pid}x", *family_dates],
            ProviderField.START_DATE: _date_texts(start),
            ProviderField.WORK_LOCATION: _country_texts(work),
            ProviderField.JOB_TITLE: [values["job_title"]],
            ProviderField.RESIDENCE_COUNTRY: _country_texts(residence),
            "salary": [str(salary), f"{salary:,}", f"{salary:,}".replace(",", ".")],
            "documents": [f"Leakdoc{pid}L", f"DOCLEAK{pid}D"],
        }
        cases[pid] = list(Case.objects.filter(person_id=pid).values_list("pk", flat=True))
    return Seeded(markers, cases)


class World:
    """The demo, seeded, with what each provider-visible person may show where."""

    def __init__(self) -> None:
        call_command("demo", "--password", "x" * 12, stdout=StringIO(), stderr=StringIO())
        self.provider = Organization.objects.get(slug=demo.DEMO_PROVIDER_SLUG)
        employer = Organization.objects.get(slug=demo.DEMO_ORGANIZATION_SLUG)
        self.modules = list(CareModule.objects.filter(organization=self.provider))
        hr = User.objects.get(email="hr@demo.example")
        people = list(Person.objects.filter(organization=employer).order_by("pk"))
        self._enrol_every_module(employer, hr, people)
        self.enrolments = list(
            Enrolment.objects.filter(provider=self.provider).select_related("module")
        )
        self.assignments = list(
            ProviderAssignment.objects.filter(provider=self.provider, ended_at__isnull=True)
        )
        shown = {e.person_id for e in self.enrolments if e.person_id is not None}
        shown |= {a.person_id for a in self.assignments}
        self.seeded = _seed(p for p in people if p.pk in shown)
        self.assigned: dict[int, frozenset[str]] = {}
        for assignment in self.assignments:
            fields = self.assigned.get(assignment.person_id, frozenset())
            self.assigned[assignment.person_id] = fields | set(assignment.fields)
        self.case_ids = {a.case_id for a in self.assignments if a.case_id is not None}
        self.enrolled: dict[int, frozenset[str]] = {}
        for enrolment in self.enrolments:
            if enrolment.person_id is not None:
                fields = self.enrolled.get(enrolment.person_id, frozenset())
                self.enrolled[enrolment.person_id] = fields | set(enrolment.module.provider_fields)

    def _enrol_every_module(self, employer: Organization, hr: User, people: list[Person]) -> None:
        """A requested enrolment in each module of the catalog that has none the provider
        sees, for a person who is in no module of the provider yet where possible."""
        from expatcare.accounts.actor import Actor
        from expatcare.accounts.models import Membership

        actor = Actor(user=hr, membership=Membership.objects.get(user=hr, organization=employer))
        for module in self.modules:
            if Enrolment.objects.filter(module=module).exists() or module.core_module_id:
                continue
            for person in reversed(people):
                try:
                    care_services.enrolment_request(
                        actor=actor,
                        person=person,
                        module=module,
                        start_date=dt.date.today() + dt.timedelta(days=40),
                    )
                except (ServiceError, PermissionDenied):  # a person the module does not fit
                    continue
                break

    def client(self, role: Role) -> Client:
        email = {Role.PROVIDER_ADMIN: "provider@demo.example"}.get(role, "agent@demo.example")
        client = Client()
        client.force_login(User.objects.get(email=email))
        return client


@pytest.fixture
def world(settings: Any) -> World:
    settings.EXPATCARE_PAGE_SIZE = 500
    return World()


def _assert_no_leak(
    world: World, body: str, allowed: Mapping[int, Iterable[str]], where: str
) -> None:
    for pid, fields in world.seeded.markers.items():
        permitted = set(allowed.get(pid, ()))
        for field, texts in fields.items():
            if field in permitted:
                continue
            for text in texts:
                assert text not in body, f"{where}: {field} of person {pid} leaked ({text!r})"
        for case_id in world.seeded.cases.get(pid, ()):
            if case_id not in world.case_ids:
                case_url = reverse("mobility:case_detail", args=[case_id])
                assert case_url not in body, f"{where}: a case of person {pid} leaked"


def _assert_shows(world: World, body: str, pid: int, fields: Iterable[str], where: str) -> None:
    """The declared fields are there: a page that hides everything cannot pass."""
    for field in fields:
        texts = world.seeded.markers[pid][field]
        assert any(text in body for text in texts), f"{where}: declared {field} is missing"


def _json(response: Any) -> str:
    assert response.status_code == 200, response.content[:300]
    return json.dumps(response.json(), ensure_ascii=False)


def _html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def _csv(response: Any) -> str:
    assert response.status_code == 200
    rows = csv.reader(io.StringIO(streamed(response).decode()))
    return "\n".join("\t".join(row) for row in rows)


def _xlsx(response: Any) -> str:
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(streamed(response)), read_only=True)
    cells = []
    for row in book.active.iter_rows(values_only=True):
        for value in row:
            if isinstance(value, dt.datetime):
                value = value.date()
            cells.append(value.isoformat() if isinstance(value, dt.date) else str(value or ""))
    return "\t".join(cells)


@pytest.mark.parametrize("role", PROVIDER_ROLES)
def test_enrolments_show_only_what_their_module_declares(world: World, role: Role) -> None:
    client = world.client(role)
    covered = {e.module_id for e in world.enrolments}
    assert covered >= {m.pk for m in world.modules if not m.core_module_id}, "a module unseen"
    for enrolment in world.enrolments:
        declared = set(enrolment.module.provider_fields)
        allowed = {enrolment.person_id: declared} if enrolment.person_id else {}
        where = f"enrolment {enrolment.pk} ({enrolment.module.code}) as {role}"
        page = _html(client.get(reverse("care:enrolment_detail", args=[enrolment.pk])))
        answer = _json(client.get(f"/api/v1/care/enrolments/{enrolment.pk}"))
        for body in (page, answer):
            _assert_no_leak(world, body, allowed, where)
            if enrolment.person_id is not None:
                shown = declared - {ProviderField.FAMILY_MEMBERS}
                _assert_shows(world, body, enrolment.person_id, shown, where)
    lists = {
        "enrolment list": _html(client.get(reverse("care:enrolment_list"))),
        "enrolment API list": _json(client.get("/api/v1/care/enrolments?page_size=100")),
        "CSV export": _csv(client.get(reverse("care:enrolment_export"))),
        "XLSX export": _xlsx(client.get(reverse("care:enrolment_export") + "?format=xlsx")),
    }
    for where, body in lists.items():
        _assert_no_leak(world, body, world.enrolled, f"{where} as {role}")
    # The exports carry the declared fields (the list page shows names only).
    for where in ("CSV export", "XLSX export"):
        for pid, fields in world.enrolled.items():
            _assert_shows(world, lists[where], pid, fields, where)


@pytest.mark.parametrize("role", PROVIDER_ROLES)
def test_assigned_people_show_only_what_their_assignments_declare(world: World, role: Role) -> None:
    client = world.client(role)
    assert world.assignments, "the demo assigns people to its provider"
    for pid, declared in world.assigned.items():
        where = f"assigned person {pid} as {role}"
        page = _html(client.get(reverse("people:detail", args=[pid])))
        answer = _json(client.get(f"/api/v1/people/{pid}"))
        for body in (page, answer):
            _assert_no_leak(world, body, {pid: declared}, where)
            _assert_shows(world, body, pid, declared - {ProviderField.FAMILY_MEMBERS}, where)
    lists = {
        "people list": _html(client.get(reverse("people:list"))),
        "dashboard": _html(client.get(reverse("people:dashboard"), follow=True)),
        "home": _html(client.get(reverse("web:home"), follow=True)),
        "people API list": _json(client.get("/api/v1/people?page_size=100")),
        "case list": _html(client.get(reverse("mobility:case_list") + "?status=")),
        "case board": _html(client.get(reverse("mobility:case_list") + "?status=&view=board")),
        "case API list": _json(client.get("/api/v1/cases")),
        "obligations API": _json(client.get("/api/v1/obligations")),
    }
    for where, body in lists.items():
        _assert_no_leak(world, body, world.assigned, f"{where} as {role}")
    assert world.case_ids, "the demo assigns its provider to a case"
    for case_id in world.case_ids:
        person_id = Case.objects.get(pk=case_id).person_id
        where = f"case {case_id} as {role}"
        for body in (
            _html(client.get(reverse("mobility:case_detail", args=[case_id]))),
            _json(client.get(f"/api/v1/cases/{case_id}")),
        ):
            _assert_no_leak(world, body, {person_id: world.assigned[person_id]}, where)


def test_every_field_of_the_fixed_list_is_seeded(world: World) -> None:
    """The check above is only as good as its markers: each field has one per person."""
    for fields in world.seeded.markers.values():
        assert set(ProviderField.values) | set(NEVER_DECLARABLE[:2]) <= set(fields)
        assert all(texts for texts in fields.values())
