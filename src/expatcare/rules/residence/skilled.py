"""DE_SKILLED_ACADEMIC (§ 18b AufenthG) and DE_SKILLED_VOCATIONAL (§ 18a AufenthG)."""

from __future__ import annotations

from expatcare.rules.citations import cite
from expatcare.rules.context import Context
from expatcare.rules.messages import text
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.procedural import R_BA_39
from expatcare.rules.residence.requirements import (
    Reqs,
    age_45,
    common,
    licence,
    recognised_degree,
    req,
    result,
)


def skilled_academic(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    recognised_degree(ctx, reqs)
    licence(ctx, reqs)
    age_45(ctx, reqs, cite("aufenthg_18_2_n_5"))
    reqs.add(R_BA_39)
    return result("DE_SKILLED_ACADEMIC", reqs)


def skilled_vocational(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    q = ctx.person.qualification
    if q.kind != "vocational":
        reqs.add(
            req(
                "vocational_qualification",
                False,
                text("residence.vocational_qualification.not_met"),
                cite("aufenthg_18_2_n_4_3_n_1"),
            ),
            hard=True,
        )
    else:
        reqs.add(
            req(
                "vocational_qualification",
                True,
                text("residence.vocational_qualification.met"),
                cite("aufenthg_18_2_n_4_3_n_1"),
            ),
            hard=True,
        )
        if q.recognition == "full":
            reqs.add(
                req(
                    "equivalence_established",
                    True,
                    text("residence.equivalence_established.met"),
                    cite("aufenthg_18_2_n_4_3_n_1"),
                )
            )
        elif q.recognition == "none":
            reqs.add(
                req(
                    "equivalence_established",
                    False,
                    text("residence.equivalence_established.not_met"),
                    cite("aufenthg_18_2_n_4_3_n_1"),
                ),
                hard=True,
            )
        else:
            reqs.add(
                req(
                    "equivalence_established",
                    False,
                    text("residence.equivalence_established.open", recognition=q.recognition),
                    cite("aufenthg_18_2_n_4_3_n_1"),
                )
            )
    licence(ctx, reqs)
    age_45(ctx, reqs, cite("aufenthg_18_2_n_5"))
    reqs.add(R_BA_39)
    return result("DE_SKILLED_VOCATIONAL", reqs)
