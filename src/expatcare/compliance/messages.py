"""The compliance app's own message codes, rendered like the engine's (``engine.messages``).

Findings the product writes itself (a fact missing for the assessment, duties changed by a new
rules year) are stored as code and parameters like the engine's, so they too are shown in the
reader's language. ``ComplianceConfig.ready`` registers them with the engine door.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

ASSESSMENT_INCOMPLETE = "compliance.assessment_incomplete"
RULES_RECHECK = "compliance.rules_recheck"

OWN_MESSAGES: dict[str, Promise] = {
    # The contexts are written out: xgettext reads literals only.
    ASSESSMENT_INCOMPLETE: pgettext_lazy(
        "compliance.assessment_incomplete", "Facts are missing for the assessment: {problem}"
    ),
    RULES_RECHECK: pgettext_lazy("compliance.rules_recheck", "Re-check for {year}: {changes}"),
}
