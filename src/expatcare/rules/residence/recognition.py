"""DE_RECOGNITION_PARTNERSHIP (§ 16d Abs. 3 AufenthG) and DE_RECOGNITION_MEASURES (§ 16d Abs. 1)."""

from __future__ import annotations

from expatcare.rules.context import Context
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.catalogue import SRC_16D
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
        ctx, reqs, "de.residence.recognition_partnership_in_force", "§ 16d Abs. 3 AufenthG", SRC_16D
    ):
        return result("DE_RECOGNITION_PARTNERSHIP", reqs)
    qualified = state_recognised_qualification(ctx)
    reqs.add(
        req(
            "state_recognised_qualification",
            qualified,
            "Qualification state-recognised abroad (degree or >= 2 years' training)."
            if qualified
            else "No qualification state-recognised abroad with >= 2 years' training.",
            "Im Ausland staatlich anerkannte Qualifikation (Abschluss oder mind. zweijährige "
            "Ausbildung)."
            if qualified
            else "Keine im Ausland staatlich anerkannte Qualifikation mit mind. zweijähriger "
            "Ausbildung.",
            "§ 16d Abs. 3 Satz 1 Nr. 1 AufenthG",
            SRC_16D,
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
            "Recognition in Germany is still to be obtained."
            if still_needed
            else "The qualification is already recognised or comparable; use §§ 18a/18b/18g.",
            "Die Anerkennung in Deutschland steht noch aus."
            if still_needed
            else "Die Qualifikation ist bereits anerkannt bzw. vergleichbar; §§ 18a/18b/18g.",
            "§ 16d Abs. 3 AufenthG",
            SRC_16D,
        ),
        hard=True,
    )
    german_level_requirement(
        ctx,
        reqs,
        ctx.p("de.residence.recognition_partnership_min_german"),
        "§ 16d Abs. 3 Satz 1 Nr. 4 AufenthG",
        SRC_16D,
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
    basis = "§ 16d Abs. 1 AufenthG"
    if q.kind == "none":
        reqs.add(
            req(
                "foreign_qualification",
                False,
                "No foreign qualification to be recognised.",
                "Keine anzuerkennende ausländische Qualifikation.",
                basis,
                SRC_16D,
            ),
            hard=True,
        )
        return result("DE_RECOGNITION_MEASURES", reqs)
    if q.recognition == "partial":
        reqs.add(
            req(
                "deficits_found",
                True,
                "The recognition body found deficits that a measure can close.",
                "Die Anerkennungsstelle hat ausgleichbare Defizite festgestellt.",
                basis,
                SRC_16D,
            ),
            hard=True,
        )
    elif q.recognition == "not_assessed":
        reqs.add(
            req(
                "deficits_found",
                False,
                "Recognition not yet assessed: the procedure must first find the deficits.",
                "Anerkennung noch nicht geprüft: Das Verfahren muss zunächst die Defizite "
                "feststellen.",
                basis,
                SRC_16D,
            )
        )
    else:
        reqs.add(
            req(
                "deficits_found",
                False,
                f"Recognition status '{q.recognition}': no measure to close deficits applies.",
                f"Anerkennungsstatus '{q.recognition}': Keine Ausgleichsmaßnahme einschlägig.",
                basis,
                SRC_16D,
            ),
            hard=True,
        )
    german_level_requirement(
        ctx, reqs, ctx.p("de.residence.recognition_measures_min_german"), basis, SRC_16D
    )
    reqs.add(R_16D1_MEASURE)
    return result("DE_RECOGNITION_MEASURES", reqs)
