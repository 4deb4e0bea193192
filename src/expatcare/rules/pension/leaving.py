"""What leaving the employer means for the company pension: kept, forfeited, transfer, settling."""

from __future__ import annotations

from expatcare.rules.context import ParameterReader
from expatcare.rules.engine import (
    ParameterSet,
    ParameterSnapshot,
)
from expatcare.rules.pension.common import (
    ONE_DAY,
    P_BBG_PENSION,
    P_TRANSFER_PERIOD,
    P_VESTING_YEARS,
    SRC_1B,
    ZERO,
    add_months,
    fmt,
)
from expatcare.rules.pension.model import (
    EXTERNAL_VEHICLES,
    LeavingItem,
    PensionCase,
    Projection,
    Vesting,
)
from expatcare.rules.pension.settlement import settlement_item
from expatcare.rules.pension.statutory import (
    Destination,
    statutory_items,
)
from expatcare.rules.pension.texts import amount, pension_text


def leaving_items(
    case: PensionCase,
    params: ParameterSet,
    snap: ParameterSnapshot,
    reader: ParameterReader,
    vesting: Vesting,
    projection: Projection,
    destination: Destination | None,
) -> tuple[LeavingItem, ...]:
    """What leaving the employer (and Germany) means for the company and statutory pension.

    Without a planned leaving there is nothing to evaluate, so the list is empty.
    """
    leaving = case.leaving
    if leaving is None or destination is None:
        return ()
    plan = case.plan
    items: list[LeavingItem] = []
    in_eu = destination.in_eu
    has_deferral = (
        plan.deferred_compensation_monthly_eur > ZERO and vesting.deferred_compensation.vested
    )
    has_employer = plan.employer_contribution_monthly_eur > ZERO
    employer_vested = has_employer and vesting.employer_funded.vested
    vested_capital = projection.capital_at_retirement_eur
    anything_vested = has_deferral or employer_vested
    vesting_source = reader.source(snap, P_VESTING_YEARS)

    # -- kept / forfeited ------------------------------------------------------------------
    if anything_vested:
        kept = pension_text(
            "pension.leaving.kept_from.both"
            if has_deferral and employer_vested
            else "pension.leaving.kept_from.deferral"
            if has_deferral
            else "pension.leaving.kept_from.employer"
        )
        items.append(
            LeavingItem(
                code="VESTED_RIGHTS_KEPT",
                legal_basis="§ 1b Abs. 1, 5 BetrAVG; § 2 BetrAVG"
                + ("; § 1b Abs. 1 Satz 6 BetrAVG" if in_eu else ""),
                source=vesting_source,
                text=pension_text(
                    "pension.leaving.kept.eu" if in_eu else "pension.leaving.kept",
                    kept=kept,
                    capital_eur=amount(vested_capital),
                ),
                details=(
                    ("deferred_compensation", has_deferral),
                    ("employer_funded", employer_vested),
                    ("vested_capital_at_retirement_eur", fmt(vested_capital)),
                    ("eu_protection", in_eu),
                ),
            )
        )
    if has_employer and not vesting.employer_funded.vested:
        vested_on = vesting.employer_funded.vested_on
        assert vested_on is not None
        items.append(
            LeavingItem(
                code="RIGHTS_FORFEITED",
                legal_basis="§ 1b Abs. 1 BetrAVG",
                source=vesting_source,
                text=pension_text(
                    "pension.leaving.forfeited",
                    leaving_on=leaving.date,
                    last_day=vested_on - ONE_DAY,
                    forfeited_eur=amount(projection.forfeited_employer_funded_eur),
                ),
                details=(
                    ("vested_on", vested_on.isoformat()),
                    (
                        "forfeited_capital_at_retirement_eur",
                        fmt(projection.forfeited_employer_funded_eur),
                    ),
                ),
            )
        )
    if not anything_vested:
        items.extend(statutory_items(case, snap, reader, destination))
        return tuple(items)

    external = plan.vehicle in EXTERNAL_VEHICLES
    # -- continuation with own contributions (§ 1b Abs. 5 Nr. 2) -----------------------------
    if has_deferral and external:
        items.append(
            LeavingItem(
                code="CONTINUATION_WITH_OWN_CONTRIBUTIONS",
                legal_basis="§ 1b Abs. 5 Satz 1 Nr. 2 BetrAVG",
                source=SRC_1B,
                text=pension_text("pension.leaving.continuation"),
            )
        )

    # -- transfer (§ 4) ----------------------------------------------------------------------
    period = reader.integer(snap, P_TRANSFER_PERIOD)
    request_by = add_months(leaving.date, period)
    transfer_value = projection.capital_at_leaving_eur or ZERO
    bbg = reader.decimal(snap, P_BBG_PENSION)
    statutory = external and transfer_value <= bbg
    if statutory:
        right = pension_text(
            "pension.leaving.transfer.right",
            months=period,
            request_by=request_by,
            value_eur=amount(transfer_value),
            ceiling_eur=amount(bbg),
        )
    elif external:
        right = pension_text("pension.leaving.transfer.no_right.ceiling")
    else:
        right = pension_text(
            "pension.leaving.transfer.no_right.vehicle", vehicle=plan.vehicle.value
        )
    items.append(
        LeavingItem(
            code="TRANSFER_POSSIBLE",
            legal_basis="§ 4 Abs. 2, 3 BetrAVG",
            source=reader.source(snap, P_TRANSFER_PERIOD),
            text=right,
            details=(
                ("statutory_right", statutory),
                ("request_by", request_by.isoformat() if statutory else None),
                ("transfer_value_estimate_eur", fmt(transfer_value)),
                ("to_foreign_scheme", False),
            ),
        )
    )

    # -- statutory pension items (decide the § 3 Abs. 3 route) -------------------------------
    statutory_pension = statutory_items(case, snap, reader, destination)
    refund_possible = any(i.code == "STATUTORY_REFUND_POSSIBLE" for i in statutory_pension)

    # -- small-amount settlement (§ 3) ------------------------------------------------------
    settlement = settlement_item(
        params=params,
        snap=snap,
        reader=reader,
        leaving_date=leaving.date,
        as_of=case.as_of,
        vested_capital=vested_capital,
        in_eu=in_eu,
        refund_possible=refund_possible,
    )
    if settlement is not None:
        items.append(settlement)
    items.extend(statutory_pension)
    return tuple(items)
