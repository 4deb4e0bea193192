"""Display rows of what compliance writes, for pages of other apps (registered in ``ready()``)."""

from __future__ import annotations

from typing import Any

from expatcare.audit.labels import recompute_label, recompute_reason
from expatcare.audit.presenters import ChangeRow, counted
from expatcare.compliance.labels import duty_label, finding_label
from expatcare.core.formatting import format_date


def recompute_rows(changes: dict[str, Any]) -> list[ChangeRow]:
    """A duty recomputation's entry: the reason, due dates moved per duty, duties added or
    withdrawn and findings raised, with duties and findings by name."""
    rows: list[ChangeRow] = []
    for name, value in changes.items():
        label = recompute_label(name)
        if name == "reason" and isinstance(value, str):
            rows.append((label, "", recompute_reason(value), False))
        elif isinstance(value, dict):
            rows.extend(
                (f"{label}: {duty_label(code)}", format_date(pair[0]), format_date(pair[1]), True)
                for code, pair in value.items()
                if isinstance(pair, list) and len(pair) == 2
            )
        elif isinstance(value, list):
            if value:
                namer = finding_label if name.startswith("findings_") else duty_label
                rows.append((label, "", counted(namer(str(code)) for code in value), False))
        elif value not in (None, ""):
            rows.append((label, "", value, False))
    return rows
