"""The generated country-name table is current, and names follow the reader's language."""

from __future__ import annotations

from django.utils import translation

from expatcare.core import country_names
from expatcare.core.formatting import country_name
from expatcare.engine.messages import format_param


def test_the_committed_table_is_what_babel_gives_today() -> None:
    """Run ``python -m expatcare.core.country_names`` when this fails."""
    assert country_names.load() == country_names.build()


def test_names_follow_the_active_language() -> None:
    expected = {"en": "India", "de": "Indien", "tr": "Hindistan", "hi": "भारत"}
    for language, name in expected.items():
        with translation.override(language):
            assert country_name("in") == name
            assert format_param("country", "IN") == name


def test_an_unknown_code_or_language_falls_back() -> None:
    assert country_names.country_name("XQ", "de") is None
    assert country_names.country_name("FR", "fr") == "France"
    with translation.override("en"):
        assert country_name("XQ") == "XQ"
        assert country_name("") == ""
