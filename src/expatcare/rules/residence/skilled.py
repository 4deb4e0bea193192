"""DE_SKILLED_ACADEMIC (§ 18b AufenthG) and DE_SKILLED_VOCATIONAL (§ 18a AufenthG)."""

from __future__ import annotations

from expatcare.rules.context import Context
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.catalogue import SRC_18
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
    age_45(ctx, reqs, "§ 18 Abs. 2 Nr. 5 AufenthG")
    reqs.add(R_BA_39)
    return result("DE_SKILLED_ACADEMIC", reqs)


def skilled_vocational(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    q = ctx.person.qualification
    basis = "§ 18 Abs. 2 Nr. 4, Abs. 3 Nr. 1 AufenthG"
    if q.kind != "vocational":
        reqs.add(
            req(
                "vocational_qualification",
                False,
                "No vocational qualification.",
                "Keine Berufsausbildung.",
                basis,
                SRC_18,
            ),
            hard=True,
        )
    else:
        reqs.add(
            req(
                "vocational_qualification",
                True,
                "Vocational qualification.",
                "Berufsausbildung vorhanden.",
                basis,
                SRC_18,
            ),
            hard=True,
        )
        if q.recognition == "full":
            reqs.add(
                req(
                    "equivalence_established",
                    True,
                    "Equivalence with a German qualification has been established.",
                    "Die Gleichwertigkeit mit einer deutschen Ausbildung ist festgestellt.",
                    basis,
                    SRC_18,
                )
            )
        elif q.recognition == "none":
            reqs.add(
                req(
                    "equivalence_established",
                    False,
                    "The competent body found no equivalence.",
                    "Die zuständige Stelle hat keine Gleichwertigkeit festgestellt.",
                    basis,
                    SRC_18,
                ),
                hard=True,
            )
        else:
            reqs.add(
                req(
                    "equivalence_established",
                    False,
                    f"Equivalence not (yet) established ({q.recognition}): apply to the "
                    "competent body (e.g. IHK FOSA, Handwerkskammer) or close the deficits.",
                    "Gleichwertigkeit (noch) nicht festgestellt: Antrag bei der zuständigen "
                    "Stelle (z. B. IHK FOSA, Handwerkskammer) oder Defizite ausgleichen.",
                    basis,
                    SRC_18,
                )
            )
    licence(ctx, reqs)
    age_45(ctx, reqs, "§ 18 Abs. 2 Nr. 5 AufenthG")
    reqs.add(R_BA_39)
    return result("DE_SKILLED_VOCATIONAL", reqs)
