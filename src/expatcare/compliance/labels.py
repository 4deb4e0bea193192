"""Names of duty and finding codes: the engine's (from the mobility catalogue) plus our own."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from expatcare.engine.labels import OBLIGATIONS, label

OWN_DUTIES: dict[str, Promise] = {
    "PERMIT_RENEWAL": _("Renew the residence title or passport"),
}

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
