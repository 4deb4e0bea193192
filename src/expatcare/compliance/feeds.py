"""The secret ICS feed of a user's duties: all-day events on the due date, streamed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar, Event, vText, vUri
from icalendar.parser import Contentline

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


def _person(duty: dict[str, Any]) -> str:
    return f"{duty['person__first_name']} {duty['person__last_name']}".strip()


def _description_head(duty: dict[str, Any], explanation: str) -> str:
    """The description up to the duty's link: the same for every duty of one kind."""
    return "".join(
        f"{part}\n" for part in (explanation, duty["legal_basis"], duty["source"]) if part
    )


def _property_lines(event: Event) -> bytes:
    """The content lines of ``event``'s properties, without its BEGIN and END lines."""
    ical: bytes = event.to_ical(sorted=False)
    return ical.removeprefix(b"BEGIN:VEVENT\r\n").removesuffix(b"END:VEVENT\r\n")


def _property_line(name: str, value: Any) -> bytes:
    """One property exactly as ``icalendar`` writes it: type, parameters, escaping, folding."""
    event = Event()
    event.add(name, value)
    return _property_lines(event)


# RFC 5545 folds content lines longer than 75 octets; icalendar folds before the octet that
# would reach 75, so a line of fewer octets comes out unchanged.
FOLD_LIMIT = 75
FOLD = "\r\n "


def _folded(line: str) -> bytes:
    """``line`` folded by ``icalendar`` (CRLF ended), skipping the library for short lines."""
    encoded = line.encode()
    if len(encoded) < FOLD_LIMIT:
        return encoded + b"\r\n"
    # The library's folding (its content line class has no annotations).
    folded: bytes = Contentline(line).to_ical()  # type: ignore[no-untyped-call]
    return folded + b"\r\n"


class _FoldedHead:
    """A line start shared by many lines, folded once.

    Folding goes left to right and, at the end of ``head``, depends only on the unfinished
    last segment; so ``head + rest`` folds as the finished segments of ``head`` followed by
    the folding of that last segment plus ``rest``.
    """

    def __init__(self, head: str) -> None:
        self.head = head
        *done, self._last = _folded(head).decode().removesuffix("\r\n").split(FOLD)
        self._done = "".join(segment + FOLD for segment in done).encode()

    def fold(self, line: str) -> bytes:
        """``line`` folded as ``_folded`` folds it; only its part after ``head`` is folded anew."""
        if not line.startswith(self.head):
            return _folded(line)
        return self._done + _folded(self._last + line[len(self.head) :])


class _EventWriter:
    """Writes one VEVENT per duty with the bytes ``icalendar`` gives its event.

    Building an ``icalendar.Event`` per duty cost some 390 microseconds: each property's type
    looked up, its parameters built, every line folded character by character. Across a feed
    most of an event repeats: the stamp, the dates, the kind, the legal basis, the start of
    the description. The library writes each distinct part once here (memoised); per duty only
    the text that is the duty's own is escaped (``vText``) and, when long, folded
    (``Contentline``), so the library's escaping and folding still decide every byte.
    """

    def __init__(self, *, stamp: dt.datetime, link: tuple[str, str], texts: _Texts) -> None:
        # ``link``: a duty's address before and after its id.
        self._link = link
        self._texts = texts
        self._stamp = _property_line("dtstamp", stamp)
        uid_head, uid_tail = (
            _property_line("uid", f"duty-{PLACEHOLDER_ID}@expatcare")
            .decode()
            .split(str(PLACEHOLDER_ID))
        )
        self._uid = (uid_head.encode(), uid_tail.encode())
        self._url = _FoldedHead(f"URL:{vUri(link[0]).to_ical().decode()}")
        self._dates: dict[dt.date, bytes] = {}
        self._kinds: dict[tuple[str, str], bytes] = {}
        self._heads: dict[tuple[str, str], _FoldedHead] = {}

    def event(self, duty: dict[str, Any]) -> bytes:
        pk = str(duty["pk"])
        link = f"{self._link[0]}{pk}{self._link[1]}"
        explanation, title = self._texts.of(duty)
        # Each text's start is the same for every duty of a kind (up to the id in the link).
        description = _description_head(duty, explanation)
        return b"".join(
            (
                b"BEGIN:VEVENT\r\n",
                self._uid[0],
                pk.encode(),
                self._uid[1],
                self._stamp,
                self._dates_of(duty["due"]),
                self._text_line("SUMMARY", f"{title}: ", f"{title}: {_person(duty)}"),
                self._text_line("DESCRIPTION", description + self._link[0], description + link),
                self._url.fold(f"URL:{vUri(link).to_ical().decode()}"),
                self._kind(duty["code"], duty["legal_basis"]),
                b"END:VEVENT\r\n",
            )
        )

    def _text_line(self, name: str, head: str, value: str) -> bytes:
        """The TEXT property ``name`` of ``value``, which mostly starts with ``head``."""
        folding = self._heads.get((name, head))
        if folding is None:
            folding = self._heads[(name, head)] = _FoldedHead(f"{name}:{_text(head)}")
        return folding.fold(f"{name}:{_text(value)}")

    def _dates_of(self, due: dt.date) -> bytes:
        found = self._dates.get(due)
        if found is None:
            event = Event()
            event.add("dtstart", due)
            event.add("dtend", due + dt.timedelta(days=1))
            found = self._dates[due] = _property_lines(event)
        return found

    def _kind(self, code: str, legal_basis: str) -> bytes:
        found = self._kinds.get((code, legal_basis))
        if found is None:
            event = Event()
            event.add("categories", [code])
            event.add("x-expatcare-legal-basis", vText(legal_basis))
            found = self._kinds[(code, legal_basis)] = _property_lines(event)
        return found


def _text(value: str) -> str:
    """``value`` escaped as an iCalendar TEXT value by ``icalendar``."""
    return vText(value).to_ical().decode()


class _Texts:
    """The explanation and name of each duty in the feed owner's language, rendered once per
    distinct message: thousands of duties share a few dozen sentences."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, str, str], tuple[str, str]] = {}

    def of(self, duty: dict[str, Any]) -> tuple[str, str]:
        message = {"code": duty["message_code"], "params": duty["message_params"]}
        params = duty["message_params"]
        key = (
            duty["code"],
            duty["origin_key"],
            duty["message_code"],
            json.dumps(params, sort_keys=True) if params else "",
        )
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = (
                render_message(message),
                duty_title(duty["code"], message, duty["origin_key"]),
            )
        return found


def _frame() -> tuple[bytes, bytes]:
    """The calendar's opening and closing lines, around which the events are streamed."""
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
    Rows are read in chunks and each chunk's events written and let go, so memory stays flat;
    ``_EventWriter`` writes each event with the library's escaping and folding.
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
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    opening, closing = _frame()
    yield opening
    writer = _EventWriter(stamp=stamp, link=(head, tail), texts=_Texts())

    def events(rows: list[dict[str, Any]]) -> bytes:
        # The language is switched per chunk, never across a yield to the server.
        with translation.override(language):
            return b"".join(writer.event(row) for row in rows)

    rows: list[dict[str, Any]] = []
    for duty in duties.iterator(chunk_size=CHUNK_ROWS):
        rows.append(duty)
        if len(rows) >= CHUNK_ROWS:
            yield events(rows)
            rows = []
    yield events(rows) + closing
