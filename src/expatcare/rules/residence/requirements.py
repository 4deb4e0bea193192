"""Building blocks shared by the pathways: requirement lists, and the requirements several
statutes have in common (employment in Germany, licence, degree, salary, age 45, German).
"""

from __future__ import annotations

from decimal import Decimal

from expatcare.rules import model
from expatcare.rules.citations import Citation, cite
from expatcare.rules.context import Context, cefr_at_least
from expatcare.rules.messages import Text, text
from expatcare.rules.model import (
    PathwayResult,
    Requirement,
    Status,
    new_pathway,
    requirement,
)
from expatcare.rules.residence.catalogue import (
    PATHWAY_INFO,
)

PERMANENT_TITLES = model.PERMANENT_TITLES
FREE_EMPLOYMENT_TITLES = frozenset({"settlement_permit", "permanent_eu", "family_reunification"})
BOUND_TITLES = frozenset({"blue_card", "skilled_worker"})
STATUS_RANK: dict[str, int] = {"not_eligible": 0, "conditional": 1, "eligible": 2}
CENT = Decimal("0.01")


def cents(amount: Decimal) -> str:
    """An amount as a decimal string with two places (a message parameter)."""
    return str(amount.quantize(CENT))


# --------------------------------------------------------------------------- building blocks


class Reqs:
    """Requirements of one pathway with their hardness, so the status follows mechanically."""

    __slots__ = ("hard_failed", "items", "soft_failed")

    def __init__(self) -> None:
        self.items: list[Requirement] = []
        self.hard_failed = False
        self.soft_failed = False

    def add(self, requirement: Requirement, hard: bool = False) -> None:
        self.items.append(requirement)
        if requirement.met is False:
            if hard:
                self.hard_failed = True
            else:
                self.soft_failed = True

    @property
    def status(self) -> Status:
        if self.hard_failed:
            return "not_eligible"
        if self.soft_failed:
            return "conditional"
        return "eligible"


req = requirement


R_WORK_IN_DE_MET = req(
    "employment_in_germany",
    True,
    text("residence.employment_in_germany.met"),
    cite("aufenthg_4a_1"),
)
R_WORK_IN_DE_FAILED = req(
    "employment_in_germany",
    False,
    text("residence.employment_in_germany.not_met"),
    cite("aufenthg_4a_1"),
)
R_THIRD_MET = req(
    "third_country_national",
    True,
    text("residence.third_country_national.met"),
    cite("aufenthg_4a_1"),
)
R_THIRD_FAILED = req(
    "third_country_national",
    False,
    text("residence.third_country_national.not_met"),
    cite("aufenthg_1_2_n_1_and_freizuegg_eu_1_2"),
)


def procedural(code: str, detail: Text, citation: Citation) -> Requirement:
    """A procedural step: ``met`` is null, it becomes a case milestone."""
    return req(code, None, detail, citation)


R_DEGREE_PROOF = procedural(
    "degree_comparability_proof",
    text("residence.degree_comparability_proof.step"),
    cite("aufenthg_18_2_n_4"),
)


def licence(ctx: Context, reqs: Reqs) -> None:
    if not ctx.job.regulated_profession:
        return
    if ctx.person.qualification.recognition == "full":
        reqs.add(
            req(
                "practice_licence",
                None,
                text("residence.practice_licence.step"),
                cite("aufenthg_18_2_n_3_and_bqfg_3_5_2"),
            )
        )
    else:
        reqs.add(
            req(
                "practice_licence",
                False,
                text("residence.practice_licence.not_met"),
                cite("aufenthg_18_2_n_3_and_bqfg_3_5_2"),
            )
        )


def common(ctx: Context, reqs: Reqs) -> None:
    reqs.add(R_WORK_IN_DE_MET if ctx.work_in_germany else R_WORK_IN_DE_FAILED, hard=True)
    reqs.add(R_THIRD_MET if ctx.third_country else R_THIRD_FAILED, hard=True)


def salary_requirement(
    ctx: Context, code: str, threshold: Decimal, label: str, citation: Citation
) -> Requirement:
    """``salary >= threshold``; ``label`` names the threshold (``residence.salary.<label>.*``)."""
    met = ctx.salary >= threshold
    detail = text(
        f"residence.salary.{label}.{'met' if met else 'not_met'}", threshold_eur=cents(threshold)
    )
    return req(code, met, detail, citation)


def age_45(ctx: Context, reqs: Reqs, citation: Citation) -> bool | None:
    """Adds the age-45 requirement where it applies; returns whether it is met (None: n/a)."""
    if ctx.person.german_residence_title in BOUND_TITLES:
        return None  # not the first issuance of a skilled-worker title
    age_limit = ctx.p("de.residence.age_45_age")
    if ctx.age_at_start < age_limit:
        return None
    threshold: Decimal = ctx.p("de.residence.age_45_salary_threshold")
    met = ctx.salary >= threshold
    detail = text(
        "residence.age_45_salary_or_pension." + ("met" if met else "not_met"),
        age=age_limit,
        threshold_eur=cents(threshold),
    )
    reqs.add(req("age_45_salary_or_pension", met, detail, citation))
    return met


def recognised_degree(ctx: Context, reqs: Reqs) -> None:
    q = ctx.person.qualification
    if q.kind != "academic":
        reqs.add(
            req(
                "academic_degree",
                False,
                text("residence.academic_degree.not_met"),
                cite("aufenthg_18_3_n_2"),
            ),
            hard=True,
        )
        return
    reqs.add(
        req(
            "academic_degree",
            True,
            text("residence.academic_degree.met"),
            cite("aufenthg_18_3_n_2"),
        ),
        hard=True,
    )
    recognition = q.recognition
    if recognition in ("full", "comparable"):
        reqs.add(
            req(
                "degree_recognised_or_comparable",
                True,
                text("residence.degree_recognised_or_comparable.met", recognition=recognition),
                cite("aufenthg_18_2_n_4_3_n_2"),
            )
        )
        if recognition == "comparable":
            reqs.add(R_DEGREE_PROOF)
    elif recognition == "none":
        reqs.add(
            req(
                "degree_recognised_or_comparable",
                False,
                text("residence.degree_recognised_or_comparable.not_met"),
                cite("aufenthg_18_2_n_4_3_n_2"),
            ),
            hard=True,
        )
    else:
        reqs.add(
            req(
                "degree_recognised_or_comparable",
                False,
                text("residence.degree_recognised_or_comparable.open", recognition=recognition),
                cite("aufenthg_18_2_n_4_3_n_2"),
            )
        )


def isco_in(isco: str | None, groups: frozenset[str]) -> bool:
    """Whether an ISCO-08 code (1 to 4 digits) falls in one of the groups (any prefix)."""
    if not isco:
        return False
    return isco[:1] in groups or isco[:2] in groups or isco[:3] in groups or isco in groups


def contract_duration(ctx: Context, reqs: Reqs) -> None:
    months = contract_months(ctx)
    if months is None:
        return
    minimum: int = ctx.p("de.residence.blue_card_min_contract_months")
    met = months >= minimum
    reqs.add(
        req(
            "contract_duration",
            met,
            text(
                "residence.contract_duration." + ("met" if met else "not_met"),
                months=months,
                minimum=minimum,
            ),
            cite("aufenthg_18g_3"),
        )
    )


# --------------------------------------------------------------------------- pathways


#: Pathway results by (code, status, variant, identity of each requirement). Many memo keys (and
#: the memos of neighbouring periods) end in the same result; sharing it keeps the memo from
#: holding thousands of equal results with their requirement tuples, which every full garbage
#: collection would walk. Requirements are shared objects (``model.requirement``) and the result
#: keeps its own alive, so their ids cannot be reused while the entry exists.
_RESULTS: dict[tuple[object, ...], PathwayResult] = {}
_RESULTS_LIMIT = 20_000


def result(code: str, reqs: Reqs, variant: str | None = None) -> PathwayResult:
    status = reqs.status
    items = reqs.items
    key = (code, status, variant, *map(id, items))
    found = _RESULTS.get(key)
    if found is not None:
        return found
    citation, documents = PATHWAY_INFO[code]
    source = citation.source
    sources = tuple(dict.fromkeys([source, *(r.source for r in items)]))
    built = new_pathway(
        code,
        status,
        citation.legal_basis,
        source,
        tuple(items),
        documents,
        sources,
        variant,
    )
    if len(_RESULTS) >= _RESULTS_LIMIT:
        _RESULTS.clear()
    _RESULTS[key] = built
    return built


def state_recognised_qualification(ctx: Context) -> bool:
    q = ctx.person.qualification
    if not q.state_recognised_abroad:
        return False
    if q.kind == "academic":
        return True
    if q.kind == "vocational":
        minimum: int = ctx.p("de.residence.min_training_years")
        return q.training_years is not None and q.training_years >= minimum
    return False


def german_level_requirement(ctx: Context, reqs: Reqs, minimum: str, citation: Citation) -> None:
    met = cefr_at_least(ctx.person.german_level, minimum)
    detail = text("residence.german_level." + ("met" if met else "not_met"), minimum=minimum)
    reqs.add(req("german_level", met, detail, citation))


def in_force(ctx: Context, reqs: Reqs, name: str, citation: Citation) -> bool:
    parameter = ctx.param(name)
    if parameter.value:
        return True
    detail = text("residence.provision_in_force.not_met", provision=citation.legal_basis)
    reqs.add(req("provision_in_force", False, detail, citation), hard=True)
    return False


def contract_months(ctx: Context) -> int | None:
    """Full months between start and agreed end (None for an open-ended contract)."""
    job = ctx.job
    end = job.end_date
    if end is None:
        return None
    start = job.start_date
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months
