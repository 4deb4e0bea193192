"""A preferred language with a region (a site language such as "pt-br") reads as a name."""

from __future__ import annotations

from django.utils import translation

from expatcare.core.formatting import language_name


def test_a_site_language_with_a_region_is_named_in_the_reader_language() -> None:
    with translation.override("en"):
        assert language_name("pt-br") == "Brazilian Portuguese"
    with translation.override("de"):
        assert language_name("pt-br") == "Brasilianisches Portugiesisch"


def test_plain_codes_still_come_from_the_table() -> None:
    with translation.override("de"):
        assert language_name("ar") == "Arabisch"
        assert language_name("xx-yy") == "xx-yy"
