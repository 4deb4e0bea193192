"""The audit trail shows names, not stored codes (issue 10, defect 7).

The trail read "nationalities: – → ['NG']", "languages: – → [['de', 'A2'], ['en', 'C1']]",
"Sha256", "Content type", "Beziehung: – → spouse" and "True". A person with exactly those
changes is recorded through the services and their trail is rendered in German and English.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.audit.models import AuditEntry
from expatcare.audit.presenters import change_presenters
from expatcare.people import services
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# What must not reach a reader: Python lists, booleans, code values, checksums, field names.
RAW = re.compile(
    r"\[\s*'|\['|\bTrue\b|\bFalse\b|\bspouse\b|\bNG\b|'A2'|\bSha256\b|\bsha256\b|"
    r"Content type|content_type|application/pdf|\b[0-9a-f]{64}\b|\bnationalities\b|"
    r"\blanguages\b|2026-\d\d-\d\d|62000"
)


def _record_the_issues_changes(tenant: Tenant) -> int:
    hr = tenant.actor(Role.HR)
    person = services.person_create(
        actor=hr,
        first_name="Chidi",
        last_name="Okafor",
        nationalities=["NG"],
        languages=[("de", "A2"), ("en", "C1")],
        start_date=dt.date(2026, 12, 4),
        annual_salary_eur=Decimal("62000"),
    )
    services.family_member_create(
        actor=hr, person=person, relation="spouse", first_name="Ada", joins_in_germany=True
    )
    services.document_upload(
        actor=hr,
        person=person,
        kind="passport",
        uploaded_file=SimpleUploadedFile("pass.pdf", PDF_BYTES, "application/pdf"),
        issuing_country="NG",
        valid_until=dt.date(2031, 5, 9),
    )
    return person.pk


def _trail(client, person_id: int, language: str) -> str:
    client.cookies["django_language"] = language
    html = client.get(reverse("people:audit", args=[person_id])).content.decode()
    table = html.split('class="audit-trail"', 1)[1].split("</table>", 1)[0]
    # What a reader sees without opening "Details for experts" (and without hovering titles).
    visible = re.sub(r'<details class="expert-details">.*?</details>', " ", table, flags=re.S)
    return re.sub(r"<[^>]+>", " ", visible)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            [
                "Nigeria",
                "Deutsch (A2), Englisch (C1)",
                "Ehepartner",
                "Ja",
                "04.12.2026",
                "62.000,00\xa0€",
                "Reisepass",
                "09.05.2031",
            ],
        ),
        (
            "en",
            [
                "Nigeria",
                "German (A2), English (C1)",
                "Spouse",
                "Yes",
                "12/04/2026",
                "€62,000.00",
                "Passport",
                "05/09/2031",
            ],
        ),
    ],
)
def test_the_trail_reads_names_and_the_readers_formats(
    tenant: Tenant, client_for, language: str, expected: list[str]
) -> None:
    person_id = _record_the_issues_changes(tenant)
    text = _trail(client_for(Role.HR), person_id, language)
    assert RAW.findall(text) == []
    for shown in expected:
        assert shown in text, (shown, text)


def test_file_facts_are_kept_for_experts(tenant: Tenant, client_for) -> None:
    """The checksum, file type and size stay available, under "Details for experts"."""
    person_id = _record_the_issues_changes(tenant)
    client = client_for(Role.HR)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("people:audit", args=[person_id])).content.decode()
    details = re.findall(r'<details class="expert-details">.*?</details>', html, flags=re.S)
    assert len(details) == 1
    assert "Details for experts" in details[0]
    assert "Checksum (SHA-256)" in details[0] and "application/pdf" in details[0]
    assert re.search(r"\b[0-9a-f]{64}\b", details[0])


def test_related_rows_are_named_with_one_query_per_model(
    tenant: Tenant, django_assert_num_queries
) -> None:
    """A page of entries naming family members costs one query for all of them."""
    hr = tenant.actor(Role.HR)
    person = tenant.other_person
    members = []
    for name in ("Ada", "Bola", "Chi"):
        member = services.family_member_create(
            actor=hr, person=person, relation="child", first_name=name
        )
        members.append(member)
        AuditEntry.objects.create(
            organization_id=person.organization_id,
            action="mobility.case_family",
            object_type="mobility.case",
            person_id=person.pk,
            changes={"family_members": [None, member.pk]},
        )
    entries = list(AuditEntry.objects.filter(action="mobility.case_family"))
    with translation.override("en"), django_assert_num_queries(1):
        presented = change_presenters.present(entries)
    assert sorted(str(entry.rows[0][2]) for entry in presented) == sorted(map(str, members))
    assert all("Ada" in str(m) or "Bola" in str(m) or "Chi" in str(m) for m in members)
