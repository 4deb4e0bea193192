"""The engine's JSON contracts (docs/contracts.md) as the API and the CLI use them.

The API passes request bodies to these functions untouched, so the engine stays the single
validator for the API, the CLI and the web forms. Only ``expatcare.engine`` imports
``expatcare.rules``; everything above reaches the contracts, their worked examples and the
engine's input error through this module.
"""

from __future__ import annotations

from expatcare.rules.errors import InputError
from expatcare.rules.examples import ASSESSMENT_EXAMPLE, PENSION_EXAMPLE
from expatcare.rules.io import assess_json
from expatcare.rules.model import INDUSTRIES
from expatcare.rules.pension import evaluate_json

__all__ = [
    "ASSESSMENT_EXAMPLE",
    "INDUSTRIES",
    "PENSION_EXAMPLE",
    "InputError",
    "assess_json",
    "evaluate_json",
]
