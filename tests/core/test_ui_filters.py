"""The shared presentation filters: one money, number and date format per locale (issue 10, 15)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.numbers import format_currency
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import to_locale

from expatcare.core.templatetags.ui import ldate, ltr, money, number


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "62.000,00\xa0€"), ("en", "€62,000.00"), ("ar", "62,000.00")],
)
def test_money_has_separators_and_the_currency_of_the_locale(language: str, expected: str) -> None:
    with translation.override(language):
        assert expected in money(Decimal("62000"))


@pytest.mark.parametrize("language", ["de", "en", "es", "pt-br", "tr", "ar", "uk", "hi"])
def test_money_is_exactly_what_cldr_prescribes(language: str) -> None:
    """Ukrainian "62 000,00 EUR" (no-break spaces, the ISO code after the amount) is CLDR's own
    uk pattern: the filter follows Babel and adds nothing of its own in any language."""
    with translation.override(language):
        expected = format_currency(Decimal("62000"), "EUR", locale=to_locale(language))
        assert money(Decimal("62000")) == expected
    if language == "uk":
        assert expected == "62\xa0000,00\xa0EUR"


def test_number_groups_thousands() -> None:
    with translation.override("de"):
        assert number(Decimal("161470.75"), 2) == "161.470,75"
    with translation.override("en"):
        assert number(Decimal("161470.75"), 2) == "161,470.75"
    assert money(None) == "–"


@pytest.mark.parametrize(("language", "expected"), [("de", "04.12.2026"), ("en", "12/04/2026")])
def test_one_date_format_per_locale(language: str, expected: str) -> None:
    with translation.override(language):
        assert ldate(dt.date(2026, 12, 4)) == expected


def test_an_aware_moment_is_shown_as_the_readers_day(settings) -> None:
    moment = dt.datetime(2026, 12, 4, 23, 30, tzinfo=dt.UTC)  # already the 5th in Berlin
    with translation.override("de"):
        assert ldate(moment) == "05.12.2026"


def test_left_to_right_fragments_are_isolated_and_escaped() -> None:
    assert ltr("a<b@example.com") == '<bdi dir="ltr">a&lt;b@example.com</bdi>'


def test_filters_are_built_in_for_every_template() -> None:
    # In English: a page request of an earlier test may leave Ukrainian active, whose
    # currency sign is "EUR".
    with translation.override("en"):
        html = Template('{{ v|money }} {% icon "menu" %}').render(Context({"v": 5}))
    assert "€" in html and 'href="/static/vendor/lucide/sprite.svg#menu"' in html


def test_time_zones_are_canonical_grouped_with_offset_and_local_city_names() -> None:
    from expatcare.core.timezones import canonical_time_zones, time_zone_choices

    winter = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
    groups = dict(time_zone_choices("de", winter))
    assert {"Europa", "Asien", "Afrika", "Amerika", "Pazifik"} <= set(groups)
    europe = dict(groups["Europa"])
    assert europe["Europe/Berlin"] == "Berlin (UTC+01:00)"
    assert europe["Europe/Moscow"] == "Moskau (UTC+03:00)"
    asia = dict(groups["Asien"])
    assert asia["Asia/Kolkata"].endswith("(UTC+05:30)")
    values = [value for _region, choices in groups.items() for value, _label in choices]
    assert sorted(values) == sorted(canonical_time_zones())
    for alias in ("W-SU", "ROK", "PRC", "Navajo", "localtime", "US/Eastern"):
        assert alias not in values
    summer = dict(dict(time_zone_choices("en", dt.datetime(2026, 7, 1, tzinfo=dt.UTC)))["Europe"])
    assert summer["Europe/Berlin"] == "Berlin (UTC+02:00)"
