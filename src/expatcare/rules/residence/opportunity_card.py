"""DE_OPPORTUNITY_CARD (§§ 20a, 20b AufenthG): the skilled-worker route and the points route."""

from __future__ import annotations

from expatcare.rules.context import CEFR_RANK, Context, age_on, cefr_at_least
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.catalogue import SRC_20A
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
    basis = "§ 20a AufenthG"
    if not in_force(ctx, reqs, "de.residence.opportunity_card_in_force", basis, SRC_20A):
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
                "Skilled worker with a recognised or comparable qualification: no points needed.",
                "Fachkraft mit anerkannter bzw. vergleichbarer Qualifikation: keine Punkte nötig.",
                "§ 20a Abs. 3 Nr. 1 AufenthG",
                SRC_20A,
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
                "Qualification state-recognised abroad (or partial recognition in Germany)."
                if qualified
                else "No state-recognised qualification (degree or >= 2 years' training).",
                "Im Ausland staatlich anerkannte Qualifikation (oder teilweise Anerkennung)."
                if qualified
                else "Keine staatlich anerkannte Qualifikation (Abschluss oder mind. "
                "zweijährige Ausbildung).",
                "§ 20a Abs. 4 Satz 3 Nr. 1, § 20b Abs. 1 Satz 2 AufenthG",
                SRC_20A,
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
                f"German >= {languages['german']} or English >= {languages['english']}: "
                + ("met." if lang_ok else "not met."),
                f"Deutsch >= {languages['german']} oder Englisch >= {languages['english']}: "
                + ("erfüllt." if lang_ok else "nicht erfüllt."),
                "§ 20a Abs. 4 Satz 3 Nr. 2 AufenthG",
                SRC_20A,
            )
        )
        minimum: int = ctx.p("de.residence.opportunity_card_min_points")
        points, reachable = opportunity_points(ctx, ctx.p("de.residence.opportunity_card_points"))
        enough = points >= minimum
        detail = f"{points} points; minimum {minimum}"
        detail_de = f"{points} Punkte; Minimum {minimum}"
        if not enough:
            detail += f"; up to {reachable} reachable with German B2 and English C1"
            detail_de += f"; bis zu {reachable} mit Deutsch B2 und Englisch C1 erreichbar"
        reqs.add(
            req(
                "points",
                enough,
                detail + ".",
                detail_de + ".",
                "§ 20b Abs. 1 AufenthG; Anlage zu § 20a Abs. 3 Nr. 2 AufenthG",
                "https://www.gesetze-im-internet.de/aufenthg_2004/anlage.html",
            ),
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
            f"The card permits work of up to {max_hours} hours a week"
            + (
                "; the job fits."
                if hours_ok
                else "; the job has more: switch to a skilled-worker title after the offer."
            ),
            f"Die Karte erlaubt bis zu {max_hours} Wochenstunden"
            + (
                "; die Stelle passt."
                if hours_ok
                else "; die Stelle hat mehr: nach dem Angebot in einen Fachkräftetitel wechseln."
            ),
            "§ 20a Abs. 2 AufenthG",
            SRC_20A,
        )
    )
    return result("DE_OPPORTUNITY_CARD", reqs, variant)
