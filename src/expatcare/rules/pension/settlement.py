"""Settling a small vested entitlement on leaving (§ 3 BetrAVG): which route applies.

Since BRSG II (2026-01-22) there are two limits, both shares of the monthly reference value
(Bezugsgröße, § 18 SGB IV) on the leaving date:

* § 3 Abs. 2: the employer may settle **without consent** up to 1.5 % for a monthly pension or
  18/10 for a lump sum (before: 1 % and 12/10);
* § 3 Abs. 2a: **with the employee's consent** up to 2 % or 24/10, but only if the employer pays
  the amount directly as contributions into the statutory pension insurance.

After a refund of statutory contributions the employee may demand a settlement of any amount
(§ 3 Abs. 3). The item names the route that applies, so nobody settles on the wrong one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from expatcare.rules.context import ParameterReader
from expatcare.rules.engine import ParameterSet, ParameterSnapshot, money
from expatcare.rules.errors import OutOfRange
from expatcare.rules.messages import Text
from expatcare.rules.pension.common import (
    P_BEZUGSGROESSE,
    P_SETTLEMENT_EU_NOTICE,
    P_SETTLEMENT_FACTOR,
    P_SETTLEMENT_SHARE,
    TWELVE,
    add_months,
    fmt,
    pct,
)
from expatcare.rules.pension.model import LeavingItem
from expatcare.rules.pension.texts import amount, pension_text, sentences

__all__ = [
    "P_CONSENT_FACTOR",
    "P_CONSENT_IN_FORCE",
    "P_CONSENT_SHARE",
    "settlement_item",
    "settlement_snapshot",
]

P_CONSENT_IN_FORCE: Final = "de.pension.small_amount_settlement.consent_route_in_force"
P_CONSENT_SHARE: Final = "de.pension.small_amount_settlement.consent_pension_share"
P_CONSENT_FACTOR: Final = "de.pension.small_amount_settlement.consent_capital_factor"

#: The routes, as named in the item's ``settlement_route``.
WITHOUT_CONSENT: Final = "without_consent"
WITH_CONSENT_INTO_STATUTORY_PENSION: Final = "with_consent_into_statutory_pension"


def settlement_snapshot(
    params: ParameterSet, snap: ParameterSnapshot, on: date
) -> tuple[ParameterSnapshot, bool]:
    """Parameters for the settlement limit on the leaving date, or ``as_of``'s if unknown."""
    try:
        return params.at(on), True
    except OutOfRange:
        return snap, False


def _tenths(factor: Decimal) -> str:
    """1.8 -> '18' (the statute counts the capital limit in tenths: "18 Zehntel")."""
    return format((factor * 10).normalize(), "f")


def _consent_limits(
    reader: ParameterReader, snap: ParameterSnapshot, monthly_reference: Decimal
) -> tuple[Decimal, Decimal] | None:
    """(monthly pension, capital) limits of § 3 Abs. 2a, or None before it existed."""
    flag = reader.optional(snap, P_CONSENT_IN_FORCE)
    if flag is None or flag.value is not True:
        return None
    share = reader.decimal(snap, P_CONSENT_SHARE)
    factor = reader.decimal(snap, P_CONSENT_FACTOR)
    return money(monthly_reference * share), money(monthly_reference * factor)


def settlement_item(
    *,
    params: ParameterSet,
    snap: ParameterSnapshot,
    reader: ParameterReader,
    leaving_date: date,
    as_of: date,
    vested_capital: Decimal,
    in_eu: bool,
    refund_possible: bool,
) -> LeavingItem | None:
    """The SMALL_AMOUNT_SETTLEMENT item, or None when no route is open."""
    settle_snap, on_leaving_date = settlement_snapshot(params, snap, leaving_date)
    share = reader.decimal(settle_snap, P_SETTLEMENT_SHARE)
    factor = reader.decimal(settle_snap, P_SETTLEMENT_FACTOR)
    notice = reader.integer(settle_snap, P_SETTLEMENT_EU_NOTICE)
    monthly_reference = reader.decimal(settle_snap, P_BEZUGSGROESSE) / TWELVE
    limit_pension = money(monthly_reference * share)
    limit_capital = money(monthly_reference * factor)
    consent = _consent_limits(reader, settle_snap, monthly_reference)
    below = vested_capital <= limit_capital
    with_consent = not below and consent is not None and vested_capital <= consent[1]
    if not (below or with_consent or refund_possible):
        return None
    route: str | None = None
    if below:
        route = WITHOUT_CONSENT
    elif with_consent:
        route = WITH_CONSENT_INTO_STATUTORY_PENSION
    parts: list[Text] = []
    capital = amount(vested_capital)
    if below:
        parts.append(
            pension_text(
                "pension.settlement.without_consent",
                capital_eur=capital,
                tenths=_tenths(factor),
                limit_capital_eur=amount(limit_capital),
                share_percent=pct(share),
                limit_pension_eur=amount(limit_pension),
            )
        )
        if in_eu:
            parts.append(pension_text("pension.settlement.eu_notice", months=notice))
        parts.append(pension_text("pension.settlement.no_settlement_on_transfer"))
    elif with_consent and consent is not None:
        consent_pension, consent_capital = consent
        parts.append(
            pension_text(
                "pension.settlement.with_consent",
                capital_eur=capital,
                limit_capital_eur=amount(limit_capital),
                consent_capital_eur=amount(consent_capital),
                consent_pension_eur=amount(consent_pension),
            )
        )
    if refund_possible:
        parts.append(pension_text("pension.settlement.after_refund"))
    if not on_leaving_date:
        parts.append(
            pension_text("pension.settlement.limit_unknown", leaving_on=leaving_date, as_of=as_of)
        )
    paragraphs = ["2"] + (["2a"] if with_consent else []) + (["3"] if refund_possible else [])
    return LeavingItem(
        code="SMALL_AMOUNT_SETTLEMENT",
        legal_basis="§ 3 Abs. " + ", ".join(paragraphs) + " BetrAVG",
        source=reader.source(settle_snap, P_SETTLEMENT_SHARE),
        text=sentences(*parts),
        details=(
            ("limit_monthly_pension_eur", fmt(limit_pension)),
            ("limit_capital_eur", fmt(limit_capital)),
            ("limit_valid_from", settle_snap[P_SETTLEMENT_SHARE].valid_from.isoformat()),
            ("limit_date", settle_snap.on.isoformat()),
            ("projected_vested_capital_eur", fmt(vested_capital)),
            ("settlement_route", route),
            ("employer_may_settle_without_consent", below),
            ("consent_limit_monthly_pension_eur", fmt(consent[0]) if consent else None),
            ("consent_limit_capital_eur", fmt(consent[1]) if consent else None),
            ("employer_may_settle_with_consent_into_statutory_pension", with_consent),
            (
                "consent_needed_if_new_eu_job_notified_by",
                add_months(leaving_date, notice).isoformat() if below and in_eu else None,
            ),
            ("employee_may_demand_after_refund", refund_possible),
        ),
    )
