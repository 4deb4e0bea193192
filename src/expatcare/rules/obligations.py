"""Employer and employee duties with due dates (docs/contracts.md, assess).

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

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from expatcare.rules.calendar import SGB_X_26, VWVFG_31, ShiftRule, add_weeks, shifted
from expatcare.rules.context import Context
from expatcare.rules.model import Obligation, SocialSecurity, new_obligation

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

#: (responsible, legal basis, source, explanation, explanation_de) of one duty variant.
Template = tuple[str, str, str, str, str]


def _with_shift(template: Template, moved_from: date | None, rule: ShiftRule) -> Template:
    if moved_from is None:
        return template
    responsible, basis, source, text, text_de = template
    if moved_from.weekday() >= 5:
        why, why_de = "a Saturday or Sunday", "einen Samstag oder Sonntag"
    else:
        why, why_de = "a public holiday", "einen gesetzlichen Feiertag"
    return (
        responsible,
        f"{basis}; {rule.legal_basis}",
        source,
        f"{text} The period ends on {why} (see moved_from) and therefore moves to the next "
        f"working day ({rule.legal_basis}).",
        f"{text_de} Das Fristende fällt auf {why_de} (siehe moved_from) und verschiebt sich "
        f"daher auf den nächsten Werktag ({rule.legal_basis}).",
    )


def _period_duty(
    cache: dict[tuple[object, ...], Any],
    state: str | None,
    code: str,
    event: date,
    weeks: int,
    rule: ShiftRule,
    variant: object,
    build: Callable[..., Template],
    *args: Any,
) -> Obligation:
    """A duty whose deadline is a period of weeks after an event, moved where the law says.

    The finished duty is shared by all cases with the same event date, state and variant;
    callers look it up under ``(code, variant, event, state)`` before calling this.
    """
    end = add_weeks(event, weeks)
    due = shifted(end, state)
    if due == end:
        template: Template | None = cache.get((code, variant, None))
        if template is None:
            template = cache[(code, variant, None)] = build(*args)
        duty = new_obligation(code, due, *template, None)
    else:
        key = (code, variant, end.weekday() >= 5)
        moved: Template | None = cache.get(key)
        if moved is None:
            moved = cache[key] = _with_shift(build(*args), end, rule)
        duty = new_obligation(code, due, *moved, end)
    if len(cache) > 200_000:
        cache.clear()
    cache[(code, variant, event, state)] = duty
    return duty


def _point_duty(
    cache: dict[tuple[object, ...], Any],
    code: str,
    due: date,
    variant: object,
    build: Callable[..., Template],
    *args: Any,
) -> Obligation:
    """A duty due at a point in time; points in time never move.

    Callers look the finished duty up under ``(code, variant, due)`` before calling this.
    """
    template: Template | None = cache.get((code, variant))
    if template is None:
        template = cache[(code, variant)] = build(*args)
    duty = cache[(code, variant, due)] = new_obligation(code, due, *template, None)
    return duty


def _title_check() -> Template:
    return (
        "employer", "§ 4a Abs. 5 Satz 1, Satz 3 Nr. 1 AufenthG", SRC_4A,
        "Before the employee starts work, check that their residence title permits this "
        "employment (no prohibition or restriction).",
        "Vor Arbeitsbeginn prüfen, dass der Aufenthaltstitel diese Beschäftigung erlaubt "
        "(kein Verbot, keine Beschränkung).",
    )  # fmt: skip


def _title_copy() -> Template:
    return (
        "employer", "§ 4a Abs. 5 Satz 3 Nr. 2 AufenthG", SRC_4A,
        "Keep a copy (paper or electronic) of the residence title for the whole duration of "
        "the employment, from the first working day.",
        "Eine Kopie (Papier oder elektronisch) des Aufenthaltstitels für die gesamte Dauer der "
        "Beschäftigung aufbewahren, ab dem ersten Arbeitstag.",
    )  # fmt: skip


def _deuev_registration(weeks: int) -> Template:
    return (
        "employer", "§ 6 DEÜV; § 28a Abs. 1 Nr. 1 SGB IV", SRC_DEUEV_6,
        f"Register the employee with the health insurance fund with the first payroll run, at "
        f"the latest {weeks} weeks after the start of employment. Without a social-insurance "
        "number, request one through the same report (§ 28a Abs. 3a SGB IV).",
        f"Anmeldung bei der Krankenkasse mit der ersten Entgeltabrechnung, spätestens {weeks} "
        "Wochen nach Beschäftigungsbeginn. Fehlt die Versicherungsnummer, wird sie mit der "
        "Meldung beantragt (§ 28a Abs. 3a SGB IV).",
    )  # fmt: skip


def _sofortmeldung() -> Template:
    return (
        "employer", "§ 28a Abs. 4 Satz 1 SGB IV", SRC_28A,
        "The industry is listed in § 28a Abs. 4 SGB IV: report the start to the Datenstelle der "
        "Rentenversicherung at the latest when work starts; this is a point in time and does "
        "not move off weekends or holidays.",
        "Der Wirtschaftsbereich ist in § 28a Abs. 4 SGB IV genannt: Sofortmeldung an die "
        "Datenstelle der Rentenversicherung spätestens bei Beschäftigungsaufnahme; dieser "
        "Zeitpunkt verschiebt sich nicht.",
    )  # fmt: skip


def _deuev_deregistration(weeks: int) -> Template:
    return (
        "employer", "§ 8 DEÜV", SRC_DEUEV_8,
        f"Deregister the employee with the next payroll run, at the latest {weeks} weeks after "
        "the end of employment.",
        f"Abmeldung mit der nächsten Entgeltabrechnung, spätestens {weeks} Wochen nach "
        "Beschäftigungsende.",
    )  # fmt: skip


def _health_insurance(weeks: int, jaeg: object | None) -> Template:
    if jaeg is not None:
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
    return ("employee", "§ 175 Abs. 3 SGB V", SRC_175, text, text_de)


def _residence_registration(weeks: int) -> Template:
    return (
        "employee", "§ 17 Abs. 1 BMG", SRC_BMG_17,
        f"Register the new address with the registration office (Meldebehörde) within {weeks} "
        "weeks of moving in.",
        f"Die Wohnung binnen {weeks} Wochen nach dem Einzug bei der Meldebehörde anmelden.",
    )  # fmt: skip


def _permit_renewal(lead: int) -> Template:
    return (
        "employee", "§ 81 Abs. 4 AufenthG", SRC_81,
        f"Apply for the extension of the residence title about {lead} weeks before it expires; "
        "an application filed before expiry keeps the title in force until the decision. The "
        "expiry date itself does not move.",
        f"Verlängerung des Aufenthaltstitels etwa {lead} Wochen vor Ablauf beantragen; ein "
        "Antrag vor Ablauf lässt den Titel bis zur Entscheidung fortgelten. Das Ablaufdatum "
        "verschiebt sich nicht.",
    )  # fmt: skip


def _end_notice(weeks: int) -> Template:
    return (
        "employer", "§ 4a Abs. 5 Satz 3 Nr. 3 AufenthG", SRC_4A,
        f"The employment ended early: tell the foreigners authority within {weeks} weeks of "
        "learning of it.",
        f"Die Beschäftigung endete vorzeitig: Die Ausländerbehörde binnen {weeks} Wochen ab "
        "Kenntnis informieren.",
    )  # fmt: skip


def _certificate(social_security: SocialSecurity, origin: str | None) -> Template:
    certificate = social_security.certificate
    if certificate != "A1":
        return (
            "employer", social_security.legal_basis, social_security.source,
            f"Apply for the bilateral posting certificate ({certificate}) before the posting "
            "starts.",
            f"Entsendebescheinigung nach dem Abkommen ({certificate}) vor Beginn der Entsendung "
            "beantragen.",
        )  # fmt: skip
    if origin is not None:
        return (
            "employer",
            "Art. 12 VO (EG) 883/2004; Art. 15 Abs. 1 VO (EG) 987/2009; § 106 SGB IV",
            SRC_106,
            f"Apply for the A1 certificate for the posting from {origin} before it starts "
            "(German employers apply electronically).",
            f"A1-Bescheinigung für die Entsendung aus {origin} vor Beginn beantragen (deutsche "
            "Arbeitgeber elektronisch).",
        )
    state = social_security.applicable_legislation
    return (
        "employer",
        "Art. 13, 16 VO (EG) 883/2004; Art. 16 VO (EG) 987/2009; § 106 SGB IV",
        SRC_106,
        f"Work in more than one state: apply for the A1 certificate for the applicable law "
        f"({state}) before the work starts.",
        f"Tätigkeit in mehreren Staaten: A1-Bescheinigung über das anzuwendende Recht ({state}) "
        "vor Beginn beantragen.",
    )


def _branch_flags(branches: tuple[tuple[str, str], ...]) -> tuple[bool, bool]:
    """(any branch insured in Germany, health insurance in Germany)."""
    german_insurance = False
    health_de = False
    for branch, country in branches:
        if country == "DE":
            german_insurance = True
            if branch == "health":
                health_de = True
    return german_insurance, health_de


#: Flags per branch assignment; there are only as many assignments as states and rules.
_BRANCH_FLAGS: dict[tuple[tuple[str, str], ...], tuple[bool, bool]] = {}


def determine_obligations(
    ctx: Context,
    social_security: SocialSecurity,
    recommended: str | None,
) -> tuple[Obligation, ...]:
    job = ctx.job
    person = ctx.person
    start = job.start_date
    p = ctx.p
    # Texts depend only on the duty variant and the period's parameters: built once each. The
    # dates are not part of the texts (they are in ``due`` and ``moved_from``), so the per-case
    # work is date arithmetic and one object, shared by all cases with the same dates.
    cache: dict[tuple[object, ...], Any] = ctx.tables["obligation_templates"]
    get = cache.get
    state = job.state
    out: list[Obligation] = []
    wid = ctx.work_in_germany
    needs_title = ctx.third_country and wid
    branches = social_security.branches
    flags = _BRANCH_FLAGS.get(branches)
    if flags is None:
        flags = _BRANCH_FLAGS[branches] = _branch_flags(branches)
    german_insurance, health_de = flags

    if needs_title:
        duty = get(("RESIDENCE_TITLE_CHECK", None, start))
        if duty is None:
            duty = _point_duty(cache, "RESIDENCE_TITLE_CHECK", start, None, _title_check)
        out.append(duty)
        duty = get(("RESIDENCE_TITLE_COPY", None, start))
        if duty is None:
            duty = _point_duty(cache, "RESIDENCE_TITLE_COPY", start, None, _title_copy)
        out.append(duty)
    if german_insurance:
        weeks: int = p("de.obligations.deuev_registration_weeks")
        duty = get(("DEUEV_REGISTRATION", weeks, start, state))
        if duty is None:
            duty = _period_duty(
                cache,
                state,
                "DEUEV_REGISTRATION",
                start,
                weeks,
                SGB_X_26,
                weeks,
                _deuev_registration,
                weeks,
            )
        out.append(duty)
        if wid and job.industry in ctx.codes("de.obligations.sofortmeldung_industries"):
            lead: int = p("de.obligations.sofortmeldung_lead_days")
            due = start - timedelta(days=lead)
            duty = get(("SOFORTMELDUNG", None, due))
            if duty is None:
                duty = _point_duty(cache, "SOFORTMELDUNG", due, None, _sofortmeldung)
            out.append(duty)
        ended = job.ended_early_on or job.end_date
        if ended is not None:
            weeks_end: int = p("de.obligations.deuev_deregistration_weeks")
            duty = get(("DEUEV_DEREGISTRATION", weeks_end, ended, state))
            if duty is None:
                duty = _period_duty(
                    cache,
                    state,
                    "DEUEV_DEREGISTRATION",
                    ended,
                    weeks_end,
                    SGB_X_26,
                    weeks_end,
                    _deuev_deregistration,
                    weeks_end,
                )
            out.append(duty)
    if health_de:
        weeks_hi: int = p("de.obligations.health_insurance_choice_weeks")
        above = p("de.social_security.jaeg") if ctx.salary > ctx.limits.jaeg else None
        variant = (weeks_hi, above)
        duty = get(("HEALTH_INSURANCE_REGISTRATION", variant, start, state))
        if duty is None:
            duty = _period_duty(
                cache,
                state,
                "HEALTH_INSURANCE_REGISTRATION",
                start,
                weeks_hi,
                SGB_X_26,
                variant,
                _health_insurance,
                weeks_hi,
                above,
            )
        out.append(duty)
    moved_in = person.move_in_date
    if moved_in is not None and (wid or health_de):
        weeks_reg: int = p("de.obligations.residence_registration_weeks")
        duty = get(("RESIDENCE_REGISTRATION", weeks_reg, moved_in, state))
        if duty is None:
            duty = _period_duty(
                cache,
                state,
                "RESIDENCE_REGISTRATION",
                moved_in,
                weeks_reg,
                VWVFG_31,
                weeks_reg,
                _residence_registration,
                weeks_reg,
            )
        out.append(duty)
    title = person.german_residence_title
    valid_until = person.permit_valid_until
    if needs_title and valid_until is not None and title not in _PERMANENT_TITLES:
        lead_weeks: int = p("de.obligations.permit_renewal_lead_weeks")
        due = valid_until - timedelta(weeks=lead_weeks)
        duty = get(("PERMIT_RENEWAL", lead_weeks, due))
        if duty is None:
            duty = _point_duty(
                cache, "PERMIT_RENEWAL", due, lead_weeks, _permit_renewal, lead_weeks
            )
        out.append(duty)
    ended_on = job.ended_early_on
    if (
        needs_title
        and ended_on is not None
        and (title in _EMPLOYMENT_TITLES or (title is None and recommended in _EMPLOYMENT_PATHWAYS))
    ):
        weeks_n: int = p("de.obligations.employment_end_notice_weeks")
        duty = get(("EMPLOYMENT_END_NOTICE", weeks_n, ended_on, state))
        if duty is None:
            duty = _period_duty(
                cache,
                state,
                "EMPLOYMENT_END_NOTICE",
                ended_on,
                weeks_n,
                VWVFG_31,
                weeks_n,
                _end_notice,
                weeks_n,
            )
        out.append(duty)
    certificate = social_security.certificate
    if certificate is not None:
        posting = job.posting
        origin = None if posting is None else posting.from_country
        due = start if posting is None else posting.start_date
        code = "A1_CERTIFICATE" if certificate == "A1" else "POSTING_CERTIFICATE"
        certificate_variant = (
            certificate,
            origin,
            social_security.applicable_legislation,
            social_security.legal_basis,
            social_security.source,
        )
        duty = get((code, certificate_variant, due))
        if duty is None:
            duty = _point_duty(
                cache, code, due, certificate_variant, _certificate, social_security, origin
            )
        out.append(duty)
    return tuple(out)
