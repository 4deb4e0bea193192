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
    shifted,
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


def _title_check(ctx: Context) -> Obligation:
    return _obligation(
        "RESIDENCE_TITLE_CHECK",
        Deadline(ctx.job.start_date, None, NO_SHIFT),
        "employer",
        "§ 4a Abs. 5 Satz 1, Satz 3 Nr. 1 AufenthG",
        SRC_4A,
        "Before the employee starts work, check that their residence title permits this "
        "employment (no prohibition or restriction).",
        "Vor Arbeitsbeginn prüfen, dass der Aufenthaltstitel diese Beschäftigung erlaubt "
        "(kein Verbot, keine Beschränkung).",
    )


def _title_copy(ctx: Context) -> Obligation:
    return _obligation(
        "RESIDENCE_TITLE_COPY",
        Deadline(ctx.job.start_date, None, NO_SHIFT),
        "employer",
        "§ 4a Abs. 5 Satz 3 Nr. 2 AufenthG",
        SRC_4A,
        "Keep a copy (paper or electronic) of the residence title for the whole duration of "
        "the employment, from the first working day.",
        "Eine Kopie (Papier oder elektronisch) des Aufenthaltstitels für die gesamte Dauer der "
        "Beschäftigung aufbewahren, ab dem ersten Arbeitstag.",
    )


def _deuev_registration(ctx: Context) -> Obligation:
    start = ctx.job.start_date
    weeks: int = ctx.p("de.obligations.deuev_registration_weeks")
    return _obligation(
        "DEUEV_REGISTRATION",
        _period(ctx, add_weeks(start, weeks), SGB_X_26),
        "employer",
        "§ 6 DEÜV; § 28a Abs. 1 Nr. 1 SGB IV",
        SRC_DEUEV_6,
        f"Register the employee with the health insurance fund with the first payroll run, at "
        f"the latest {weeks} weeks after the start of employment ({start.isoformat()}). Without "
        "a social-insurance number, request one through the same report (§ 28a Abs. 3a SGB IV).",
        f"Anmeldung bei der Krankenkasse mit der ersten Entgeltabrechnung, spätestens {weeks} "
        f"Wochen nach Beschäftigungsbeginn ({start.isoformat()}). Fehlt die Versicherungsnummer, "
        "wird sie mit der Meldung beantragt (§ 28a Abs. 3a SGB IV).",
    )


def _sofortmeldung(ctx: Context) -> Obligation | None:
    job = ctx.job
    if job.industry not in ctx.codes("de.obligations.sofortmeldung_industries"):
        return None
    lead: int = ctx.p("de.obligations.sofortmeldung_lead_days")
    return _obligation(
        "SOFORTMELDUNG",
        Deadline(job.start_date - timedelta(days=lead), None, NO_SHIFT),
        "employer",
        "§ 28a Abs. 4 Satz 1 SGB IV",
        SRC_28A,
        "The industry is listed in § 28a Abs. 4 SGB IV: report the start to the Datenstelle der "
        "Rentenversicherung at the latest when work starts; this is a point in time and does "
        "not move off weekends or holidays.",
        "Der Wirtschaftsbereich ist in § 28a Abs. 4 SGB IV genannt: Sofortmeldung an die "
        "Datenstelle der Rentenversicherung spätestens bei Beschäftigungsaufnahme; dieser "
        "Zeitpunkt verschiebt sich nicht.",
    )


def _deuev_deregistration(ctx: Context, ended: date) -> Obligation:
    weeks: int = ctx.p("de.obligations.deuev_deregistration_weeks")
    return _obligation(
        "DEUEV_DEREGISTRATION",
        _period(ctx, add_weeks(ended, weeks), SGB_X_26),
        "employer",
        "§ 8 DEÜV",
        SRC_DEUEV_8,
        f"Deregister the employee with the next payroll run, at the latest {weeks} weeks after "
        f"the end of employment ({ended.isoformat()}).",
        f"Abmeldung mit der nächsten Entgeltabrechnung, spätestens {weeks} Wochen nach "
        f"Beschäftigungsende ({ended.isoformat()}).",
    )


def _health_insurance(ctx: Context, exempt: bool) -> Obligation:
    weeks: int = ctx.p("de.obligations.health_insurance_choice_weeks")
    if exempt:
        jaeg = ctx.p("de.social_security.jaeg")
        text = (
            f"Pay above the compulsory-insurance limit ({jaeg} EUR): the employee chooses "
            f"voluntary statutory or private health insurance and gives the employer proof within "
            f"{weeks} weeks of the start, so the employer can pay the subsidy (§ 257 SGB V)."
        )
        text_de = (
            f"Entgelt über der Jahresarbeitsentgeltgrenze ({jaeg} EUR): Die beschäftigte Person "
            f"wählt freiwillige gesetzliche oder private Versicherung und weist sie binnen {weeks} "
            "Wochen nach; der Arbeitgeber zahlt den Zuschuss (§ 257 SGB V)."
        )
    else:
        text = (
            f"The employee chooses a statutory health insurance fund within {weeks} weeks of the "
            "start of compulsory insurance and tells the employer; otherwise the employer "
            "registers them with a fund and informs them in text form."
        )
        text_de = (
            f"Die beschäftigte Person wählt binnen {weeks} Wochen nach Beginn der "
            "Versicherungspflicht eine Krankenkasse und teilt sie dem Arbeitgeber mit; sonst "
            "meldet der Arbeitgeber sie bei einer Kasse an und informiert sie in Textform."
        )
    return _obligation(
        "HEALTH_INSURANCE_REGISTRATION",
        _period(ctx, add_weeks(ctx.job.start_date, weeks), SGB_X_26),
        "employee",
        "§ 175 Abs. 3 SGB V",
        SRC_175,
        text,
        text_de,
    )


def _residence_registration(ctx: Context, moved_in: date) -> Obligation:
    weeks: int = ctx.p("de.obligations.residence_registration_weeks")
    return _obligation(
        "RESIDENCE_REGISTRATION",
        _period(ctx, add_weeks(moved_in, weeks), VWVFG_31),
        "employee",
        "§ 17 Abs. 1 BMG",
        SRC_BMG_17,
        f"Register the new address with the registration office (Meldebehörde) within {weeks} "
        f"weeks of moving in on {moved_in.isoformat()}.",
        f"Die Wohnung binnen {weeks} Wochen nach dem Einzug am {moved_in.isoformat()} bei der "
        "Meldebehörde anmelden.",
    )


def _permit_renewal(ctx: Context, valid_until: date) -> Obligation:
    lead: int = ctx.p("de.obligations.permit_renewal_lead_weeks")
    return _obligation(
        "PERMIT_RENEWAL",
        Deadline(valid_until - timedelta(weeks=lead), None, NO_SHIFT),
        "employee",
        "§ 81 Abs. 4 AufenthG",
        SRC_81,
        f"Apply for the extension of the residence title about {lead} weeks before it expires "
        f"on {valid_until.isoformat()}; an application filed before expiry keeps the title in "
        "force until the decision. The expiry date itself does not move.",
        f"Verlängerung des Aufenthaltstitels etwa {lead} Wochen vor Ablauf am "
        f"{valid_until.isoformat()} beantragen; ein Antrag vor Ablauf lässt den Titel bis zur "
        "Entscheidung fortgelten. Das Ablaufdatum verschiebt sich nicht.",
    )


def _end_notice(ctx: Context, ended_on: date) -> Obligation:
    weeks: int = ctx.p("de.obligations.employment_end_notice_weeks")
    return _obligation(
        "EMPLOYMENT_END_NOTICE",
        _period(ctx, add_weeks(ended_on, weeks), VWVFG_31),
        "employer",
        "§ 4a Abs. 5 Satz 3 Nr. 3 AufenthG",
        SRC_4A,
        f"The employment ended early ({ended_on.isoformat()}): tell the foreigners authority "
        f"within {weeks} weeks of learning of it.",
        f"Die Beschäftigung endete vorzeitig ({ended_on.isoformat()}): Die Ausländerbehörde "
        f"binnen {weeks} Wochen ab Kenntnis informieren.",
    )


def _certificate(ctx: Context, social_security: SocialSecurity) -> Obligation:
    certificate = social_security.certificate
    posting = ctx.job.posting
    due = posting.start_date if posting is not None else ctx.job.start_date
    if certificate != "A1":
        return _obligation(
            "POSTING_CERTIFICATE",
            Deadline(due, None, NO_SHIFT),
            "employer",
            social_security.legal_basis,
            social_security.source,
            f"Apply for the bilateral posting certificate ({certificate}) before the posting "
            f"starts on {due.isoformat()}.",
            f"Entsendebescheinigung nach dem Abkommen ({certificate}) vor Beginn der Entsendung "
            f"am {due.isoformat()} beantragen.",
        )
    if posting is not None:
        text = (
            f"Apply for the A1 certificate for the posting from {posting.from_country} before it "
            f"starts on {due.isoformat()} (German employers apply electronically)."
        )
        text_de = (
            f"A1-Bescheinigung für die Entsendung aus {posting.from_country} vor Beginn am "
            f"{due.isoformat()} beantragen (deutsche Arbeitgeber elektronisch)."
        )
        basis = "Art. 12 VO (EG) 883/2004; Art. 15 Abs. 1 VO (EG) 987/2009; § 106 SGB IV"
    else:
        state = social_security.applicable_legislation
        text = (
            f"Work in more than one state: apply for the A1 certificate for the applicable law "
            f"({state}) before the work starts."
        )
        text_de = (
            f"Tätigkeit in mehreren Staaten: A1-Bescheinigung über das anzuwendende Recht "
            f"({state}) vor Beginn beantragen."
        )
        basis = "Art. 13, 16 VO (EG) 883/2004; Art. 16 VO (EG) 987/2009; § 106 SGB IV"
    return _obligation(
        "A1_CERTIFICATE", Deadline(due, None, NO_SHIFT), "employer", basis, SRC_106, text, text_de
    )


def _start_duties(
    ctx: Context,
    needs_title: bool,
    german_insurance: bool,
    check_sofort: bool,
    health_de: bool,
    exempt: bool,
) -> tuple[Obligation, ...]:
    out: list[Obligation] = []
    if needs_title:
        out += [_title_check(ctx), _title_copy(ctx)]
    if german_insurance:
        out.append(_deuev_registration(ctx))
        if check_sofort:
            duty = _sofortmeldung(ctx)
            if duty is not None:
                out.append(duty)
    if health_de:
        out.append(_health_insurance(ctx, exempt))
    return tuple(out)


def determine_obligations(
    ctx: Context,
    social_security: SocialSecurity,
    recommended: str | None,
) -> tuple[Obligation, ...]:
    """Every duty is memoised per period under the dates and facts it reads."""
    job = ctx.job
    person = ctx.person
    start = job.start_date
    state = job.state
    memo = ctx.memo
    out: list[Obligation] = []
    needs_title = ctx.third_country and ctx.work_in_germany
    branches = social_security.branches
    german_insurance = False
    health_de = False
    for branch, country in branches:
        if country == "DE":
            german_insurance = True
            if branch == "health":
                health_de = True

    weeks = ctx.limits.weeks
    check_sofort = german_insurance and ctx.work_in_germany
    sofort = check_sofort and job.industry in ctx.limits.sofortmeldung
    exempt = health_de and ctx.salary > ctx.limits.jaeg
    # One entry for the duties that hang on the start date. Keys hold the event date and the
    # (possibly moved) due dates: the state matters only through a move, so cases in different
    # states share entries.
    start_key = (
        "O_START", start, needs_title, check_sofort, sofort, exempt,
        german_insurance and shifted(add_weeks(start, weeks["deuev_registration_weeks"]), state),
        health_de and shifted(add_weeks(start, weeks["health_insurance_choice_weeks"]), state),
    )  # fmt: skip
    out.extend(
        memo(start_key, lambda: _start_duties(ctx, needs_title, german_insurance, check_sofort,
                                              health_de, exempt))
    )  # fmt: skip
    if german_insurance:
        ended = job.ended_early_on or job.end_date
        if ended is not None:
            due = shifted(add_weeks(ended, weeks["deuev_deregistration_weeks"]), state)
            out.append(memo(("O_DEREG", ended, due), lambda: _deuev_deregistration(ctx, ended)))
    moved_in = person.move_in_date
    if moved_in is not None and (ctx.work_in_germany or health_de):
        due = shifted(add_weeks(moved_in, weeks["residence_registration_weeks"]), state)
        out.append(memo(("O_REG", moved_in, due), lambda: _residence_registration(ctx, moved_in)))
    title = person.german_residence_title
    valid_until = person.permit_valid_until
    if needs_title and valid_until is not None and title not in _PERMANENT_TITLES:
        out.append(memo(("O_RENEW", valid_until), lambda: _permit_renewal(ctx, valid_until)))
    ended_on = job.ended_early_on
    if (
        needs_title
        and ended_on is not None
        and (title in _EMPLOYMENT_TITLES or (title is None and recommended in _EMPLOYMENT_PATHWAYS))
    ):
        due = shifted(add_weeks(ended_on, weeks["employment_end_notice_weeks"]), state)
        out.append(memo(("O_END", ended_on, due), lambda: _end_notice(ctx, ended_on)))
    if social_security.certificate is not None:
        posting = job.posting
        key = (
            "O_CERT",
            social_security.certificate,
            start,
            None if posting is None else (posting.from_country, posting.start_date),
            social_security.applicable_legislation,
            social_security.legal_basis,
            social_security.source,
        )
        out.append(memo(key, lambda: _certificate(ctx, social_security)))
    return tuple(out)
