"""Names of duty and finding codes: the engine's (``engine.labels``) plus our own.

Every duty comes from the engine; the findings below are the product's own notes (and
``WORKS_ON_EXPIRED_TITLE``, kept for rows written before the engine's ``PERMIT_EXPIRED``
replaced it).
"""

from __future__ import annotations

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


def known_duty_codes() -> list[str]:
    """Every duty code the rules engine and the document register produce."""
    return sorted({*OBLIGATIONS, *OWN_DUTIES})


def finding_label(code: str) -> str:
    own = OWN_FINDINGS.get(code)
    return str(own) if own is not None else label("finding", code)
