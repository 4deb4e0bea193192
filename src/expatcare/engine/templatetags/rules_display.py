"""Template filters that show results of the rules engine in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language

from expatcare.engine.labels import label

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
