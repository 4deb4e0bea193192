"""Form fields that let people choose by name and write percentages as percentages.

Forms used to ask for codes: "ISO country codes, separated by commas", a language code, "de:B1,
en:C1", an ISCO-08 number and a return of "0.02". These fields show translated names and store
the codes (the services and the API keep speaking codes):

- ``CountriesField``: nationalities from a multiple select of country names; the page's script
  turns it into a type-to-search box with removable chips (``app.js``), and a typed name
  ("Nigeria", "nigeria", "Nigeria, India") is accepted as well as a code.
- ``LanguageField``: one language from a select of names in the reader's language.
- ``LanguageLevelsField``: rows of language and CEFR level, with "add" and "remove" buttons
  (plain buttons, keyboard usable); without script a few blank rows stand ready.
- ``OccupationField``: an ISCO-08 minor group by name, grouped by major group.
- ``PercentField``: "2", "2 %" or "2,5" typed, the fraction 0.02 or 0.025 stored.

The searchable selects are the browser's own ``<select>`` and ``<datalist>`` with a filter box
from ``app.js`` rather than an npm widget library: they stay keyboard and screen-reader usable
as the browser makes them, need no style the CSP would have to allow, and work without script.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _
from django_countries import countries

from expatcare.core.isco import ISCO08_CODE, MINOR_GROUPS, occupation_choices, occupation_name
from expatcare.core.language_names import language_codes
from expatcare.core.language_names import language_name as language_name_in
from expatcare.core.widgets import ListSelect, ListSelectMultiple

SEARCH_LABEL = gettext_lazy("Search")
REMOVE_LABEL = gettext_lazy("Remove")


def _fold(text: str) -> str:
    """Lower case without accents, for matching typed names ("turkiye" finds "Türkiye")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def searchable(attrs: dict[str, Any] | None = None) -> dict[str, Any]:
    """Widget attributes that give a select the page's filter box."""
    return {"data-searchable": "", "data-search-label": SEARCH_LABEL, **(attrs or {})}


# --- choices that follow the language ---------------------------------------------------------


class LanguageChoices(BaseChoiceIterator):
    """Choices that change only with the active language (countries, occupations, languages),
    built and normalised once per language and then handed out as they are.

    Django calls a callable's choices again, and normalises every option again, each time a
    form is built, validated or rendered: on the eligibility page that was some 3,000 calls and
    600 translations of the same names per request. The lists are never changed in place, so
    copies of a form share them.
    """

    def __init__(self, build: Callable[[], Iterable[Any]]) -> None:
        self.build = build
        self._by_language: dict[str, tuple[Any, ...]] = {}

    def __iter__(self) -> Iterator[Any]:
        language = get_language() or ""
        choices = self._by_language.get(language)
        if choices is None:
            choices = self._by_language[language] = tuple(normalize_choices(self.build()))
        return iter(choices)

    def __deepcopy__(self, memo: dict[int, Any]) -> LanguageChoices:
        return self


# --- countries --------------------------------------------------------------------------------


def country_name_choices() -> list[tuple[str, str]]:
    """Every country by its name in the active language, sorted by that name."""
    return [(str(code), str(name)) for code, name in countries]


COUNTRY_NAME_CHOICES = LanguageChoices(country_name_choices)


def _country_code(value: str) -> str | None:
    """The code a typed value names: a code, or a country's name in German or English."""
    text = value.strip()
    if not text:
        return None
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    wanted = _fold(text)
    for language in {get_language() or "en", "en", "de"}:
        with override(language):
            for code, name in countries:
                if _fold(str(name)) == wanted:
                    return str(code)
    return None


class CountriesField(forms.MultipleChoiceField):
    """Several countries by name; cleans to a list of ISO 3166-1 alpha-2 codes."""

    widget = forms.SelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", COUNTRY_NAME_CHOICES)
        kwargs.setdefault(
            "widget",
            ListSelectMultiple(
                attrs=searchable({"data-chips": "", "data-remove-label": REMOVE_LABEL, "size": 6})
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        items = [value] if isinstance(value, str) else list(value)
        parts = [part for item in items for part in str(item).replace(";", ",").split(",")]
        codes: list[str] = []
        unknown: list[str] = []
        for part in parts:
            if not part.strip():
                continue
            code = _country_code(part)
            if code is None:
                unknown.append(part.strip()[:40])
            elif code not in codes:
                codes.append(code)
        if unknown:
            raise forms.ValidationError(
                _("Not a country we know: %(names)s. Choose from the list."),
                code="invalid_choice",
                params={"names": ", ".join(unknown)},
            )
        return codes


# --- languages --------------------------------------------------------------------------------


def language_name_choices() -> list[tuple[str, str]]:
    """Every language a person may speak, by its name in the reader's language."""
    language = get_language() or "en"
    named = ((code, language_name_in(code, language)) for code in language_codes())
    return sorted(named, key=lambda item: _fold(item[1]))


LANGUAGE_NAME_CHOICES = LanguageChoices(language_name_choices)


class LanguageField(forms.ChoiceField):
    """One language by name (``de`` stored for "German" / "Deutsch")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", LANGUAGE_NAME_CHOICES)
        kwargs.setdefault("widget", ListSelect(attrs=searchable()))
        super().__init__(**kwargs)


BLANK_LANGUAGE_ROWS = 2


class LanguageLevelsWidget(forms.Widget):
    """Rows of two selects, ``<name>_language`` and ``<name>_level``, posted as lists.

    Rendered here rather than from a template so that no form renderer has to be configured.
    """

    def __init__(self, levels: Sequence[tuple[str, Any]], attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.levels = list(levels)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_language_0" if id_ else id_

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[tuple[str, str]]:
        getlist: Callable[[str], list[str]] = getattr(data, "getlist", lambda key: [])
        languages = getlist(f"{name}_language")
        levels = getlist(f"{name}_level")
        return [(lang, level) for lang, level in zip(languages, levels, strict=False)]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return f"{name}_language" not in data

    def _options(self, choices: Iterable[tuple[str, str]], selected: str) -> SafeString:
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((code, " selected" if code == selected else "", label) for code, label in choices),
        )

    def _row(self, name: str, index: int, language: str, level: str) -> SafeString:
        languages = [("", "—"), *language_name_choices()]
        levels = [("", "—"), *self.levels]
        return format_html(
            '<li class="language-row">'
            '<label for="id_{n}_language_{i}" class="visually-hidden">{ll}</label>'
            '<select name="{n}_language" id="id_{n}_language_{i}">{lo}</select>'
            '<label for="id_{n}_level_{i}" class="visually-hidden">{vl}</label>'
            '<select name="{n}_level" id="id_{n}_level_{i}">{vo}</select>'
            '<button type="button" class="secondary outline row-remove" hidden>{rm}</button>'
            "</li>",
            n=name,
            i=index,
            ll=_("Language"),
            vl=_("Level (CEFR)"),
            lo=self._options(languages, language),
            vo=self._options(levels, level),
            rm=_("Remove"),
        )

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        pairs = [tuple(pair) for pair in (value or []) if pair and pair[0]]
        rows = [self._row(name, i, str(lang), str(level)) for i, (lang, level) in enumerate(pairs)]
        blanks = range(len(rows), len(rows) + BLANK_LANGUAGE_ROWS)
        rows += [self._row(name, i, "", "") for i in blanks]
        return format_html(
            '<div class="language-rows" id="id_{n}" data-rows="{n}">'
            '<ul class="language-list">{rows}</ul>'
            '<template class="language-row-template">{blank}</template>'
            '<button type="button" class="outline row-add" hidden>{add}</button>'
            "</div>",
            n=name,
            rows=mark_safe("".join(rows)),  # noqa: S308 - each row is built with format_html
            blank=self._row(name, 999, "", ""),
            add=_("Add a language"),
        )


class LanguageLevelsField(forms.Field):
    """Languages with a level; cleans to ``[(code, level), ...]`` (rows without a language
    are ignored, a language without a level is an error naming it)."""

    def __init__(self, *, levels: Sequence[tuple[str, Any]], **kwargs: Any) -> None:
        kwargs.setdefault("widget", LanguageLevelsWidget(levels))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.levels = {code for code, _label in levels}

    def prepare_value(self, value: Any) -> Any:
        return value

    def to_python(self, value: Any) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for language, level in value or []:
            language, level = str(language).strip(), str(level).strip()
            if not language:
                continue
            if language not in language_codes():
                raise forms.ValidationError(_("Choose a language from the list."), code="invalid")
            if level not in self.levels:
                raise forms.ValidationError(
                    _("Choose a level for %(language)s.")
                    % {"language": language_name_in(language, get_language() or "en")},
                    code="invalid",
                )
            pairs.append((language, level))
        return pairs


# --- occupations ------------------------------------------------------------------------------


OCCUPATION_CHOICES = LanguageChoices(lambda: [("", "—"), *occupation_choices()])


class OccupationField(forms.ChoiceField):
    """An ISCO-08 occupation by name; stores the code. A code of one to four digits that is
    not a listed group (from a link or an older record) is kept and shown by its group."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", OCCUPATION_CHOICES)
        kwargs.setdefault("widget", ListSelect(attrs=searchable()))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return str(value or "").strip()

    def valid_value(self, value: str) -> bool:
        return value in MINOR_GROUPS or bool(ISCO08_CODE.match(value))

    def extra_choice(self, value: Any) -> None:
        """Offer a pre-filled code that is not a listed group, so the select can show it."""
        code = str(value or "").strip()
        if code and code not in MINOR_GROUPS and ISCO08_CODE.match(code):
            name = occupation_name(code) or _("Occupation")
            self.choices = [("", "—"), (code, f"{name} ({code})"), *occupation_choices()]


# --- percentages ------------------------------------------------------------------------------

HUNDRED = Decimal(100)


class PercentField(forms.Field):
    """A rate typed in per cent ("2", "2 %", "2,5") and cleaned to a fraction (0.02, 0.025).

    The bounds are given in per cent, as the user reads them; the initial value and the cleaned
    value are fractions, as the engine and the API read them.
    """

    def __init__(
        self,
        *,
        min_percent: Decimal | None = None,
        max_percent: Decimal | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "class": "percent-input"}),
        )
        super().__init__(**kwargs)
        self.min_percent = min_percent
        self.max_percent = max_percent

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip().replace("%", "").replace("\u00a0", "").strip()
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            percent = Decimal(text)
        except InvalidOperation:
            percent = Decimal("NaN")
        if not percent.is_finite():
            raise forms.ValidationError(
                _("Enter a percentage, for example 2 or 2.5."), code="invalid"
            )
        if (self.min_percent is not None and percent < self.min_percent) or (
            self.max_percent is not None and percent > self.max_percent
        ):
            raise forms.ValidationError(
                _("Enter a percentage between %(min)s and %(max)s.")
                % {"min": self.min_percent, "max": self.max_percent},
                code="range",
            )
        return (percent / HUNDRED).quantize(Decimal("0.000001")).normalize()

    def prepare_value(self, value: Any) -> Any:
        """A stored fraction is shown as per cent ("0.02" becomes "2")."""
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            percent = (Decimal(str(value)) * HUNDRED).normalize()
            return f"{percent:f}"
        return value
