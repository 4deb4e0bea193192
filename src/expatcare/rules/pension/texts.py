"""The pension texts as messages: a code with parameters, rendered in English and German.

Like the residence rules, every pension statement is a message of ``tables/messages.yaml``
(codes ``pension.*``) whose parameters are plain values (amounts as decimal strings with two
places, dates ISO, percentages as numbers, country and vehicle codes), so front ends render it
in their reader's language. The contract's English and German sentences are rendered from the
same table here, with the amounts, dates and percentages written as the pension report always
wrote them (1,234.56 and 1.234,56 EUR, 31.01.2026 in German, 1,5 %) and an agreement state by
its name. A statement of several sentences joins them with the ``pension.sentences`` message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Final

from expatcare.rules.messages import Text, formatted_text
from expatcare.rules.pension.common import de_amount, de_date, en_amount, fmt

__all__ = [
    "COUNTRY_NAMES",
    "amount",
    "country_names",
    "pension_text",
    "pension_value",
    "sentences",
]

#: Display names of the states that have (or may have) a pension agreement with Germany, for the
#: texts only (in English and in the German dative the texts need); the legal data lives in the
#: parameter files.
COUNTRY_NAMES: Final[Mapping[str, tuple[str, str]]] = {
    "AL": ("Albania", "Albanien"),
    "AU": ("Australia", "Australien"),
    "BA": ("Bosnia and Herzegovina", "Bosnien und Herzegowina"),
    "BR": ("Brazil", "Brasilien"),
    "CA": ("Canada", "Kanada"),
    "CL": ("Chile", "Chile"),
    "CN": ("China", "China"),
    "GB": ("the United Kingdom", "dem Vereinigten Königreich"),
    "IL": ("Israel", "Israel"),
    "IN": ("India", "Indien"),
    "JP": ("Japan", "Japan"),
    "KR": ("the Republic of Korea", "der Republik Korea"),
    "MA": ("Morocco", "Marokko"),
    "MD": ("Moldova", "Moldau"),
    "ME": ("Montenegro", "Montenegro"),
    "MK": ("North Macedonia", "Nordmazedonien"),
    "PH": ("the Philippines", "den Philippinen"),
    "RS": ("Serbia", "Serbien"),
    "TN": ("Tunisia", "Tunesien"),
    "TR": ("Türkiye", "der Türkei"),
    "UA": ("Ukraine", "der Ukraine"),
    "US": ("the United States", "den Vereinigten Staaten"),
    "UY": ("Uruguay", "Uruguay"),
    "XK": ("Kosovo", "Kosovo"),
}


def country_names(country: str) -> tuple[str, str]:
    return COUNTRY_NAMES.get(country, (country, country))


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def pension_value(name: str, value: str, language: str) -> str:
    """One parameter as the English or German pension text writes it."""
    if name.endswith("_eur"):
        money = Decimal(value)
        return en_amount(money) if language == "en" else de_amount(money)
    if name == "partner":
        english, german = country_names(value)
        return english if language == "en" else german
    if language == "de":
        if _ISO_DATE.match(value):
            return de_date(date.fromisoformat(value))
        if name.endswith("_percent"):
            return value.replace(".", ",")
    return value


def amount(value: Decimal) -> str:
    """An amount as a message parameter: a decimal string with two places."""
    return fmt(value)


def pension_text(code: str, **params: object) -> Text:
    """The message ``code`` with ``params`` and its English and German pension text."""
    return formatted_text(code, pension_value, **params)


def sentences(first: Text, *rest: Text) -> Text:
    """Sentences one after the other, as one message (nested ``pension.sentences``)."""
    if not rest:
        return first
    return pension_text("pension.sentences", first=first, then=sentences(*rest))
