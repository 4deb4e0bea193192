"""``calculate(case)``: the company-pension rules in order, on the parameters of ``case.as_of``."""

from __future__ import annotations

from expatcare.rules.context import ParameterReader
from expatcare.rules.engine import (
    ParameterSet,
    load_parameters,
)
from expatcare.rules.pension.leaving import (
    leaving_items,
)
from expatcare.rules.pension.limits import (
    limits_for,
    notes_for,
    unverified_note,
)
from expatcare.rules.pension.model import (
    PensionCase,
    PensionResult,
)
from expatcare.rules.pension.projection import (
    projection_for,
)
from expatcare.rules.pension.statutory import (
    Destination,
    destination_for,
)
from expatcare.rules.pension.subsidy import (
    contributions_for,
    employer_subsidy_for,
)
from expatcare.rules.pension.vesting import (
    vesting_for,
)


def calculate(case: PensionCase, parameters: ParameterSet | None = None) -> PensionResult:
    """Evaluate one case with the parameters in force on ``case.as_of``.

    Raises ``OutOfRange`` (field ``as_of``) when no parameters are known for that date: the
    calculator never guesses limits of a year it has not been given.
    """
    params = parameters if parameters is not None else load_parameters()
    snap = params.at(case.as_of)
    reader = ParameterReader()

    limits = limits_for(case, snap, reader)
    subsidy = employer_subsidy_for(case, snap, reader, limits)
    contributions = contributions_for(case, subsidy, limits)
    vesting = vesting_for(case, snap, reader)
    projection = projection_for(case, subsidy, vesting)
    destination: Destination | None = None
    if case.leaving is not None:
        destination = destination_for(snap, reader, case, case.leaving.to_country)
    on_leaving = leaving_items(case, params, snap, reader, vesting, projection, destination)
    notes = notes_for(case, snap, reader, limits, contributions)
    trace = reader.trace()
    unverified = [t for t in trace if not t.verified]
    if unverified:
        notes = (*notes, unverified_note(unverified))
    return PensionResult(
        as_of=case.as_of,
        ruleset_version=params.ruleset_version,
        limits=limits,
        employer_subsidy=subsidy,
        contributions=contributions,
        vesting=vesting,
        projection=projection,
        on_leaving=on_leaving,
        notes=notes,
        leaving=case.leaving,
        destination=destination.kind if destination is not None else None,
        trace=trace,
    )
