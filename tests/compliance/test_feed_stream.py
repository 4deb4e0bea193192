"""The ICS feed and the exports are streamed: text escaped and folded by the rules of RFC 5545,
rows read in chunks, the workbook sent from a file."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar, Event, vText, vUri
from openpyxl import load_workbook

from expatcare.accounts.roles import Role
from expatcare.compliance import feeds, ics
from expatcare.compliance.leadtimes import berlin_today
from expatcare.compliance.services import calendar_feed_create
from tests.compliance.conftest import make_duty
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db

AWKWARD = (
    "Übermittlung; Frist, Nachweis\\Anlage\n"
    "Zweite Zeile mit ÄÖÜ äöü ß und Zeichen, die gefaltet werden müssen: " + "€" * 40
)


def _feed(tenant: Tenant, role: Role = Role.HR) -> tuple[bytes, list[bytes]]:
    _feed_row, token = calendar_feed_create(actor=tenant.actor(role))
    response = Client().get(reverse("compliance:ics_feed", args=[token]))
    assert response.status_code == 200
    assert response.streaming
    content = cast(StreamingHttpResponse, response).streaming_content
    assert isinstance(content, Iterator)
    chunks = [bytes(chunk) for chunk in content]
    return b"".join(chunks), chunks


def test_text_is_escaped_and_lines_are_folded(tenant: Tenant) -> None:
    due = berlin_today() + dt.timedelta(days=3)
    duty = make_duty(
        tenant.other_person,
        "DEUEV_REGISTRATION",
        due,
        message_code="stored.text",
        message_params={"en": AWKWARD, "de": ""},
        legal_basis="§ 6 DEÜV; § 28a Abs. 1, SGB IV",
    )
    body, _chunks = _feed(tenant)
    lines = body.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2] == b"END:VCALENDAR"
    assert all(len(line) <= 75 for line in lines)
    body.decode("utf-8")  # folding never splits a character
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["uid"]) == f"duty-{duty.pk}@expatcare"
    assert event.decoded("dtstart") == due
    assert event.decoded("dtend") == due + dt.timedelta(days=1)
    assert str(event["description"]).startswith(AWKWARD + "\n§ 6 DEÜV; § 28a Abs. 1, SGB IV\n")
    # An X- property is TEXT unless it says otherwise: escaped like the others.
    assert "X-EXPATCARE-LEGAL-BASIS:§ 6 DEÜV\\; § 28a Abs. 1\\, SGB IV\r\n".encode() in body
    assert str(event["summary"]).endswith(tenant.other_person.full_name)
    assert str(event["url"]).endswith(reverse("compliance:duty_detail", args=[duty.pk]))


@pytest.mark.parametrize(
    ("language", "start", "title"),
    [
        ("de", "Anmeldung bei der Krankenkasse", "Anmeldung zur Sozialversicherung"),
        ("en", "Register the employee with the health insurance fund", "Register with social"),
        ("uk", "Зареєструйте працівника в лікарняній касі", ""),
        ("ar", "سجّل الموظف لدى صندوق التأمين الصحي", ""),
    ],
)
def test_the_explanation_is_in_the_readers_language(
    tenant: Tenant, language: str, start: str, title: str
) -> None:
    hr = tenant.users[Role.HR]
    hr.language = language
    hr.save(update_fields=["language"])
    make_duty(tenant.other_person, "DEUEV_REGISTRATION", berlin_today())
    body, _chunks = _feed(tenant)
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["description"]).startswith(start)
    assert "6" in str(event["description"]).split("\n")[0]
    assert str(event["summary"]).startswith(title)


def test_a_visa_renewal_is_named_so(tenant: Tenant) -> None:
    make_duty(
        tenant.other_person,
        "PERMIT_RENEWAL",
        berlin_today(),
        origin_key="visa:2027-01-31",
        message_code="obligation.visa_renewal",
        message_params={"weeks": "8"},
    )
    with translation.override("en"):
        body, _chunks = _feed(tenant)
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["summary"]).startswith("Renew the visa:")


def test_feed_is_sent_in_chunks(tenant: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds, "CHUNK_ROWS", 2)
    today = berlin_today()
    for offset in range(5):
        make_duty(tenant.other_person, "DEUEV_REGISTRATION", today, origin_key=str(offset))
    body, chunks = _feed(tenant)
    assert len(chunks) >= 3
    assert len(Calendar.from_ical(body).walk("VEVENT")) == 5


def test_xlsx_is_streamed_from_a_file(tenant: Tenant, client_for) -> None:
    duty = make_duty(tenant.other_person, "DEUEV_REGISTRATION", berlin_today())
    with translation.override("en"):
        response = client_for(Role.HR).get(reverse("compliance:export"), {"format": "xlsx"})
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == "DEUEV_REGISTRATION"
    assert str(rows[1][-1]).endswith(reverse("compliance:duty_detail", args=[duty.pk]))


def _icalendar_event(duty: dict[str, Any], *, stamp: dt.datetime, link: tuple[str, str]) -> bytes:
    """The event the feed writes for ``duty``, built property by property by ``icalendar``."""
    due: dt.date = duty["due"]
    url = f"{link[0]}{duty['pk']}{link[1]}"
    explanation, title = feeds._Texts().of(duty)
    person = f"{duty['person__first_name']} {duty['person__last_name']}".strip()
    event = Event()
    event.add("uid", f"duty-{duty['pk']}@expatcare")
    event.add("dtstamp", stamp)
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("summary", f"{title}: {person}")
    parts = (explanation, duty["legal_basis"], duty["source"], url)
    event.add("description", "\n".join(part for part in parts if part))
    event.add("url", vUri(url))
    event.add("categories", [duty["code"]])
    event.add("x-expatcare-legal-basis", vText(duty["legal_basis"]))
    ical: bytes = event.to_ical(sorted=False)
    return ical


def _awkward_rows(count: int = 240) -> list[dict[str, Any]]:
    """Feed rows whose texts hit every folding position with escapes and multi-byte text."""
    pieces = ("a", "€", "\\", ",", ";", "ß", "\n", "😀", "\r\n", "\\N", " ")
    kinds = ("visa", "passport", "insurance_certificate", "residence_permit")
    rows: list[dict[str, Any]] = []
    for number in range(count):
        text = "".join(pieces[(number * 7 + step) % len(pieces)] for step in range(number % 97))
        rows.append(
            {
                "pk": number * 37 + 1,
                "due": dt.date(2026, 1, 1) + dt.timedelta(days=number % 40),
                "code": ("DEUEV_REGISTRATION", "PERMIT_RENEWAL", "KIND,WITH;MARKS")[number % 3],
                # Renewals of different documents and dates: each is named by its kind.
                "origin_key": f"{kinds[number // 4 % 4]}:2027-01-{number % 28 + 1:02d}",
                "message_code": "stored.text",
                # Every fourth duty shares its message: the texts are then read from the memo.
                "message_params": {"en": "Renew it.", "de": "Erneuern.", "ar": "جدّد."}
                if number % 4 == 0
                else {"en": AWKWARD[: number % 80], "de": text, "ar": text[::-1]},
                "legal_basis": ("§ 6 DEÜV; § 28a Abs. 1, SGB IV\\" * (number % 4)),
                "source": "" if number % 5 == 0 else "https://example.org/" + "s" * (number % 90),
                "person__first_name": text[: number % 31],
                "person__last_name": "Ö" * (number % 41) + "x" * (number % 13),
            }
        )
    return rows


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_each_event_is_the_bytes_icalendar_writes_for_it(language: str) -> None:
    """The feed asks icalendar once for each repeated part (stamp, dates, kind, the start of
    each text) and escapes and folds only what is each duty's own; every event must still be
    exactly what the library writes for the whole event, at every folding position."""
    stamp = dt.datetime(2026, 12, 5, 18, 30, tzinfo=dt.UTC)
    link = ("https://expatcare.example/" + "l" * (len(language) * 9) + "/duties/", "/")
    rows = _awkward_rows()
    with translation.override(language):
        writer = ics.EventWriter(stamp=stamp, link=link, texts=feeds._Texts())
        written = [writer.event(row) for row in rows]
        expected = [_icalendar_event(row, stamp=stamp, link=link) for row in rows]
    assert written == expected
    calendar = Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + b"".join(written)
        + b"END:VCALENDAR\r\n"
    )
    events = calendar.walk("VEVENT")
    assert [str(event["uid"]) for event in events] == [
        f"duty-{row['pk']}@expatcare" for row in rows
    ]
    # Read back as written, but for the line ends and "\\N" that TEXT writes as "\\n".
    assert [str(event["summary"]).rpartition(": ")[2] for event in events] == [
        f"{row['person__first_name']} {row['person__last_name']}".strip()
        .replace("\\N", "\n")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        for row in rows
    ]
    assert all(str(event["url"]).startswith(link[0]) for event in events)
