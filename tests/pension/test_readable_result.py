"""The pension result reads as text for people (issue 10, defect 7).

The projection's assumptions are named in the reader's language with values formatted for
their locale; the engine's keys ("annual_return"), its machine wording ("compounding: monthly,
at annual_return / 12"), the leaving codes and the rule-set version wait behind "Details for
experts".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from expatcare.accounts.roles import Role
from expatcare.engine.contracts import InputError, evaluate_json
from expatcare.engine.pension_display import (
    ASSUMPTION_NAMES,
    STATED_IN_WORDS,
    assumption_rows,
)
from tests.pension.test_views import PLAN_QUERY, URL

SCENARIOS = Path(__file__).resolve().parents[1] / "rules" / "scenarios" / "pension"
_DISCLOSURE = re.compile(r'<details class="expert-details">.*?</details>', re.DOTALL)


def _visible(html: str) -> str:
    result = html[html.index('<section id="result"') :]
    result = result[: result.index("</section>")]
    text = re.sub(r"<[^>]+>", " ", re.sub(r"</?bdi[^>]*>", "", _DISCLOSURE.sub(" ", result)))
    return re.sub(r"\s+", " ", text)


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    """A request activates the reader's language for the thread; later tests expect none."""
    yield
    translation.deactivate()


@pytest.fixture
def page(client_for):
    def get(language: str) -> tuple[str, str]:
        employee = client_for(Role.EMPLOYEE)
        employee.cookies["django_language"] = language
        response = employee.get(URL, PLAN_QUERY, HTTP_ACCEPT_LANGUAGE=language)
        assert response.context["result"] is not None, response.context["form"].errors
        html = response.content.decode()
        return _visible(html), " ".join(_DISCLOSURE.findall(html))

    return get


@pytest.mark.parametrize("language", ["de", "en", "ar", "hi"])
def test_no_engine_keys_codes_or_version_outside_the_disclosure(page, language):
    visible, expert = page(language)

    for raw in ("annual_return", "compounding", "monthly, at", "RIGHTS_FORFEITED", "0.1.0+"):
        assert raw not in visible, raw
    assert "annual_return" in expert and "RIGHTS_FORFEITED" in expert and "0.1.0+" in expert
    # The explanations are the engine's messages rendered for the reader: no ISO dates either.
    assert re.search(r"\b20\d\d-\d\d(-\d\d)?\b", visible) is None


def test_the_explanations_are_in_the_readers_language(page):
    """Rendered from the pension message codes, not the engine's English (issue 9)."""
    arabic, _expert = page("ar")
    assert "The employer-funded part lapses" not in arabic
    assert "يسقط الجزء الممول من صاحب العمل" in arabic
    spanish, _expert = page("es")
    assert "La parte financiada por el empleador se pierde" in spanish
    assert "India" in spanish  # the agreement state by its name, not "IN"


def test_german_assumptions_are_named_and_formatted(page):
    visible, _expert = page("de")

    assert "Angenommene jährliche Rendite 2,0 %" in visible
    assert "Monatlich, mit einem Zwölftel der Jahresrendite" in visible
    assert "Rentenbeginn" in visible


def test_english_assumptions_are_named_and_formatted(page):
    visible, _expert = page("en")

    assert "Assumed annual return 2.0 %" in visible
    assert "Monthly, at a twelfth of the annual return" in visible


def _assumptions() -> list[dict[str, str]]:
    found = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        try:
            found.append(evaluate_json(data["input"])["projection"]["assumptions"])
        except InputError:
            continue
    return found


def test_every_assumption_the_engine_states_has_a_name_and_known_words():
    """A new assumption, or new words for a stated one, must get a translated name or sentence
    here rather than reach a reader as the engine's English."""
    for assumptions in _assumptions():
        assert set(assumptions) <= set(ASSUMPTION_NAMES)
        for name, (words, _sentence) in STATED_IN_WORDS.items():
            assert assumptions[name] == words, name


def test_unknown_words_are_shown_as_stated_rather_than_mistranslated():
    with translation.override("de"):
        rows = dict(assumption_rows({"compounding": "yearly", "annual_return": "0.035"}))
    assert rows["Verzinsung"] == "yearly"
    assert rows["Angenommene jährliche Rendite"] == "3,5 %"


@pytest.mark.parametrize(("language", "sign"), [("de", ",00 €"), ("en", "€")])
def test_subsidy_and_capital_are_money_in_the_readers_locale(page, language, sign):
    """The amounts go through the money filter, not "1234.50 EUR" beside a bare number."""
    visible, _expert = page(language)

    assert re.search(r"\d EUR\b", visible) is None
    per_month = "pro Monat" if language == "de" else "per month"
    assert re.search(r"[\d.,\s\xa0€]+" + per_month, visible)
    assert sign in visible
