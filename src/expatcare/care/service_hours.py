"""A provider's service hours as the reader sees them: in the provider's zone and in their own.

A module stores its days, opening and closing time in the provider's time zone
(``CareModule.service_*``). An employee in Istanbul calling a Munich hotline needs to know
when that is for them, on today's offsets (daylight saving differs between zones and
changes during the year), and whether the hours start on another day of theirs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_interval
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from expatcare.care.choices import ServiceDays
from expatcare.core.timezones import city_name, utc_offset_label


@dataclass(frozen=True, slots=True)
class ServiceHours:
    """Display strings, already in the reader's language."""

    days: str  # "Monday to Friday" (the provider's days)
    provider_time: str  # "08:00–20:00 Uhr", "8:00 AM – 8:00 PM"
    provider_zone: str  # "Berlin (UTC+01:00)"
    local_time: str  # "10:00–22:00 Uhr" ("" when the reader is in the provider's zone)
    local_zone: str  # "Istanbul (UTC+03:00)"
    day_note: str  # "starts the next day for you" or ""
    round_the_clock: bool


def _skeleton(locale: str) -> str:
    """The locale's own clock: "Hm" where its short time has a 24-hour ``H`` (de, tr), "hm"
    with a day period where it has ``h`` (en, ar, hi)."""
    pattern = Locale.parse(locale).time_formats["short"].pattern
    return "Hm" if "H" in pattern else "hm"


def _span(opens: dt.datetime, closes: dt.datetime, language: str) -> str:
    """A time range as the reader's locale writes one (CLDR interval formats): "08:00–20:00 Uhr",
    "8:00 AM – 8:00 PM", and in Arabic "8:00 ص – 8:00 م" in logical order, which reads right
    to left when the page isolates it with its own direction (``<bdi>``, not ``dir="ltr"``)."""
    locale = to_locale(language)
    return format_interval(opens.time(), closes.time(), _skeleton(locale), locale=locale)


def _day_note(shift: int) -> str:
    if shift > 0:
        return _("begins on the next day in your time zone")
    if shift < 0:
        return _("begins on the day before in your time zone")
    return ""


def service_hours(
    *,
    days: str,
    opens: dt.time | None,
    closes: dt.time | None,
    zone: str,
    reader_zone: str,
    language: str,
    now: dt.datetime,
) -> ServiceHours | None:
    """The hours of a line for a reader in ``reader_zone`` at ``now``; None if none are given.

    Days without times mean the line is open around the clock on those days. Closing at or
    before the opening time means the hours run past midnight.
    """
    if not days:
        return None
    days_label = str(ServiceDays(days).label)
    if opens is None or closes is None or not zone:
        return ServiceHours(days_label, "", "", "", "", "", round_the_clock=True)
    provider = ZoneInfo(zone)
    reader = ZoneInfo(reader_zone)
    today = now.astimezone(provider).date()
    start = dt.datetime.combine(today, opens, tzinfo=provider)
    end_day = today if closes > opens else today + dt.timedelta(days=1)
    end = dt.datetime.combine(end_day, closes, tzinfo=provider)
    local_start, local_end = start.astimezone(reader), end.astimezone(reader)
    same = local_start.utcoffset() == start.utcoffset()
    return ServiceHours(
        days=days_label,
        provider_time=_span(start, end, language),
        provider_zone=f"{city_name(zone, language)} ({utc_offset_label(zone, now)})",
        local_time="" if same else _span(local_start, local_end, language),
        local_zone=f"{city_name(reader_zone, language)} ({utc_offset_label(reader_zone, now)})",
        day_note="" if same else _day_note((local_start.date() - today).days),
        round_the_clock=False,
    )
