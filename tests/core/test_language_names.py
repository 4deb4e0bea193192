"""The generated language-name table is current, and names follow the reader's language."""

from __future__ import annotations

from django.utils import translation

from expatcare.core import language_names
from expatcare.core.formatting import language_name


def test_the_committed_table_is_what_babel_gives_today() -> None:
    """Run ``python -m expatcare.core.language_names`` when this fails."""
    assert language_names.load() == language_names.build()


def test_names_follow_the_active_language() -> None:
    expected = {"en": "Arabic", "de": "Arabisch", "tr": "Arapça", "pt-br": "árabe"}
    for language, name in expected.items():
        with translation.override(language):
            assert language_name("ar") == name


def test_an_unknown_code_or_language_falls_back() -> None:
    assert language_names.language_name("xx", "de") == "xx"
    assert language_names.language_name("de", "fr") == "German"


def test_accepted_codes_are_babels_but_read_from_the_table() -> None:
    """Validation accepts exactly Babel's two-letter codes without loading Babel."""
    assert language_names.language_codes() == language_names.babel_language_codes()
