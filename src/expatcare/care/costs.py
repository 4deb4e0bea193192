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


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


class Ledger:
    """The amounts of a run of months for many charges, in time linear in the charges.

    A charge running through whole months adds its price to a difference array (one entry
    where it starts, one after it stops), so the months between cost nothing to visit; only
    its first and last month may be partial and are added by the day. Sums are integers of
    cents (times days, times basis points of VAT) divided once per month at the end, so the
    result is exact and equal to adding ``charge_in_month`` for every month.
    """

    def __init__(self, first: dt.date, count: int) -> None:
        self.months = months(first, count)
        self.index = {(m.year, m.month): i for i, m in enumerate(self.months)}
        self.dims = [days_in(m) for m in self.months]
        size = count + 1
        self._full = [0] * size  # cents per month, as a difference array
        self._full_vat = [0] * size  # cents x basis points
        self._full_owed = [0] * size
        self._part = [0] * count  # cents x days (divide by days in month)
        self._part_vat = [0] * count  # cents x days x basis points
        self._part_owed = [0] * count

    def _month(self, day: dt.date) -> int:
        return self.index[(day.year, day.month)]

    def _partial(self, i: int, cents: int, days: int, bp: int, owed: bool) -> None:
        self._part[i] += cents * days
        self._part_vat[i] += cents * days * bp
        if owed:
            self._part_owed[i] += cents * days * bp

    def add(self, charge: Charge) -> None:
        """``charge`` with dates inside the ledger's months (callers clamp them)."""
        bp = _cents(charge.vat_rate)
        owed = charge.vat_treatment != VatTreatment.REVERSE_CHARGE
        if charge.price_model == PriceModel.ONE_OFF:
            cents = _cents(charge.unit_price) * charge.count
            i = self.index.get((charge.start.year, charge.start.month))
            if i is not None:
                self._partial(i, cents * self.dims[i], 1, bp, owed)
            return
        sessions = charge.sessions_per_month if charge.price_model == PriceModel.PER_SESSION else 1
        cents = _cents(charge.unit_price) * charge.count * sessions
        if not cents:
            return
        end = charge.end or month_end(self.months[-1])
        first, last = self._month(charge.start), self._month(end)
        if first == last:
            self._partial(first, cents, (end - charge.start).days + 1, bp, owed)
            return
        start_days = self.dims[first] - charge.start.day + 1
        if start_days == self.dims[first]:
            full_from = first
        else:
            self._partial(first, cents, start_days, bp, owed)
            full_from = first + 1
        if end.day == self.dims[last]:
            full_to = last
        else:
            self._partial(last, cents, end.day, bp, owed)
            full_to = last - 1
        if full_from <= full_to:
            self._full[full_from] += cents
            self._full[full_to + 1] -= cents
            self._full_vat[full_from] += cents * bp
            self._full_vat[full_to + 1] -= cents * bp
            if owed:
                self._full_owed[full_from] += cents * bp
                self._full_owed[full_to + 1] -= cents * bp

    def amounts(self) -> list[Amount]:
        """The exact amount of each month (in currency units, not cents)."""
        result = []
        full = vat = owed = 0
        for i, dim in enumerate(self.dims):
            full += self._full[i]
            vat += self._full_vat[i]
            owed += self._full_owed[i]
            result.append(
                Amount(
                    net=(Fraction(full) + Fraction(self._part[i], dim)) / 100,
                    vat=(Fraction(vat) + Fraction(self._part_vat[i], dim)) / 1_000_000,
                    owed_vat=(Fraction(owed) + Fraction(self._part_owed[i], dim)) / 1_000_000,
                )
            )
        return result


@dataclass(slots=True)
class MonthSum:
    """Exact sums for one month as integers over the month's days: cheap to add per group."""

    dim: int
    net: int = 0  # cents x days
    vat: int = 0  # cents x days x basis points
    owed: int = 0

    def add(self, charge: Charge, month: dt.date) -> int:
        """Add ``charge`` for ``month``; answers the days it runs (for one-offs: 1 or 0)."""
        bp = _cents(charge.vat_rate)
        if charge.price_model == PriceModel.ONE_OFF:
            runs = month_start(charge.start) == month_start(month)
            factor, days = (self.dim, 1) if runs else (0, 0)
        else:
            days = overlap_days(charge.start, charge.end, month)
            factor = days
        if charge.price_model == PriceModel.PER_SESSION:
            factor *= charge.sessions_per_month
        cents = _cents(charge.unit_price) * charge.count * factor
        self.net += cents
        self.vat += cents * bp
        if charge.vat_treatment != VatTreatment.REVERSE_CHARGE:
            self.owed += cents * bp
        return days

    def amount(self) -> Amount:
        return Amount(
            net=Fraction(self.net, self.dim * 100),
            vat=Fraction(self.vat, self.dim * 1_000_000),
            owed_vat=Fraction(self.owed, self.dim * 1_000_000),
        )

    @property
    def is_zero(self) -> bool:
        return not (self.net or self.vat)
