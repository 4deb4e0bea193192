"""Residence findings: hints and problems that follow from the pathways and the case."""

from __future__ import annotations

from expatcare.rules.context import Context
from expatcare.rules.model import (
    Finding,
    PathwayResult,
    new_finding,
)
from expatcare.rules.residence.catalogue import (
    GII,
    SRC_4A,
    SRC_18,
    SRC_B26,
    SRC_BQFG,
)
from expatcare.rules.residence.requirements import (
    PERMANENT_TITLES,
    eur,
)


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
                    GII + "aufenthv/__41.html",
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
                    GII + "aufenthv/__41.html",
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
        salary = eur(ctx.salary)
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
        salary = eur(ctx.salary)
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
        and person.german_residence_title not in PERMANENT_TITLES
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
