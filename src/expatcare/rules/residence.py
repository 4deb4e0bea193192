"""Residence-title pathways for employment in Germany (docs/contracts.md, assess).

Every pathway code of ``model.PATHWAY_CODES`` is evaluated for every case, so callers can
compare them. The evaluation follows this decision order: nationality (free
movement), existing title, regulated occupation (licence), recognised degree (Blue Card, § 18b),
equivalent vocational training (§ 18a), IT specialists, experience pillar (§ 6 BeschV), Western
Balkans, intra-corporate transfer, research, recognition routes and the opportunity card.

Status semantics:

* ``not_eligible``: a requirement failed that the parties cannot change for this job: nationality,
  the kind of qualification, past experience, the occupation, the place of work.
* ``conditional``: every failed requirement can still become true: recognition pending, salary
  below a threshold, language level too low, licence not yet granted, contract too short.
* ``eligible``: all requirements met. Procedural steps that every case of the pathway goes
  through (Federal Employment Agency approval, ZAB/anabin confirmation of a fact the input
  states, the Western Balkans quota, the hosting agreement's cost declaration) are requirements
  with ``met: null``; they become case milestones and never make a pathway conditional.

Monotonicity: salary appears only in "salary >= threshold" requirements that are soft, and the
Blue Card takes the better of its two routes, so a higher salary can only turn failed
requirements into met ones; it never lowers a status.

Recommendation: the first ``eligible`` pathway in this preference order (``recommended_order``
in the output):

    EU_FREE_MOVEMENT, EXISTING_TITLE, DE_BLUE_CARD, DE_SKILLED_ACADEMIC, DE_SKILLED_VOCATIONAL,
    DE_ICT_CARD, DE_RESEARCHER, DE_EXPERIENCE_BASED, DE_WESTERN_BALKANS,
    DE_RECOGNITION_PARTNERSHIP, DE_RECOGNITION_MEASURES, DE_OPPORTUNITY_CARD

No title is better than any title; an existing permanent title needs no procedure; the Blue Card
leads to settlement fastest (21/27 months, § 18c Abs. 2) and needs no BA consent in the standard
case; §§ 18b/18a are the general skilled-worker titles; ICT card and researcher titles are tied
to a specific setting; the experience pillar and the Western Balkans rule need BA consent with
more conditions (quota, labour-market test); recognition routes and the opportunity card are
temporary titles. When the job is performed outside Germany, ``REMOTE_ABROAD`` comes first.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial, reduce
from operator import attrgetter, itemgetter, or_
from typing import cast

from expatcare.rules.context import CEFR_RANK, Context, Limits, age_on, cefr_at_least
from expatcare.rules.model import (
    PATHWAY_CODES,
    Finding,
    PathwayResult,
    Requirement,
    Status,
    new_finding,
    new_pathway,
    new_requirement,
)

__all__ = [
    "PREFERENCE_ORDER",
    "REMOTE_PREFERENCE_ORDER",
    "evaluate_pathways",
    "recommend",
]

PREFERENCE_ORDER: tuple[str, ...] = (
    "EU_FREE_MOVEMENT",
    "EXISTING_TITLE",
    "DE_BLUE_CARD",
    "DE_SKILLED_ACADEMIC",
    "DE_SKILLED_VOCATIONAL",
    "DE_ICT_CARD",
    "DE_RESEARCHER",
    "DE_EXPERIENCE_BASED",
    "DE_WESTERN_BALKANS",
    "DE_RECOGNITION_PARTNERSHIP",
    "DE_RECOGNITION_MEASURES",
    "DE_OPPORTUNITY_CARD",
)
REMOTE_PREFERENCE_ORDER: tuple[str, ...] = ("REMOTE_ABROAD", *PREFERENCE_ORDER)
_PREFERENCE_INDICES = tuple(PATHWAY_CODES.index(code) for code in PREFERENCE_ORDER)
_REMOTE_INDICES = tuple(PATHWAY_CODES.index(code) for code in REMOTE_PREFERENCE_ORDER)

_GII = "https://www.gesetze-im-internet.de/"
AUFENTHG = _GII + "aufenthg_2004/__{}.html"
BESCHV = _GII + "beschv_2013/__{}.html"
SRC_18 = AUFENTHG.format("18")
SRC_18A = AUFENTHG.format("18a")
SRC_18B = AUFENTHG.format("18b")
SRC_18D = AUFENTHG.format("18d")
SRC_18G = AUFENTHG.format("18g")
SRC_19 = AUFENTHG.format("19")
SRC_16D = AUFENTHG.format("16d")
SRC_20A = AUFENTHG.format("20a")
SRC_4A = AUFENTHG.format("4a")
SRC_39 = AUFENTHG.format("39")
SRC_B6 = BESCHV.format("6")
SRC_B26 = BESCHV.format("26")
SRC_B10A = BESCHV.format("10a")
SRC_FREIZUEG = _GII + "freiz_gg_eu_2004/__2.html"
SRC_BQFG = _GII + "bqfg/__3.html"
SRC_SGB4_3 = _GII + "sgb_4/__3.html"

#: code -> (legal basis, primary source, documents)
PATHWAY_INFO: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "EU_FREE_MOVEMENT": (
        "§§ 1, 2, 12 FreizügG/EU; § 28 AufenthV",
        SRC_FREIZUEG,
        ("passport_or_identity_card",),
    ),
    "EXISTING_TITLE": (
        "§ 4a Abs. 1, 3 AufenthG",
        SRC_4A,
        ("residence_title", "passport"),
    ),
    "DE_BLUE_CARD": (
        "§ 18g AufenthG",
        SRC_18G,
        ("passport", "degree", "degree_comparability_proof", "employment_contract"),
    ),
    "DE_SKILLED_ACADEMIC": (
        "§ 18b AufenthG",
        SRC_18B,
        (
            "passport",
            "degree",
            "degree_comparability_proof",
            "employment_contract",
            "declaration_of_employment",
        ),
    ),
    "DE_SKILLED_VOCATIONAL": (
        "§ 18a AufenthG",
        SRC_18A,
        (
            "passport",
            "vocational_certificate",
            "equivalence_decision",
            "employment_contract",
            "declaration_of_employment",
        ),
    ),
    "DE_ICT_CARD": (
        "§ 19 AufenthG; § 10a BeschV",
        SRC_19,
        (
            "passport",
            "assignment_letter",
            "proof_of_group_employment",
            "proof_of_qualification",
            "return_guarantee",
        ),
    ),
    "DE_RESEARCHER": (
        "§ 18d AufenthG",
        SRC_18D,
        ("passport", "hosting_agreement", "cost_coverage_declaration", "degree"),
    ),
    "DE_EXPERIENCE_BASED": (
        "§ 19c Abs. 2 AufenthG; § 6 BeschV",
        SRC_B6,
        (
            "passport",
            "qualification_certificate",
            "zab_confirmation",
            "proof_of_experience",
            "employment_contract",
        ),
    ),
    "DE_WESTERN_BALKANS": (
        "§ 19c Abs. 1 AufenthG; § 26 Abs. 2 BeschV",
        SRC_B26,
        ("passport", "employment_contract", "declaration_of_employment"),
    ),
    "DE_RECOGNITION_PARTNERSHIP": (
        "§ 16d Abs. 3 AufenthG",
        SRC_16D,
        (
            "passport",
            "qualification_certificate",
            "zab_confirmation",
            "recognition_partnership_agreement",
            "employment_contract",
            "german_certificate",
        ),
    ),
    "DE_RECOGNITION_MEASURES": (
        "§ 16d Abs. 1 AufenthG",
        SRC_16D,
        (
            "passport",
            "recognition_deficit_notice",
            "qualification_measure_plan",
            "german_certificate",
            "proof_of_funds",
        ),
    ),
    "DE_OPPORTUNITY_CARD": (
        "§§ 20a, 20b AufenthG",
        SRC_20A,
        ("passport", "qualification_certificate", "language_certificate", "proof_of_funds"),
    ),
    "REMOTE_ABROAD": (
        "§ 4a Abs. 1 AufenthG (title only for employment in Germany); § 3 SGB IV",
        SRC_4A,
        ("local_employment_contract",),
    ),
}

_PERMANENT_TITLES = frozenset({"settlement_permit", "permanent_eu"})
_FREE_EMPLOYMENT_TITLES = frozenset({"settlement_permit", "permanent_eu", "family_reunification"})
_BOUND_TITLES = frozenset({"blue_card", "skilled_worker"})
_STATUS_RANK: dict[str, int] = {"not_eligible": 0, "conditional": 1, "eligible": 2}
_CENT = Decimal("0.01")


def _eur(amount: Decimal) -> str:
    return f"{amount.quantize(_CENT)} EUR"


# --------------------------------------------------------------------------- building blocks


class _Reqs:
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


def _req(
    code: str, met: bool | None, detail: str, detail_de: str, legal_basis: str, source: str
) -> Requirement:
    return new_requirement(code, met, detail, legal_basis, source, detail_de)


R_WORK_IN_DE_MET = _req(
    "employment_in_germany",
    True,
    "The job is performed in Germany.",
    "Die Beschäftigung wird in Deutschland ausgeübt.",
    "§ 4a Abs. 1 AufenthG",
    SRC_4A,
)
R_WORK_IN_DE_FAILED = _req(
    "employment_in_germany",
    False,
    "The job is performed outside Germany; a German residence title for employment is neither "
    "needed nor available for it.",
    "Die Beschäftigung wird außerhalb Deutschlands ausgeübt; ein deutscher Aufenthaltstitel zur "
    "Beschäftigung ist dafür weder nötig noch erhältlich.",
    "§ 4a Abs. 1 AufenthG",
    SRC_4A,
)
R_THIRD_MET = _req(
    "third_country_national",
    True,
    "Third-country national: employment in Germany needs a residence title that permits it.",
    "Drittstaatsangehörige Person: Die Beschäftigung erfordert einen Aufenthaltstitel, der sie "
    "erlaubt.",
    "§ 4a Abs. 1 AufenthG",
    SRC_4A,
)
R_THIRD_FAILED = _req(
    "third_country_national",
    False,
    "The person is German or enjoys free movement (EU/EEA/Switzerland); this title is not "
    "available and not needed.",
    "Die Person ist Deutsche oder freizügigkeitsberechtigt (EU/EWR/Schweiz); dieser Titel ist "
    "weder erhältlich noch nötig.",
    "§ 1 Abs. 2 Nr. 1 AufenthG; §§ 1, 2 FreizügG/EU",
    SRC_FREIZUEG,
)


def _ba(code: str, legal_basis: str, source: str, what: str, what_de: str) -> Requirement:
    return _req(
        code,
        None,
        f"Procedural step: {what}.",
        f"Verfahrensschritt: {what_de}.",
        legal_basis,
        source,
    )


R_BA_39 = _ba(
    "ba_approval",
    "§ 39 Abs. 2 AufenthG",
    SRC_39,
    "approval of the Federal Employment Agency (no labour-market test)",
    "Zustimmung der Bundesagentur für Arbeit (ohne Vorrangprüfung)",
)
R_BA_BLUE_REDUCED = _ba(
    "ba_approval",
    "§ 18g Abs. 1 Satz 2, § 39 Abs. 2 AufenthG",
    SRC_18G,
    "approval of the Federal Employment Agency (reduced salary threshold)",
    "Zustimmung der Bundesagentur für Arbeit (abgesenkte Gehaltsgrenze)",
)
R_BA_BLUE_IT = _ba(
    "ba_approval",
    "§ 18g Abs. 2, § 39 Abs. 2 Nr. 2 lit. c AufenthG",
    SRC_18G,
    "approval of the Federal Employment Agency",
    "Zustimmung der Bundesagentur für Arbeit",
)
R_BA_B6 = _ba(
    "ba_approval",
    "§ 39 Abs. 2 AufenthG; § 6 BeschV",
    SRC_B6,
    "approval of the Federal Employment Agency",
    "Zustimmung der Bundesagentur für Arbeit",
)
R_BA_WB = _ba(
    "ba_approval",
    "§ 26 Abs. 2 Satz 1 BeschV",
    SRC_B26,
    "approval of the Federal Employment Agency with labour-market test (Vorrangprüfung)",
    "Zustimmung der Bundesagentur für Arbeit mit Vorrangprüfung",
)
R_BA_ICT = _ba(
    "ba_approval",
    "§ 10a BeschV",
    SRC_B10A,
    "approval of the Federal Employment Agency (pay and conditions as for comparable staff)",
    "Zustimmung der Bundesagentur für Arbeit (Entgelt und Bedingungen wie vergleichbare "
    "Beschäftigte)",
)
R_BA_16D3 = _ba(
    "ba_approval",
    "§ 16d Abs. 3 AufenthG",
    SRC_16D,
    "approval of the Federal Employment Agency",
    "Zustimmung der Bundesagentur für Arbeit",
)
R_DEGREE_PROOF = _ba(
    "degree_comparability_proof",
    "§ 18 Abs. 2 Nr. 4 AufenthG",
    SRC_18,
    "proof of comparability of the degree (anabin H+ printout or ZAB statement)",
    "Nachweis der Vergleichbarkeit des Abschlusses (anabin-Ausdruck H+ oder ZAB-Zeugnisbewertung)",
)
R_ZAB_B6 = _ba(
    "zab_confirmation",
    "§ 6 Abs. 1 Satz 4 BeschV",
    SRC_B6,
    "confirmation of the state-recognised qualification by the ZAB (DAB or statement)",
    "Bestätigung der staatlich anerkannten Qualifikation durch die ZAB (DAB oder Zeugnisbewertung)",
)
R_ZAB_16D3 = _ba(
    "zab_confirmation",
    "§ 16d Abs. 3 Satz 4 AufenthG",
    SRC_16D,
    "confirmation of the qualification by a competent German body (in practice the ZAB)",
    "Bestätigung der Qualifikation durch eine zuständige inländische Stelle (in der Praxis die "
    "ZAB)",
)
R_ZAB_20A = _ba(
    "zab_confirmation",
    "§ 20a Abs. 4 AufenthG",
    SRC_20A,
    "confirmation of the qualification by a competent German body (in practice the ZAB)",
    "Bestätigung der Qualifikation durch eine zuständige inländische Stelle (in der Praxis die "
    "ZAB)",
)
R_WB_VISA = _ba(
    "visa_at_mission_in_region",
    "§ 26 Abs. 2 Satz 2 BeschV",
    SRC_B26,
    "the visa is applied for at the German mission in one of the six Western Balkan states",
    "das Visum wird bei der deutschen Auslandsvertretung in einem der sechs Westbalkanstaaten "
    "beantragt",
)
R_WB_ASYLUM = _ba(
    "no_asylum_benefits_24_months",
    "§ 26 Abs. 2 Satz 4 BeschV",
    SRC_B26,
    "declaration that no asylum-seeker benefits were received in the last 24 months",
    "Erklärung, dass in den letzten 24 Monaten keine Leistungen nach dem AsylbLG bezogen wurden",
)
R_ICT_QUALIFICATION = _ba(
    "qualification_proof",
    "§ 19 Abs. 2 Nr. 4 AufenthG",
    SRC_19,
    "proof of the professional qualification",
    "Nachweis der beruflichen Qualifikation",
)
R_ICT_VISA = _ba(
    "visa_from_abroad",
    "§ 41 Abs. 4 AufenthV",
    _GII + "aufenthv/__41.html",
    "the ICT card is applied for from abroad (no visa-free application in Germany)",
    "die ICT-Karte wird vom Ausland aus beantragt (keine visumfreie Antragstellung im Inland)",
)
R_RESEARCH_COSTS = _ba(
    "cost_coverage_declaration",
    "§ 18d Abs. 1, 2 AufenthG",
    SRC_18D,
    "written cost-coverage declaration of the research institution (waivable if mainly "
    "publicly funded)",
    "schriftliche Kostenübernahmeerklärung der Forschungseinrichtung (entbehrlich bei "
    "überwiegend öffentlicher Finanzierung)",
)
R_16D3_AGREEMENT = _ba(
    "recognition_partnership_agreement",
    "§ 16d Abs. 3 Satz 1 Nr. 3 AufenthG",
    SRC_16D,
    "agreement between employer and employee to start the recognition procedure after entry",
    "Vereinbarung zwischen Arbeitgeber und Beschäftigtem, nach der Einreise das "
    "Anerkennungsverfahren zu betreiben",
)
R_16D1_MEASURE = _ba(
    "qualification_measure",
    "§ 16d Abs. 1 AufenthG",
    SRC_16D,
    "admission to an adaptation or compensation measure",
    "Zulassung zu einer Anpassungs- oder Ausgleichsmaßnahme",
)
R_LIVELIHOOD = _ba(
    "livelihood_secured",
    "§ 20a Abs. 4 AufenthG; § 5 Abs. 1 Nr. 1 AufenthG",
    SRC_20A,
    "proof that the livelihood is secured",
    "Nachweis der Lebensunterhaltssicherung",
)


def _licence(ctx: Context, reqs: _Reqs) -> None:
    if not ctx.job.regulated_profession:
        return
    if ctx.person.qualification.recognition == "full":
        reqs.add(
            _req(
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
            _req(
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


def _common(ctx: Context, reqs: _Reqs) -> None:
    reqs.add(R_WORK_IN_DE_MET if ctx.work_in_germany else R_WORK_IN_DE_FAILED, hard=True)
    reqs.add(R_THIRD_MET if ctx.third_country else R_THIRD_FAILED, hard=True)


def _salary(
    ctx: Context, code: str, threshold: Decimal, label: str, label_de: str, basis: str, src: str
) -> Requirement:
    salary = ctx.salary
    if salary >= threshold:
        return _req(
            code,
            True,
            f"Salary >= {_eur(threshold)} ({label}).",
            f"Gehalt >= {_eur(threshold)} ({label_de}).",
            basis,
            src,
        )
    return _req(
        code,
        False,
        f"Salary < {_eur(threshold)} ({label}).",
        f"Gehalt < {_eur(threshold)} ({label_de}).",
        basis,
        src,
    )


def _age_45(ctx: Context, reqs: _Reqs, basis: str) -> bool | None:
    """Adds the age-45 requirement where it applies; returns whether it is met (None: n/a)."""
    if ctx.person.german_residence_title in _BOUND_TITLES:
        return None  # not the first issuance of a skilled-worker title
    age_limit = ctx.p("de.residence.age_45_age")
    if ctx.age_at_start < age_limit:
        return None
    threshold: Decimal = ctx.p("de.residence.age_45_salary_threshold")
    met = ctx.salary >= threshold
    cmp = ">=" if met else "<"
    reqs.add(
        _req(
            "age_45_salary_or_pension",
            met,
            f"Aged {age_limit} or older at the start: salary {cmp} {_eur(threshold)}"
            + ("." if met else ", or proof of adequate old-age provision is needed."),
            f"Bei Beginn mindestens {age_limit} Jahre alt: Gehalt {cmp} {_eur(threshold)}"
            + ("." if met else "; andernfalls Nachweis einer angemessenen Altersversorgung."),
            basis,
            SRC_18,
        )
    )
    return met


def _recognised_degree(ctx: Context, reqs: _Reqs) -> None:
    q = ctx.person.qualification
    if q.kind != "academic":
        reqs.add(
            _req(
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
        _req(
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
            _req(
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
            _req(
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
            _req(
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


def _isco_in(isco: str | None, groups: frozenset[str]) -> bool:
    """Whether an ISCO-08 code (1 to 4 digits) falls in one of the groups (any prefix)."""
    if not isco:
        return False
    return isco[:1] in groups or isco[:2] in groups or isco[:3] in groups or isco in groups


def _contract_duration(ctx: Context, reqs: _Reqs) -> None:
    months = _contract_months(ctx)
    if months is None:
        return
    minimum: int = ctx.p("de.residence.blue_card_min_contract_months")
    met = months >= minimum
    reqs.add(
        _req(
            "contract_duration",
            met,
            f"Contract of {months} full months ({'>=' if met else '<'} {minimum}).",
            f"Vertrag über {months} volle Monate ({'>=' if met else '<'} {minimum}).",
            "§ 18g Abs. 3 AufenthG",
            SRC_18G,
        )
    )


# --------------------------------------------------------------------------- pathways


def _result(code: str, reqs: _Reqs, variant: str | None = None) -> PathwayResult:
    basis, source, documents = PATHWAY_INFO[code]
    sources = tuple(dict.fromkeys([source, *(r.source for r in reqs.items)]))
    return new_pathway(
        code, reqs.status, basis, source, tuple(reqs.items), documents, sources, variant
    )


def _eu_free_movement(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    reqs.add(R_WORK_IN_DE_MET if ctx.work_in_germany else R_WORK_IN_DE_FAILED, hard=True)
    if ctx.german:
        reqs.add(
            _req(
                "free_movement_nationality",
                True,
                "German national: no residence title is needed.",
                "Deutsche Staatsangehörigkeit: Kein Aufenthaltstitel nötig.",
                "Art. 11 GG; § 1 Abs. 2 Nr. 1 AufenthG",
                SRC_FREIZUEG,
            ),
            hard=True,
        )
    elif ctx.free_movement:
        reqs.add(
            _req(
                "free_movement_nationality",
                True,
                "EU/EEA/Swiss national: free movement of workers, no title and no BA approval.",
                "Staatsangehörigkeit EU/EWR/Schweiz: Arbeitnehmerfreizügigkeit, kein Titel und "
                "keine Zustimmung der BA nötig.",
                "§§ 1, 2, 12 FreizügG/EU; § 28 AufenthV",
                SRC_FREIZUEG,
            ),
            hard=True,
        )
    else:
        reqs.add(
            _req(
                "free_movement_nationality",
                False,
                "No nationality of an EU/EEA state or Switzerland.",
                "Keine Staatsangehörigkeit eines EU-/EWR-Staates oder der Schweiz.",
                "§§ 1, 2, 12 FreizügG/EU; § 28 AufenthV",
                SRC_FREIZUEG,
            ),
            hard=True,
        )
    return _result("EU_FREE_MOVEMENT", reqs)


def _existing_title(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    reqs.add(R_WORK_IN_DE_MET if ctx.work_in_germany else R_WORK_IN_DE_FAILED, hard=True)
    title = ctx.person.german_residence_title
    basis = "§ 4a Abs. 1, 3 AufenthG"
    if title is None:
        reqs.add(
            _req(
                "existing_title_permits_employment",
                False,
                "No German residence title held.",
                "Kein deutscher Aufenthaltstitel vorhanden.",
                basis,
                SRC_4A,
            ),
            hard=True,
        )
    elif title in _FREE_EMPLOYMENT_TITLES:
        reqs.add(
            _req(
                "existing_title_permits_employment",
                True,
                f"The title ({title}) permits any employment.",
                f"Der Titel ({title}) berechtigt zu jeder Erwerbstätigkeit.",
                "§ 4a Abs. 1 AufenthG; §§ 9, 9a, 27 Abs. 5 AufenthG",
                SRC_4A,
            ),
            hard=True,
        )
    elif title == "opportunity_card" and "de.residence.opportunity_card_max_weekly_hours" in (
        ctx.snapshot
    ):
        max_hours: int = ctx.p("de.residence.opportunity_card_max_weekly_hours")
        met = ctx.job.weekly_hours <= max_hours
        reqs.add(
            _req(
                "existing_title_permits_employment",
                met,
                f"The opportunity card permits employment of up to {max_hours} hours a week"
                + (": the job fits." if met else ": the job has more hours."),
                f"Die Chancenkarte erlaubt eine Beschäftigung bis {max_hours} Stunden pro Woche"
                + (": die Stelle passt." if met else ": die Stelle hat mehr Stunden."),
                "§ 20a Abs. 2 AufenthG",
                SRC_20A,
            ),
            hard=True,
        )
    elif title in _BOUND_TITLES:
        reqs.add(
            _req(
                "existing_title_permits_employment",
                False,
                f"The {title} title was issued for a specific employment; a new employer needs "
                "the foreigners authority's permission or notification (and may need a new "
                "title).",
                "Der Titel wurde für eine bestimmte Beschäftigung erteilt; ein Arbeitgeberwechsel "
                "bedarf der Erlaubnis bzw. Mitteilung an die Ausländerbehörde (ggf. neuer Titel).",
                "§ 4a Abs. 3 AufenthG; § 18g Abs. 4 AufenthG",
                SRC_4A,
            )
        )
    else:
        reqs.add(
            _req(
                "existing_title_permits_employment",
                False,
                f"The title ({title}) does not permit this employment; a change of purpose is "
                "assessed under the other pathways.",
                f"Der Titel ({title}) erlaubt diese Beschäftigung nicht; ein Zweckwechsel wird "
                "bei den anderen Wegen geprüft.",
                basis,
                SRC_4A,
            ),
            hard=True,
        )
    valid_until = ctx.person.permit_valid_until
    if title is not None and title not in _PERMANENT_TITLES and valid_until is not None:
        met = valid_until >= ctx.job.start_date
        reqs.add(
            _req(
                "title_valid_at_start",
                met,
                "The title is still valid when the job starts."
                if met
                else "The title expires before the job starts: apply for an extension.",
                "Der Titel gilt bei Beschäftigungsbeginn noch."
                if met
                else "Der Titel läuft vor Beschäftigungsbeginn ab: Verlängerung beantragen.",
                "§ 81 Abs. 4 AufenthG",
                AUFENTHG.format("81"),
            )
        )
    return _result("EXISTING_TITLE", reqs)


def _blue_card_academic(ctx: Context) -> tuple[_Reqs, str | None]:
    reqs = _Reqs()
    _common(ctx, reqs)
    _recognised_degree(ctx, reqs)
    standard: Decimal = ctx.p("de.residence.blue_card_salary_standard")
    variant: str | None = None
    if ctx.salary >= standard:
        reqs.add(
            _salary(
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
        shortage = _isco_in(
            ctx.job.isco08, ctx.codes("de.residence.blue_card_shortage_isco_groups")
        )
        if ctx.job.isco08 is None:
            shortage = ctx.person.qualification.shortage_occupation
        completed = ctx.person.qualification.completed_year
        max_years: int = ctx.p("de.residence.blue_card_new_entrant_years")
        new_entrant = completed is not None and ctx.as_of.year - completed <= max_years
        if shortage or new_entrant:
            why = "shortage occupation" if shortage else "new entrant"
            why_de = "Engpassberuf" if shortage else "Berufsanfänger"
            req = _salary(
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
                _salary(
                    ctx,
                    "salary_threshold",
                    standard,
                    "standard threshold",
                    "Regelgrenze",
                    "§ 18g Abs. 1 Satz 1 AufenthG",
                    SRC_18G,
                )
            )
    _contract_duration(ctx, reqs)
    _licence(ctx, reqs)
    return reqs, variant


def _blue_card_it(ctx: Context) -> _Reqs:
    reqs = _Reqs()
    _common(ctx, reqs)
    it_groups = ctx.codes("de.residence.it_specialist_isco_groups")
    is_it = _isco_in(ctx.job.isco08, it_groups)
    reqs.add(
        _req(
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
        _req(
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
        _salary(
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
    _contract_duration(ctx, reqs)
    return reqs


def _blue_card(ctx: Context) -> PathwayResult:
    academic, variant = _blue_card_academic(ctx)
    if ctx.person.qualification.kind == "academic" and academic.status == "eligible":
        return _result("DE_BLUE_CARD", academic, variant)
    it = _blue_card_it(ctx)
    if _STATUS_RANK[it.status] > _STATUS_RANK[academic.status]:
        return _result("DE_BLUE_CARD", it, "it_specialist")
    return _result("DE_BLUE_CARD", academic, variant)


def _skilled_academic(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    _recognised_degree(ctx, reqs)
    _licence(ctx, reqs)
    _age_45(ctx, reqs, "§ 18 Abs. 2 Nr. 5 AufenthG")
    reqs.add(R_BA_39)
    return _result("DE_SKILLED_ACADEMIC", reqs)


def _skilled_vocational(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    q = ctx.person.qualification
    basis = "§ 18 Abs. 2 Nr. 4, Abs. 3 Nr. 1 AufenthG"
    if q.kind != "vocational":
        reqs.add(
            _req(
                "vocational_qualification",
                False,
                "No vocational qualification.",
                "Keine Berufsausbildung.",
                basis,
                SRC_18,
            ),
            hard=True,
        )
    else:
        reqs.add(
            _req(
                "vocational_qualification",
                True,
                "Vocational qualification.",
                "Berufsausbildung vorhanden.",
                basis,
                SRC_18,
            ),
            hard=True,
        )
        if q.recognition == "full":
            reqs.add(
                _req(
                    "equivalence_established",
                    True,
                    "Equivalence with a German qualification has been established.",
                    "Die Gleichwertigkeit mit einer deutschen Ausbildung ist festgestellt.",
                    basis,
                    SRC_18,
                )
            )
        elif q.recognition == "none":
            reqs.add(
                _req(
                    "equivalence_established",
                    False,
                    "The competent body found no equivalence.",
                    "Die zuständige Stelle hat keine Gleichwertigkeit festgestellt.",
                    basis,
                    SRC_18,
                ),
                hard=True,
            )
        else:
            reqs.add(
                _req(
                    "equivalence_established",
                    False,
                    f"Equivalence not (yet) established ({q.recognition}): apply to the "
                    "competent body (e.g. IHK FOSA, Handwerkskammer) or close the deficits.",
                    "Gleichwertigkeit (noch) nicht festgestellt: Antrag bei der zuständigen "
                    "Stelle (z. B. IHK FOSA, Handwerkskammer) oder Defizite ausgleichen.",
                    basis,
                    SRC_18,
                )
            )
    _licence(ctx, reqs)
    _age_45(ctx, reqs, "§ 18 Abs. 2 Nr. 5 AufenthG")
    reqs.add(R_BA_39)
    return _result("DE_SKILLED_VOCATIONAL", reqs)


def _ict_card(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    ict = ctx.job.intra_corporate_transfer
    basis = "§ 19 Abs. 2 AufenthG"
    if ict is None:
        reqs.add(
            _req(
                "intra_corporate_transfer",
                False,
                "No transfer within a company group.",
                "Keine unternehmensinterne Versetzung.",
                "§ 19 Abs. 1 AufenthG",
                SRC_19,
            ),
            hard=True,
        )
        return _result("DE_ICT_CARD", reqs)
    reqs.add(
        _req(
            "intra_corporate_transfer",
            True,
            f"Transfer within the group as {ict.role} for {ict.planned_months} months.",
            f"Unternehmensinterne Versetzung als {ict.role} für {ict.planned_months} Monate.",
            "§ 19 Abs. 1 AufenthG",
            SRC_19,
        ),
        hard=True,
    )
    outside_eu = ctx.person.residence_country not in ctx.coordination_states()
    reqs.add(
        _req(
            "residence_outside_eu",
            outside_eu,
            "The person lives outside the EU when applying."
            if outside_eu
            else "The person lives in an EU state; the ICT card is for transfers from third "
            "countries (mobility from another EU state: § 19a AufenthG).",
            "Die Person lebt bei Antragstellung außerhalb der EU."
            if outside_eu
            else "Die Person lebt in einem EU-Staat; die ICT-Karte gilt für Versetzungen aus "
            "Drittstaaten (Mobilität aus einem anderen EU-Staat: § 19a AufenthG).",
            "§ 19 Abs. 1 AufenthG",
            SRC_19,
        ),
        hard=True,
    )
    min_months: int = ctx.p("de.residence.ict_min_group_months")
    met = ict.months_with_group >= min_months
    reqs.add(
        _req(
            "group_membership",
            met,
            f"{ict.months_with_group} months with the group before the transfer "
            f"({'>=' if met else '<'} {min_months}).",
            f"{ict.months_with_group} Monate Konzernzugehörigkeit vor der Versetzung "
            f"({'>=' if met else '<'} {min_months}).",
            basis,
            SRC_19,
        )
    )
    min_days: int = ctx.p("de.residence.ict_min_transfer_days")
    long_enough = ict.planned_months * 30 > min_days
    reqs.add(
        _req(
            "transfer_duration",
            long_enough,
            f"The transfer lasts {ict.planned_months} months "
            + ("(more than " if long_enough else "(not more than ")
            + f"{min_days} days).",
            f"Die Versetzung dauert {ict.planned_months} Monate "
            + ("(mehr als " if long_enough else "(nicht mehr als ")
            + f"{min_days} Tage).",
            basis,
            SRC_19,
        ),
        hard=True,
    )
    max_months: dict[str, int] = ctx.p("de.residence.ict_max_months")
    limit = max_months[ict.role]
    within = ict.planned_months <= limit
    reqs.add(
        _req(
            "maximum_duration",
            within,
            f"{ict.planned_months} months planned ({'<=' if within else '>'} {limit} months "
            f"for a {ict.role}).",
            f"{ict.planned_months} Monate geplant ({'<=' if within else '>'} {limit} Monate).",
            "§ 19 Abs. 4 AufenthG",
            SRC_19,
        )
    )
    if ict.role == "trainee":
        has_degree = ctx.person.qualification.kind == "academic"
        reqs.add(
            _req(
                "trainee_degree",
                has_degree,
                "Trainees need a university degree." + ("" if has_degree else " None is stated."),
                "Trainees benötigen einen Hochschulabschluss."
                + ("" if has_degree else " Keiner angegeben."),
                "§ 19 Abs. 3 AufenthG",
                SRC_19,
            ),
            hard=True,
        )
    reqs.add(R_ICT_QUALIFICATION)
    reqs.add(R_ICT_VISA)
    reqs.add(R_BA_ICT)
    _licence(ctx, reqs)
    return _result("DE_ICT_CARD", reqs, ict.role)


def _researcher(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    has = ctx.job.research_hosting_agreement
    reqs.add(
        _req(
            "hosting_agreement",
            has,
            "Hosting agreement with a research institution."
            if has
            else "No hosting agreement with a research institution (not a research position).",
            "Aufnahmevereinbarung mit einer Forschungseinrichtung."
            if has
            else "Keine Aufnahmevereinbarung mit einer Forschungseinrichtung.",
            "§ 18d Abs. 1 AufenthG",
            SRC_18D,
        ),
        hard=True,
    )
    if has:
        reqs.add(R_RESEARCH_COSTS)
        days = ctx.p("de.residence.researcher_decision_days")
        reqs.add(
            _req(
                "no_ba_approval",
                True,
                f"No BA approval needed; decision within {days} days for recognised institutions.",
                f"Keine Zustimmung der BA nötig; Entscheidung binnen {days} Tagen bei "
                "anerkannten Einrichtungen.",
                "§ 18d Abs. 1 AufenthG",
                SRC_18D,
            )
        )
    return _result("DE_RESEARCHER", reqs)


def _state_recognised_qualification(ctx: Context) -> bool:
    q = ctx.person.qualification
    if not q.state_recognised_abroad:
        return False
    if q.kind == "academic":
        return True
    if q.kind == "vocational":
        minimum: int = ctx.p("de.residence.min_training_years")
        return q.training_years is not None and q.training_years >= minimum
    return False


def _experience_based(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    version: str = ctx.p("de.residence.experience_rule_version")
    q = ctx.person.qualification
    threshold: Decimal = ctx.p("de.residence.experience_salary_threshold")
    min_years: int = ctx.p("de.residence.experience_min_years")
    window: int = ctx.p("de.residence.experience_window_years")
    is_ict = _isco_in(ctx.job.isco08, ctx.codes("de.residence.it_specialist_isco_groups"))
    if version == "it_specialists_2020":
        reqs.add(
            _req(
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
        if _state_recognised_qualification(ctx):
            reqs.add(
                _req(
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
                _req(
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
                _req(
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
        _req(
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
            _req(
                "salary_threshold",
                True,
                f"Threshold {_eur(threshold)} does not apply: the employer is bound by a "
                "collective agreement and pays according to it.",
                f"Grenze {_eur(threshold)} gilt nicht: Der Arbeitgeber ist tarifgebunden und "
                "zahlt nach Tarif.",
                "§ 6 Abs. 1 Satz 2 BeschV",
                SRC_B6,
            )
        )
    else:
        reqs.add(
            _salary(
                ctx,
                "salary_threshold",
                threshold,
                "experience pillar threshold",
                "Grenze Erfahrungssäule",
                "§ 6 Abs. 1 Satz 1 Nr. 2 BeschV",
                SRC_B6,
            )
        )
    _age_45(ctx, reqs, "§ 1 Abs. 2 BeschV")
    _licence(ctx, reqs)
    reqs.add(R_BA_B6)
    return _result("DE_EXPERIENCE_BASED", reqs, version)


def _western_balkans(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    states = ctx.codes("de.residence.western_balkans_countries")
    national = not states.isdisjoint(ctx.person.nationalities)
    reqs.add(
        _req(
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
            _req(
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
        _age_45(ctx, reqs, "§ 1 Abs. 2 BeschV")
        _licence(ctx, reqs)
    return _result("DE_WESTERN_BALKANS", reqs)


def _german_level(ctx: Context, reqs: _Reqs, minimum: str, basis: str, src: str) -> None:
    level = ctx.person.german_level
    met = cefr_at_least(level, minimum)
    reqs.add(
        _req(
            "german_level",
            met,
            f"German at level {minimum} or higher: " + ("met." if met else "not met."),
            f"Deutsch mindestens {minimum}: " + ("erfüllt." if met else "nicht erfüllt."),
            basis,
            src,
        )
    )


def _in_force(ctx: Context, reqs: _Reqs, name: str, basis: str, src: str) -> bool:
    parameter = ctx.param(name)
    if parameter.value:
        return True
    reqs.add(
        _req(
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


def _recognition_partnership(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    if not _in_force(
        ctx, reqs, "de.residence.recognition_partnership_in_force", "§ 16d Abs. 3 AufenthG", SRC_16D
    ):
        return _result("DE_RECOGNITION_PARTNERSHIP", reqs)
    qualified = _state_recognised_qualification(ctx)
    reqs.add(
        _req(
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
        _req(
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
    _german_level(
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
    return _result("DE_RECOGNITION_PARTNERSHIP", reqs)


def _recognition_measures(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    q = ctx.person.qualification
    basis = "§ 16d Abs. 1 AufenthG"
    if q.kind == "none":
        reqs.add(
            _req(
                "foreign_qualification",
                False,
                "No foreign qualification to be recognised.",
                "Keine anzuerkennende ausländische Qualifikation.",
                basis,
                SRC_16D,
            ),
            hard=True,
        )
        return _result("DE_RECOGNITION_MEASURES", reqs)
    if q.recognition == "partial":
        reqs.add(
            _req(
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
            _req(
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
            _req(
                "deficits_found",
                False,
                f"Recognition status '{q.recognition}': no measure to close deficits applies.",
                f"Anerkennungsstatus '{q.recognition}': Keine Ausgleichsmaßnahme einschlägig.",
                basis,
                SRC_16D,
            ),
            hard=True,
        )
    _german_level(ctx, reqs, ctx.p("de.residence.recognition_measures_min_german"), basis, SRC_16D)
    reqs.add(R_16D1_MEASURE)
    return _result("DE_RECOGNITION_MEASURES", reqs)


def _opportunity_points(ctx: Context, table: dict[str, int]) -> tuple[int, int]:
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


def _opportunity_card(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    basis = "§ 20a AufenthG"
    if not _in_force(ctx, reqs, "de.residence.opportunity_card_in_force", basis, SRC_20A):
        return _result("DE_OPPORTUNITY_CARD", reqs)
    q = ctx.person.qualification
    skilled = (q.kind == "academic" and q.recognition in ("full", "comparable")) or (
        q.kind == "vocational" and q.recognition == "full"
    )
    variant: str
    if skilled:
        variant = "skilled_worker"
        reqs.add(
            _req(
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
        qualified = _state_recognised_qualification(ctx) or q.recognition == "partial"
        reqs.add(
            _req(
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
            _req(
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
        points, reachable = _opportunity_points(ctx, ctx.p("de.residence.opportunity_card_points"))
        enough = points >= minimum
        detail = f"{points} points; minimum {minimum}"
        detail_de = f"{points} Punkte; Minimum {minimum}"
        if not enough:
            detail += f"; up to {reachable} reachable with German B2 and English C1"
            detail_de += f"; bis zu {reachable} mit Deutsch B2 und Englisch C1 erreichbar"
        reqs.add(
            _req(
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
        _req(
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
    return _result("DE_OPPORTUNITY_CARD", reqs, variant)


def _remote_abroad(ctx: Context) -> PathwayResult:
    reqs = _Reqs()
    abroad = ctx.job.work_country != "DE"
    reqs.add(
        _req(
            "work_outside_germany",
            abroad,
            f"The job is performed in {ctx.job.work_country}: no German title; the law of "
            "that state governs residence and work."
            if abroad
            else "The job is performed in Germany.",
            f"Die Beschäftigung wird in {ctx.job.work_country} ausgeübt: kein deutscher Titel; "
            "Aufenthalt und Arbeit richten sich nach dem dortigen Recht."
            if abroad
            else "Die Beschäftigung wird in Deutschland ausgeübt.",
            "§ 4a Abs. 1 AufenthG; § 3 Nr. 1 SGB IV",
            SRC_SGB4_3,
        ),
        hard=True,
    )
    return _result("REMOTE_ABROAD", reqs)


_EVALUATORS: tuple[Callable[[Context], PathwayResult], ...] = (
    _eu_free_movement,
    _existing_title,
    _blue_card,
    _skilled_academic,
    _skilled_vocational,
    _ict_card,
    _researcher,
    _experience_based,
    _western_balkans,
    _recognition_partnership,
    _recognition_measures,
    _opportunity_card,
    _remote_abroad,
)


_TITLE_CODES: tuple[str, ...] = PATHWAY_CODES[2:-1]


def _contract_months(ctx: Context) -> int | None:
    """Full months between start and agreed end (None for an open-ended contract)."""
    job = ctx.job
    end = job.end_date
    if end is None:
        return None
    start = job.start_date
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _not_applicable(ctx: Context, code: str) -> PathwayResult:
    reqs = _Reqs()
    _common(ctx, reqs)
    return _result(code, reqs)


_NA_EVALUATORS: tuple[Callable[[Context], PathwayResult], ...] = (
    _eu_free_movement,
    _existing_title,
    *(partial(_not_applicable, code=code) for code in _TITLE_CODES),
    _remote_abroad,
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
            _isco_in(isco, lim.it_groups),
            _isco_in(isco, lim.shortage_groups),
        )
    return flags


def evaluate_pathways(ctx: Context) -> tuple[PathwayResult, ...]:
    """All pathways in the order of ``model.PATHWAY_CODES``.

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
        return _evaluate(ctx, (eu_key, et_key, *_NA_KEYS[wid, third], ra_key), _NA_EVALUATORS)
    q = person.qualification
    salary = ctx.salary
    kind = q.kind
    recognition = q.recognition
    regulated = job.regulated_profession
    # "bound": not a first skilled-worker title, so the age rule is not even looked up.
    age45: bool | str | None = "bound" if title in _BOUND_TITLES else None
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
        points, reachable = _opportunity_points(ctx, table)
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
    return _evaluate(ctx, keys, _EVALUATORS)


_first = itemgetter(0)
_second = itemgetter(1)
_third = itemgetter(2)


def _evaluate(
    ctx: Context,
    keys: tuple[tuple[object, ...], ...],
    evaluators: tuple[Callable[[Context], PathwayResult], ...],
) -> tuple[PathwayResult, ...]:
    get = ctx.memo_cache().get
    entries = [*map(get, keys)]
    if None not in entries:
        # Every pathway is memoised (the usual case): combine the entries in C loops.
        hits = cast("list[tuple[PathwayResult, int, tuple[Finding, ...]]]", entries)
        ctx.used = reduce(or_, map(_second, hits), ctx.used)
        if any(map(_third, hits)):
            for hit in hits:
                ctx.findings.extend(hit[2])
        return tuple(map(_first, hits))
    used = ctx.used
    results: list[PathwayResult] = []
    append = results.append
    for key, evaluate in zip(keys, evaluators, strict=True):
        entry = get(key)
        if entry is None:
            ctx.used = used
            append(ctx.memo_call(key, evaluate))
            used = ctx.used
            continue
        append(entry[0])
        used |= entry[1]
        if entry[2]:
            ctx.findings.extend(entry[2])
    ctx.used = used
    return tuple(results)


def _recommend(in_germany: bool, statuses: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    if in_germany:
        order, indices = PREFERENCE_ORDER, _PREFERENCE_INDICES
    else:
        order, indices = REMOTE_PREFERENCE_ORDER, _REMOTE_INDICES
    for index in indices:
        if statuses[index] == "eligible":
            return PATHWAY_CODES[index], order
    return None, order


_status = attrgetter("status")
#: Recommendation per (work in Germany, statuses): few combinations occur, so each is decided once.
_RECOMMENDATIONS: dict[tuple[object, ...], tuple[str | None, tuple[str, ...]]] = {}


def recommend(
    ctx: Context, pathways: tuple[PathwayResult, ...]
) -> tuple[str | None, tuple[str, ...]]:
    in_germany = ctx.job.work_country == "DE"
    key = (in_germany, *map(_status, pathways))
    result = _RECOMMENDATIONS.get(key)
    if result is None:
        if len(_RECOMMENDATIONS) >= 100_000:
            _RECOMMENDATIONS.clear()
        result = _RECOMMENDATIONS[key] = _recommend(in_germany, key[1:])
    return result


# --------------------------------------------------------------------------- findings


def _static_findings(ctx: Context, statuses: tuple[str, ...]) -> tuple[Finding, ...]:
    """Findings whose text depends only on the facts in the memo key built by the caller."""
    person = ctx.person
    job = ctx.job
    q = person.qualification
    needs_title = ctx.third_country and ctx.work_in_germany
    out: list[Finding] = []
    if job.regulated_profession and ctx.work_in_germany:
        out.append(
            new_finding(
                "REGULATED_PROFESSION_LICENCE",
                "warning",
                "§ 18 Abs. 2 Nr. 3 AufenthG; § 3 Abs. 5 BQFG",
                SRC_BQFG,
                "Regulated profession: practising needs a licence from the competent body "
                "(find it with the Anerkennungs-Finder), for EU and non-EU nationals alike.",
                "Reglementierter Beruf: Die Ausübung erfordert eine Erlaubnis der zuständigen "
                "Stelle (Anerkennungs-Finder), für EU- und Drittstaatsangehörige.",
            )
        )
    if ctx.work_in_germany and q.kind != "none":
        if job.regulated_profession and q.recognition != "full":
            out.append(
                new_finding(
                    "RECOGNITION_REQUIRED",
                    "error",
                    "§ 18 Abs. 2 Nr. 3 AufenthG; § 3 Abs. 5 BQFG",
                    SRC_BQFG,
                    f"Regulated profession and recognition is '{q.recognition}': full "
                    "recognition is required before the person may practise.",
                    f"Reglementierter Beruf, Anerkennung '{q.recognition}': Vor der Ausübung ist "
                    "die volle Anerkennung erforderlich.",
                )
            )
        elif needs_title and q.recognition in ("not_assessed", "partial"):
            out.append(
                new_finding(
                    "RECOGNITION_REQUIRED",
                    "warning",
                    "§ 18 Abs. 2 Nr. 4 AufenthG",
                    SRC_18,
                    f"Recognition is '{q.recognition}': skilled-worker titles (§§ 18a, 18b, 18g) "
                    "need a recognised or comparable qualification (anabin/ZAB for degrees, "
                    "equivalence decision for vocational training).",
                    f"Anerkennung '{q.recognition}': Fachkräftetitel (§§ 18a, 18b, 18g) setzen "
                    "eine anerkannte bzw. vergleichbare Qualifikation voraus (anabin/ZAB, "
                    "Gleichwertigkeitsbescheid).",
                )
            )
    # statuses: Blue Card, § 18b, § 18a, Western Balkans
    if statuses[3] != "not_eligible":
        quota = ctx.p("de.residence.western_balkans_quota")
        out.append(
            new_finding(
                "WESTERN_BALKANS_QUOTA",
                "info",
                "§ 26 Abs. 2 Satz 3 BeschV",
                SRC_B26,
                f"The Western Balkans rule is capped at {quota} first approvals per calendar "
                "year; the 2025 quota ran out in late November. Apply early in the year.",
                f"Die Westbalkanregelung ist auf {quota} Erstzustimmungen je Kalenderjahr "
                "begrenzt; das Kontingent 2025 war Ende November erschöpft. Früh im Jahr "
                "beantragen.",
            )
        )
    nationalities = person.nationalities
    if needs_title and person.german_residence_title is None:
        if not ctx.codes("de.residence.visa_free_employment_nationals").isdisjoint(nationalities):
            days = ctx.p("de.residence.visa_free_application_days")
            out.append(
                new_finding(
                    "VISA_FREE_ENTRY_POSSIBLE",
                    "info",
                    "§ 41 Abs. 1, 3, 4 AufenthV",
                    _GII + "aufenthv/__41.html",
                    f"The person may enter without a visa and apply for the title in Germany "
                    f"within {days} days (not for the ICT card).",
                    f"Die Person kann visumfrei einreisen und den Titel binnen {days} Tagen im "
                    "Inland beantragen (nicht für die ICT-Karte).",
                )
            )
        elif not ctx.codes("de.residence.visa_free_no_employment_nationals").isdisjoint(
            nationalities
        ):
            out.append(
                new_finding(
                    "VISA_REQUIRED_FOR_EMPLOYMENT",
                    "info",
                    "§ 41 Abs. 2 AufenthV",
                    _GII + "aufenthv/__41.html",
                    "Visa-free entry is only for stays without employment: apply for a national "
                    "visa (D) at the German mission before entry.",
                    "Visumfreie Einreise nur ohne Erwerbsabsicht: Nationales Visum (D) vor der "
                    "Einreise bei der Auslandsvertretung beantragen.",
                )
            )
    if (
        needs_title
        and "eligible" not in statuses[:3]
        and not ctx.codes("de.residence.privileged_nationals").isdisjoint(nationalities)
    ):
        out.append(
            new_finding(
                "PRIVILEGED_NATIONALITY_ANY_EMPLOYMENT",
                "info",
                "§ 26 Abs. 1 BeschV",
                SRC_B26,
                "As a national of a § 26 Abs. 1 BeschV state the person can get BA approval "
                "for any employment (with labour-market test), regardless of qualification.",
                "Als Staatsangehörige eines Staates nach § 26 Abs. 1 BeschV kann die Person "
                "eine Zustimmung zu jeder Beschäftigung erhalten (mit Vorrangprüfung).",
            )
        )
    return tuple(out)


def residence_findings(ctx: Context, pathways: tuple[PathwayResult, ...]) -> list[Finding]:
    person = ctx.person
    job = ctx.job
    q = person.qualification
    blue = pathways[2]
    blue_status = blue.status
    statuses = (blue_status, pathways[3].status, pathways[4].status, pathways[8].status)
    wid = ctx.work_in_germany
    third = ctx.third_country
    if third and wid:
        nationalities = person.nationalities
        lim = ctx.limits
        visa_free = not lim.visa_free_employment.isdisjoint(nationalities)
        visa_free_no_employment = not lim.visa_free_no_employment.isdisjoint(nationalities)
        privileged = not lim.privileged.isdisjoint(nationalities)
    else:
        visa_free = visa_free_no_employment = privileged = False
    key = (
        "RF", wid, third, job.regulated_profession, q.kind, q.recognition,
        person.german_residence_title is None, visa_free, visa_free_no_employment, privileged,
        statuses[3] != "not_eligible",
        blue_status != "eligible" and statuses[1] != "eligible" and statuses[2] != "eligible",
    )  # fmt: skip
    entry = ctx.memo_cache().get(key)
    if entry is None:
        static: tuple[Finding, ...] = ctx.memo(key, lambda: _static_findings(ctx, statuses))
    else:
        static = entry[0]
        ctx.used |= entry[1]
        if entry[2]:
            ctx.findings.extend(entry[2])
    findings = list(static)
    if blue_status == "conditional":
        salary = _eur(ctx.salary)
        for r in blue.requirements:
            if r.code == "salary_threshold" and r.met is False:
                findings.append(
                    new_finding(
                        "BLUE_CARD_SALARY_BELOW_THRESHOLD",
                        "warning",
                        r.legal_basis,
                        r.source,
                        f"Blue Card not possible at a salary of {salary}: {r.detail}",
                        f"Blaue Karte bei einem Gehalt von {salary} nicht möglich: {r.detail_de}",
                    )
                )
                break
    # Only the skilled-worker titles, § 6 BeschV and the Western Balkans rule carry the age rule.
    for p in (
        (pathways[3], pathways[4], pathways[7], pathways[8])
        if ctx.age_at_start >= ctx.limits.age45_age
        else ()
    ):
        if p.status == "not_eligible":
            continue
        salary = _eur(ctx.salary)
        hit = None
        for r in p.requirements:
            if r.code == "age_45_salary_or_pension" and not r.met:
                hit = r
                break
        if hit is not None:
            findings.append(
                new_finding(
                    "AGE_45_SALARY_OR_PENSION_PROOF",
                    "warning",
                    hit.legal_basis,
                    hit.source,
                    f"Salary {salary}: {hit.detail} Applies to {p.code}; BMI guidance defines "
                    "adequate old-age provision.",
                    f"Gehalt {salary}: {hit.detail_de} Gilt für {p.code}.",
                )
            )
            break
    valid_until = person.permit_valid_until
    if (
        third
        and wid
        and valid_until is not None
        and person.german_residence_title not in _PERMANENT_TITLES
        and valid_until < ctx.as_of
    ):
        findings.append(
            new_finding(
                "PERMIT_EXPIRED",
                "error",
                "§ 4a Abs. 5 AufenthG; § 81 Abs. 4 AufenthG",
                SRC_4A,
                f"The residence title expired on {valid_until.isoformat()}; employment is only "
                "allowed with a valid title or a fictional certificate (Fiktionsbescheinigung).",
                f"Der Aufenthaltstitel ist am {valid_until.isoformat()} abgelaufen; beschäftigt "
                "werden darf nur mit gültigem Titel oder Fiktionsbescheinigung.",
            )
        )
    return findings
