"""Statutory vesting of employer-funded and deferred-compensation rights (§ 1b BetrAVG)."""

from __future__ import annotations

from expatcare.rules.context import ParameterReader
from expatcare.rules.engine import (
    ParameterSnapshot,
)
from expatcare.rules.pension.common import (
    ONE_DAY,
    P_VESTING_AGE,
    P_VESTING_YEARS,
    SRC_1B,
    anniversary,
)
from expatcare.rules.pension.model import (
    PensionCase,
    Vesting,
    VestingStatus,
)
from expatcare.rules.pension.texts import pension_text


def vesting_for(case: PensionCase, snap: ParameterSnapshot, reader: ParameterReader) -> Vesting:
    """Statutory vesting, checked at the end of employment (or on ``as_of`` if none is planned).

    Employer-funded rights are kept if the employment ends after the 21st year of life is
    completed and the commitment has existed for three years (§ 1b Abs. 1 BetrAVG). Both periods
    end with the day before the anniversary (§ 188 Abs. 2 BGB), so an employment that ends on
    the day before ``vested_on`` already keeps the right: ``vested_on`` is the first day on
    which both periods are complete.
    """
    min_age = reader.integer(snap, P_VESTING_AGE)
    min_years = reader.integer(snap, P_VESTING_YEARS)
    plan = case.plan
    evaluated_on = case.leaving.date if case.leaving is not None else case.as_of
    age_date = anniversary(case.person.birth_date, min_age)
    years_date = anniversary(plan.commitment_start, min_years)
    vested_on = max(age_date, years_date)
    vested = evaluated_on + ONE_DAY >= vested_on
    last_day = vested_on - ONE_DAY
    if vested:
        text = pension_text(
            "pension.vesting.vested", evaluated_on=evaluated_on, age=min_age, years=min_years
        )
    else:
        years_missing = evaluated_on + ONE_DAY < years_date
        age_missing = evaluated_on + ONE_DAY < age_date
        if years_missing and age_missing:
            missing = pension_text(
                "pension.vesting.missing.years_and_age",
                years=min_years,
                years_on=years_date,
                age=min_age,
                age_on=age_date,
            )
        elif years_missing:
            missing = pension_text(
                "pension.vesting.missing.years", years=min_years, years_on=years_date
            )
        else:
            missing = pension_text("pension.vesting.missing.age", age=min_age, age_on=age_date)
        text = pension_text(
            "pension.vesting.not_vested.leaving"
            if case.leaving is not None
            else "pension.vesting.not_vested.as_of",
            evaluated_on=evaluated_on,
            missing=missing,
            last_day=last_day,
        )
    employer_funded = VestingStatus(
        vested=vested,
        vested_on=vested_on,
        evaluated_on=evaluated_on,
        legal_basis="§ 1b Abs. 1 BetrAVG",
        source=reader.source(snap, P_VESTING_YEARS),
        text=text,
    )
    started = evaluated_on >= plan.commitment_start
    deferred = VestingStatus(
        vested=started,
        vested_on=plan.commitment_start,
        evaluated_on=evaluated_on,
        legal_basis="§ 1b Abs. 5 BetrAVG",
        source=SRC_1B,
        text=(
            pension_text("pension.vesting.deferred.vested")
            if started
            else pension_text(
                "pension.vesting.deferred.not_started", commitment_start=plan.commitment_start
            )
        ),
    )
    return Vesting(employer_funded=employer_funded, deferred_compensation=deferred)
