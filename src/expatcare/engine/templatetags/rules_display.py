"""Template filters that show results of the rules engine in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language

from expatcare.engine import messages
from expatcare.engine.labels import label
from expatcare.engine.messages import render_message_html

register = template.Library()


def _field(item: Any, key: str) -> Any:
    """``item[key]`` of a mapping (a stored row's JSON), ``item.key`` of the door's objects."""
    if isinstance(item, Mapping):
        return item.get(key)
    return getattr(item, key, None)


@register.filter
def localised(item: Any, key: str) -> Any:
    """``item.<key>_de`` for German readers when present, else ``item.<key>``."""
    if (get_language() or "").startswith("de"):
        german = _field(item, f"{key}_de")
        if german:
            return german
    found = _field(item, key)
    return "" if found is None else found


@register.filter
def code_label(code: Any, catalogue: str) -> str:
    return label(catalogue, str(code)) if code is not None else ""


@register.filter
def country_name(code: Any) -> str:
    """A country code (``DE``) by its name in the reader's language."""
    return messages.country_name(str(code)) if code else ""


@register.filter
def is_url(value: Any) -> bool:
    """Only http(s) sources become links; anything else is shown as text."""
    return isinstance(value, str) and value.startswith(("https://", "http://"))


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, Mapping) else None


@register.filter
def engine_message(item: Any, fallback_key: str = "") -> str:
    """The engine message of ``item`` (a result part or a stored row) in the reader's language.

    ``item`` is a mapping or object with a ``message`` (``{code, params}``); ``fallback_key``
    names the text to show (its ``_de`` twin for German readers) when there is no message or
    its code is unknown here.
    """
    found = _field(item, "message")
    fallback = str(localised(item, fallback_key) or "") if fallback_key else ""
    return render_message_html(found, fallback=fallback)
