"""DE_RECOGNITION_PARTNERSHIP (§ 16d Abs. 3 AufenthG) and DE_RECOGNITION_MEASURES (§ 16d Abs. 1)."""

from __future__ import annotations

from expatcare.rules.citations import cite
from expatcare.rules.context import Context
from expatcare.rules.messages import text
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.procedural import (
    R_16D1_MEASURE,
    R_16D3_AGREEMENT,
    R_BA_16D3,
    R_ZAB_16D3,
)
from expatcare.rules.residence.requirements import (
    Reqs,
    common,
    german_level_requirement,
    in_force,
    req,
    result,
    state_recognised_qualification,
)


def recognition_partnership(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    if not in_force(
        ctx, reqs, "de.residence.recognition_partnership_in_force", cite("aufenthg_16d_3")
    ):
        return result("DE_RECOGNITION_PARTNERSHIP", reqs)
    qualified = state_recognised_qualification(ctx)
    reqs.add(
        req(
            "state_recognised_qualification",
            qualified,
            text(
                "residence.state_recognised_qualification.partnership."
                + ("met" if qualified else "not_met")
            ),
            cite("aufenthg_16d_3_s_1_n_1"),
        ),
        hard=True,
    )
    recognition = ctx.person.qualification.recognition
    still_needed = recognition != "full" and not (
        recognition == "comparable" and not ctx.job.regulated_profession
    )
    reqs.add(
        req(
            "recognition_still_needed",
            still_needed,
            text("residence.recognition_still_needed." + ("met" if still_needed else "not_met")),
            cite("aufenthg_16d_3"),
        ),
        hard=True,
    )
    german_level_requirement(
        ctx,
        reqs,
        ctx.p("de.residence.recognition_partnership_min_german"),
        cite("aufenthg_16d_3_s_1_n_4"),
    )
    reqs.add(R_16D3_AGREEMENT)
    if qualified:
        reqs.add(R_ZAB_16D3)
    reqs.add(R_BA_16D3)
    return result("DE_RECOGNITION_PARTNERSHIP", reqs)


def recognition_measures(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    q = ctx.person.qualification
    if q.kind == "none":
        reqs.add(
            req(
                "foreign_qualification",
                False,
                text("residence.foreign_qualification.not_met"),
                cite("aufenthg_16d_1"),
            ),
            hard=True,
        )
        return result("DE_RECOGNITION_MEASURES", reqs)
    if q.recognition == "partial":
        reqs.add(
            req(
                "deficits_found", True, text("residence.deficits_found.met"), cite("aufenthg_16d_1")
            ),
            hard=True,
        )
    elif q.recognition == "not_assessed":
        reqs.add(
            req(
                "deficits_found",
                False,
                text("residence.deficits_found.not_met"),
                cite("aufenthg_16d_1"),
            )
        )
    else:
        reqs.add(
            req(
                "deficits_found",
                False,
                text("residence.deficits_found.no_measure", recognition=q.recognition),
                cite("aufenthg_16d_1"),
            ),
            hard=True,
        )
    german_level_requirement(
        ctx, reqs, ctx.p("de.residence.recognition_measures_min_german"), cite("aufenthg_16d_1")
    )
    reqs.add(R_16D1_MEASURE)
    return result("DE_RECOGNITION_MEASURES", reqs)
