"""Titles under the Employment Ordinance: DE_EXPERIENCE_BASED (§ 19c Abs. 2 AufenthG, § 6 BeschV)
and DE_WESTERN_BALKANS (§ 19c Abs. 1 AufenthG, § 26 Abs. 2 BeschV).
"""

from __future__ import annotations

from decimal import Decimal

from expatcare.rules.context import Context
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.catalogue import (
    SRC_B6,
    SRC_B26,
)
from expatcare.rules.residence.procedural import (
    R_BA_B6,
    R_BA_WB,
    R_WB_ASYLUM,
    R_WB_VISA,
    R_ZAB_B6,
)
from expatcare.rules.residence.requirements import (
    Reqs,
    age_45,
    common,
    eur,
    isco_in,
    licence,
    req,
    result,
    salary_requirement,
    state_recognised_qualification,
)


def experience_based(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    version: str = ctx.p("de.residence.experience_rule_version")
    q = ctx.person.qualification
    threshold: Decimal = ctx.p("de.residence.experience_salary_threshold")
    min_years: int = ctx.p("de.residence.experience_min_years")
    window: int = ctx.p("de.residence.experience_window_years")
    is_ict = isco_in(ctx.job.isco08, ctx.codes("de.residence.it_specialist_isco_groups"))
    if version == "it_specialists_2020":
        reqs.add(
            req(
                "it_occupation",
                is_ict,
                "IT occupation (ISCO 133/25)." if is_ict else "Not an IT occupation.",
                "IT-Beruf (ISCO 133/25)." if is_ict else "Kein IT-Beruf.",
                "§ 6 BeschV a. F.",
                SRC_B6,
            ),
            hard=True,
        )
        years = ctx.person.it_experience_years_last_7
    else:
        if state_recognised_qualification(ctx):
            reqs.add(
                req(
                    "state_recognised_qualification",
                    True,
                    "Qualification state-recognised abroad (degree or >= 2 years' training).",
                    "Im Ausland staatlich anerkannte Qualifikation (Abschluss oder mind. "
                    "zweijährige Ausbildung).",
                    "§ 6 Abs. 1 Satz 1 Nr. 3 BeschV",
                    SRC_B6,
                ),
                hard=True,
            )
            reqs.add(R_ZAB_B6)
        elif is_ict:
            reqs.add(
                req(
                    "state_recognised_qualification",
                    True,
                    "ICT occupation: no formal qualification is required.",
                    "IKT-Beruf: Eine formale Qualifikation ist nicht erforderlich.",
                    "§ 6 Abs. 1 Satz 3 BeschV",
                    SRC_B6,
                ),
                hard=True,
            )
        else:
            reqs.add(
                req(
                    "state_recognised_qualification",
                    False,
                    "No qualification state-recognised abroad (degree or >= 2 years' "
                    "vocational training) and not an ICT occupation.",
                    "Keine im Ausland staatlich anerkannte Qualifikation (Abschluss oder "
                    "mind. zweijährige Ausbildung) und kein IKT-Beruf.",
                    "§ 6 Abs. 1 Satz 1 Nr. 3 BeschV",
                    SRC_B6,
                ),
                hard=True,
            )
        years = q.experience_years_last_5 if window == 5 else q.experience_years_last_7
    met = years >= min_years
    reqs.add(
        req(
            "professional_experience",
            met,
            f"At least {min_years} years of relevant experience in the last {window} years: "
            + ("met." if met else "not met."),
            f"Mindestens {min_years} Jahre einschlägige Berufserfahrung in den letzten "
            f"{window} Jahren: " + ("erfüllt." if met else "nicht erfüllt."),
            "§ 6 Abs. 1 Satz 1 Nr. 1 BeschV",
            SRC_B6,
        ),
        hard=True,
    )
    if (
        ctx.salary < threshold
        and ctx.job.employer_bound_by_collective_agreement
        and (version != "it_specialists_2020")
    ):
        reqs.add(
            req(
                "salary_threshold",
                True,
                f"Threshold {eur(threshold)} does not apply: the employer is bound by a "
                "collective agreement and pays according to it.",
                f"Grenze {eur(threshold)} gilt nicht: Der Arbeitgeber ist tarifgebunden und "
                "zahlt nach Tarif.",
                "§ 6 Abs. 1 Satz 2 BeschV",
                SRC_B6,
            )
        )
    else:
        reqs.add(
            salary_requirement(
                ctx,
                "salary_threshold",
                threshold,
                "experience pillar threshold",
                "Grenze Erfahrungssäule",
                "§ 6 Abs. 1 Satz 1 Nr. 2 BeschV",
                SRC_B6,
            )
        )
    age_45(ctx, reqs, "§ 1 Abs. 2 BeschV")
    licence(ctx, reqs)
    reqs.add(R_BA_B6)
    return result("DE_EXPERIENCE_BASED", reqs, version)


def western_balkans(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    states = ctx.codes("de.residence.western_balkans_countries")
    national = not states.isdisjoint(ctx.person.nationalities)
    reqs.add(
        req(
            "western_balkans_nationality",
            national,
            "National of a Western Balkan state (AL, BA, XK, ME, MK, RS)."
            if national
            else "Not a national of AL, BA, XK, ME, MK or RS.",
            "Staatsangehörigkeit eines Westbalkanstaates (AL, BA, XK, ME, MK, RS)."
            if national
            else "Keine Staatsangehörigkeit von AL, BA, XK, ME, MK oder RS.",
            "§ 26 Abs. 2 Satz 1 BeschV",
            SRC_B26,
        ),
        hard=True,
    )
    if national:
        quota = ctx.p("de.residence.western_balkans_quota")
        reqs.add(
            req(
                "annual_quota",
                None,
                f"Procedural step: a place in the annual quota of {quota} first approvals "
                "(apply early in the year).",
                f"Verfahrensschritt: Platz im Jahreskontingent von {quota} Erstzustimmungen "
                "(früh im Jahr beantragen).",
                "§ 26 Abs. 2 Satz 3 BeschV",
                SRC_B26,
            )
        )
        reqs.add(R_WB_VISA)
        reqs.add(R_WB_ASYLUM)
        reqs.add(R_BA_WB)
        age_45(ctx, reqs, "§ 1 Abs. 2 BeschV")
        licence(ctx, reqs)
    return result("DE_WESTERN_BALKANS", reqs)
