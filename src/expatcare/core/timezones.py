"""The time zones a person or user may have: canonical IANA zones, not every name zoneinfo knows.

``zoneinfo.available_timezones()`` holds about 600 names, many of them aliases kept for old
software ("W-SU", "ROK", "US/Eastern", "localtime"). A stored zone should be the canonical name
of a place, so lists group and compare correctly; ``zone.tab`` of the IANA database (shipped by
the ``tzdata`` package) names exactly one canonical zone per populated region, and ``UTC`` is
added for accounts without a place.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import to_locale

UTC_ZONE = "UTC"


@functools.cache
def canonical_time_zones() -> frozenset[str]:
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    names = {
        columns[2]
        for line in text.splitlines()
        if line and not line.startswith("#") and len(columns := line.split("\t")) >= 3
    }
    return frozenset({*names, UTC_ZONE})


def is_canonical_time_zone(name: str) -> bool:
    return name in canonical_time_zones()


# The first part of a canonical name, as a reader calls the region.
REGION_LABELS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}


def utc_offset_label(name: str, now: dt.datetime) -> str:
    """ "UTC+05:30" for a zone at the moment ``now`` (daylight saving included)."""
    offset = now.astimezone(ZoneInfo(name)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def city_name(name: str, language: str) -> str:
    """The zone's city in the reader's language ("Europe/Moscow" is "Moskau" in German)."""
    try:
        city = get_timezone_location(name, locale=to_locale(language), return_city=True)
    except (LookupError, ValueError):
        city = name
    return city.rsplit("/", 1)[-1].replace("_", " ")


def time_zone_choices(
    language: str, now: dt.datetime | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The canonical zones grouped by region, each labelled "City (UTC+hh:mm)".

    The stored value stays the canonical name; the list is what a person searches by: their
    city and their offset, in their language. Offsets are those of ``now`` (summer or winter).
    """
    now = now or dt.datetime.now(dt.UTC)
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in canonical_time_zones():
        region = name.split("/", 1)[0]
        if name == UTC_ZONE:
            groups.setdefault("UTC", []).append((name, "UTC (UTC+00:00)"))
            continue
        label = f"{city_name(name, language)} ({utc_offset_label(name, now)})"
        groups.setdefault(region, []).append((name, label))
    ordered = sorted(
        groups, key=lambda region: (region != "UTC", str(REGION_LABELS.get(region, region)))
    )
    with translation.override(language):
        return [
            (
                str(REGION_LABELS.get(region, region)),
                sorted(groups[region], key=lambda choice: choice[1].casefold()),
            )
            for region in ordered
        ]
