"""Turn a stored English sentence of the engine back into its message code and parameters.

Duties and findings used to store the engine's English and German sentences. The migration that
replaced those columns with ``{code, params}`` reads each old sentence against the engine's
English templates: a template is a pattern with one group per ``{name}`` (a name used twice
must match the same text twice), and a parameter that is itself a sentence (``{duty}``,
``{requirement}``...) is read again, so the nested message survives too. A sentence that no
template matches (a template reworded since) is kept as ``stored_text``; the next recomputation
replaces it with the engine's current message.
"""

from __future__ import annotations

import re
from functools import lru_cache
from string import Formatter
from typing import Any

from expatcare.engine.messages import stored_text

__all__ = ["message_from_text"]

# Parameters that hold a whole nested sentence rather than a value.
_NESTED = frozenset({"duty", "requirement", "remedy", "limit", "posting", "open_question"})


def _pattern(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    for literal, name, _spec, _conversion in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is None:
            continue
        if name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    from expatcare.rules.messages import TEMPLATES

    # Longer templates first: a short one ("{duty} ...") must not swallow a longer match.
    # Stored duties and findings never held pension sentences, and the pension engine's
    # catch-all "{first} {then}" would claim any old sentence: its codes take no part.
    ordered = sorted(
        (
            (code, template)
            for code, template in TEMPLATES.items()
            if not code.startswith("pension.")
        ),
        key=lambda item: -len(item[1].en),
    )
    return tuple((code, _pattern(template.en)) for code, template in ordered)


def _parse(text: str, prefix: str = "") -> dict[str, Any] | None:
    for code, pattern in _patterns():
        if prefix and not code.startswith(prefix):
            continue
        match = pattern.match(text)
        if match is None:
            continue
        params: dict[str, Any] = {}
        for name, value in match.groupdict().items():
            nested = _parse(value) if name in _NESTED else None
            params[name] = nested if nested is not None else value
        return {"code": code, "params": params}
    return None


def message_from_text(english: str, german: str = "", *, prefix: str = "") -> dict[str, Any]:
    """The message an old English sentence was rendered from, else the sentence itself.

    ``prefix`` narrows the codes tried (``"obligation."`` for duties, ``"finding."`` for
    findings), so a sentence cannot be read as a message of another kind.
    """
    text = english.strip()
    if text:
        found = _parse(text, prefix)
        if found is not None:
            return found
    return stored_text(english, german)
