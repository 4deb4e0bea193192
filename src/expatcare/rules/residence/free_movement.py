"""EU_FREE_MOVEMENT (§§ 1, 2, 12 FreizügG/EU), EXISTING_TITLE (§ 4a AufenthG) and REMOTE_ABROAD:
the pathways that need no new German title.
"""

from __future__ import annotations

from expatcare.rules.citations import cite
from expatcare.rules.context import Context
from expatcare.rules.messages import text
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.requirements import (
    BOUND_TITLES,
    FREE_EMPLOYMENT_TITLES,
    PERMANENT_TITLES,
    R_WORK_IN_DE_FAILED,
    R_WORK_IN_DE_MET,
    Reqs,
    req,
    result,
)


def eu_free_movement(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    reqs.add(R_WORK_IN_DE_MET if ctx.work_in_germany else R_WORK_IN_DE_FAILED, hard=True)
    if ctx.german:
        reqs.add(
            req(
                "free_movement_nationality",
                True,
                text("residence.free_movement_nationality.german"),
                cite("gg_art_11_and_aufenthg_1_2_n_1"),
            ),
            hard=True,
        )
    elif ctx.free_movement:
        reqs.add(
            req(
                "free_movement_nationality",
                True,
                text("residence.free_movement_nationality.eu_eea_swiss"),
                cite("freizuegg_eu_1_2_12_and_aufenthv_28"),
            ),
            hard=True,
        )
    else:
        reqs.add(
            req(
                "free_movement_nationality",
                False,
                text("residence.free_movement_nationality.not_met"),
                cite("freizuegg_eu_1_2_12_and_aufenthv_28"),
            ),
            hard=True,
        )
    return result("EU_FREE_MOVEMENT", reqs)


def existing_title(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    reqs.add(R_WORK_IN_DE_MET if ctx.work_in_germany else R_WORK_IN_DE_FAILED, hard=True)
    title = ctx.person.german_residence_title
    if title is None:
        reqs.add(
            req(
                "existing_title_permits_employment",
                False,
                text("residence.existing_title_permits_employment.not_met"),
                cite("aufenthg_4a_1_3"),
            ),
            hard=True,
        )
    elif title in FREE_EMPLOYMENT_TITLES:
        reqs.add(
            req(
                "existing_title_permits_employment",
                True,
                text("residence.existing_title_permits_employment.any", title=title),
                cite("aufenthg_4a_1_and_aufenthg_9_9a_27_5"),
            ),
            hard=True,
        )
    elif title == "opportunity_card" and "de.residence.opportunity_card_max_weekly_hours" in (
        ctx.snapshot
    ):
        max_hours: int = ctx.p("de.residence.opportunity_card_max_weekly_hours")
        met = ctx.job.weekly_hours <= max_hours
        reqs.add(
            req(
                "existing_title_permits_employment",
                met,
                text(
                    "residence.existing_title_permits_employment.opportunity_card."
                    + ("fits" if met else "too_many_hours"),
                    max_hours=max_hours,
                ),
                cite("aufenthg_20a_2"),
            ),
            hard=True,
        )
    elif title in BOUND_TITLES:
        reqs.add(
            req(
                "existing_title_permits_employment",
                False,
                text("residence.existing_title_permits_employment.bound", title=title),
                cite("aufenthg_4a_3_and_aufenthg_18g_4"),
            )
        )
    else:
        reqs.add(
            req(
                "existing_title_permits_employment",
                False,
                text("residence.existing_title_permits_employment.other", title=title),
                cite("aufenthg_4a_1_3"),
            ),
            hard=True,
        )
    valid_until = ctx.person.permit_valid_until
    if title is not None and title not in PERMANENT_TITLES and valid_until is not None:
        met = valid_until >= ctx.job.start_date
        reqs.add(
            req(
                "title_valid_at_start",
                met,
                text("residence.title_valid_at_start." + ("met" if met else "not_met")),
                cite("aufenthg_81_4"),
            )
        )
    return result("EXISTING_TITLE", reqs)


def remote_abroad(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    abroad = ctx.job.work_country != "DE"
    reqs.add(
        req(
            "work_outside_germany",
            abroad,
            text("residence.work_outside_germany.met", country=ctx.job.work_country)
            if abroad
            else text("residence.work_outside_germany.not_met"),
            cite("aufenthg_4a_1_and_sgb_iv_3_n_1"),
        ),
        hard=True,
    )
    return result("REMOTE_ABROAD", reqs)
