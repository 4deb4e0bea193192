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
from expatcare.rules.pension.common import (
    P_BEZUGSGROESSE,
    P_SETTLEMENT_EU_NOTICE,
    P_SETTLEMENT_FACTOR,
    P_SETTLEMENT_SHARE,
    TWELVE,
    add_months,
    de_amount,
    de_date,
    en_amount,
    fmt,
    pct,
    pct_de,
)
from expatcare.rules.pension.model import LeavingItem

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
    en: list[str] = []
    de: list[str] = []
    capital_en, capital_de = en_amount(vested_capital), de_amount(vested_capital)
    if below:
        en.append(
            f"Route that applies: § 3 Abs. 2 BetrAVG, without consent. The projected vested "
            f"capital ({capital_en} EUR) does not exceed {_tenths(factor)}/10 of the monthly "
            f"Bezugsgröße ({en_amount(limit_capital)} EUR; for a monthly pension the limit is "
            f"{pct(share)} %, {en_amount(limit_pension)} EUR), so the employer may pay it out "
            "once without consent."
        )
        de.append(
            f"Es gilt § 3 Abs. 2 BetrAVG, ohne Zustimmung: Das voraussichtliche unverfallbare "
            f"Kapital ({capital_de} EUR) übersteigt nicht {_tenths(factor)}/10 der "
            f"monatlichen Bezugsgröße ({de_amount(limit_capital)} EUR; bei Renten "
            f"{pct_de(share)} %, {de_amount(limit_pension)} EUR), daher darf der Arbeitgeber "
            "ohne Zustimmung abfinden."
        )
        if in_eu:
            en.append(
                "Because the person moves to another EU state, consent is needed if they take "
                f"up a new job there and tell the former employer within {notice} months."
            )
            de.append(
                "Da die Person in einen anderen EU-Staat zieht, ist ihre Zustimmung nötig, "
                "wenn sie dort ein neues Arbeitsverhältnis begründet und dies dem früheren "
                f"Arbeitgeber binnen {notice} Monaten mitteilt."
            )
        en.append("No settlement if the person uses the transfer right.")
        de.append("Keine Abfindung, wenn das Übertragungsrecht ausgeübt wird.")
    elif with_consent and consent is not None:
        consent_pension, consent_capital = consent
        en.append(
            f"Route that applies: § 3 Abs. 2a BetrAVG, only with the employee's consent. The "
            f"projected vested capital ({capital_en} EUR) exceeds the limit for a settlement "
            f"without consent ({en_amount(limit_capital)} EUR) but not "
            f"{en_amount(consent_capital)} EUR (for a monthly pension "
            f"{en_amount(consent_pension)} EUR), so the employer may settle it with the "
            "employee's consent if it pays the amount directly as contributions into the "
            "statutory pension insurance; no cash payment to the employee."
        )
        de.append(
            f"Es gilt § 3 Abs. 2a BetrAVG, nur mit Zustimmung des Arbeitnehmers: Das "
            f"voraussichtliche unverfallbare Kapital ({capital_de} EUR) übersteigt die Grenze "
            f"für eine Abfindung ohne Zustimmung ({de_amount(limit_capital)} EUR), nicht aber "
            f"{de_amount(consent_capital)} EUR (bei Renten {de_amount(consent_pension)} EUR); "
            "daher darf der Arbeitgeber mit Zustimmung abfinden, wenn er den Betrag unmittelbar "
            "als Beiträge zur gesetzlichen Rentenversicherung zahlt; keine Barauszahlung."
        )
    if refund_possible:
        en.append(
            "Once the statutory pension contributions have been refunded (§ 210 SGB VI), the "
            "person can demand a cash settlement of the whole vested entitlement, whatever "
            "its amount (§ 3 Abs. 3 BetrAVG)."
        )
        de.append(
            "Sind die Beiträge zur gesetzlichen Rentenversicherung erstattet (§ 210 SGB VI), "
            "kann die Person die Abfindung der gesamten Anwartschaft verlangen, unabhängig "
            "von der Höhe (§ 3 Abs. 3 BetrAVG)."
        )
    if not on_leaving_date:
        en.append(
            f"The limit in force on {leaving_date.isoformat()} is not yet known; the figures "
            f"are those of {as_of.isoformat()}."
        )
        de.append(
            f"Die am {de_date(leaving_date)} geltende Grenze ist noch nicht bekannt; genannt "
            f"sind die Werte vom {de_date(as_of)}."
        )
    paragraphs = ["2"] + (["2a"] if with_consent else []) + (["3"] if refund_possible else [])
    return LeavingItem(
        code="SMALL_AMOUNT_SETTLEMENT",
        legal_basis="§ 3 Abs. " + ", ".join(paragraphs) + " BetrAVG",
        source=reader.source(settle_snap, P_SETTLEMENT_SHARE),
        explanation=" ".join(en),
        explanation_de=" ".join(de),
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
