"""How each site language writes numbers, amounts of money and lists, from a generated table.

Babel's ``format_currency``, ``format_decimal`` and ``format_list`` load the whole locale (every
name, date and unit pattern of the language and its root), ``format_currency`` Babel's global
data too, on first use: about 4.4 MB of a web worker for one number on the compliance
dashboard, and 1 MB more for each further language. The few entries they read (the number
symbols, the decimal and currency patterns, the list patterns, the currency symbols and the
currencies' decimal places) come from ``number_formats.json`` instead, generated from Babel by
``python -m expatcare.core.number_formats`` (``scripts/update-translations`` runs it). Babel's
own code still writes every number: ``number_locale`` is a Babel locale holding just these
entries, for ``format_decimal`` and ``format_list``, and ``format_money`` writes an amount as
``format_currency`` does. Tests fail when the table or the output differs from Babel's.
"""

from __future__ import annotations

import copy
import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel import Locale
from babel.localedata import LocaleDataDict
from babel.numbers import NumberPattern, parse_pattern
from django.conf import settings
from django.utils.translation import to_locale

TABLE = Path(__file__).with_name("number_formats.json")
NUMBERING_SYSTEM = "latn"  # what format_currency uses unless told otherwise
DEFAULT_DIGITS = 2


def build() -> dict[str, Any]:
    """``{"digits": {currency: places}, "languages": {site language: {...}}}`` from Babel.

    Only currencies whose places differ from two, and symbols that differ from the code, are
    kept: the formatting falls back to those defaults, as Babel's does.
    """
    from babel.core import get_global

    fractions = get_global("currency_fractions")
    languages: dict[str, Any] = {}
    for site_language, _name in settings.LANGUAGES:
        locale = Locale.parse(to_locale(site_language))
        languages[site_language] = {
            "symbols": dict(locale.number_symbols[NUMBERING_SYSTEM]),
            "decimal_pattern": locale.decimal_formats[None].pattern,
            "pattern": locale.currency_formats["standard"].pattern,
            "list_patterns": {
                style: dict(patterns) for style, patterns in locale.list_patterns.items()
            },
            "currency_symbols": {
                code: str(symbol)
                for code, symbol in locale.currency_symbols.items()
                if symbol != code
            },
        }
    return {
        "digits": {
            str(code): int(places[0])
            for code, places in fractions.items()
            if code != "DEFAULT" and places[0] != DEFAULT_DIGITS
        },
        "languages": languages,
    }


@functools.cache
def load() -> dict[str, Any]:
    table: dict[str, Any] = json.loads(TABLE.read_text(encoding="utf-8"))
    return table


class _TableLocale(Locale):
    """A Babel locale whose data is the table's few entries instead of the whole CLDR locale.

    ``format_decimal`` reads ``number_symbols`` and ``decimal_formats`` through ``_data``,
    ``format_list`` ``list_patterns``, and ``format_money`` ``currency_symbols``; a locale
    handed to anything else would miss the rest of the CLDR data.
    """

    def __init__(self, identifier: str, entry: dict[str, Any]) -> None:
        parsed = Locale.parse(identifier, resolve_likely_subtags=False)
        super().__init__(parsed.language, territory=parsed.territory, script=parsed.script)
        self._table = LocaleDataDict(
            {
                "number_symbols": {NUMBERING_SYSTEM: entry["symbols"]},
                "decimal_formats": {None: parse_pattern(entry["decimal_pattern"])},
                "list_patterns": entry["list_patterns"],
                "currency_symbols": entry["currency_symbols"],
            }
        )

    @property
    def _data(self) -> LocaleDataDict:
        return self._table


@functools.cache
def _language(site_language: str) -> tuple[_TableLocale, NumberPattern]:
    languages = load()["languages"]
    key = site_language.lower() if site_language.lower() in languages else "en"
    entry = languages[key]
    return _TableLocale(to_locale(key), entry), parse_pattern(entry["pattern"])


def number_locale(site_language: str) -> Locale:
    """The Babel locale of ``site_language`` (English for another) for ``format_decimal`` and
    ``format_list``, without loading Babel's locale data."""
    return _language(site_language)[0]


@functools.cache
def _pattern_for(site_language: str, digits: int) -> NumberPattern:
    pattern = _language(site_language)[1]
    if pattern.frac_prec == (digits, digits):
        return pattern
    adjusted = copy.copy(pattern)
    adjusted.frac_prec = (digits, digits)
    return adjusted


def format_money(amount: Decimal, currency: str, site_language: str) -> str:
    """``amount`` in ``currency`` as ``format_currency`` writes it in ``site_language``
    (English for a language that is not a site language)."""
    locale, _pattern = _language(site_language)
    digits = load()["digits"].get(currency, DEFAULT_DIGITS)
    # Without ``currency`` Babel writes the number and leaves the sign's place (¤) alone: with
    # it, it would also look up the currency's plural names, which the table does not carry.
    text = str(_pattern_for(site_language, digits).apply(amount, locale))
    symbol = locale.currency_symbols.get(currency, currency)
    return text.replace("¤¤", currency.upper()).replace("¤", symbol)


if __name__ == "__main__":
    import django

    django.setup()
    TABLE.write_text(
        json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
