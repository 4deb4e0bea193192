"""Residence findings: hints and problems that follow from the pathways and the case."""

from __future__ import annotations

from expatcare.rules.citations import Citation, cite
from expatcare.rules.context import Context, trace_entry
from expatcare.rules.messages import text, unique_text
from expatcare.rules.model import (
    Finding,
    PathwayResult,
    finding,
)
from expatcare.rules.residence.requirements import (
    PERMANENT_TITLES,
    cents,
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
            finding(
                "REGULATED_PROFESSION_LICENCE",
                "warning",
                text("finding.regulated_profession_licence"),
                cite("aufenthg_18_2_n_3_and_bqfg_3_5"),
            )
        )
    if ctx.work_in_germany and q.kind != "none":
        if job.regulated_profession and q.recognition != "full":
            out.append(
                finding(
                    "RECOGNITION_REQUIRED",
                    "error",
                    text("finding.recognition_required.regulated", recognition=q.recognition),
                    cite("aufenthg_18_2_n_3_and_bqfg_3_5"),
                )
            )
        elif needs_title and q.recognition in ("not_assessed", "partial"):
            out.append(
                finding(
                    "RECOGNITION_REQUIRED",
                    "warning",
                    text("finding.recognition_required.skilled", recognition=q.recognition),
                    cite("aufenthg_18_2_n_4"),
                )
            )
    # statuses: Blue Card, § 18b, § 18a, Western Balkans
    if statuses[3] != "not_eligible":
        quota = ctx.param("de.residence.western_balkans_quota")
        out.append(
            finding(
                "WESTERN_BALKANS_QUOTA",
                "info",
                text("finding.western_balkans_quota", quota=quota.value),
                cite("beschv_26_2_s_3"),
                (trace_entry(quota),),
            )
        )
    nationalities = person.nationalities
    if needs_title and person.german_residence_title is None:
        if not ctx.codes("de.residence.visa_free_employment_nationals").isdisjoint(nationalities):
            days = ctx.param("de.residence.visa_free_application_days")
            out.append(
                finding(
                    "VISA_FREE_ENTRY_POSSIBLE",
                    "info",
                    text("finding.visa_free_entry_possible", days=days.value),
                    cite("aufenthv_41_1_3_4"),
                    (trace_entry(days),),
                )
            )
        elif not ctx.codes("de.residence.visa_free_no_employment_nationals").isdisjoint(
            nationalities
        ):
            out.append(
                finding(
                    "VISA_REQUIRED_FOR_EMPLOYMENT",
                    "info",
                    text("finding.visa_required_for_employment"),
                    cite("aufenthv_41_2"),
                )
            )
    if (
        needs_title
        and "eligible" not in statuses[:3]
        and not ctx.codes("de.residence.privileged_nationals").isdisjoint(nationalities)
    ):
        out.append(
            finding(
                "PRIVILEGED_NATIONALITY_ANY_EMPLOYMENT",
                "info",
                text("finding.privileged_nationality_any_employment"),
                cite("beschv_26_1"),
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
        for r in blue.requirements:
            if r.code == "salary_threshold" and r.met is False:
                findings.append(
                    finding(
                        "BLUE_CARD_SALARY_BELOW_THRESHOLD",
                        "warning",
                        unique_text(
                            "finding.blue_card_salary_below_threshold",
                            salary_eur=cents(ctx.salary),
                            requirement=r.message,
                        ),
                        Citation(r.legal_basis, r.source),
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
        hit = None
        for r in p.requirements:
            if r.code == "age_45_salary_or_pension" and not r.met:
                hit = r
                break
        if hit is not None:
            findings.append(
                finding(
                    "AGE_45_SALARY_OR_PENSION_PROOF",
                    "warning",
                    unique_text(
                        "finding.age_45_salary_or_pension_proof",
                        salary_eur=cents(ctx.salary),
                        requirement=hit.message,
                        pathway=p.code,
                    ),
                    Citation(hit.legal_basis, hit.source),
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
            finding(
                "PERMIT_EXPIRED",
                "error",
                text("finding.permit_expired", expired_on=valid_until),
                cite("aufenthg_4a_5_and_aufenthg_81_4"),
            )
        )
    return findings
