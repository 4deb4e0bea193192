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
PERMIT_RENEWAL, PASSPORT_...   lead time before expiry          earlier working day (planning)
A1_CERTIFICATE / POSTING_...   before the posting starts        none (point in time)
=============================  ==============================  ===============================
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from expatcare.rules.calendar import SGB_X_26, VWVFG_31, ShiftRule, add_weeks, shifted
from expatcare.rules.citations import Citation, cite, combine
from expatcare.rules.context import Context, trace_entry
from expatcare.rules.engine import Parameter
from expatcare.rules.messages import Text, text
from expatcare.rules.model import Obligation, SocialSecurity, TraceEntry, new_obligation
from expatcare.rules.renewals import renewal_duties

__all__ = ["determine_obligations"]

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

#: First item of the cache keys of finished period duties shared by several states.
_SHARED = "shared"

#: (responsible, citation, text, parameters) of one duty variant.
Template = tuple[str, Citation, Text, tuple[TraceEntry, ...]]


def _with_shift(template: Template, moved_from: date | None, rule: ShiftRule) -> Template:
    if moved_from is None:
        return template
    responsible, citation, duty, parameters = template
    reason = "weekend" if moved_from.weekday() >= 5 else "holiday"
    return (
        responsible,
        combine(citation, rule.citation),
        text(
            f"obligation.moved.{reason}",
            duty=duty,
            provision=rule.legal_basis,
            moved_from=moved_from,
        ),
        parameters,
    )


def _obligation(code: str, due: date, template: Template, moved_from: date | None) -> Obligation:
    responsible, citation, detail, parameters = template
    return new_obligation(
        code,
        due,
        responsible,
        citation.legal_basis,
        citation.source,
        detail.en,
        detail.de,
        detail.message,
        moved_from,
        parameters,
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
    callers look it up under ``(code, variant, event, state)`` before calling this. It is also
    shared by every state where the deadline moves alike (usually: it does not move at all), so
    the cache holds one object per distinct duty rather than one per state, which keeps it small
    for the garbage collector as well.
    """
    end = add_weeks(event, weeks)
    due = shifted(end, state)
    moved_from = None if due == end else end
    shared_key = (_SHARED, code, variant, due, moved_from)
    duty: Obligation | None = cache.get(shared_key)
    if duty is None:
        if moved_from is None:
            template: Template | None = cache.get((code, variant, None))
            if template is None:
                template = cache[(code, variant, None)] = build(*args)
            duty = _obligation(code, due, template, None)
        else:
            # The text names the date the deadline moved from: keyed by that date, not only by
            # weekend or holiday, or a later case would repeat an earlier case's date.
            key = (code, variant, end)
            moved: Template | None = cache.get(key)
            if moved is None:
                moved = cache[key] = _with_shift(build(*args), end, rule)
            duty = _obligation(code, due, moved, end)
        cache[shared_key] = duty
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
    duty = cache[(code, variant, due)] = _obligation(code, due, template, None)
    return duty


def _title_check() -> Template:
    return (
        "employer",
        cite("aufenthg_4a_5_s_1_s_3_n_1"),
        text("obligation.residence_title_check"),
        (),
    )


def _title_copy() -> Template:
    return ("employer", cite("aufenthg_4a_5_s_3_n_2"), text("obligation.residence_title_copy"), ())


def _weeks_duty(responsible: str, citation: str, code: str, weeks: Parameter) -> Template:
    """A duty whose text names its period in weeks (the parameter it was computed from)."""
    return (responsible, cite(citation), text(code, weeks=weeks.value), (trace_entry(weeks),))


def _deuev_registration(weeks: Parameter) -> Template:
    return _weeks_duty(
        "employer", "deuev_6_and_sgb_iv_28a_1_n_1", "obligation.deuev_registration", weeks
    )


def _sofortmeldung(lead: Parameter) -> Template:
    return (
        "employer",
        cite("sgb_iv_28a_4_s_1"),
        text("obligation.sofortmeldung"),
        (trace_entry(lead),),
    )


def _deuev_deregistration(weeks: Parameter) -> Template:
    return _weeks_duty("employer", "deuev_8", "obligation.deuev_deregistration", weeks)


def _health_insurance(weeks: Parameter, jaeg: Parameter | None) -> Template:
    if jaeg is None:
        return _weeks_duty(
            "employee", "sgb_v_175_3", "obligation.health_insurance_registration.choose", weeks
        )
    return (
        "employee",
        cite("sgb_v_175_3"),
        text(
            "obligation.health_insurance_registration.above_jaeg",
            jaeg_eur=jaeg.value,
            weeks=weeks.value,
        ),
        (trace_entry(weeks), trace_entry(jaeg)),
    )


def _residence_registration(weeks: Parameter) -> Template:
    return _weeks_duty("employee", "bmg_17_1", "obligation.residence_registration", weeks)


def _end_notice(weeks: Parameter) -> Template:
    return _weeks_duty(
        "employer", "aufenthg_4a_5_s_3_n_3", "obligation.employment_end_notice", weeks
    )


def _certificate(social_security: SocialSecurity, origin: str | None) -> Template:
    certificate = social_security.certificate
    if certificate != "A1":
        return (
            "employer",
            Citation(social_security.legal_basis, social_security.source),
            text("obligation.posting_certificate", certificate=certificate or ""),
            (),
        )
    if origin is not None:
        return (
            "employer",
            cite("vo_883_2004_art_12_and_vo_987_2009_art_15_1_and_sgb_iv_106"),
            text("obligation.a1_certificate.posting", origin=origin),
            (),
        )
    return (
        "employer",
        cite("vo_883_2004_art_13_16_and_vo_987_2009_art_16_and_sgb_iv_106"),
        text(
            "obligation.a1_certificate.several_states",
            state=social_security.applicable_legislation,
        ),
        (),
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
    param = ctx.param
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
        registration = param("de.obligations.deuev_registration_weeks")
        weeks: int = registration.value
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
                registration,
            )
        out.append(duty)
        if wid and job.industry in ctx.codes("de.obligations.sofortmeldung_industries"):
            lead = param("de.obligations.sofortmeldung_lead_days")
            due = start - timedelta(days=lead.value)
            duty = get(("SOFORTMELDUNG", lead.value, due))
            if duty is None:
                duty = _point_duty(cache, "SOFORTMELDUNG", due, lead.value, _sofortmeldung, lead)
            out.append(duty)
        ended = job.ended_early_on or job.end_date
        if ended is not None:
            deregistration = param("de.obligations.deuev_deregistration_weeks")
            weeks_end: int = deregistration.value
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
                    deregistration,
                )
            out.append(duty)
    if health_de:
        choice = param("de.obligations.health_insurance_choice_weeks")
        weeks_hi: int = choice.value
        above = param("de.social_security.jaeg") if ctx.salary > ctx.limits.jaeg else None
        variant = (weeks_hi, None if above is None else above.value)
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
                choice,
                above,
            )
        out.append(duty)
    moved_in = person.move_in_date
    if moved_in is not None and (wid or health_de):
        registration_weeks = param("de.obligations.residence_registration_weeks")
        weeks_reg: int = registration_weeks.value
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
                registration_weeks,
            )
        out.append(duty)
    if needs_title:
        out.extend(renewal_duties(ctx))
    title = person.german_residence_title
    ended_on = job.ended_early_on
    if (
        needs_title
        and ended_on is not None
        and (title in _EMPLOYMENT_TITLES or (title is None and recommended in _EMPLOYMENT_PATHWAYS))
    ):
        notice = param("de.obligations.employment_end_notice_weeks")
        weeks_n: int = notice.value
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
                notice,
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
