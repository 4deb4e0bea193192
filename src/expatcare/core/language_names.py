"""Names of languages (ISO 639-1 codes) in each site language, from a generated table.

Babel has the names, but its locale data costs a web worker about 4 MB per language on first
use, which a worker's memory budget cannot spare for one line of the person page. The names
therefore come from ``language_names.json``, generated from Babel by
``python -m expatcare.core.language_names`` (``scripts/update-translations`` runs it); a test
fails when the table lags behind Babel, the site languages or the accepted codes.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings

TABLE = Path(__file__).with_name("language_names.json")


def babel_language_codes() -> frozenset[str]:
    """ISO 639-1 codes known to Babel's CLDR data: the source the table is generated from."""
    from babel import Locale

    return frozenset(
        str(code) for code in Locale("en").languages if isinstance(code, str) and len(code) == 2
    )


def build() -> dict[str, dict[str, str]]:
    """``{site language: {code: name}}`` for every code a person's language may have."""
    from babel import Locale
    from django.utils.translation import to_locale

    codes = sorted(babel_language_codes())
    table: dict[str, dict[str, str]] = {}
    for site_language, _name in settings.LANGUAGES:
        names = Locale.parse(to_locale(site_language)).languages
        table[site_language] = {code: str(names[code]) for code in codes if code in names}
    return table


@functools.cache
def load() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = json.loads(TABLE.read_text(encoding="utf-8"))
    return table


@functools.cache
def language_codes() -> frozenset[str]:
    """The ISO 639-1 codes a person's language may have: those the table names in English.

    Read from the generated table, so validating a code never loads Babel in a web worker.
    """
    return frozenset(load()["en"])


def language_name(code: str, site_language: str) -> str:
    """The name of ``code`` in ``site_language`` (English if that is not a site language);
    an unknown code is shown as it is."""
    table = load()
    names = table.get(site_language.lower()) or table.get("en", {})
    return names.get(code, code)


if __name__ == "__main__":
    import django

    django.setup()
    TABLE.write_text(
        json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
