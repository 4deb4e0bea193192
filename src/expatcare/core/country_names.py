"""Names of countries (ISO 3166 two-letter codes) in each site language, from a generated table.

Babel has the names (the country package's own catalogue lacks some portal languages, e.g.
Hindi), but its locale data costs a web worker about 4 MB per language on first use: the
person page named a nationality that way. The names therefore come from
``country_names.json``, generated from Babel by ``python -m expatcare.core.country_names``
(``scripts/update-translations`` runs it); a test fails when the table lags behind Babel.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings

TABLE = Path(__file__).with_name("country_names.json")


def build() -> dict[str, dict[str, str]]:
    """``{site language: {code: name}}`` for every two-letter territory Babel names."""
    from babel import Locale
    from django.utils.translation import to_locale

    table: dict[str, dict[str, str]] = {}
    for site_language, _name in settings.LANGUAGES:
        names = Locale.parse(to_locale(site_language)).territories
        table[site_language] = {
            str(code): str(name)
            for code, name in names.items()
            if isinstance(code, str) and len(code) == 2 and code.isalpha()
        }
    return table


@functools.cache
def load() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = json.loads(TABLE.read_text(encoding="utf-8"))
    return table


def country_name(code: str, site_language: str) -> str | None:
    """The name of ``code`` (upper case) in ``site_language`` (English if that is not a site
    language); None for a code Babel does not name."""
    table = load()
    names = table.get(site_language.lower()) or table["en"]
    return names.get(code)


if __name__ == "__main__":
    import django

    django.setup()
    TABLE.write_text(
        json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
