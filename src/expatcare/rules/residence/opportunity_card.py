"""DE_OPPORTUNITY_CARD (§§ 20a, 20b AufenthG): the skilled-worker route and the points route."""

from __future__ import annotations

from expatcare.rules.citations import cite
from expatcare.rules.context import CEFR_RANK, Context, age_on, cefr_at_least
from expatcare.rules.messages import text
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.procedural import (
    R_LIVELIHOOD,
    R_ZAB_20A,
)
from expatcare.rules.residence.requirements import (
    Reqs,
    common,
    in_force,
    req,
    result,
    state_recognised_qualification,
)


def opportunity_points(ctx: Context, table: dict[str, int]) -> tuple[int, int]:
    """Points now and points reachable with German B2 and English C1.

    Every case that is not a skilled worker needs the points for its memo key, so this stays
    arithmetic only.
    """
    person = ctx.person
    q = person.qualification
    points = table["recognition_partial"] if q.recognition == "partial" else 0
    rank = CEFR_RANK[person.german_level]
    if rank >= _RANK_B2:
        german = table["german_b2"]
    elif rank >= _RANK_B1:
        german = table["german_b1"]
    elif rank >= _RANK_A2:
        german = table["german_a2"]
    else:
        german = 0
    english = table["english_c1"] if CEFR_RANK[person.english_level] >= _RANK_C1 else 0
    points += german + english
    if q.experience_years_last_7 >= 5:
        points += table["experience_5_in_7"]
    elif q.experience_years_last_5 >= 2:
        points += table["experience_2_in_5"]
    if q.shortage_occupation:
        points += table["shortage_occupation"]
    age = age_on(person.birth_date, ctx.as_of)
    if age <= 35:
        points += table["age_up_to_35"]
    elif age <= 40:
        points += table["age_up_to_40"]
    if person.stay_in_germany_months_last_5 >= 6:
        points += table["stay_6_months_in_5_years"]
    if person.spouse_eligible_for_opportunity_card:
        points += table["spouse_eligible"]
    reachable = points - german - english + table["german_b2"] + table["english_c1"]
    return points, reachable


_RANK_A2 = CEFR_RANK["A2"]
_RANK_B1 = CEFR_RANK["B1"]
_RANK_B2 = CEFR_RANK["B2"]
_RANK_C1 = CEFR_RANK["C1"]


def opportunity_card(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    if not in_force(ctx, reqs, "de.residence.opportunity_card_in_force", cite("aufenthg_20a")):
        return result("DE_OPPORTUNITY_CARD", reqs)
    q = ctx.person.qualification
    skilled = (q.kind == "academic" and q.recognition in ("full", "comparable")) or (
        q.kind == "vocational" and q.recognition == "full"
    )
    variant: str
    if skilled:
        variant = "skilled_worker"
        reqs.add(
            req(
                "skilled_worker_status",
                True,
                text("residence.skilled_worker_status.met"),
                cite("aufenthg_20a_3_n_1"),
            ),
            hard=True,
        )
    else:
        variant = "points"
        qualified = state_recognised_qualification(ctx) or q.recognition == "partial"
        reqs.add(
            req(
                "state_recognised_qualification",
                qualified,
                text(
                    "residence.state_recognised_qualification.opportunity_card."
                    + ("met" if qualified else "not_met")
                ),
                cite("aufenthg_20a_4_s_3_n_1_20b_1_s_2"),
            ),
            hard=True,
        )
        languages: dict[str, str] = ctx.p("de.residence.opportunity_card_languages")
        lang_ok = cefr_at_least(ctx.person.german_level, languages["german"]) or cefr_at_least(
            ctx.person.english_level, languages["english"]
        )
        reqs.add(
            req(
                "language_minimum",
                lang_ok,
                text(
                    "residence.language_minimum." + ("met" if lang_ok else "not_met"),
                    german=languages["german"],
                    english=languages["english"],
                ),
                cite("aufenthg_20a_4_s_3_n_2"),
            )
        )
        minimum: int = ctx.p("de.residence.opportunity_card_min_points")
        points, reachable = opportunity_points(ctx, ctx.p("de.residence.opportunity_card_points"))
        enough = points >= minimum
        detail = (
            text("residence.points.met", points=points, minimum=minimum)
            if enough
            else text(
                "residence.points.not_met", points=points, minimum=minimum, reachable=reachable
            )
        )
        reqs.add(
            req("points", enough, detail, cite("aufenthg_20b_1_and_aufenthg_annex_20a_3_n_2")),
            hard=not enough and reachable < minimum,
        )
        reqs.add(R_ZAB_20A)
    reqs.add(R_LIVELIHOOD)
    max_hours: int = ctx.p("de.residence.opportunity_card_max_weekly_hours")
    hours_ok = ctx.job.weekly_hours <= max_hours
    reqs.add(
        req(
            "permitted_employment",
            hours_ok,
            text(
                "residence.permitted_employment." + ("met" if hours_ok else "not_met"),
                max_hours=max_hours,
            ),
            cite("aufenthg_20a_2"),
        )
    )
    return result("DE_OPPORTUNITY_CARD", reqs, variant)
