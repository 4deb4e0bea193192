"""What enrolments cost: by calendar day, exact until shown, rounded once to the cent.

Pure arithmetic over plain values, no database, so every figure of the cost report, the
export and the API is one computation that the tests check to the cent.

- Monthly price models (per person, per family tier, per covered member) are charged for the
  days an enrolment runs in a month: ``price x days / days in that month``. A month it runs
  throughout costs exactly the price.
- Per session: the planned sessions per month, prorated the same way.
- One-off: the price, in the month the enrolment starts.
- VAT: ``net x rate``; insurance is exempt (rate 0). Under reverse charge the employer owes the
  VAT to the tax office, not to the provider; it is shown, but not owed to the provider.

Amounts are summed exactly (as fractions: a day of a 31-day month is 1/31 of the price) and
each figure shown is rounded once, half up, to the cent. Gross is net plus VAT
as shown, so the three figures always add up on paper.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from expatcare.care.choices import MONTHLY_PRICE_MODELS, PriceModel, VatTreatment

CENT = Decimal("0.01")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month(day: dt.date) -> dt.date:
    return (month_end(day) + dt.timedelta(days=1)).replace(day=1)


def months(first: dt.date, count: int) -> list[dt.date]:
    """``count`` first days of months from ``first``'s month on."""
    found = [month_start(first)]
    while len(found) < count:
        found.append(next_month(found[-1]))
    return found


def parse_month(text: str | None) -> dt.date | None:
    """``"2026-03"`` -> 1 March 2026; anything else (or a year outside 2000-2100) -> None."""
    value = (text or "").strip()
    if len(value) != 7 or value[4] != "-" or not (value[:4] + value[5:]).isdigit():
        return None
    year, number = int(value[:4]), int(value[5:])
    if not (2000 <= year <= 2100 and 1 <= number <= 12):
        return None
    return dt.date(year, number, 1)


def days_in(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def overlap_days(start: dt.date, end: dt.date | None, month: dt.date) -> int:
    """Days of ``month`` from ``start`` to ``end`` (inclusive; ``None``: open-ended)."""
    first = max(start, month_start(month))
    last = min(end, month_end(month)) if end is not None else month_end(month)
    return max((last - first).days + 1, 0)


def to_cents(amount: Fraction) -> Decimal:
    """The one rounding of a figure: half up to the cent."""
    return (Decimal(amount.numerator) / Decimal(amount.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True, slots=True)
class Charge:
    """What a group of ``count`` alike enrolments is charged, as plain values."""

    price_model: str
    unit_price: Decimal
    vat_rate: Decimal
    start: dt.date
    end: dt.date | None
    count: int = 1
    sessions_per_month: int = 0
    vat_treatment: str = VatTreatment.EXEMPT


@dataclass(slots=True)
class Amount:
    """An exact running sum of net and VAT; ``figure()`` rounds it once for display."""

    net: Fraction = field(default_factory=Fraction)
    vat: Fraction = field(default_factory=Fraction)
    owed_vat: Fraction = field(default_factory=Fraction)  # VAT owed to the provider

    def add(self, other: Amount) -> None:
        self.net += other.net
        self.vat += other.vat
        self.owed_vat += other.owed_vat

    def figure(self) -> Figure:
        net, vat = to_cents(self.net), to_cents(self.vat)
        return Figure(net=net, vat=vat, gross=net + vat)

    @property
    def is_zero(self) -> bool:
        return not (self.net or self.vat)


@dataclass(frozen=True, slots=True)
class Figure:
    net: Decimal
    vat: Decimal
    gross: Decimal


def _units(charge: Charge, month: dt.date) -> Fraction:
    """How many times the unit price falls due in ``month`` (a fraction for partial months)."""
    if charge.price_model == PriceModel.ONE_OFF:
        starts_here = month_start(charge.start) == month_start(month)
        return Fraction(1) if starts_here else Fraction(0)
    days = overlap_days(charge.start, charge.end, month)
    if not days:
        return Fraction(0)
    share = Fraction(days, days_in(month))
    if charge.price_model == PriceModel.PER_SESSION:
        return share * charge.sessions_per_month
    if charge.price_model in MONTHLY_PRICE_MODELS:
        return share
    raise ValueError(f"unknown price model {charge.price_model!r}")


def charge_in_month(charge: Charge, month: dt.date) -> Amount:
    net = _units(charge, month) * Fraction(charge.unit_price) * charge.count
    vat = net * Fraction(charge.vat_rate) / 100
    owed = Fraction(0) if charge.vat_treatment == VatTreatment.REVERSE_CHARGE else vat
    return Amount(net=net, vat=vat, owed_vat=owed)


def total(charges: Iterable[Charge], month: dt.date) -> Amount:
    amount = Amount()
    for charge in charges:
        amount.add(charge_in_month(charge, month))
    return amount


def over_months(charges: Iterable[Charge], first: dt.date, count: int) -> Iterator[Amount]:
    """The amount of each of ``count`` months from ``first`` on (a forecast, a year)."""
    listed = list(charges)
    for month in months(first, count):
        yield total(listed, month)
