"""The engine door for care: the legal basis behind a health-insurance suggestion.

``care`` asks here (never ``expatcare.rules`` directly) whether the law requires proof of
health insurance for a person's residence title, and gets a typed answer with the provision
and source to show. A date the rules are not known for yields ``None``: the suggestion is then
made without a legal basis rather than with a guessed one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from expatcare.rules.care import health_cover
from expatcare.rules.errors import OutOfRange


@dataclass(frozen=True, slots=True)
class HealthCoverBasis:
    code: str  # proof_required, statutory or free_movement
    proof_required: bool
    legal_basis: str
    source: str
    minimum_cover_eur: Decimal | None


def health_cover_basis(
    *,
    as_of: dt.date,
    nationalities: Sequence[str],
    statutory_insured: bool,
    short_stay_visa: bool = False,
) -> HealthCoverBasis | None:
    try:
        answer = health_cover(
            as_of=as_of,
            nationalities=nationalities,
            statutory_insured=statutory_insured,
            short_stay_visa=short_stay_visa,
        )
    except OutOfRange:
        return None
    return HealthCoverBasis(
        code=answer.code,
        proof_required=answer.proof_required,
        legal_basis=answer.legal_basis,
        source=answer.source,
        minimum_cover_eur=answer.minimum_cover_eur,
    )
