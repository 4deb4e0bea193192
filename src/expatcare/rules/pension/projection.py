"""Projected capital at retirement and at leaving from today's monthly amounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

from expatcare.rules.engine import (
    money,
)
from expatcare.rules.pension.common import (
    ONE_DAY,
    TWELVE,
    ZERO,
    add_months,
    anniversary,
    first_of_month,
    fmt,
    months_between,
)
from expatcare.rules.pension.model import (
    EmployerSubsidy,
    PensionCase,
    Projection,
    Vesting,
)


def retirement_date(birth_date: date, age: int) -> date:
    """First day of the month after the retirement age is reached.

    An age is reached at the end of the day before the birthday (§ 187 Abs. 2 Satz 2, § 188
    Abs. 2 BGB); like the statutory pension (§ 99 SGB VI) the plan is assumed to pay from the
    first of the following month.
    """
    reached = anniversary(birth_date, age) - ONE_DAY
    return add_months(first_of_month(reached), 1)


def future_value(monthly: Decimal, payments: int, at_month: int, monthly_rate: Decimal) -> Decimal:
    """Value at month ``at_month`` of ``payments`` contributions paid at months 0..payments-1.

    Contributions are paid at the start of each month and compound monthly.
    """
    if payments <= 0 or monthly == ZERO:
        return ZERO
    with localcontext() as ctx:
        ctx.prec = 50
        if monthly_rate == ZERO:
            return monthly * payments
        q = 1 + monthly_rate
        factor = q ** (at_month - payments + 1) * (q**payments - 1) / monthly_rate
        return +(monthly * factor)


def projection_for(case: PensionCase, subsidy: EmployerSubsidy, vesting: Vesting) -> Projection:
    """Capital at retirement from today's monthly amounts, held constant.

    Contributions run from the month the commitment starts to the month employment ends (or to
    retirement); afterwards the paid-up capital keeps earning the assumed return. Employer-funded
    capital that is not vested when employment ends is forfeited and shown separately.
    """
    plan = case.plan
    start = first_of_month(plan.commitment_start)
    retirement = retirement_date(case.person.birth_date, plan.retirement_age)
    horizon = max(0, months_between(start, retirement))
    payments = horizon
    leaving_month: int | None = None
    if case.leaving is not None:
        leaving_month = months_between(start, case.leaving.date) + 1
        payments = max(0, min(horizon, leaving_month))
    monthly_rate = plan.assumed_annual_return / TWELVE
    deferred_m = plan.deferred_compensation_monthly_eur + subsidy.monthly_eur
    employer_m = plan.employer_contribution_monthly_eur

    from_deferred = future_value(deferred_m, payments, horizon, monthly_rate)
    from_employer = future_value(employer_m, payments, horizon, monthly_rate)
    forfeited = ZERO
    employer_kept = case.leaving is None or vesting.employer_funded.vested
    if not employer_kept:
        forfeited, from_employer = from_employer, ZERO

    capital_at_leaving: Decimal | None = None
    if leaving_month is not None:
        at = min(leaving_month, horizon)
        capital_at_leaving = money(
            future_value(deferred_m, payments, at, monthly_rate)
            + (future_value(employer_m, payments, at, monthly_rate) if employer_kept else ZERO)
        )

    last_month = add_months(start, payments - 1) if payments > 0 else None
    assumptions: tuple[tuple[str, str], ...] = (
        ("annual_return", str(plan.assumed_annual_return)),
        ("compounding", "monthly, at annual_return / 12"),
        ("monthly_rate", str(monthly_rate.quantize(Decimal("1E-10")).normalize())),
        ("contribution_timing", "start of each month"),
        ("monthly_contribution_eur", fmt(deferred_m + employer_m)),
        ("amounts", "today's monthly amounts held constant; no salary growth, costs or taxes"),
        ("first_contribution_month", start.isoformat()[:7] if payments > 0 else ""),
        ("last_contribution_month", last_month.isoformat()[:7] if last_month else ""),
        ("months_of_contributions", str(payments)),
        ("retirement_age", str(plan.retirement_age)),
        ("retirement_date", retirement.isoformat()),
        ("months_to_retirement", str(horizon)),
        (
            "after_leaving",
            "paid-up capital stays invested at the same return until retirement",
        ),
    )
    return Projection(
        capital_at_retirement_eur=money(from_deferred + from_employer),
        from_deferred_compensation_eur=money(from_deferred),
        from_employer_contributions_eur=money(from_employer),
        forfeited_employer_funded_eur=money(forfeited),
        capital_at_leaving_eur=capital_at_leaving,
        contributions_paid_eur=money((deferred_m + employer_m) * payments),
        assumptions=assumptions,
    )
