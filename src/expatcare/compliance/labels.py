"""Names of duty and finding codes: the engine's (``engine.labels``) plus our own.

Every duty comes from the engine; the findings below are the product's own notes (and
``WORKS_ON_EXPIRED_TITLE``, kept for rows written before the engine's ``PERMIT_EXPIRED``
replaced it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from expatcare.engine.labels import OBLIGATIONS, label

OWN_DUTIES: dict[str, Promise] = {}

OWN_FINDINGS: dict[str, Promise] = {
    "WORKS_ON_EXPIRED_TITLE": _("Works on an expired residence title"),
    "ASSESSMENT_INCOMPLETE": _("Facts missing for the assessment"),
    "RULES_RECHECK_CHANGED": _("Duties changed with the new rules year"),
}


def duty_label(code: str) -> str:
    own = OWN_DUTIES.get(code)
    return str(own) if own is not None else label("obligation", code)


#: The engine's renewal duties: one per document it plans a renewal for (``document`` of the duty).
RENEWAL_CODES = frozenset({"PERMIT_RENEWAL", "PASSPORT_RENEWAL", "INSURANCE_RENEWAL"})
# One duty code covers the renewal of a residence permit and of a visa; its message (or, for
# rows written before messages, the document kind in ``origin_key``) says which.
_RENEWED: dict[str, Promise] = {
    "obligation.visa_renewal": _("Renew the visa"),
    "obligation.passport_renewal": OBLIGATIONS["PASSPORT_RENEWAL"],
    "obligation.permit_renewal": OBLIGATIONS["PERMIT_RENEWAL"],
    "obligation.insurance_renewal": OBLIGATIONS["INSURANCE_RENEWAL"],
}
_RENEWED_KIND: dict[str, Promise] = {
    "visa": _RENEWED["obligation.visa_renewal"],
    "passport": OBLIGATIONS["PASSPORT_RENEWAL"],
    "insurance_certificate": OBLIGATIONS["INSURANCE_RENEWAL"],
}


def _innermost_code(message: Mapping[str, Any] | None) -> str:
    """The duty's own message code inside "moved to the next working day" wrappers."""
    while isinstance(message, Mapping):
        inner = (message.get("params") or {}).get("duty")
        if not isinstance(inner, Mapping):
            return str(message.get("code") or "")
        message = inner
    return ""


def duty_title(code: str, message: Mapping[str, Any] | None = None, origin_key: str = "") -> str:
    """The name of a duty as its reader needs it: a passport, visa or insurance renewal is named
    so."""
    if code in RENEWAL_CODES:
        inner = _innermost_code(message)
        for prefix, name in _RENEWED.items():
            if inner == prefix or inner.startswith(prefix + "."):
                return str(name)
        kind = origin_key.partition(":")[0]
        if kind in _RENEWED_KIND:
            return str(_RENEWED_KIND[kind])
    return duty_label(code)


def known_duty_codes() -> list[str]:
    """Every duty code the rules engine and the document register produce."""
    return sorted({*OBLIGATIONS, *OWN_DUTIES})


def finding_label(code: str) -> str:
    own = OWN_FINDINGS.get(code)
    return str(own) if own is not None else label("finding", code)
