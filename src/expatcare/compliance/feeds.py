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


# Texts kept per feed: a few dozen repeat; a message with a date of its own never does, so the
# memo starts afresh past this size and memory stays flat.
MEMO_LIMIT = 1000


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
            # The name reads only the document kind of the origin ("visa" of "visa:2027-01-31");
            # keyed by the whole origin, every renewal was a text of its own.
            duty["origin_key"].partition(":")[0],
            duty["message_code"],
            json.dumps(params, sort_keys=True) if params else "",
        )
        if len(self._seen) >= MEMO_LIMIT:
            self._seen.clear()
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = (
                render_message(message),
                duty_title(duty["code"], message, duty["origin_key"]),
            )
        return found


def feed_stream(token: str) -> Iterator[bytes] | None:
    """The calendar for a live token, produced piece by piece; None for an unknown or revoked
    token (or a lost membership).

    The HR team's feed holds every open, dated duty of the tenant (some 26,000 events at
    10,000 people): building it as one ``icalendar`` calendar took 400 MB and most of a minute.
    Rows are read in chunks and each chunk's events written and let go, so memory stays flat;
    ``ics.EventWriter`` writes each event with the library's escaping and folding.
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
    # Imported here, not with this module: every page imports it for the feed's link, and
    # icalendar (some 4 MB with its dependencies) belongs only in a worker that writes a feed.
    from expatcare.compliance import ics

    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    opening, closing = ics.calendar_frame()
    yield opening
    writer = ics.EventWriter(stamp=stamp, link=(head, tail), texts=_Texts())

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
