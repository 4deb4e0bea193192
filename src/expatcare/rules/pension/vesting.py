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
    de_date,
)
from expatcare.rules.pension.model import (
    PensionCase,
    Vesting,
    VestingStatus,
)


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
    ends = "employment ending" if case.leaving is not None else "an employment ending"
    last_day = vested_on - ONE_DAY
    if vested:
        en = (
            f"Employer-funded rights are vested: by {evaluated_on.isoformat()} the person has "
            f"completed age {min_age} and the commitment has existed for {min_years} years."
        )
        de = (
            f"Arbeitgeberfinanzierte Anwartschaften sind unverfallbar: am {de_date(evaluated_on)} "
            f"ist das {min_age}. Lebensjahr vollendet und die Zusage besteht seit {min_years} "
            "Jahren."
        )
    else:
        missing = []
        missing_de = []
        if evaluated_on + ONE_DAY < years_date:
            missing.append(f"the commitment reaches {min_years} years on {years_date.isoformat()}")
            missing_de.append(f"die Zusage besteht erst am {de_date(years_date)} {min_years} Jahre")
        if evaluated_on + ONE_DAY < age_date:
            missing.append(f"age {min_age} is reached on {age_date.isoformat()}")
            missing_de.append(
                f"das {min_age}. Lebensjahr ist erst am {de_date(age_date)} vollendet"
            )
        en = (
            f"Employer-funded rights are not yet vested on {evaluated_on.isoformat()}: "
            + "; ".join(missing)
            + f". Only {ends} on {last_day.isoformat()} or later keeps them."
        )
        de = (
            f"Arbeitgeberfinanzierte Anwartschaften sind am {de_date(evaluated_on)} noch "
            "verfallbar: "
            + "; ".join(missing_de)
            + f". Erst ein Ende des Arbeitsverhältnisses am {de_date(last_day)} oder später "
            "erhält sie."
        )
    employer_funded = VestingStatus(
        vested=vested,
        vested_on=vested_on,
        evaluated_on=evaluated_on,
        legal_basis="§ 1b Abs. 1 BetrAVG",
        source=reader.source(snap, P_VESTING_YEARS),
        explanation=en,
        explanation_de=de,
    )
    started = evaluated_on >= plan.commitment_start
    deferred = VestingStatus(
        vested=started,
        vested_on=plan.commitment_start,
        evaluated_on=evaluated_on,
        legal_basis="§ 1b Abs. 5 BetrAVG",
        source=SRC_1B,
        explanation=(
            "Rights from deferred compensation, including the employer subsidy, vest immediately "
            "from the first conversion, whatever the age or length of service."
            if started
            else "Deferred compensation will vest immediately once the commitment starts on "
            f"{plan.commitment_start.isoformat()}."
        ),
        explanation_de=(
            "Anwartschaften aus Entgeltumwandlung einschließlich des Arbeitgeberzuschusses sind "
            "sofort unverfallbar, unabhängig von Alter und Dauer der Betriebszugehörigkeit."
            if started
            else "Die Entgeltumwandlung wird mit Beginn der Zusage am "
            f"{de_date(plan.commitment_start)} sofort unverfallbar."
        ),
    )
    return Vesting(employer_funded=employer_funded, deferred_compensation=deferred)
