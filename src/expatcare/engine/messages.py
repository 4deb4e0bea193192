"""Engine messages in the reader's language: ``{code, params}`` -> a sentence through gettext.

The engine answers every requirement, obligation and finding with a message code and its
parameters (``rules/tables/messages.yaml``). Its own English and German sentences serve the
JSON contract; the pages, exports, calendar, e-mails and the API render the code here instead,
so the eight portal languages come from the ordinary translation files:

* ``message_texts.TEMPLATES`` maps each code to its English template as a translatable string
  (context = the code). It is generated from the engine's table, one module per purpose, by
  ``python -m expatcare.engine.message_texts_build`` (``scripts/update-translations`` runs
  it); a test fails when it lags behind the table.
* parameters are rendered for the reader: amounts (``*_eur``) as money with the locale's
  currency sign (the "EUR" the templates write beside the placeholder is taken into the
  amount: "62.000,00 €", "€62,000.00"), ISO dates in the
  locale's date format, country codes as country names, enumerated values (pathway,
  recognition, residence title, ICT role, social-security branches) by their translated names,
  numbers with the locale's separators; a parameter that is itself a message is rendered first.

A code Django does not know (a newer engine, a row written before the code existed) falls back
to the English text the caller passes, else to the code, so a page never fails on it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.lists import format_list
from babel.numbers import format_decimal
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from expatcare.core import country_names
from expatcare.core.formatting import format_money
from expatcare.core.number_formats import number_locale
from expatcare.engine.labels import FACTS, label
from expatcare.engine.message_texts import TEMPLATES
from expatcare.engine.results import Message

__all__ = [
    "STORED_TEXT",
    "TEMPLATES",
    "country_name",
    "is_message",
    "message_codes",
    "register_templates",
    "render_message",
    "render_message_html",
    "stored_text",
]

#: A text written before messages existed that matched no template (see
#: ``engine.legacy_messages``): params ``en`` and ``de``, shown as they are.
STORED_TEXT = "stored.text"
# Templates of the product's own messages (compliance's notes), registered by their apps.
_OWN_TEMPLATES: dict[str, Promise] = {}


def register_templates(templates: Mapping[str, Promise]) -> None:
    """Let an app's own message codes render like the engine's (``AppConfig.ready``)."""
    _OWN_TEMPLATES.update(templates)


def stored_text(english: str, german: str = "") -> dict[str, Any]:
    """The message of a text that no template can express."""
    return {"code": STORED_TEXT, "params": {"en": english, "de": german}}


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_COUNTRY_PARAMS = frozenset({"country", "home", "seat", "host", "origin", "partner", "state"})
# Parameters whose values are codes with a translated name in ``engine.labels``.
_LABELLED_PARAMS: Mapping[str, str] = {
    "pathway": "pathway",
    "recognition": "recognition",
    "title": "residence_title",
    "role": "ict_role",
    "vehicle": "vehicle",
}
# Parameters holding a list of country codes ("IN, MA").
_COUNTRY_LIST_PARAMS = frozenset({"nationalities"})


def is_message(value: object) -> bool:
    """True for the JSON form of a message: a mapping with a string ``code``."""
    return isinstance(value, Mapping) and isinstance(value.get("code"), str)


def message_codes(message: Mapping[str, Any]) -> set[str]:
    """The code of a message and of every message nested in its parameters."""
    codes = {str(message["code"])}
    for value in (message.get("params") or {}).values():
        if is_message(value):
            codes |= message_codes(value)
    return codes


def _language() -> str:
    return translation.get_language() or "en"


def _money(value: str) -> str:
    """An amount with the locale's separators and currency sign, like every amount on a page."""
    try:
        Decimal(value)
    except InvalidOperation:
        return value
    return format_money(value)


# "{salary_eur} EUR" (or the Arabic "يورو"): the templates name the currency beside the
# amount so a translator can place it; the amount now carries the locale's own sign and
# position, so the word is dropped instead of being shown twice ("62.000,00 € EUR").
_CURRENCY_WORD = re.compile(r"\{(\w+_eur)\}[ \xa0]*(?:EUR|يورو)")


@lru_cache(maxsize=1024)
def _without_currency_word(pattern: str) -> str:
    return _CURRENCY_WORD.sub(r"{\1}", pattern)


def _number(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return str(format_decimal(number, locale=number_locale(_language()), group_separator=False))


def _date(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return str(date_format(day, "SHORT_DATE_FORMAT"))


def country_name(value: str) -> str:
    """The country's name from the CLDR data, which covers all eight languages (the country
    package's own catalogue lacks some, e.g. Hindi, and would answer in German)."""
    if not _COUNTRY.match(value):
        return value
    return country_names.country_name(value, _language()) or value


def format_param(name: str, value: str) -> str:
    """One parameter as the reader should see it (see the module docstring)."""
    if name.endswith("_eur"):
        return _money(value)
    if name in _LABELLED_PARAMS:
        return label(_LABELLED_PARAMS[name], value)
    if name == "fact":
        return capfirst(label("fact", value)) if value in FACTS else value
    if name == "branches":
        names = [label("branch", part.strip()) for part in value.split(",") if part.strip()]
        return str(format_list(names, locale=number_locale(_language()))) if names else value
    if name in _COUNTRY_PARAMS:
        return country_name(value)
    if name in _COUNTRY_LIST_PARAMS:
        names = [country_name(part.strip()) for part in value.split(",") if part.strip()]
        return str(format_list(names, locale=number_locale(_language()))) if names else value
    if _ISO_DATE.match(value):
        return _date(value)
    if _NUMBER.match(value):
        return _number(value)
    return value


#: The engine writes comparisons as a programmer would ("Salary >= {threshold_eur} EUR"); a
#: reader sees the mathematical signs.
def _readable(pattern: str) -> str:
    return pattern.replace(">=", "\u2265").replace("<=", "\u2264")


def _template(code: str) -> str | None:
    found = TEMPLATES.get(code) or _OWN_TEMPLATES.get(code)
    return None if found is None else _readable(str(found))


def _stored(message: Mapping[str, Any]) -> str | None:
    if message.get("code") != STORED_TEXT:
        return None
    params = message.get("params") or {}
    german = str(params.get("de") or "")
    if german and _language().startswith("de"):
        return german
    return str(params.get("en") or german)


def _values(
    params: Mapping[str, Any], nested: Callable[[Mapping[str, Any]], str]
) -> dict[str, str]:
    return {
        str(name): nested(value) if is_message(value) else format_param(str(name), str(value))
        for name, value in params.items()
    }


def _render(message: Mapping[str, Any], fallback: str) -> str:
    stored = _stored(message)
    if stored is not None:
        return stored
    pattern = _template(str(message["code"]))
    if pattern is None:
        return fallback or str(message["code"])
    values = _values(message.get("params") or {}, lambda inner: _render(inner, ""))
    try:
        return _without_currency_word(pattern).format_map(values)
    except (KeyError, IndexError, ValueError):
        # A translation naming a parameter the engine no longer sends: the English text.
        return fallback or str(message["code"])


def _mapping(message: Mapping[str, Any] | Message | None) -> Mapping[str, Any] | None:
    return message.as_json() if isinstance(message, Message) else message


def render_message(
    message: Mapping[str, Any] | Message | None,
    *,
    language: str | None = None,
    fallback: str = "",
) -> str:
    """The message as plain text in ``language`` (default: the active language).

    For e-mails, calendar entries, exports and the API; pages use ``render_message_html``.
    ``message`` is the JSON form (a stored row's) or the door's typed ``Message``.
    """
    message = _mapping(message)
    if not is_message(message):
        return fallback
    assert message is not None
    if language is None:
        return _render(message, fallback)
    with translation.override(language):
        return _render(message, fallback)


def _render_html(message: Mapping[str, Any], fallback: str) -> SafeString:
    stored = _stored(message)
    if stored is not None:
        return conditional_escape(stored)
    pattern = _template(str(message["code"]))
    if pattern is None:
        return conditional_escape(fallback or str(message["code"]))
    values: dict[str, str] = {}
    for name, value in (message.get("params") or {}).items():
        if is_message(value):
            values[str(name)] = _render_html(value, "")
        else:
            # Numbers, codes, citations and e-mail-like values keep their own direction
            # inside right-to-left text.
            values[str(name)] = format_html("<bdi>{}</bdi>", format_param(str(name), str(value)))
    try:
        escaped = _without_currency_word(str(conditional_escape(pattern)))
        return mark_safe(escaped.format_map(values))  # noqa: S308
    except (KeyError, IndexError, ValueError):
        return conditional_escape(fallback or str(message["code"]))


def render_message_html(
    message: Mapping[str, Any] | Message | None, *, fallback: str = ""
) -> SafeString:
    """The message as escaped HTML in the active language, parameters isolated in ``<bdi>``."""
    message = _mapping(message)
    if not is_message(message):
        return conditional_escape(fallback)
    assert message is not None
    return _render_html(message, fallback)
