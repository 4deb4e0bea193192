"""Template filters that show results of the rules engine in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language

from expatcare.engine.labels import label
from expatcare.engine.messages import render_message_html

register = template.Library()


@register.filter
def localised(item: Any, key: str) -> Any:
    """``item.<key>_de`` for German readers when present, else ``item.<key>``."""
    if not isinstance(item, Mapping):
        return ""
    if (get_language() or "").startswith("de"):
        german = item.get(f"{key}_de")
        if german:
            return german
    return item.get(key, "")


@register.filter
def code_label(code: Any, catalogue: str) -> str:
    return label(catalogue, str(code)) if code is not None else ""


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
    names the English text to show when the code is unknown here.
    """
    found = item.get("message") if isinstance(item, Mapping) else getattr(item, "message", None)
    fallback = ""
    if fallback_key:
        raw = (
            item.get(fallback_key) if isinstance(item, Mapping) else getattr(item, fallback_key, "")
        )
        fallback = str(raw or "")
    return render_message_html(found, fallback=fallback)
