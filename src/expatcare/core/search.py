"""Search keys that ignore case and diacritics, the same on SQLite and PostgreSQL.

Neither database folds accents by itself without extensions (PostgreSQL's ``unaccent`` is not
installed everywhere, SQLite has nothing), so the services store a normalised copy of what a
search looks at and a search compares normalised text with ``LIKE``: "Gomez" finds "Gómez",
"Jovanovic" finds "Jovanović", "Yilmaz" finds "Yılmaz", at the cost of one column scan, as
before with ``icontains`` on three columns.
"""

from __future__ import annotations

import unicodedata

# Letters that do not decompose into a base letter and a combining mark.
_FOLDS = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ħ": "h",
        "ŧ": "t",
    }
)


def search_key(*parts: str | None) -> str:
    """Lower case, no diacritics, single spaces: ``search_key("Yılmaz", "Gómez")``."""
    text = " ".join(part for part in parts if part).casefold().translate(_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())
