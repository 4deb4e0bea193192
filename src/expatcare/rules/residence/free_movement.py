"""EU_FREE_MOVEMENT (§§ 1, 2, 12 FreizügG/EU), EXISTING_TITLE (§ 4a AufenthG) and REMOTE_ABROAD:
the pathways that need no new German title.
"""

from __future__ import annotations

from expatcare.rules.context import Context
from expatcare.rules.model import PathwayResult
from expatcare.rules.residence.catalogue import (
    AUFENTHG,
    SRC_4A,
    SRC_20A,
    SRC_FREIZUEG,
    SRC_SGB4_3,
)
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
                "German national: no residence title is needed.",
                "Deutsche Staatsangehörigkeit: Kein Aufenthaltstitel nötig.",
                "Art. 11 GG; § 1 Abs. 2 Nr. 1 AufenthG",
                SRC_FREIZUEG,
            ),
            hard=True,
        )
    elif ctx.free_movement:
        reqs.add(
            req(
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
            req(
                "free_movement_nationality",
                False,
                "No nationality of an EU/EEA state or Switzerland.",
                "Keine Staatsangehörigkeit eines EU-/EWR-Staates oder der Schweiz.",
                "§§ 1, 2, 12 FreizügG/EU; § 28 AufenthV",
                SRC_FREIZUEG,
            ),
            hard=True,
        )
    return result("EU_FREE_MOVEMENT", reqs)


def existing_title(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    reqs.add(R_WORK_IN_DE_MET if ctx.work_in_germany else R_WORK_IN_DE_FAILED, hard=True)
    title = ctx.person.german_residence_title
    basis = "§ 4a Abs. 1, 3 AufenthG"
    if title is None:
        reqs.add(
            req(
                "existing_title_permits_employment",
                False,
                "No German residence title held.",
                "Kein deutscher Aufenthaltstitel vorhanden.",
                basis,
                SRC_4A,
            ),
            hard=True,
        )
    elif title in FREE_EMPLOYMENT_TITLES:
        reqs.add(
            req(
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
            req(
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
    elif title in BOUND_TITLES:
        reqs.add(
            req(
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
            req(
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
    if title is not None and title not in PERMANENT_TITLES and valid_until is not None:
        met = valid_until >= ctx.job.start_date
        reqs.add(
            req(
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
    return result("EXISTING_TITLE", reqs)


def remote_abroad(ctx: Context) -> PathwayResult:
    reqs = Reqs()
    abroad = ctx.job.work_country != "DE"
    reqs.add(
        req(
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
    return result("REMOTE_ABROAD", reqs)
