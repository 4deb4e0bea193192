"""The secret ICS feed of a user's duties: all-day events on the due date, streamed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership
from expatcare.compliance.emails import site_url
from expatcare.compliance.labels import duty_label
from expatcare.compliance.models import CalendarFeed, Duty
from expatcare.compliance.selectors import duties_for_feed
from expatcare.compliance.services import hash_feed_token
from expatcare.core.crypto import DecryptionError, decrypt_text

MAX_TOKEN_LENGTH = 128
FOLD_OCTETS = 75
CHUNK_ROWS = 500
PLACEHOLDER_ID = 987654321
FEED_FIELDS = (
    "pk",
    "due",
    "code",
    "explanation",
    "explanation_de",
    "legal_basis",
    "source",
    "person__first_name",
    "person__last_name",
)


def feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("compliance:ics_feed", args=[token]))


def feed_site_url(token: str) -> str:
    return site_url(reverse("compliance:ics_feed", args=[token]))


def active_feed(actor: Actor) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(
        user=actor.user, organization_id=actor.organization_id, revoked_at__isnull=True
    ).first()


def active_feed_url(request: HttpRequest, actor: Actor) -> str | None:
    """The link of the actor's live feed; None without one (or for a feed made before links
    were kept encrypted, which its owner replaces to see again)."""
    feed = active_feed(actor)
    if feed is None or not feed.token_encrypted:
        return None
    try:
        return feed_url(request, decrypt_text(feed.token_encrypted))
    except DecryptionError:
        return None


def _text(value: str) -> str:
    """An iCalendar TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and newline
    escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _line(name: str, value: str) -> bytes:
    """One content line, folded at 75 octets without splitting a UTF-8 character."""
    data = f"{name}:{value}".encode()
    parts: list[bytes] = []
    start, limit = 0, FOLD_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: fold before its character
            end -= 1
        parts.append(data[start:end])
        start, limit = end, FOLD_OCTETS - 1  # a folded line starts with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _event(duty: dict[str, Any], *, stamp: str, german: bool, url: Callable[[int], str]) -> bytes:
    due: dt.date = duty["due"]
    link = url(duty["pk"])
    explanation = (
        duty["explanation_de"] if german and duty["explanation_de"] else duty["explanation"]
    )
    person = f"{duty['person__first_name']} {duty['person__last_name']}".strip()
    description = "\n".join(
        part for part in (explanation, duty["legal_basis"], duty["source"], link) if part
    )
    return b"".join(
        (
            b"BEGIN:VEVENT\r\n",
            _line("UID", f"duty-{duty['pk']}@expatcare"),
            _line("DTSTAMP", stamp),
            _line("DTSTART;VALUE=DATE", due.strftime("%Y%m%d")),
            _line("DTEND;VALUE=DATE", (due + dt.timedelta(days=1)).strftime("%Y%m%d")),
            _line("SUMMARY", _text(f"{duty_label(duty['code'])}: {person}")),
            _line("DESCRIPTION", _text(description)),
            _line("URL", link),
            _line("CATEGORIES", _text(duty["code"])),
            _line("X-EXPATCARE-LEGAL-BASIS", _text(duty["legal_basis"])),
            b"END:VEVENT\r\n",
        )
    )


def feed_stream(token: str) -> Iterator[bytes] | None:
    """The calendar for a live token, produced piece by piece; None for an unknown or revoked
    token (or a lost membership).

    The HR team's feed holds every open, dated duty of the tenant (some 26,000 events at
    10,000 people): building it as one ``icalendar`` object took 400 MB and most of a minute.
    Each event is written as text from a row read in chunks, so memory stays flat.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=hash_feed_token(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    if not Membership.objects.filter(user=feed.user, organization_id=feed.organization_id).exists():
        return None
    german = (feed.user.language or settings.LANGUAGE_CODE).startswith("de")
    duties = (
        duties_for_feed(user=feed.user, organization_id=feed.organization_id)
        .filter(due__isnull=False)
        .values(*FEED_FIELDS)
    )
    return _calendar(duties, german=german)


def _calendar(duties: QuerySet[Duty, dict[str, Any]], *, german: bool) -> Iterator[bytes]:
    head, tail = site_url(reverse("compliance:duty_detail", args=[PLACEHOLDER_ID])).split(
        str(PLACEHOLDER_ID), 1
    )

    def url(pk: int) -> str:
        return f"{head}{pk}{tail}"

    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    yield b"".join(
        (
            b"BEGIN:VCALENDAR\r\n",
            _line("VERSION", "2.0"),
            _line("PRODID", "-//expatcare//duties//EN"),
            _line("X-WR-CALNAME", "expatcare"),
        )
    )
    chunk: list[bytes] = []
    for duty in duties.iterator(chunk_size=CHUNK_ROWS):
        chunk.append(_event(duty, stamp=stamp, german=german, url=url))
        if len(chunk) >= CHUNK_ROWS:
            yield b"".join(chunk)
            chunk = []
    chunk.append(b"END:VCALENDAR\r\n")
    yield b"".join(chunk)
