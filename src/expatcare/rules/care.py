"""Health cover for a residence title: whether the law asks for proof, and how much cover.

A residence title is issued only if the foreigner's livelihood is secured (§ 5 Abs. 1 Nr. 1
AufenthG), which includes adequate health insurance (§ 2 Abs. 3 Satz 1 AufenthG); a
short-stay Schengen visa needs travel medical insurance of at least the amount in
``de.care.schengen_visa_min_health_cover`` (Art. 15 Abs. 2 Visakodex). Nationals with free
movement (Germans, Union citizens, EEA states, Switzerland) need no title and so no proof.
Someone insured in the German statutory scheme has the cover already.

Pure: the answer depends only on the arguments and the parameters in force on ``as_of``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from expatcare.rules.citations import cite, parameter_citation
from expatcare.rules.engine import ParameterSet, load_parameters

__all__ = ["HealthCover", "health_cover"]

_FREE_MOVEMENT_LISTS = (
    "de.residence.eu_member_states",
    "de.residence.eea_states",
    "de.residence.swiss_free_movement_states",
)
MIN_COVER = "de.care.schengen_visa_min_health_cover"


@dataclass(frozen=True, slots=True)
class HealthCover:
    """``code``: ``proof_required``, ``statutory`` (insured already) or ``free_movement``."""

    code: str
    proof_required: bool
    legal_basis: str
    source: str
    minimum_cover_eur: Decimal | None
    parameters: tuple[str, ...]


def health_cover(
    *,
    as_of: date,
    nationalities: Sequence[str],
    statutory_insured: bool,
    short_stay_visa: bool = False,
    parameters: ParameterSet | None = None,
) -> HealthCover:
    """Whether proof of health insurance is needed for a residence title or visa on ``as_of``.

    Raises ``OutOfRange`` for a date the parameters are not known for.
    """
    snapshot = (parameters or load_parameters()).at(as_of)
    free = {"DE"}
    for name in _FREE_MOVEMENT_LISTS:
        free.update(snapshot.value(name))
    if any(code.upper() in free for code in nationalities):
        basis = cite("gg_art_11_and_aufenthg_1_2_n_1")
        return HealthCover(
            "free_movement", False, basis.legal_basis, basis.source, None, _FREE_MOVEMENT_LISTS
        )
    if short_stay_visa:
        parameter = snapshot[MIN_COVER]
        basis = parameter_citation(parameter)
        return HealthCover(
            "proof_required",
            True,
            basis.legal_basis,
            basis.source,
            Decimal(parameter.value),
            (*_FREE_MOVEMENT_LISTS, MIN_COVER),
        )
    basis = cite("aufenthg_2_3_and_5_1_n_1")
    code = "statutory" if statutory_insured else "proof_required"
    return HealthCover(
        code, not statutory_insured, basis.legal_basis, basis.source, None, _FREE_MOVEMENT_LISTS
    )
