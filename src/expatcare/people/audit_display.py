"""How the people app's audit entries read on the trail (registered in ``PeopleConfig.ready``).

The model says most of it (choices, countries, dates, money; see ``audit.values``); this adds
what it cannot: the keys a person's entries record beside the model fields (``nationalities``,
``languages``), a document's kind, and which file facts are for experts only.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from expatcare.audit.labels import register_field_label
from expatcare.audit.values import country_name, register_technical, register_value
from expatcare.core.formatting import language_name
from expatcare.people.choices import CEFRLevel, DocumentKind

PERSON = "people.person"
VERSION = "people.documentversion"


def nationalities(value: Any) -> str:
    """``["NG", "DE"]`` as "Nigeria, Germany" in the reader's language."""
    codes = value if isinstance(value, list) else [value]
    return ", ".join(country_name(str(code)) for code in codes) or "–"


def languages(value: Any) -> str:
    """``[["de", "A2"], ["en", "C1"]]`` as "German (A2), English (C1)"."""
    levels = dict(CEFRLevel.choices)
    shown = []
    for pair in value if isinstance(value, list) else []:
        if isinstance(pair, list | tuple) and len(pair) == 2:
            code, level = pair
            shown.append(f"{language_name(str(code))} ({levels.get(str(level), level)})")
        else:
            shown.append(language_name(str(pair)))
    return ", ".join(shown) or "–"


def document_kind(value: Any) -> str:
    return str(dict(DocumentKind.choices).get(str(value), value))


def file_size(value: Any) -> str:
    return str(filesizeformat(value)) if isinstance(value, int) else str(value)


def register() -> None:
    register_field_label(PERSON, "nationalities", _("Nationalities"))
    register_field_label(PERSON, "languages", _("Languages"))
    register_value(PERSON, "nationalities", nationalities)
    register_value(PERSON, "languages", languages)
    register_value(PERSON, "preferred_language", lambda code: language_name(str(code)))
    register_field_label(VERSION, "kind", _("Document"))
    register_field_label(VERSION, "original_name", _("File name"))
    register_field_label(VERSION, "content_type", _("File type"))
    register_field_label(VERSION, "size", _("File size"))
    register_field_label(VERSION, "sha256", _("Checksum (SHA-256)"))
    register_value(VERSION, "kind", document_kind)
    register_value(VERSION, "size", file_size)
    register_technical(VERSION, "content_type", "size", "sha256")
