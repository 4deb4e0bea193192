"""DE_ICT_CARD (§ 19 AufenthG; § 10a BeschV) and DE_RESEARCHER (§ 18d AufenthG): titles tied to
a transfer within a group or a hosting agreement.
"""

from __future__ import annotations

from expatcare.rules.citations import cite
from expatcare.rules.context import Context
from expatcare.rules.messages import text
from expatcare.rules.model import PathwayResult
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
    if ict is None:
        reqs.add(
            req(
                "intra_corporate_transfer",
                False,
                text("residence.intra_corporate_transfer.not_met"),
                cite("aufenthg_19_1"),
            ),
            hard=True,
        )
        return result("DE_ICT_CARD", reqs)
    reqs.add(
        req(
            "intra_corporate_transfer",
            True,
            text(
                "residence.intra_corporate_transfer.met",
                role=ict.role,
                months=ict.planned_months,
            ),
            cite("aufenthg_19_1"),
        ),
        hard=True,
    )
    outside_eu = ctx.person.residence_country not in ctx.coordination_states()
    reqs.add(
        req(
            "residence_outside_eu",
            outside_eu,
            text("residence.residence_outside_eu." + ("met" if outside_eu else "not_met")),
            cite("aufenthg_19_1"),
        ),
        hard=True,
    )
    min_months: int = ctx.p("de.residence.ict_min_group_months")
    met = ict.months_with_group >= min_months
    reqs.add(
        req(
            "group_membership",
            met,
            text(
                "residence.group_membership." + ("met" if met else "not_met"),
                months=ict.months_with_group,
                minimum=min_months,
            ),
            cite("aufenthg_19_2"),
        )
    )
    min_days: int = ctx.p("de.residence.ict_min_transfer_days")
    long_enough = ict.planned_months * 30 > min_days
    reqs.add(
        req(
            "transfer_duration",
            long_enough,
            text(
                "residence.transfer_duration." + ("met" if long_enough else "not_met"),
                months=ict.planned_months,
                days=min_days,
            ),
            cite("aufenthg_19_2"),
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
            text(
                "residence.maximum_duration." + ("met" if within else "not_met"),
                months=ict.planned_months,
                limit=limit,
                role=ict.role,
            ),
            cite("aufenthg_19_4"),
        )
    )
    if ict.role == "trainee":
        has_degree = ctx.person.qualification.kind == "academic"
        reqs.add(
            req(
                "trainee_degree",
                has_degree,
                text("residence.trainee_degree." + ("met" if has_degree else "not_met")),
                cite("aufenthg_19_3"),
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
            text("residence.hosting_agreement." + ("met" if has else "not_met")),
            cite("aufenthg_18d_1"),
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
                text("residence.no_ba_approval.met", days=days),
                cite("aufenthg_18d_1"),
            )
        )
    return result("DE_RESEARCHER", reqs)
