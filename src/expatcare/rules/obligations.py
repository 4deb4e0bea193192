"""Employer and employee duties with due dates (DESIGN §5a, legal_facts_notes §A, §C.4).

Each duty states whether its deadline is a *period* (moves off weekends and public holidays of
the workplace's state where the statute says so) or a *point in time* (never moves):

=============================  ==============================  ===============================
code                           deadline                        shift rule
=============================  ==============================  ===============================
RESIDENCE_TITLE_CHECK / COPY   before work starts               none (condition of employment)
SOFORTMELDUNG                  at the latest when work starts   none (point in time)
DEUEV_REGISTRATION             6 weeks after the start          § 26 Abs. 3 SGB X
DEUEV_DEREGISTRATION           6 weeks after the end            § 26 Abs. 3 SGB X
HEALTH_INSURANCE_REGISTRATION  2 weeks after the start          § 26 Abs. 3 SGB X
RESIDENCE_REGISTRATION         2 weeks after moving in          § 31 Abs. 3 VwVfG (Land laws)
EMPLOYMENT_END_NOTICE          4 weeks after learning of it     § 31 Abs. 3 VwVfG (Land laws)
PERMIT_RENEWAL                 before the title expires         none (title simply ends)
A1_CERTIFICATE / POSTING_...   before the posting starts        none (point in time)
=============================  ==============================  ===============================
"""

from __future__ import annotations

from datetime import date, timedelta

from expatcare.rules.calendar import (
    NO_SHIFT,
    SGB_X_26,
    VWVFG_31,
    Deadline,
    ShiftRule,
    add_weeks,
    shift_to_working_day,
)
from expatcare.rules.context import Context
from expatcare.rules.model import Obligation, SocialSecurity

__all__ = ["determine_obligations"]

_GII = "https://www.gesetze-im-internet.de/"
SRC_4A = _GII + "aufenthg_2004/__4a.html"
SRC_81 = _GII + "aufenthg_2004/__81.html"
SRC_DEUEV_6 = _GII + "de_v/__6.html"
SRC_DEUEV_8 = _GII + "de_v/__8.html"
SRC_28A = _GII + "sgb_4/__28a.html"
SRC_175 = _GII + "sgb_5/__175.html"
SRC_BMG_17 = _GII + "bmg/__17.html"
SRC_106 = _GII + "sgb_4/__106.html"
SRC_A1 = "https://www.gov.uk/hmrc-internal-manuals/national-insurance-manual/nim33075"

#: Titles of Chapter 2 Section 4 AufenthG (employment), for § 4a Abs. 5 Satz 3 Nr. 3.
_EMPLOYMENT_TITLES = frozenset({"blue_card", "skilled_worker", "opportunity_card"})
_EMPLOYMENT_PATHWAYS = frozenset(
    {
        "DE_BLUE_CARD",
        "DE_SKILLED_ACADEMIC",
        "DE_SKILLED_VOCATIONAL",
        "DE_ICT_CARD",
        "DE_RESEARCHER",
        "DE_EXPERIENCE_BASED",
        "DE_WESTERN_BALKANS",
        "DE_OPPORTUNITY_CARD",
    }
)
_PERMANENT_TITLES = frozenset({"settlement_permit", "permanent_eu"})
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def _shift_note(deadline: Deadline) -> tuple[str, str]:
    if deadline.moved_from is None:
        return "", ""
    original = deadline.moved_from
    why = "a weekend" if original.weekday() >= 5 else "a public holiday"
    why_de = "ein Wochenende" if original.weekday() >= 5 else "einen Feiertag"
    return (
        f" The period ends on {_WEEKDAYS_EN[original.weekday()]} {original.isoformat()}, "
        f"{why}, and therefore moves to the next working day, {deadline.due.isoformat()} "
        f"({deadline.rule.legal_basis}).",
        f" Das Fristende fällt auf {_WEEKDAYS_DE[original.weekday()]}, "
        f"{original.isoformat()}, {why_de} und verschiebt sich daher auf den nächsten Werktag, "
        f"{deadline.due.isoformat()} ({deadline.rule.legal_basis}).",
    )


def _period(ctx: Context, end: date, rule: ShiftRule) -> Deadline:
    return shift_to_working_day(end, ctx.job.state, rule)


def _obligation(
    code: str,
    deadline: Deadline | None,
    responsible: str,
    legal_basis: str,
    source: str,
    explanation: str,
    explanation_de: str,
) -> Obligation:
    if deadline is None:
        return Obligation(code, None, responsible, legal_basis, source, explanation, explanation_de)
    note, note_de = _shift_note(deadline)
    basis = legal_basis
    if deadline.moved_from is not None:
        basis = f"{legal_basis}; {deadline.rule.legal_basis}"
    return Obligation(
        code,
        deadline.due,
        responsible,
        basis,
        source,
        explanation + note,
        explanation_de + note_de,
        deadline.moved_from,
    )


def determine_obligations(
    ctx: Context,
    social_security: SocialSecurity,
    recommended: str | None,
) -> tuple[Obligation, ...]:
    job = ctx.job
    person = ctx.person
    start = job.start_date
    out: list[Obligation] = []
    needs_title = ctx.third_country and ctx.work_in_germany
    branches = dict(social_security.branches)
    german_insurance = any(state == "DE" for state in branches.values())

    if needs_title:
        out.append(
            _obligation(
                "RESIDENCE_TITLE_CHECK",
                Deadline(start, None, NO_SHIFT),
                "employer",
                "§ 4a Abs. 5 Satz 1, Satz 3 Nr. 1 AufenthG",
                SRC_4A,
                "Before the employee starts work, check that their residence title permits this "
                "employment (no prohibition or restriction).",
                "Vor Arbeitsbeginn prüfen, dass der Aufenthaltstitel diese Beschäftigung erlaubt "
                "(kein Verbot, keine Beschränkung).",
            )
        )
        out.append(
            _obligation(
                "RESIDENCE_TITLE_COPY",
                Deadline(start, None, NO_SHIFT),
                "employer",
                "§ 4a Abs. 5 Satz 3 Nr. 2 AufenthG",
                SRC_4A,
                "Keep a copy (paper or electronic) of the residence title for the whole "
                "duration of the employment, from the first working day.",
                "Eine Kopie (Papier oder elektronisch) des Aufenthaltstitels für die gesamte "
                "Dauer der Beschäftigung aufbewahren, ab dem ersten Arbeitstag.",
            )
        )

    if german_insurance:
        weeks: int = ctx.p("de.obligations.deuev_registration_weeks")
        out.append(
            _obligation(
                "DEUEV_REGISTRATION",
                _period(ctx, add_weeks(start, weeks), SGB_X_26),
                "employer",
                "§ 6 DEÜV; § 28a Abs. 1 Nr. 1 SGB IV",
                SRC_DEUEV_6,
                f"Register the employee with the health insurance fund with the first payroll "
                f"run, at the latest {weeks} weeks after the start of employment "
                f"({start.isoformat()}). Without a social-insurance number, request one through "
                "the same report (§ 28a Abs. 3a SGB IV).",
                f"Anmeldung bei der Krankenkasse mit der ersten Entgeltabrechnung, spätestens "
                f"{weeks} Wochen nach Beschäftigungsbeginn ({start.isoformat()}). Fehlt die "
                "Versicherungsnummer, wird sie mit der Meldung beantragt (§ 28a Abs. 3a SGB IV).",
            )
        )
        industries = ctx.codes("de.obligations.sofortmeldung_industries")
        if job.industry in industries and ctx.work_in_germany:
            lead: int = ctx.p("de.obligations.sofortmeldung_lead_days")
            out.append(
                _obligation(
                    "SOFORTMELDUNG",
                    Deadline(start - timedelta(days=lead), None, NO_SHIFT),
                    "employer",
                    "§ 28a Abs. 4 Satz 1 SGB IV",
                    SRC_28A,
                    f"The industry '{job.industry}' requires an immediate report to the "
                    "Datenstelle der Rentenversicherung at the latest when work starts; this is "
                    "a point in time and does not move off weekends or holidays.",
                    f"Der Wirtschaftsbereich '{job.industry}' erfordert eine Sofortmeldung an die "
                    "Datenstelle der Rentenversicherung spätestens bei Beschäftigungsaufnahme; "
                    "dieser Zeitpunkt verschiebt sich nicht.",
                )
            )
        ended = job.ended_early_on or job.end_date
        if ended is not None:
            weeks_end: int = ctx.p("de.obligations.deuev_deregistration_weeks")
            out.append(
                _obligation(
                    "DEUEV_DEREGISTRATION",
                    _period(ctx, add_weeks(ended, weeks_end), SGB_X_26),
                    "employer",
                    "§ 8 DEÜV",
                    SRC_DEUEV_8,
                    f"Deregister the employee with the next payroll run, at the latest "
                    f"{weeks_end} weeks after the end of employment ({ended.isoformat()}).",
                    f"Abmeldung mit der nächsten Entgeltabrechnung, spätestens {weeks_end} Wochen "
                    f"nach Beschäftigungsende ({ended.isoformat()}).",
                )
            )

    if branches["health"] == "DE":
        weeks_hi: int = ctx.p("de.obligations.health_insurance_choice_weeks")
        jaeg = ctx.p("de.social_security.jaeg")
        exempt = ctx.salary > jaeg
        if exempt:
            text = (
                f"Pay above the compulsory-insurance limit ({jaeg} EUR): the employee chooses "
                f"voluntary statutory or private health insurance and gives the employer proof "
                f"within {weeks_hi} weeks of the start, so the employer can pay the subsidy "
                "(§ 257 SGB V)."
            )
            text_de = (
                f"Entgelt über der Jahresarbeitsentgeltgrenze ({jaeg} EUR): Die beschäftigte "
                f"Person wählt freiwillige gesetzliche oder private Versicherung und weist sie "
                f"binnen {weeks_hi} Wochen nach; der Arbeitgeber zahlt den Zuschuss (§ 257 SGB V)."
            )
        else:
            text = (
                f"The employee chooses a statutory health insurance fund within {weeks_hi} weeks "
                "of the start of compulsory insurance and tells the employer; otherwise the "
                "employer registers them with a fund and informs them in text form."
            )
            text_de = (
                f"Die beschäftigte Person wählt binnen {weeks_hi} Wochen nach Beginn der "
                "Versicherungspflicht eine Krankenkasse und teilt sie dem Arbeitgeber mit; sonst "
                "meldet der Arbeitgeber sie bei einer Kasse an und informiert sie in Textform."
            )
        out.append(
            _obligation(
                "HEALTH_INSURANCE_REGISTRATION",
                _period(ctx, add_weeks(start, weeks_hi), SGB_X_26),
                "employee",
                "§ 175 Abs. 3 SGB V",
                SRC_175,
                text,
                text_de,
            )
        )

    if person.move_in_date is not None and (ctx.work_in_germany or branches["health"] == "DE"):
        weeks_reg: int = ctx.p("de.obligations.residence_registration_weeks")
        out.append(
            _obligation(
                "RESIDENCE_REGISTRATION",
                _period(ctx, add_weeks(person.move_in_date, weeks_reg), VWVFG_31),
                "employee",
                "§ 17 Abs. 1 BMG",
                SRC_BMG_17,
                f"Register the new address with the registration office (Meldebehörde) within "
                f"{weeks_reg} weeks of moving in on {person.move_in_date.isoformat()}.",
                f"Die Wohnung binnen {weeks_reg} Wochen nach dem Einzug am "
                f"{person.move_in_date.isoformat()} bei der Meldebehörde anmelden.",
            )
        )

    title = person.german_residence_title
    valid_until = person.permit_valid_until
    if needs_title and valid_until is not None and title not in _PERMANENT_TITLES:
        lead_weeks: int = ctx.p("de.obligations.permit_renewal_lead_weeks")
        due = valid_until - timedelta(weeks=lead_weeks)
        out.append(
            _obligation(
                "PERMIT_RENEWAL",
                Deadline(due, None, NO_SHIFT),
                "employee",
                "§ 81 Abs. 4 AufenthG",
                SRC_81,
                f"Apply for the extension of the residence title about {lead_weeks} weeks "
                f"before it expires on {valid_until.isoformat()}; an application filed before "
                "expiry keeps the title in force until the decision. The expiry date itself "
                "does not move.",
                f"Verlängerung des Aufenthaltstitels etwa {lead_weeks} Wochen vor Ablauf am "
                f"{valid_until.isoformat()} beantragen; ein Antrag vor Ablauf lässt den Titel bis "
                "zur Entscheidung fortgelten. Das Ablaufdatum verschiebt sich nicht.",
            )
        )

    if needs_title and job.ended_early_on is not None:
        employment_title = title in _EMPLOYMENT_TITLES or (
            title is None and recommended in _EMPLOYMENT_PATHWAYS
        )
        if employment_title:
            weeks_n: int = ctx.p("de.obligations.employment_end_notice_weeks")
            ended_on = job.ended_early_on
            out.append(
                _obligation(
                    "EMPLOYMENT_END_NOTICE",
                    _period(ctx, add_weeks(ended_on, weeks_n), VWVFG_31),
                    "employer",
                    "§ 4a Abs. 5 Satz 3 Nr. 3 AufenthG",
                    SRC_4A,
                    f"The employment ended early ({ended_on.isoformat()}): tell the foreigners "
                    f"authority within {weeks_n} weeks of learning of it.",
                    f"Die Beschäftigung endete vorzeitig ({ended_on.isoformat()}): Die "
                    f"Ausländerbehörde binnen {weeks_n} Wochen ab Kenntnis informieren.",
                )
            )

    certificate = social_security.certificate
    if certificate is not None:
        posting = job.posting
        due_cert = posting.start_date if posting is not None else start
        if certificate == "A1":
            if posting is not None:
                text = (
                    f"Apply for the A1 certificate for the posting from {posting.from_country} "
                    f"before it starts on {posting.start_date.isoformat()} (German employers "
                    "apply electronically)."
                )
                text_de = (
                    f"A1-Bescheinigung für die Entsendung aus {posting.from_country} vor Beginn "
                    f"am {posting.start_date.isoformat()} beantragen (deutsche Arbeitgeber "
                    "elektronisch)."
                )
                basis = "Art. 12 VO (EG) 883/2004; Art. 15 Abs. 1 VO (EG) 987/2009; § 106 SGB IV"
            else:
                text = (
                    "Work in more than one state: apply for the A1 certificate for the "
                    f"applicable law ({social_security.applicable_legislation}) before the work "
                    "starts."
                )
                text_de = (
                    "Tätigkeit in mehreren Staaten: A1-Bescheinigung über das anzuwendende Recht "
                    f"({social_security.applicable_legislation}) vor Beginn beantragen."
                )
                basis = "Art. 13, 16 VO (EG) 883/2004; Art. 16 VO (EG) 987/2009; § 106 SGB IV"
            out.append(
                _obligation(
                    "A1_CERTIFICATE",
                    Deadline(due_cert, None, NO_SHIFT),
                    "employer",
                    basis,
                    SRC_106,
                    text,
                    text_de,
                )
            )
        else:
            out.append(
                _obligation(
                    "POSTING_CERTIFICATE",
                    Deadline(due_cert, None, NO_SHIFT),
                    "employer",
                    social_security.legal_basis,
                    social_security.source,
                    f"Apply for the bilateral posting certificate ({certificate}) before the "
                    f"posting starts on {due_cert.isoformat()}.",
                    f"Entsendebescheinigung nach dem Abkommen ({certificate}) vor Beginn der "
                    f"Entsendung am {due_cert.isoformat()} beantragen.",
                )
            )
    return tuple(out)
