"""The secret ICS feed of a user's duties: all-day events on the due date."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from expatcare.accounts.models import Membership
from expatcare.compliance.emails import site_url
from expatcare.compliance.labels import duty_label
from expatcare.compliance.models import CalendarFeed
from expatcare.compliance.selectors import duties_for_feed
from expatcare.compliance.services import hash_feed_token
from expatcare.core.actor import Actor
from expatcare.core.crypto import DecryptionError, decrypt_text

MAX_TOKEN_LENGTH = 128


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


def feed_body(token: str) -> bytes | None:
    """The calendar for a live token; None for an unknown or revoked one (or a lost membership)."""
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
    german = (feed.user.language or "").startswith("de")
    calendar = Calendar()
    calendar.add("prodid", "-//expatcare//duties//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "expatcare")
    stamp = timezone.now()
    for duty in duties_for_feed(user=feed.user, organization_id=feed.organization_id):
        if duty.due is None:
            continue
        link = site_url(duty.get_absolute_url())
        explanation = duty.explanation_de if german and duty.explanation_de else duty.explanation
        event = Event()
        event.add("uid", f"duty-{duty.pk}@expatcare")
        event.add("dtstamp", stamp)
        event.add("dtstart", duty.due)
        event.add("dtend", duty.due + dt.timedelta(days=1))
        event.add("summary", f"{duty_label(duty.code)}: {duty.person.full_name}")
        event.add(
            "description",
            "\n".join(part for part in (explanation, duty.legal_basis, duty.source, link) if part),
        )
        event.add("url", link)
        event.add("categories", [duty.code])
        event.add("x-expatcare-legal-basis", duty.legal_basis)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
