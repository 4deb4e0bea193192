"""Health cover for a residence title (``rules.care``), with the provisions it cites."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from expatcare.rules.care import health_cover
from expatcare.rules.errors import OutOfRange

AS_OF = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("nationalities", "statutory", "short_stay", "code", "basis", "cover"),
    [
        # An Indian engineer before statutory insurance begins: proof for the national visa.
        (["IN"], False, False, "proof_required", "§ 5 Abs. 1 Nr. 1 AufenthG", None),
        # Once insured in the statutory scheme the cover exists.
        (["IN"], True, False, "statutory", "§ 5 Abs. 1 Nr. 1 AufenthG", None),
        # A Schengen visa for a short stay: at least 30,000 EUR (Art. 15 Abs. 2 Visakodex).
        (["BR"], False, True, "proof_required", "Art. 15 Abs. 2", Decimal("30000")),
        # Free movement: a French national needs no title (a second nationality counts too).
        (["TN", "FR"], False, False, "free_movement", "Art. 11 GG", None),
        (["CH"], False, True, "free_movement", "Art. 11 GG", None),
    ],
)
def test_health_cover(
    nationalities: list[str],
    statutory: bool,
    short_stay: bool,
    code: str,
    basis: str,
    cover: Decimal | None,
) -> None:
    answer = health_cover(
        as_of=AS_OF,
        nationalities=nationalities,
        statutory_insured=statutory,
        short_stay_visa=short_stay,
    )
    assert answer.code == code
    assert answer.proof_required == (code == "proof_required")
    assert basis in answer.legal_basis and answer.source.startswith("https://")
    assert answer.minimum_cover_eur == cover


def test_an_unknown_period_is_refused_not_guessed() -> None:
    with pytest.raises(OutOfRange):
        health_cover(as_of=dt.date(2031, 1, 1), nationalities=["IN"], statutory_insured=False)
