"""Engine messages render in every staff and portal language, with their parameters formatted.

The scenarios are the engine's reference cases: every message code they produce (nested ones
included) must render in all eight languages from a real translation, not from the English
text gettext falls back to. A new code from the engine without its translations fails here;
so does a translation that drops or invents a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext

from expatcare.engine.contracts import ASSESSMENT_EXAMPLE, InputError, assess_json
from expatcare.engine.message_texts_build import (
    GROUPS,
    MAX_LINES,
    OUTPUT_DIR,
    group_of,
    module_sources,
)
from expatcare.engine.messages import (
    TEMPLATES,
    message_codes,
    render_message,
    render_message_html,
)

SCENARIOS = Path(__file__).resolve().parents[1] / "rules" / "scenarios" / "assess"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER_CHARS = ("{", "}")


def _messages(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every ``{code, params}`` of an output, outermost first."""
    if isinstance(value, Mapping):
        if isinstance(value.get("code"), str) and isinstance(value.get("params"), Mapping):
            yield value
        for item in value.values():
            yield from _messages(item)
    elif isinstance(value, list):
        for item in value:
            yield from _messages(item)


def _scenario_messages() -> dict[str, Mapping[str, Any]]:
    """One example message (with the parameters the engine gave it) per code."""
    found: dict[str, Mapping[str, Any]] = {}
    outputs = [assess_json(ASSESSMENT_EXAMPLE)]
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        try:
            outputs.append(assess_json(data["input"]))
        except InputError:  # a scenario of refused input has no messages
            continue
    for output in outputs:
        for message in _messages(output):
            found.setdefault(str(message["code"]), message)
    return found


SCENARIO_MESSAGES = _scenario_messages()


def _english(code: str) -> str:
    with translation.override("en"):
        return str(TEMPLATES[code])


def _german(code: str) -> str:
    with translation.override("de"):
        return str(TEMPLATES[code])


def _untranslated(code: str, language: str) -> bool:
    """English shows through, or German: Django falls back to LANGUAGE_CODE's catalogue."""
    text = pgettext(code, _english(code))
    return text == _english(code) or (language != "de" and text == _german(code))


def test_the_scenarios_produce_many_codes() -> None:
    assert len(SCENARIO_MESSAGES) > 100, "the scenario run found too few messages"


def test_the_catalogue_modules_are_current() -> None:
    sources = module_sources()
    assert sorted(sources) == sorted(f"{group}.py" for group in GROUPS)
    for name, source in sources.items():
        assert (OUTPUT_DIR / name).read_text(encoding="utf-8") == source, (
            f"message_texts/{name} lags behind: run python -m "
            "expatcare.engine.message_texts_build (or scripts/update-translations)"
        )


def test_the_catalogue_is_split_by_purpose_into_readable_modules() -> None:
    """Each code sits in the module of its purpose, and no generated module passes the limit."""
    from expatcare.engine import message_texts
    from expatcare.rules.messages import gettext_catalogue

    for group in GROUPS:
        module = getattr(message_texts, group)
        assert all(group_of(code) == group for code in module.TEMPLATES), group
        lines = len(Path(module.__file__).read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, (group, lines)
    assert set(TEMPLATES) == {code for code, _english in gettext_catalogue()}


def test_the_generator_refuses_an_unknown_prefix_and_an_overlong_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from expatcare.engine import message_texts_build

    with pytest.raises(ValueError, match="belongs to no group"):
        group_of("care.something_new")
    monkeypatch.setattr(message_texts_build, "MAX_LINES", 50)
    with pytest.raises(ValueError, match="split the group"):
        module_sources()


def test_every_scenario_code_is_in_the_catalogue() -> None:
    codes = set().union(*(message_codes(m) for m in SCENARIO_MESSAGES.values()))
    missing = sorted(codes - set(TEMPLATES))
    assert missing == [], f"codes without a translatable template: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_scenario_message_renders_translated(language: str) -> None:
    untranslated, unrendered = [], []
    with translation.override(language):
        for code, message in sorted(SCENARIO_MESSAGES.items()):
            if language != "en":
                for inner in message_codes(message):
                    if _untranslated(inner, language):
                        untranslated.append(inner)
            text = render_message(message)
            if not text or any(char in text for char in PLACEHOLDER_CHARS):
                unrendered.append((code, text))
    assert sorted(set(untranslated)) == [], f"not translated into {language}"
    assert unrendered == []


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_catalogue_code_is_translated_with_the_same_parameters(language: str) -> None:
    """Also the codes no scenario reaches yet: the engine may produce them for a real person."""
    from expatcare.rules.messages import placeholders

    problems: list[tuple[str, object]] = []
    with translation.override(language):
        for code in TEMPLATES:
            english = _english(code)
            translated = str(TEMPLATES[code])
            if _untranslated(code, language):
                problems.append((code, "untranslated"))
            elif placeholders(translated) != placeholders(english):
                problems.append((code, sorted(placeholders(translated) ^ placeholders(english))))
    assert problems == []


class TestParameters:
    MESSAGE = {
        "code": "finding.age_45_salary_or_pension_proof",
        "params": {
            "pathway": "DE_SKILLED_ACADEMIC",
            "requirement": {
                "code": "residence.age_45_salary_or_pension.not_met",
                "params": {"age": "45", "threshold_eur": "55770.00"},
            },
            "salary_eur": "50000.00",
        },
    }

    def test_money_nested_messages_and_names_in_german(self) -> None:
        text = render_message(self.MESSAGE, language="de")
        assert text.startswith("Gehalt 50.000,00\xa0€: Bei Beginn mindestens 45 Jahre alt")
        assert "55.770,00\xa0€" in text
        assert "EUR" not in text
        assert "DE_SKILLED_ACADEMIC" not in text

    def test_money_in_english(self) -> None:
        """The currency word of the template is taken into the amount: once, in the locale's
        position (issue 10, defect 15: "161470.75 EUR" on German pages)."""
        text = render_message(self.MESSAGE, language="en")
        assert text.startswith("Salary €50,000.00:")
        assert "EUR" not in text

    @pytest.mark.parametrize("language", ["ar", "uk", "hi", "tr"])
    def test_money_once_with_the_currency_of_the_locale_in_portal_languages(
        self, language: str
    ) -> None:
        """Each amount shows the locale's own euro sign once (CLDR: "€", in Ukrainian "EUR"),
        never the template's word beside it as well."""
        from babel import Locale

        sign = Locale.parse(translation.to_locale(language)).currency_symbols["EUR"]
        text = render_message(self.MESSAGE, language=language)
        with translation.override(language):
            html = str(render_message_html(self.MESSAGE))
        assert "يورو" not in text
        assert text.count(sign) == 2, text
        assert html.count(sign) == 2, html

    def test_dates_in_the_readers_format(self) -> None:
        message = {"code": "finding.permit_expired", "params": {"expired_on": "2026-01-31"}}
        assert "31.01.2026" in render_message(message, language="de")
        assert "2026-01-31" not in render_message(message, language="uk")

    def test_countries_and_branches_by_name(self) -> None:
        message = {
            "code": "social_security.posting.agreement",
            "params": {
                "branches": "pension, unemployment",
                "host": "DE",
                "limit": {"code": "social_security.max_months", "params": {"months": "48"}},
                "local_rule": "§ 5 SGB IV (Einstrahlung)",
                "months": "24",
                "origin": "IN",
                "partner": "IN",
            },
        }
        arabic = render_message(message, language="ar")
        assert "الهند" in arabic and "ألمانيا" in arabic
        hindi = render_message(message, language="hi")
        assert "भारत" in hindi and "Indien" not in hindi
        assert "Rente und Arbeitslosenversicherung" in render_message(message, language="de")

    def test_named_values_are_translated(self) -> None:
        message = {
            "code": "finding.recognition_required.skilled",
            "params": {"recognition": "not_assessed"},
        }
        assert "not_assessed" not in render_message(message, language="de")

    def test_an_unknown_code_falls_back_to_the_given_text(self) -> None:
        message = {"code": "obligation.from_a_newer_engine", "params": {}}
        assert render_message(message, language="de", fallback="Old text") == "Old text"
        assert render_message(message, language="de") == "obligation.from_a_newer_engine"
        assert render_message(None, fallback="Kept") == "Kept"

    def test_html_escapes_and_isolates_parameters(self) -> None:
        message = {
            "code": "finding.unverified_parameter",
            "params": {
                "parameter": "de.x",
                "value": "<b>1</b>",
                "valid_from": "2026-01-01",
                "open_question": "a & b",
            },
        }
        with translation.override("ar"):
            html = str(render_message_html(message))
        assert "<bdi>&lt;b&gt;1&lt;/b&gt;</bdi>" in html
        assert "a &amp; b" in html
        assert "<b>" not in html
