"""Parameter names, sources and the small date, amount and trace helpers of the pension rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from expatcare.rules.engine import money

# --------------------------------------------------------------------------- parameter names

P_BBG_PENSION: Final = "de.social_security.bbg_pension"
P_BEZUGSGROESSE: Final = "de.social_security.bezugsgroesse"
P_TAX_FREE_SHARE: Final = "de.pension.tax_free_share"
P_SS_FREE_SHARE: Final = "de.pension.social_security_free_share"
P_DEFERRAL_MAX_SHARE: Final = "de.pension.deferred_compensation_max_share"
P_SUBSIDY_RATE: Final = "de.pension.employer_subsidy_rate"
P_BBG_HEALTH: Final = "de.social_security.bbg_health"
P_SHARE_PENSION: Final = "de.pension.subsidy.employer_share_pension"
P_SHARE_UNEMPLOYMENT: Final = "de.pension.subsidy.employer_share_unemployment"
P_SHARE_HEALTH: Final = "de.pension.subsidy.employer_share_health"
P_SHARE_CARE: Final = "de.pension.subsidy.employer_share_care"
P_VESTING_AGE: Final = "de.pension.vesting.min_age"
P_VESTING_YEARS: Final = "de.pension.vesting.min_commitment_years"
P_SETTLEMENT_SHARE: Final = "de.pension.small_amount_settlement.pension_share"
P_SETTLEMENT_FACTOR: Final = "de.pension.small_amount_settlement.capital_factor"
P_SETTLEMENT_EU_NOTICE: Final = "de.pension.small_amount_settlement.eu_notice_months"
P_TRANSFER_PERIOD: Final = "de.pension.transfer.request_period_months"
P_REFUND_WAIT: Final = "de.pension.statutory_refund.waiting_months"
P_GENERAL_WAITING: Final = "de.pension.statutory_refund.general_waiting_period_years"
P_EU_STATES: Final = "de.residence.eu_member_states"
P_EEA_STATES: Final = "de.residence.eea_states"
P_SWISS_STATES: Final = "de.residence.swiss_free_movement_states"
P_AGREEMENT_PREFIX: Final = "de.social_security.agreements."
P_POSTING_ONLY: Final = "de.pension.totalisation.posting_only_agreements"
P_TCA_PENSION: Final = "de.pension.totalisation.tca_pension_states"

# Sources for rules that have no numeric parameter of their own.
SRC_1B: Final = "https://www.gesetze-im-internet.de/betravg/__1b.html"
SRC_1A: Final = "https://www.gesetze-im-internet.de/betravg/__1a.html"
SRC_2: Final = "https://www.gesetze-im-internet.de/betravg/__2.html"
SRC_3: Final = "https://www.gesetze-im-internet.de/betravg/__3.html"
SRC_4: Final = "https://www.gesetze-im-internet.de/betravg/__4.html"
SRC_210: Final = "https://www.gesetze-im-internet.de/sgb_6/__210.html"
SRC_DRV_REFUND: Final = (
    "https://www.deutsche-rentenversicherung.de/Allgemein/de/Navigation/2_Rente_Reha/01_Rente/"
    "01_allgemeines/05_rente_und_ausland/beitragserstattung_node.html"
)
SRC_14_SGB_IV: Final = "https://www.gesetze-im-internet.de/sgb_4/__14.html"
SRC_883: Final = "https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:02004R0883-20140101"

ZERO: Final = Decimal(0)
CENT: Final = Decimal("0.01")
TWELVE: Final = Decimal(12)
ONE_DAY: Final = timedelta(days=1)


# =========================================================================== small helpers


def anniversary(start: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February falls on 1 March.

    Periods and ages in German law are counted under §§ 187, 188 BGB: a period that has no
    corresponding day in its last month ends with that month, so the next day is 1 March.
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def first_of_month(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, clamped to the month's last day (used on 1sts and ends)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")  # pragma: no cover


def months_between(start: date, end: date) -> int:
    """Whole calendar months from the month of ``start`` to the month of ``end``."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def fmt(amount: Decimal) -> str:
    return str(money(amount))


def de_amount(amount: Decimal) -> str:
    """German number format (1.234,56) for the German texts."""
    text = f"{money(amount):,.2f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def en_amount(amount: Decimal) -> str:
    return f"{money(amount):,.2f}"


def de_date(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def pct(ratio: Decimal) -> str:
    """0.015 -> '1.5' (no trailing zeros), for texts."""
    return format((ratio * 100).normalize(), "f")


def pct_de(ratio: Decimal) -> str:
    return pct(ratio).replace(".", ",")


def trace_value(value: Any) -> str:
    """A parameter's value as the pension output's trace states it (lists joined by commas)."""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):
        return ",".join(sorted(str(k) for k in value))
    return str(value)
