"""How case entries read on the audit trail (registered in ``MobilityConfig.ready``).

Cases record engine codes (a pathway, a step, a checklist document) and a milestone update
records the later steps whose expected dates moved with it; they read as names and dates. The
rule set version is for experts only.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from expatcare.audit.labels import register_field_label
from expatcare.audit.values import register_technical, register_value
from expatcare.core.formatting import format_date
from expatcare.engine.labels import label

CASE = "mobility.case"
MILESTONE = "mobility.milestone"


def _coded(catalogue: str) -> Any:
    return lambda code: label(catalogue, str(code))


def later_steps(value: Any) -> str:
    """``{"entry": ["2026-12-01", "2026-12-08"]}`` as
    "Entry into Germany: 01.12.2026 → 08.12.2026"."""
    if not isinstance(value, dict):
        return str(value)
    shown = []
    for code, pair in value.items():
        if isinstance(pair, list) and len(pair) == 2:
            dates = f"{format_date(pair[0])} → {format_date(pair[1])}"
        else:
            dates = format_date(pair)
        shown.append(f"{label('milestone', str(code))}: {dates}")
    return "; ".join(shown)


def register() -> None:
    register_value(CASE, "pathway_code", _coded("pathway"))
    register_value(CASE, "milestone", _coded("milestone"))
    register_value(CASE, "checklist", _coded("document"))
    register_field_label(CASE, "milestone", _("Step"))
    register_field_label(CASE, "checklist", _("Document"))
    register_technical(CASE, "ruleset_version")
    register_value(MILESTONE, "later_expected_on", later_steps)
    register_field_label(MILESTONE, "later_expected_on", _("Later steps expected"))
