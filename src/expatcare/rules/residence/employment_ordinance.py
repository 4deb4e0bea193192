"""Titles under the Employment Ordinance: DE_EXPERIENCE_BASED (§ 19c Abs. 2 AufenthG, § 6 BeschV)
and DE_WESTERN_BALKANS (§ 19c Abs. 1 AufenthG, § 26 Abs. 2 BeschV).
"""

from __future__ import annotations

from decimal import Decimal

from expatcare.rules.citations import cite
from expatcare.rules.context import Context
from expatcare.rules.messages import text
from expatcare.rules.model import PathwayResult
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
    cents,
    common,
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
                text("residence.it_occupation.experience." + ("met" if is_ict else "not_met")),
                cite("beschv_6_old"),
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
                    text("residence.state_recognised_qualification.experience.met"),
                    cite("beschv_6_1_s_1_n_3"),
                ),
                hard=True,
            )
            reqs.add(R_ZAB_B6)
        elif is_ict:
            reqs.add(
                req(
                    "state_recognised_qualification",
                    True,
                    text("residence.state_recognised_qualification.experience.ict_occupation"),
                    cite("beschv_6_1_s_3"),
                ),
                hard=True,
            )
        else:
            reqs.add(
                req(
                    "state_recognised_qualification",
                    False,
                    text("residence.state_recognised_qualification.experience.not_met"),
                    cite("beschv_6_1_s_1_n_3"),
                ),
                hard=True,
            )
        years = q.experience_years_last_5 if window == 5 else q.experience_years_last_7
    met = years >= min_years
    reqs.add(
        req(
            "professional_experience",
            met,
            text(
                "residence.professional_experience." + ("met" if met else "not_met"),
                years=min_years,
                window=window,
            ),
            cite("beschv_6_1_s_1_n_1"),
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
                text("residence.salary.collective_agreement", threshold_eur=cents(threshold)),
                cite("beschv_6_1_s_2"),
            )
        )
    else:
        reqs.add(
            salary_requirement(
                ctx, "salary_threshold", threshold, "experience", cite("beschv_6_1_s_1_n_2")
            )
        )
    age_45(ctx, reqs, cite("beschv_1_2"))
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
            text("residence.western_balkans_nationality." + ("met" if national else "not_met")),
            cite("beschv_26_2_s_1"),
        ),
        hard=True,
    )
    if national:
        quota = ctx.p("de.residence.western_balkans_quota")
        reqs.add(
            req(
                "annual_quota",
                None,
                text("residence.annual_quota.step", quota=quota),
                cite("beschv_26_2_s_3"),
            )
        )
        reqs.add(R_WB_VISA)
        reqs.add(R_WB_ASYLUM)
        reqs.add(R_BA_WB)
        age_45(ctx, reqs, cite("beschv_1_2"))
        licence(ctx, reqs)
    return result("DE_WESTERN_BALKANS", reqs)
