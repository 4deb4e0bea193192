"""The eligibility result reads as text for people (issue 10, defect 7).

Every value outside the "Details for experts" disclosure is a translated name, a sentence in
the reader's language or a number or date in their locale: no requirement identifiers, no
pathway codes beside their names, no rule-set version, no programmer's comparison signs, no
ISO dates. The codes and the version stay available inside the disclosure.
"""

from __future__ import annotations

import re

import pytest

from expatcare.accounts.roles import Role
from tests.mobility.test_views import JOB_QUERY, URL

_DISCLOSURE = re.compile(r'<details class="expert-details">.*?</details>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_INLINE = re.compile(r"</?bdi[^>]*>")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", _TAG.sub(" ", _INLINE.sub("", html)))


def _visible_and_expert(html: str) -> tuple[str, str]:
    """The result's text outside the experts' disclosures, and the text inside them."""
    result = html[html.index('<section id="result"') :]
    result = result[: result.index("</section>")]
    expert = " ".join(_DISCLOSURE.findall(result))
    visible = _DISCLOSURE.sub(" ", result)
    return _text(visible), _text(expert)


@pytest.fixture
def assessed(client_for):
    """The §5a example in the page's language: a Blue Card with its salary threshold."""

    def page(language: str) -> tuple[str, str, object]:
        hr = client_for(Role.HR)
        hr.cookies["django_language"] = language
        response = hr.get(URL, JOB_QUERY, HTTP_ACCEPT_LANGUAGE=language)
        assert response.context["result"] is not None, response.context["form"].errors
        visible, expert = _visible_and_expert(response.content.decode())
        return visible, expert, response.context["result"]

    return page


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_code_version_or_iso_date_outside_the_disclosure(assessed, language):
    visible, expert, result = assessed(language)

    requirement_codes = {r.code for p in result.pathways for r in p.requirements}
    assert {"employment_in_germany", "salary_threshold"} <= requirement_codes
    for code in requirement_codes | {p.code for p in result.pathways}:
        assert re.search(rf"\b{code}\b", visible) is None, code
        assert code in expert
    assert result.ruleset_version not in visible
    assert result.ruleset_version in expert
    assert "(DE_BLUE_CARD)" not in visible
    assert ">=" not in visible and "&gt;=" not in visible
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", visible) is None
    assert "not_assessed" not in visible


def test_german_names_numbers_and_dates(assessed):
    visible, _expert, _result = assessed("de")

    assert "Beschäftigung in Deutschland" in visible
    assert "Gehaltsgrenze" in visible
    assert "Gehalt ≥ 50.700,00 €" in visible  # the visible text is whitespace-normalised
    assert "Geprüft zum Stichtag 01.03.2026." in visible
    assert "Empfohlener Weg: Blaue Karte EU" in visible
    assert "Deutschland" in visible  # the applicable social-security law by name


def test_english_names_and_numbers(assessed):
    visible, _expert, _result = assessed("en")

    assert "Employment in Germany" in visible
    assert "Salary threshold" in visible
    assert "Salary ≥ €50,700.00" in visible
    assert "Germany" in visible


def test_an_engine_refusal_names_the_field_in_the_readers_words(client_for):
    """A fact the form lacks is refused as the form's own field error, not as the engine's
    dotted path ("job.start_date: is required (ISO date YYYY-MM-DD)")."""
    hr = client_for(Role.HR)
    hr.cookies["django_language"] = "de"
    response = hr.get(URL, {**JOB_QUERY, "start_date": ""}, HTTP_ACCEPT_LANGUAGE="de")

    html = response.content.decode()
    assert response.context["result"] is None
    assert "job.start_date" not in html
    assert "ISO date" not in html
    assert "start_date" in response.context["form"].errors
