"""The time zones a person or user may have: canonical IANA zones, not every name zoneinfo knows.

``zoneinfo.available_timezones()`` holds about 600 names, many of them aliases kept for old
software ("W-SU", "ROK", "US/Eastern", "localtime"). A stored zone should be the canonical name
of a place, so lists group and compare correctly; ``zone.tab`` of the IANA database (shipped by
the ``tzdata`` package) names exactly one canonical zone per populated region, and ``UTC`` is
added for accounts without a place.
"""

from __future__ import annotations

import functools
from importlib import resources

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
