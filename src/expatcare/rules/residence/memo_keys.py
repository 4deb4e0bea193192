"""Memo keys of the pathways: per pathway exactly the case facts it reads."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from expatcare.rules.context import CEFR_RANK, Context, Limits
from expatcare.rules.model import (
    PATHWAY_CODES,
    PathwayResult,
)
from expatcare.rules.residence.blue_card import blue_card
from expatcare.rules.residence.employment_ordinance import (
    experience_based,
    western_balkans,
)
from expatcare.rules.residence.free_movement import (
    eu_free_movement,
    existing_title,
    remote_abroad,
)
from expatcare.rules.residence.ict_research import (
    ict_card,
    researcher,
)
from expatcare.rules.residence.opportunity_card import (
    opportunity_card,
    opportunity_points,
)
from expatcare.rules.residence.recognition import (
    recognition_measures,
    recognition_partnership,
)
from expatcare.rules.residence.requirements import (
    BOUND_TITLES,
    Reqs,
    common,
    isco_in,
    result,
)
from expatcare.rules.residence.skilled import (
    skilled_academic,
    skilled_vocational,
)

_EVALUATORS: tuple[Callable[[Context], PathwayResult], ...] = (
    eu_free_movement,
    existing_title,
    blue_card,
    skilled_academic,
    skilled_vocational,
    ict_card,
    researcher,
    experience_based,
    western_balkans,
    recognition_partnership,
    recognition_measures,
    opportunity_card,
    remote_abroad,
)


_TITLE_CODES: tuple[str, ...] = PATHWAY_CODES[2:-1]


def _not_applicable(ctx: Context, code: str) -> PathwayResult:
    reqs = Reqs()
    common(ctx, reqs)
    return result(code, reqs)


_NA_EVALUATORS: tuple[Callable[[Context], PathwayResult], ...] = (
    eu_free_movement,
    existing_title,
    *(partial(_not_applicable, code=code) for code in _TITLE_CODES),
    remote_abroad,
)


def _na_keys(wid: bool, third: bool) -> tuple[tuple[object, ...], ...]:
    return tuple((code, wid, third) for code in _TITLE_CODES)


#: Keys of the titles that cannot apply, per (work in Germany, third-country national).
_NA_KEYS: dict[tuple[bool, bool], tuple[tuple[object, ...], ...]] = {
    (wid, third): _na_keys(wid, third) for wid in (False, True) for third in (False, True)
}


def _isco_flags(lim: Limits, isco: str) -> tuple[bool, bool]:
    """(IT specialist group, Blue Card shortage group) of an ISCO code, cached per period."""
    flags = lim.isco_flags.get(isco)
    if flags is None:
        flags = lim.isco_flags[isco] = (
            isco_in(isco, lim.it_groups),
            isco_in(isco, lim.shortage_groups),
        )
    return flags


def memo_keys(
    ctx: Context,
) -> tuple[tuple[tuple[object, ...], ...], tuple[Callable[[Context], PathwayResult], ...]]:
    """The memo key of each pathway and its evaluator, in the order of ``model.PATHWAY_CODES``.

    Each pathway is memoised per period under a key of exactly the case facts it reads (salary
    only as "meets threshold X"), so a population of cases shares most results. The property
    tests check the keys against unmemoised evaluation.
    """
    person = ctx.person
    job = ctx.job
    lim = ctx.limits
    wid = ctx.work_in_germany
    third = ctx.third_country
    title = person.german_residence_title
    max_hours = lim.opportunity_hours
    opportunity_hours = None if max_hours is None else job.weekly_hours <= max_hours
    valid_until = person.permit_valid_until
    title_valid = None if valid_until is None else valid_until >= job.start_date
    eu_key = ("EU", wid, ctx.german, ctx.free_movement)
    et_key = (
        "ET", wid, title, title_valid, opportunity_hours if title == "opportunity_card" else None
    )  # fmt: skip
    ra_key = ("RA", job.work_country)
    if not (wid and third):
        # No German title is needed or possible: every title fails on the same hard
        # requirement, so the pathway-specific conditions are not evaluated.
        return (eu_key, et_key, *_NA_KEYS[wid, third], ra_key), _NA_EVALUATORS
    q = person.qualification
    salary = ctx.salary
    kind = q.kind
    recognition = q.recognition
    regulated = job.regulated_profession
    # "bound": not a first skilled-worker title, so the age rule is not even looked up.
    age45: bool | str | None = "bound" if title in BOUND_TITLES else None
    if age45 is None and ctx.age_at_start >= lim.age45_age:
        age45 = salary >= lim.age45_threshold
    isco = job.isco08
    if isco:
        is_ict, shortage = _isco_flags(lim, isco)
    else:
        is_ict = False
        shortage = q.shortage_occupation if isco is None else False
    completed = q.completed_year
    new_entrant = completed is not None and ctx.as_of.year - completed <= lim.new_entrant_years
    full = recognition == "full"
    ict = job.intra_corporate_transfer
    if lim.experience_old_rule:
        experience = person.it_experience_years_last_7 >= lim.experience_min
    else:
        years = (
            q.experience_years_last_5 if lim.experience_window == 5 else q.experience_years_last_7
        )
        experience = years >= lim.experience_min
    training = q.training_years
    training_ok = training is not None and training >= lim.training_min
    ict_outside_eu = ict is not None and person.residence_country not in lim.coordination
    # Recognition matters for the degree only for academics; otherwise only "full" (licence).
    degree_recognition = recognition if kind == "academic" else full
    skilled = (kind == "academic" and recognition in ("full", "comparable")) or (
        kind == "vocational" and full
    )
    german_rank = CEFR_RANK[person.german_level]
    opportunity_key: tuple[object, ...]
    table = lim.opportunity_table
    languages = lim.opportunity_languages
    if skilled:
        opportunity_key = ("OC", True, opportunity_hours)
    elif table is None or languages is None or opportunity_hours is None:
        opportunity_key = ("OC", None)
    else:
        points, reachable = opportunity_points(ctx, table)
        opportunity_key = (
            "OC",
            False,
            opportunity_hours,
            kind,
            q.state_recognised_abroad,
            training_ok,
            recognition == "partial",
            points,
            reachable,
            german_rank >= CEFR_RANK[languages["german"]]
            or CEFR_RANK[person.english_level] >= CEFR_RANK[languages["english"]],
        )
    partnership_needed = not full and not (recognition == "comparable" and not regulated)
    minimum_german = lim.partnership_german
    partnership_german = (
        None if minimum_german is None else german_rank >= CEFR_RANK[minimum_german]
    )
    end = job.end_date
    if end is None:
        months = None
    else:
        start = job.start_date
        months = (end.year - start.year) * 12 + end.month - start.month
        if end.day < start.day:
            months -= 1
    # fmt: off
    keys = (
        eu_key,
        et_key,
        ("BC", kind, degree_recognition, regulated, salary >= lim.blue_standard,
         salary >= lim.blue_reduced, shortage, new_entrant, months, is_ict,
         person.it_experience_years_last_7 >= lim.it_min_years),
        ("SA", kind, degree_recognition, regulated, age45),
        ("SV", kind, recognition if kind == "vocational" else full, regulated, age45),
        ("ICT", ict, ict_outside_eu, kind == "academic", regulated, full),
        ("RS", job.research_hosting_agreement),
        ("EX", kind, q.state_recognised_abroad, training_ok, is_ict, experience,
         salary >= lim.experience_threshold, job.employer_bound_by_collective_agreement, age45,
         regulated, full),
        ("WB", not lim.western_balkans.isdisjoint(person.nationalities), age45, regulated, full),
        ("RP", kind, q.state_recognised_abroad, training_ok, partnership_needed,
         partnership_german),
        ("RM", kind, recognition, person.german_level),
        opportunity_key,
        ra_key,
    )
    # fmt: on
    return keys, _EVALUATORS
