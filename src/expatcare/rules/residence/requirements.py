"""Building blocks shared by the pathways: requirement lists, and the requirements several
statutes have in common (employment in Germany, licence, degree, salary, age 45, German).
"""

from __future__ import annotations

from decimal import Decimal

from expatcare.rules.context import Context, cefr_at_least
from expatcare.rules.model import (
    PathwayResult,
    Requirement,
    Status,
    new_pathway,
    new_requirement,
)
from expatcare.rules.residence.catalogue import (
    PATHWAY_INFO,
    SRC_4A,
    SRC_18,
    SRC_18G,
    SRC_FREIZUEG,
)

PERMANENT_TITLES = frozenset({"settlement_permit", "permanent_eu"})
FREE_EMPLOYMENT_TITLES = frozenset({"settlement_permit", "permanent_eu", "family_reunification"})
BOUND_TITLES = frozenset({"blue_card", "skilled_worker"})
STATUS_RANK: dict[str, int] = {"not_eligible": 0, "conditional": 1, "eligible": 2}
CENT = Decimal("0.01")


def eur(amount: Decimal) -> str:
    return f"{amount.quantize(CENT)} EUR"


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


def req(
    code: str, met: bool | None, detail: str, detail_de: str, legal_basis: str, source: str
) -> Requirement:
    return new_requirement(code, met, detail, legal_basis, source, detail_de)


R_WORK_IN_DE_MET = req(
    "employment_in_germany",
    True,
    "The job is performed in Germany.",
    "Die Beschäftigung wird in Deutschland ausgeübt.",
    "§ 4a Abs. 1 AufenthG",
    SRC_4A,
)
R_WORK_IN_DE_FAILED = req(
    "employment_in_germany",
    False,
    "The job is performed outside Germany; a German residence title for employment is neither "
    "needed nor available for it.",
    "Die Beschäftigung wird außerhalb Deutschlands ausgeübt; ein deutscher Aufenthaltstitel zur "
    "Beschäftigung ist dafür weder nötig noch erhältlich.",
    "§ 4a Abs. 1 AufenthG",
    SRC_4A,
)
R_THIRD_MET = req(
    "third_country_national",
    True,
    "Third-country national: employment in Germany needs a residence title that permits it.",
    "Drittstaatsangehörige Person: Die Beschäftigung erfordert einen Aufenthaltstitel, der sie "
    "erlaubt.",
    "§ 4a Abs. 1 AufenthG",
    SRC_4A,
)
R_THIRD_FAILED = req(
    "third_country_national",
    False,
    "The person is German or enjoys free movement (EU/EEA/Switzerland); this title is not "
    "available and not needed.",
    "Die Person ist Deutsche oder freizügigkeitsberechtigt (EU/EWR/Schweiz); dieser Titel ist "
    "weder erhältlich noch nötig.",
    "§ 1 Abs. 2 Nr. 1 AufenthG; §§ 1, 2 FreizügG/EU",
    SRC_FREIZUEG,
)


def procedural(code: str, legal_basis: str, source: str, what: str, what_de: str) -> Requirement:
    return req(
        code,
        None,
        f"Procedural step: {what}.",
        f"Verfahrensschritt: {what_de}.",
        legal_basis,
        source,
    )


R_DEGREE_PROOF = procedural(
    "degree_comparability_proof",
    "§ 18 Abs. 2 Nr. 4 AufenthG",
    SRC_18,
    "proof of comparability of the degree (anabin H+ printout or ZAB statement)",
    "Nachweis der Vergleichbarkeit des Abschlusses (anabin-Ausdruck H+ oder ZAB-Zeugnisbewertung)",
)


def licence(ctx: Context, reqs: Reqs) -> None:
    if not ctx.job.regulated_profession:
        return
    if ctx.person.qualification.recognition == "full":
        reqs.add(
            req(
                "practice_licence",
                None,
                "Regulated profession: the licence to practise is issued on the basis of the "
                "full recognition.",
                "Reglementierter Beruf: Die Berufsausübungserlaubnis wird auf Grundlage der "
                "vollen Anerkennung erteilt.",
                "§ 18 Abs. 2 Nr. 3 AufenthG; § 3 Abs. 5 BQFG",
                SRC_18,
            )
        )
    else:
        reqs.add(
            req(
                "practice_licence",
                False,
                "Regulated profession: a licence to practise (Berufsausübungserlaubnis) is "
                "required and needs full recognition of the qualification.",
                "Reglementierter Beruf: Eine Berufsausübungserlaubnis ist erforderlich und setzt "
                "die volle Anerkennung der Qualifikation voraus.",
                "§ 18 Abs. 2 Nr. 3 AufenthG; § 3 Abs. 5 BQFG",
                SRC_18,
            )
        )


def common(ctx: Context, reqs: Reqs) -> None:
    reqs.add(R_WORK_IN_DE_MET if ctx.work_in_germany else R_WORK_IN_DE_FAILED, hard=True)
    reqs.add(R_THIRD_MET if ctx.third_country else R_THIRD_FAILED, hard=True)


def salary_requirement(
    ctx: Context, code: str, threshold: Decimal, label: str, label_de: str, basis: str, src: str
) -> Requirement:
    salary = ctx.salary
    if salary >= threshold:
        return req(
            code,
            True,
            f"Salary >= {eur(threshold)} ({label}).",
            f"Gehalt >= {eur(threshold)} ({label_de}).",
            basis,
            src,
        )
    return req(
        code,
        False,
        f"Salary < {eur(threshold)} ({label}).",
        f"Gehalt < {eur(threshold)} ({label_de}).",
        basis,
        src,
    )


def age_45(ctx: Context, reqs: Reqs, basis: str) -> bool | None:
    """Adds the age-45 requirement where it applies; returns whether it is met (None: n/a)."""
    if ctx.person.german_residence_title in BOUND_TITLES:
        return None  # not the first issuance of a skilled-worker title
    age_limit = ctx.p("de.residence.age_45_age")
    if ctx.age_at_start < age_limit:
        return None
    threshold: Decimal = ctx.p("de.residence.age_45_salary_threshold")
    met = ctx.salary >= threshold
    cmp = ">=" if met else "<"
    reqs.add(
        req(
            "age_45_salary_or_pension",
            met,
            f"Aged {age_limit} or older at the start: salary {cmp} {eur(threshold)}"
            + ("." if met else ", or proof of adequate old-age provision is needed."),
            f"Bei Beginn mindestens {age_limit} Jahre alt: Gehalt {cmp} {eur(threshold)}"
            + ("." if met else "; andernfalls Nachweis einer angemessenen Altersversorgung."),
            basis,
            SRC_18,
        )
    )
    return met


def recognised_degree(ctx: Context, reqs: Reqs) -> None:
    q = ctx.person.qualification
    if q.kind != "academic":
        reqs.add(
            req(
                "academic_degree",
                False,
                "No academic degree.",
                "Kein Hochschulabschluss.",
                "§ 18 Abs. 3 Nr. 2 AufenthG",
                SRC_18,
            ),
            hard=True,
        )
        return
    reqs.add(
        req(
            "academic_degree",
            True,
            "Academic degree.",
            "Hochschulabschluss vorhanden.",
            "§ 18 Abs. 3 Nr. 2 AufenthG",
            SRC_18,
        ),
        hard=True,
    )
    recognition = q.recognition
    if recognition in ("full", "comparable"):
        reqs.add(
            req(
                "degree_recognised_or_comparable",
                True,
                f"Degree recognised or comparable ({recognition}).",
                "Abschluss anerkannt oder vergleichbar.",
                "§ 18 Abs. 2 Nr. 4, Abs. 3 Nr. 2 AufenthG",
                SRC_18,
            )
        )
        if recognition == "comparable":
            reqs.add(R_DEGREE_PROOF)
    elif recognition == "none":
        reqs.add(
            req(
                "degree_recognised_or_comparable",
                False,
                "The degree was found neither recognised nor comparable.",
                "Der Abschluss ist weder anerkannt noch vergleichbar.",
                "§ 18 Abs. 2 Nr. 4, Abs. 3 Nr. 2 AufenthG",
                SRC_18,
            ),
            hard=True,
        )
    else:
        reqs.add(
            req(
                "degree_recognised_or_comparable",
                False,
                "Recognition or comparability of the degree is still open "
                f"({recognition}): check anabin or apply for a ZAB statement.",
                "Anerkennung oder Vergleichbarkeit des Abschlusses ist noch offen: anabin "
                "prüfen oder ZAB-Zeugnisbewertung beantragen.",
                "§ 18 Abs. 2 Nr. 4, Abs. 3 Nr. 2 AufenthG",
                SRC_18,
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
            f"Contract of {months} full months ({'>=' if met else '<'} {minimum}).",
            f"Vertrag über {months} volle Monate ({'>=' if met else '<'} {minimum}).",
            "§ 18g Abs. 3 AufenthG",
            SRC_18G,
        )
    )


# --------------------------------------------------------------------------- pathways


def result(code: str, reqs: Reqs, variant: str | None = None) -> PathwayResult:
    basis, source, documents = PATHWAY_INFO[code]
    sources = tuple(dict.fromkeys([source, *(r.source for r in reqs.items)]))
    return new_pathway(
        code, reqs.status, basis, source, tuple(reqs.items), documents, sources, variant
    )


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


def german_level_requirement(ctx: Context, reqs: Reqs, minimum: str, basis: str, src: str) -> None:
    level = ctx.person.german_level
    met = cefr_at_least(level, minimum)
    reqs.add(
        req(
            "german_level",
            met,
            f"German at level {minimum} or higher: " + ("met." if met else "not met."),
            f"Deutsch mindestens {minimum}: " + ("erfüllt." if met else "nicht erfüllt."),
            basis,
            src,
        )
    )


def in_force(ctx: Context, reqs: Reqs, name: str, basis: str, src: str) -> bool:
    parameter = ctx.param(name)
    if parameter.value:
        return True
    reqs.add(
        req(
            "provision_in_force",
            False,
            f"{basis} is not yet in force on the assessment date.",
            f"{basis} gilt am Stichtag noch nicht.",
            basis,
            src,
        ),
        hard=True,
    )
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
