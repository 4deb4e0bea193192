"""The secret ICS feed of a user's duties: all-day events on the due date, streamed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from expatcare.accounts.actor import Actor
from expatcare.accounts.models import Membership
from expatcare.accounts.roles import Role
from expatcare.compliance.emails import site_url
from expatcare.compliance.labels import duty_title
from expatcare.compliance.models import CalendarFeed, Duty
from expatcare.compliance.selectors import duties_for_feed
from expatcare.compliance.services import hash_feed_token
from expatcare.core.crypto import DecryptionError, decrypt_text
from expatcare.engine.messages import render_message

MAX_TOKEN_LENGTH = 128
CHUNK_ROWS = 500
PLACEHOLDER_ID = 987654321
FEED_FIELDS = (
    "pk",
    "due",
    "code",
    "origin_key",
    "message_code",
    "message_params",
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


def _event(
    duty: dict[str, Any], *, stamp: dt.datetime, texts: _Texts, url: Callable[[int], str]
) -> bytes:
    """One duty as a VEVENT; icalendar escapes the text and folds the lines (RFC 5545)."""
    from icalendar import Event, vText, vUri  # see ``_frame``: cached after the first feed

    due: dt.date = duty["due"]
    link = url(duty["pk"])
    explanation, title = texts.of(duty)
    person = f"{duty['person__first_name']} {duty['person__last_name']}".strip()
    description = "\n".join(
        part for part in (explanation, duty["legal_basis"], duty["source"], link) if part
    )
    event = Event()
    event.add("uid", f"duty-{duty['pk']}@expatcare")
    event.add("dtstamp", stamp)
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("summary", f"{title}: {person}")
    event.add("description", description)
    event.add("url", vUri(link))
    event.add("categories", [duty["code"]])
    # An X- property is TEXT unless it says otherwise: escaped like the others.
    event.add("x-expatcare-legal-basis", vText(duty["legal_basis"]))
    ical: bytes = event.to_ical(sorted=False)
    return ical


class _Texts:
    """The explanation and name of each duty in the feed owner's language, rendered once per
    distinct message: thousands of duties share a few dozen sentences."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}

    def of(self, duty: dict[str, Any]) -> tuple[str, str]:
        message = {"code": duty["message_code"], "params": duty["message_params"]}
        key = json.dumps([duty["code"], duty["origin_key"], message], sort_keys=True)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = (
                render_message(message),
                duty_title(duty["code"], message, duty["origin_key"]),
            )
        return found


def _frame() -> tuple[bytes, bytes]:
    """The calendar's opening and closing lines, around which the events are streamed.

    ``icalendar`` (some 4 MB with its dependencies) is imported by the functions that write
    a feed, not by this module: the pages import it for the feed's link, and a worker that
    never serves a feed should not carry the library.
    """
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//expatcare//duties//EN")
    calendar.add("x-wr-calname", "expatcare")
    closing = b"END:VCALENDAR\r\n"
    opening = calendar.to_ical(sorted=False).removesuffix(closing)
    return opening, closing


def feed_stream(token: str) -> Iterator[bytes] | None:
    """The calendar for a live token, produced piece by piece; None for an unknown or revoked
    token (or a lost membership).

    The HR team's feed holds every open, dated duty of the tenant (some 26,000 events at
    10,000 people): building it as one ``icalendar`` calendar took 400 MB and most of a minute.
    Each row read in chunks becomes one ``icalendar`` event, written and let go, so memory
    stays flat while the library does the escaping and folding.
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
    membership = Membership.objects.filter(
        user=feed.user, organization_id=feed.organization_id
    ).first()
    if membership is None:
        return None
    language = feed.user.language or settings.LANGUAGE_CODE
    duties = (
        duties_for_feed(
            user=feed.user,
            organization_id=feed.organization_id,
            # A manager's feed never shows a duty of someone who is not their report, even
            # one assigned to them before the person moved to another manager.
            reports_of=membership.pk if membership.role == Role.MANAGER else None,
        )
        .filter(due__isnull=False)
        .values(*FEED_FIELDS)
    )
    return _calendar(duties, language=language)


def _calendar(duties: QuerySet[Duty, dict[str, Any]], *, language: str) -> Iterator[bytes]:
    head, tail = site_url(reverse("compliance:duty_detail", args=[PLACEHOLDER_ID])).split(
        str(PLACEHOLDER_ID), 1
    )

    def url(pk: int) -> str:
        return f"{head}{pk}{tail}"

    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    opening, closing = _frame()
    yield opening
    texts = _Texts()

    def events(rows: list[dict[str, Any]]) -> bytes:
        # The language is switched per chunk, never across a yield to the server.
        with translation.override(language):
            return b"".join(_event(row, stamp=stamp, texts=texts, url=url) for row in rows)

    rows: list[dict[str, Any]] = []
    for duty in duties.iterator(chunk_size=CHUNK_ROWS):
        rows.append(duty)
        if len(rows) >= CHUNK_ROWS:
            yield events(rows)
            rows = []
    yield events(rows) + closing
