"""The text report renders every section in both languages."""

from __future__ import annotations

import pytest

from expatcare.rules.io import assess_json
from expatcare.rules.report import render_assessment_text
from tests.rules.test_cli import CASE


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Recommended pathway: EU Blue Card", "Social security", "Duties and deadlines"]),
        ("de", ["Empfohlener Weg: Blaue Karte EU", "Sozialversicherung", "Pflichten und Fristen"]),
    ],
)
def test_sections(lang: str, words: list[str]) -> None:
    text = render_assessment_text(assess_json(CASE), lang)  # type: ignore[arg-type]
    for word in words:
        assert word in text


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        render_assessment_text(assess_json(CASE), "fr")  # type: ignore[arg-type]
