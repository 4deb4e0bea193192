"""The compliance app's own message codes, rendered like the engine's (``engine.messages``).

Findings the product writes itself (a fact missing for the assessment, duties changed by a new
rules year) are stored as code and parameters like the engine's, so they too are shown in the
reader's language. ``ComplianceConfig.ready`` registers them with the engine door.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

ASSESSMENT_INCOMPLETE = "compliance.assessment_incomplete"
ASSESSMENT_MISSING_FACT = "compliance.assessment_missing_fact"
RULES_RECHECK = "compliance.rules_recheck"

OWN_MESSAGES: dict[str, Promise] = {
    # The contexts are written out: xgettext reads literals only.
    ASSESSMENT_INCOMPLETE: pgettext_lazy(
        "compliance.assessment_incomplete", "Facts are missing for the assessment: {problem}"
    ),
    # The field is named by its label in the reader's language (``{fact}`` is the engine's
    # dotted path, which ``engine.messages`` renders as the person form's label).
    ASSESSMENT_MISSING_FACT: pgettext_lazy(
        "compliance.assessment_missing_fact",
        "Facts are missing for the assessment: {fact} (complete the person's record).",
    ),
    RULES_RECHECK: pgettext_lazy("compliance.rules_recheck", "Re-check for {year}: {changes}"),
}
