"""The employer subsidy to deferred compensation (§ 1a Abs. 1a BetrAVG) and the contributions."""

from __future__ import annotations

from decimal import Decimal

from expatcare.rules.context import ParameterReader
from expatcare.rules.engine import (
    ParameterSnapshot,
    money,
)
from expatcare.rules.pension.common import (
    CENT,
    P_BBG_HEALTH,
    P_BBG_PENSION,
    P_SHARE_CARE,
    P_SHARE_HEALTH,
    P_SHARE_PENSION,
    P_SHARE_UNEMPLOYMENT,
    P_SUBSIDY_RATE,
    TWELVE,
    ZERO,
    pct,
)
from expatcare.rules.pension.model import (
    EXTERNAL_VEHICLES,
    Contributions,
    EmployerSubsidy,
    Limits,
    PensionCase,
)
from expatcare.rules.pension.texts import amount, pension_text


def employer_saving(
    *,
    salary: Decimal,
    employer: Decimal,
    deferral: Decimal,
    subsidy: Decimal,
    room: Decimal,
    branches: tuple[tuple[Decimal, Decimal], ...],
) -> Decimal:
    """Monthly employer contributions saved by the deferral (may be negative).

    Contributory pay without the deferral is the salary plus any employer contribution above
    the contribution-free room; with it, the salary less the deferral plus whatever part of
    employer contribution, deferral and subsidy together exceeds the room (the 4 % room of
    § 1 Abs. 1 Nr. 9 SvEV is shared by all three). Each branch only counts pay up to its
    ceiling, so pay above a ceiling saves nothing in that branch.
    """
    before = salary + max(ZERO, employer - room)
    after = salary - deferral + max(ZERO, employer + deferral + subsidy - room)
    return sum(
        (share * (min(before, ceiling) - min(after, ceiling)) for share, ceiling in branches),
        ZERO,
    )


def employer_subsidy_for(
    case: PensionCase, snap: ParameterSnapshot, reader: ParameterReader, limits: Limits
) -> EmployerSubsidy:
    """15 % of the deferral, but only as far as the employer actually saves contributions.

    § 1a Abs. 1a BetrAVG obliges the employer to pass on 15 % of the converted pay "soweit er
    durch die Entgeltumwandlung Sozialversicherungsbeiträge einspart". The saving is modelled
    per branch (pension and unemployment up to the pension ceiling, health and care up to the
    health ceiling) with the employer's halves of the contribution rates; the subsidy is the
    largest amount (in cents) that is both at most 15 % and at most the saving that remains
    once the subsidy itself has used up part of the contribution-free room.
    """
    plan = case.plan
    rate = reader.decimal(snap, P_SUBSIDY_RATE)
    source = reader.source(snap, P_SUBSIDY_RATE)
    legal_basis = "§ 1a Abs. 1a BetrAVG"
    deferral = plan.deferred_compensation_monthly_eur
    cap = money(deferral * rate)

    if plan.vehicle not in EXTERNAL_VEHICLES:
        return EmployerSubsidy(
            monthly_eur=ZERO,
            rate=rate,
            cap_monthly_eur=ZERO,
            employer_saving_monthly_eur=ZERO,
            status="VEHICLE_NOT_COVERED",
            text=pension_text("pension.subsidy.vehicle_not_covered", vehicle=plan.vehicle.value),
            legal_basis=legal_basis,
            source=source,
        )
    if deferral == ZERO:
        return EmployerSubsidy(
            monthly_eur=ZERO,
            rate=rate,
            cap_monthly_eur=ZERO,
            employer_saving_monthly_eur=ZERO,
            status="NO_DEFERRAL",
            text=pension_text("pension.subsidy.no_deferral"),
            legal_basis=legal_basis,
            source=source,
        )

    bbg_pension_m = reader.decimal(snap, P_BBG_PENSION) / TWELVE
    bbg_health_m = reader.decimal(snap, P_BBG_HEALTH) / TWELVE
    branches = (
        (reader.decimal(snap, P_SHARE_PENSION), bbg_pension_m),
        (reader.decimal(snap, P_SHARE_UNEMPLOYMENT), bbg_pension_m),
        (reader.decimal(snap, P_SHARE_HEALTH), bbg_health_m),
        (reader.decimal(snap, P_SHARE_CARE), bbg_health_m),
    )
    salary_m = case.person.annual_gross_salary_eur / TWELVE
    room_m = limits.social_security_free_annual_eur / TWELVE

    def saving(subsidy: Decimal) -> Decimal:
        return employer_saving(
            salary=salary_m,
            employer=plan.employer_contribution_monthly_eur,
            deferral=deferral,
            subsidy=subsidy,
            room=room_m,
            branches=branches,
        )

    # saving(z) - z falls strictly as z rises, so bisect on whole cents for the largest z
    # that the saving still covers; z = 0 always qualifies.
    if saving(cap) >= cap:
        subsidy = cap
    else:
        lo, hi = 0, int(cap / CENT)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if saving(mid * CENT) >= mid * CENT:
                lo = mid
            else:
                hi = mid
        subsidy = lo * CENT
    achieved = money(max(ZERO, saving(subsidy)))

    assumptions = pension_text("pension.subsidy.assumptions", room_eur=amount(room_m))
    if subsidy == cap:
        status = "FULL"
        text = pension_text(
            "pension.subsidy.full",
            subsidy_eur=amount(subsidy),
            rate_percent=pct(rate),
            deferral_eur=amount(deferral),
            saving_eur=amount(achieved),
            assumptions=assumptions,
        )
    elif subsidy > ZERO:
        status = "CAPPED_BY_SAVING"
        text = pension_text(
            "pension.subsidy.capped",
            subsidy_eur=amount(subsidy),
            rate_percent=pct(rate),
            cap_eur=amount(cap),
            assumptions=assumptions,
        )
    else:
        status = "NO_SAVING"
        text = pension_text("pension.subsidy.no_saving", assumptions=assumptions)
    return EmployerSubsidy(
        monthly_eur=money(subsidy),
        rate=rate,
        cap_monthly_eur=cap,
        employer_saving_monthly_eur=achieved,
        status=status,
        text=text,
        legal_basis=legal_basis,
        source=source,
    )


def contributions_for(case: PensionCase, subsidy: EmployerSubsidy, limits: Limits) -> Contributions:
    plan = case.plan
    total_m = (
        plan.employer_contribution_monthly_eur
        + plan.deferred_compensation_monthly_eur
        + subsidy.monthly_eur
    )
    total_a = money(total_m * TWELVE)
    external = plan.vehicle in EXTERNAL_VEHICLES
    return Contributions(
        employer_monthly_eur=money(plan.employer_contribution_monthly_eur),
        deferred_compensation_monthly_eur=money(plan.deferred_compensation_monthly_eur),
        employer_subsidy_monthly_eur=subsidy.monthly_eur,
        total_monthly_eur=money(total_m),
        total_annual_eur=total_a,
        tax_free_excess_annual_eur=(
            max(ZERO, total_a - limits.tax_free_annual_eur) if external else money(ZERO)
        ),
        social_security_free_excess_annual_eur=(
            max(ZERO, total_a - limits.social_security_free_annual_eur)
            if external
            else max(
                ZERO,
                money(plan.deferred_compensation_monthly_eur * TWELVE)
                - limits.social_security_free_annual_eur,
            )
        ),
    )
