"""DE_BLUE_CARD (§ 18g AufenthG): the academic route and the IT specialist route (better wins)."""

from __future__ import annotations

from decimal import Decimal

from expatcare.rules.context import Context
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.catalogue import SRC_18G
from expatcare.rules.residence.procedural import (
    R_BA_BLUE_IT,
    R_BA_BLUE_REDUCED,
)
from expatcare.rules.residence.requirements import (
    STATUS_RANK,
    Reqs,
    common,
    contract_duration,
    isco_in,
    licence,
    recognised_degree,
    req,
    result,
    salary_requirement,
)


def _blue_card_academic(ctx: Context) -> tuple[Reqs, str | None]:
    reqs = Reqs()
    common(ctx, reqs)
    recognised_degree(ctx, reqs)
    standard: Decimal = ctx.p("de.residence.blue_card_salary_standard")
    variant: str | None = None
    if ctx.salary >= standard:
        reqs.add(
            salary_requirement(
                ctx,
                "salary_threshold",
                standard,
                "standard threshold",
                "Regelgrenze",
                "§ 18g Abs. 1 Satz 1 AufenthG",
                SRC_18G,
            )
        )
        variant = "standard"
    else:
        reduced: Decimal = ctx.p("de.residence.blue_card_salary_reduced")
        shortage = isco_in(ctx.job.isco08, ctx.codes("de.residence.blue_card_shortage_isco_groups"))
        if ctx.job.isco08 is None:
            shortage = ctx.person.qualification.shortage_occupation
        completed = ctx.person.qualification.completed_year
        max_years: int = ctx.p("de.residence.blue_card_new_entrant_years")
        new_entrant = completed is not None and ctx.as_of.year - completed <= max_years
        if shortage or new_entrant:
            why = "shortage occupation" if shortage else "new entrant"
            why_de = "Engpassberuf" if shortage else "Berufsanfänger"
            req = salary_requirement(
                ctx,
                "salary_threshold",
                reduced,
                f"reduced threshold, {why}",
                f"abgesenkte Grenze, {why_de}",
                "§ 18g Abs. 1 Satz 2 AufenthG",
                SRC_18G,
            )
            reqs.add(req)
            if req.met:
                reqs.add(R_BA_BLUE_REDUCED)
                variant = "reduced_" + ("shortage" if shortage else "new_entrant")
        else:
            reqs.add(
                salary_requirement(
                    ctx,
                    "salary_threshold",
                    standard,
                    "standard threshold",
                    "Regelgrenze",
                    "§ 18g Abs. 1 Satz 1 AufenthG",
                    SRC_18G,
                )
            )
    contract_duration(ctx, reqs)
    licence(ctx, reqs)
    return reqs, variant


def _blue_card_it(ctx: Context) -> Reqs:
    reqs = Reqs()
    common(ctx, reqs)
    it_groups = ctx.codes("de.residence.it_specialist_isco_groups")
    is_it = isco_in(ctx.job.isco08, it_groups)
    reqs.add(
        req(
            "it_occupation",
            is_it,
            "The job is an IT occupation (ISCO-08 133 or 25)."
            if is_it
            else "The job is not an IT occupation (ISCO-08 133 or 25).",
            "Die Stelle ist ein IT-Beruf (ISCO-08 133 oder 25)."
            if is_it
            else "Die Stelle ist kein IT-Beruf (ISCO-08 133 oder 25).",
            "§ 18g Abs. 2 AufenthG",
            SRC_18G,
        ),
        hard=True,
    )
    min_years: int = ctx.p("de.residence.it_specialist_min_experience_years")
    years = ctx.person.it_experience_years_last_7
    met = years >= min_years
    reqs.add(
        req(
            "it_experience",
            met,
            f"At least {min_years} years of IT experience in the last 7 years: "
            + ("met." if met else "not met."),
            f"Mindestens {min_years} Jahre IT-Berufserfahrung in den letzten 7 Jahren: "
            + ("erfüllt." if met else "nicht erfüllt."),
            "§ 18g Abs. 2 AufenthG",
            SRC_18G,
        ),
        hard=True,
    )
    reduced: Decimal = ctx.p("de.residence.blue_card_salary_reduced")
    reqs.add(
        salary_requirement(
            ctx,
            "salary_threshold",
            reduced,
            "IT specialist threshold",
            "Grenze für IT-Spezialisten",
            "§ 18g Abs. 2 AufenthG",
            SRC_18G,
        )
    )
    reqs.add(R_BA_BLUE_IT)
    contract_duration(ctx, reqs)
    return reqs


def blue_card(ctx: Context) -> PathwayResult:
    academic, variant = _blue_card_academic(ctx)
    if ctx.person.qualification.kind == "academic" and academic.status == "eligible":
        return result("DE_BLUE_CARD", academic, variant)
    it = _blue_card_it(ctx)
    if STATUS_RANK[it.status] > STATUS_RANK[academic.status]:
        return result("DE_BLUE_CARD", it, "it_specialist")
    return result("DE_BLUE_CARD", academic, variant)
