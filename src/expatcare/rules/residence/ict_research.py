"""DE_ICT_CARD (§ 19 AufenthG; § 10a BeschV) and DE_RESEARCHER (§ 18d AufenthG): titles tied to
a transfer within a group or a hosting agreement.
"""

from __future__ import annotations

from expatcare.rules.context import Context
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.catalogue import (
    SRC_18D,
    SRC_19,
)
from expatcare.rules.residence.procedural import (
    R_BA_ICT,
    R_ICT_QUALIFICATION,
    R_ICT_VISA,
    R_RESEARCH_COSTS,
)
from expatcare.rules.residence.requirements import (
    Reqs,
    common,
    licence,
    req,
    result,
)


def ict_card(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    ict = ctx.job.intra_corporate_transfer
    basis = "§ 19 Abs. 2 AufenthG"
    if ict is None:
        reqs.add(
            req(
                "intra_corporate_transfer",
                False,
                "No transfer within a company group.",
                "Keine unternehmensinterne Versetzung.",
                "§ 19 Abs. 1 AufenthG",
                SRC_19,
            ),
            hard=True,
        )
        return result("DE_ICT_CARD", reqs)
    reqs.add(
        req(
            "intra_corporate_transfer",
            True,
            f"Transfer within the group as {ict.role} for {ict.planned_months} months.",
            f"Unternehmensinterne Versetzung als {ict.role} für {ict.planned_months} Monate.",
            "§ 19 Abs. 1 AufenthG",
            SRC_19,
        ),
        hard=True,
    )
    outside_eu = ctx.person.residence_country not in ctx.coordination_states()
    reqs.add(
        req(
            "residence_outside_eu",
            outside_eu,
            "The person lives outside the EU when applying."
            if outside_eu
            else "The person lives in an EU state; the ICT card is for transfers from third "
            "countries (mobility from another EU state: § 19a AufenthG).",
            "Die Person lebt bei Antragstellung außerhalb der EU."
            if outside_eu
            else "Die Person lebt in einem EU-Staat; die ICT-Karte gilt für Versetzungen aus "
            "Drittstaaten (Mobilität aus einem anderen EU-Staat: § 19a AufenthG).",
            "§ 19 Abs. 1 AufenthG",
            SRC_19,
        ),
        hard=True,
    )
    min_months: int = ctx.p("de.residence.ict_min_group_months")
    met = ict.months_with_group >= min_months
    reqs.add(
        req(
            "group_membership",
            met,
            f"{ict.months_with_group} months with the group before the transfer "
            f"({'>=' if met else '<'} {min_months}).",
            f"{ict.months_with_group} Monate Konzernzugehörigkeit vor der Versetzung "
            f"({'>=' if met else '<'} {min_months}).",
            basis,
            SRC_19,
        )
    )
    min_days: int = ctx.p("de.residence.ict_min_transfer_days")
    long_enough = ict.planned_months * 30 > min_days
    reqs.add(
        req(
            "transfer_duration",
            long_enough,
            f"The transfer lasts {ict.planned_months} months "
            + ("(more than " if long_enough else "(not more than ")
            + f"{min_days} days).",
            f"Die Versetzung dauert {ict.planned_months} Monate "
            + ("(mehr als " if long_enough else "(nicht mehr als ")
            + f"{min_days} Tage).",
            basis,
            SRC_19,
        ),
        hard=True,
    )
    max_months: dict[str, int] = ctx.p("de.residence.ict_max_months")
    limit = max_months[ict.role]
    within = ict.planned_months <= limit
    reqs.add(
        req(
            "maximum_duration",
            within,
            f"{ict.planned_months} months planned ({'<=' if within else '>'} {limit} months "
            f"for a {ict.role}).",
            f"{ict.planned_months} Monate geplant ({'<=' if within else '>'} {limit} Monate).",
            "§ 19 Abs. 4 AufenthG",
            SRC_19,
        )
    )
    if ict.role == "trainee":
        has_degree = ctx.person.qualification.kind == "academic"
        reqs.add(
            req(
                "trainee_degree",
                has_degree,
                "Trainees need a university degree." + ("" if has_degree else " None is stated."),
                "Trainees benötigen einen Hochschulabschluss."
                + ("" if has_degree else " Keiner angegeben."),
                "§ 19 Abs. 3 AufenthG",
                SRC_19,
            ),
            hard=True,
        )
    reqs.add(R_ICT_QUALIFICATION)
    reqs.add(R_ICT_VISA)
    reqs.add(R_BA_ICT)
    licence(ctx, reqs)
    return result("DE_ICT_CARD", reqs, ict.role)


def researcher(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    has = ctx.job.research_hosting_agreement
    reqs.add(
        req(
            "hosting_agreement",
            has,
            "Hosting agreement with a research institution."
            if has
            else "No hosting agreement with a research institution (not a research position).",
            "Aufnahmevereinbarung mit einer Forschungseinrichtung."
            if has
            else "Keine Aufnahmevereinbarung mit einer Forschungseinrichtung.",
            "§ 18d Abs. 1 AufenthG",
            SRC_18D,
        ),
        hard=True,
    )
    if has:
        reqs.add(R_RESEARCH_COSTS)
        days = ctx.p("de.residence.researcher_decision_days")
        reqs.add(
            req(
                "no_ba_approval",
                True,
                f"No BA approval needed; decision within {days} days for recognised institutions.",
                f"Keine Zustimmung der BA nötig; Entscheidung binnen {days} Tagen bei "
                "anerkannten Einrichtungen.",
                "§ 18d Abs. 1 AufenthG",
                SRC_18D,
            )
        )
    return result("DE_RESEARCHER", reqs)
