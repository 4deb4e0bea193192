"""Numbers, amounts and lists are written from the generated table exactly as Babel writes them."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent
from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale

from expatcare.core import number_formats
from expatcare.core.formatting import format_money

CURRENCIES = ("EUR", "USD", "CHF", "GBP", "JPY", "TRY", "BRL", "INR", "UAH", "KWD", "AED", "XYZ")
AMOUNTS = ("0", "1", "-1", "0.005", "-0.005", "12.345", "1234.5", "-98765.4321", "100000000")


def test_the_committed_table_is_what_babel_gives_today() -> None:
    """Run ``python -m expatcare.core.number_formats`` when this fails."""
    assert number_formats.load() == number_formats.build()


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_amount_reads_as_babel_writes_it(language: str) -> None:
    """Separators, grouping (Hindi groups by two above the thousands), the sign's place and
    direction marks (Arabic), the currency's symbol and its decimal places (none for yen,
    three for the Kuwaiti dinar; an unknown code keeps two and is written as it is)."""
    written = {
        (currency, amount): number_formats.format_money(Decimal(amount), currency, language)
        for currency in CURRENCIES
        for amount in AMOUNTS
    }
    expected = {
        (currency, amount): format_currency(Decimal(amount), currency, locale=to_locale(language))
        for currency in CURRENCIES
        for amount in AMOUNTS
    }
    assert written == expected


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_numbers_and_lists_read_as_babel_writes_them(language: str) -> None:
    """``number_locale`` stands in for Babel's locale in format_decimal (the locale's own
    pattern and the page filters' patterns), format_percent and format_list."""
    lean = number_formats.number_locale(language)
    full = to_locale(language)
    patterns = (None, "#,##0", "#,##0.00", "#,##0.000")
    for amount in AMOUNTS:
        number = Decimal(amount)
        for pattern in patterns:
            assert format_decimal(number, format=pattern, locale=lean) == format_decimal(
                number, format=pattern, locale=full
            ), (amount, pattern)
        assert format_decimal(number, locale=lean, group_separator=False) == format_decimal(
            number, locale=full, group_separator=False
        )
        assert format_percent(number, format="#,##0.0 %", locale=lean) == format_percent(
            number, format="#,##0.0 %", locale=full
        )
    for items in (["a"], ["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"]):
        assert format_list(items, locale=lean) == format_list(items, locale=full)


def test_the_page_helper_follows_the_reader_and_falls_back_to_english() -> None:
    for language, text in {"de": "62.000,00\xa0€", "en": "€62,000.00"}.items():
        with translation.override(language):
            assert format_money("62000") == text
    assert number_formats.format_money(Decimal("5"), "EUR", "fr") == "€5.00"


def test_writing_numbers_loads_no_babel_locale_data() -> None:
    """The point of the table: a fresh interpreter writes numbers in every site language
    without Babel loading a locale or its global data."""
    probe = (
        "import django; django.setup()\n"
        "from decimal import Decimal\n"
        "from babel import core, localedata\n"
        "from django.conf import settings\n"
        "from babel.lists import format_list\n"
        "from babel.numbers import format_decimal\n"
        "from expatcare.core.number_formats import format_money, number_locale\n"
        "for code, _name in settings.LANGUAGES:\n"
        "    format_money(Decimal('1234.5'), 'EUR', code)\n"
        "    format_decimal(Decimal('1234.5'), locale=number_locale(code))\n"
        "    format_list(['a', 'b', 'c'], locale=number_locale(code))\n"
        "print(sorted(localedata._cache), core._global_data is None)\n"
    )
    result = subprocess.run(  # this interpreter, a fixed script
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[] True"
