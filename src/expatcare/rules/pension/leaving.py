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
    de_amount,
    de_date,
    en_amount,
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
        kept_en: list[str] = []
        kept_de: list[str] = []
        if has_deferral:
            kept_en.append("deferred compensation (with the subsidy)")
            kept_de.append("Entgeltumwandlung (mit Zuschuss)")
        if employer_vested:
            kept_en.append("employer-funded contributions")
            kept_de.append("arbeitgeberfinanzierte Beiträge")
        eu_en = (
            " Moving to another EU member state protects the right to the same extent as staying "
            "in Germany (§ 1b Abs. 1 Satz 6 BetrAVG)."
            if in_eu
            else ""
        )
        eu_de = (
            " Der Umzug in einen anderen EU-Mitgliedstaat erhält die Anwartschaft im gleichen "
            "Umfang wie ein Verbleib in Deutschland (§ 1b Abs. 1 Satz 6 BetrAVG)."
            if in_eu
            else ""
        )
        items.append(
            LeavingItem(
                code="VESTED_RIGHTS_KEPT",
                legal_basis="§ 1b Abs. 1, 5 BetrAVG; § 2 BetrAVG"
                + ("; § 1b Abs. 1 Satz 6 BetrAVG" if in_eu else ""),
                source=vesting_source,
                explanation=(
                    "The vested entitlement from "
                    + " and ".join(kept_en)
                    + " stays with the person after leaving and is paid from retirement age, "
                    "also abroad; the plan, not the employee's residence, decides how it is "
                    f"paid. Projected capital: {en_amount(vested_capital)} EUR." + eu_en
                ),
                explanation_de=(
                    "Die unverfallbare Anwartschaft aus "
                    + " und ".join(kept_de)
                    + " bleibt nach dem Ausscheiden erhalten und wird ab der Altersgrenze gezahlt, "
                    "auch ins Ausland. Voraussichtliches Kapital: "
                    f"{de_amount(vested_capital)} EUR." + eu_de
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
                explanation=(
                    "The employer-funded part lapses: employment ends on "
                    f"{leaving.date.isoformat()}, before the statutory vesting conditions are met "
                    f"(employment would have to end on {(vested_on - ONE_DAY).isoformat()} or "
                    "later). Projected capital forfeited: "
                    f"{en_amount(projection.forfeited_employer_funded_eur)} EUR. A plan may "
                    "grant more generous vesting; check its rules."
                ),
                explanation_de=(
                    "Der arbeitgeberfinanzierte Teil verfällt: das Arbeitsverhältnis endet am "
                    f"{de_date(leaving.date)}, bevor die gesetzliche Unverfallbarkeit "
                    "erreicht ist "
                    f"(Ende frühestens am {de_date(vested_on - ONE_DAY)} nötig). Voraussichtlich "
                    f"verfallendes Kapital: {de_amount(projection.forfeited_employer_funded_eur)} "
                    "EUR. Die Versorgungsordnung kann günstigere Regeln vorsehen."
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
                explanation=(
                    "For deferred compensation in a Direktversicherung, Pensionskasse or "
                    "Pensionsfonds the person must be allowed to continue the contract with own "
                    "contributions after leaving (without the tax and contribution exemptions)."
                ),
                explanation_de=(
                    "Bei Entgeltumwandlung über Direktversicherung, Pensionskasse oder "
                    "Pensionsfonds muss die Fortsetzung mit eigenen Beiträgen nach dem "
                    "Ausscheiden möglich sein (ohne Steuer- und Beitragsfreiheit)."
                ),
            )
        )

    # -- transfer (§ 4) ----------------------------------------------------------------------
    period = reader.integer(snap, P_TRANSFER_PERIOD)
    request_by = add_months(leaving.date, period)
    transfer_value = projection.capital_at_leaving_eur or ZERO
    bbg = reader.decimal(snap, P_BBG_PENSION)
    statutory = external and transfer_value <= bbg
    if statutory:
        right_en = (
            f"Within {period} months (by {request_by.isoformat()}) the person may demand that "
            f"the transfer value (estimated {en_amount(transfer_value)} EUR, at most the pension "
            f"ceiling of {en_amount(bbg)} EUR) be moved to a new employer in Germany, which must "
            "grant an equivalent commitment (§ 4 Abs. 3 BetrAVG)."
        )
        right_de = (
            f"Innerhalb von {period} Monaten (bis {de_date(request_by)}) kann die Übertragung des "
            f"Übertragungswerts (geschätzt {de_amount(transfer_value)} EUR, höchstens die "
            f"Beitragsbemessungsgrenze von {de_amount(bbg)} EUR) auf einen neuen Arbeitgeber in "
            "Deutschland verlangt werden, der eine wertgleiche Zusage erteilen muss (§ 4 Abs. 3 "
            "BetrAVG)."
        )
    else:
        why_en = (
            "the transfer value exceeds the pension ceiling"
            if external
            else f"a {plan.vehicle.value} is not covered by the statutory right"
        )
        why_de = (
            "der Übertragungswert die Beitragsbemessungsgrenze übersteigt"
            if external
            else f"eine {plan.vehicle.value} nicht unter das gesetzliche Recht fällt"
        )
        right_en = (
            f"There is no statutory right to a transfer because {why_en}; a new employer may "
            "take over the commitment or its value by agreement of all three (§ 4 Abs. 2 BetrAVG)."
        )
        right_de = (
            f"Ein gesetzlicher Übertragungsanspruch besteht nicht, weil {why_de}; eine Übernahme "
            "ist im Einvernehmen aller drei Beteiligten möglich (§ 4 Abs. 2 BetrAVG)."
        )
    items.append(
        LeavingItem(
            code="TRANSFER_POSSIBLE",
            legal_basis="§ 4 Abs. 2, 3 BetrAVG",
            source=reader.source(snap, P_TRANSFER_PERIOD),
            explanation=right_en
            + " There is no statutory right to transfer a German company pension to a foreign "
            "employer's or a foreign pension scheme.",
            explanation_de=right_de
            + " Ein gesetzliches Recht auf Übertragung zu einem ausländischen Arbeitgeber oder "
            "Versorgungssystem gibt es nicht.",
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
