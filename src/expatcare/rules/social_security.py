"""Which state's social-security law applies, per branch (Regulation 883/2004, treaties, SGB IV).

Order of the rules:

1. A posting (``job.posting``): between states under Regulation (EC) 883/2004 (EU, EEA,
   Switzerland; the UK through the TCA protocol) the sending state's law continues for up to
   24 months with an A1 certificate (Art. 12); longer postings fall under the work state from the
   start (Art. 11(3)(a)). Between Germany and a state with a bilateral agreement, the agreement
   keeps the sending state's law for the branches it covers up to its posting limit; branches it
   does not cover follow German Aus-/Einstrahlung (§§ 4, 5 SGB IV), i.e. they stay with the
   sending state as long as the posting is limited in advance. Without any agreement only
   §§ 4, 5 SGB IV apply.
2. Telework from another state (``job.telework_abroad``): within 883/2004, work of less than 25 %
   in the residence state is not substantial and the employer's state applies (Art. 13(1)(b)(i));
   from 25 % the residence state applies (Art. 13(1)(a)), unless the telework share is below 50 %
   and both states signed the 2023 framework agreement, in which case the employer's state applies
   on request (Art. 16 exception). Outside 883/2004 each state's territoriality applies.
3. Work outside Germany: the work state's law (Art. 11(3)(a) or territoriality).
4. Work in Germany: German law for all branches (§ 3 Nr. 1 SGB IV).

``applicable_legislation`` is the state of the pension branch, which is the branch every
agreement covers; ``branches`` gives the state per branch where they differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from expatcare.rules.calendar import add_months
from expatcare.rules.citations import Citation, cite, combine, parameter_citation
from expatcare.rules.context import Context, trace_entry
from expatcare.rules.engine import Parameter
from expatcare.rules.messages import Text, text
from expatcare.rules.model import Posting, SocialSecurity, TeleworkAbroad, finding

__all__ = ["BRANCHES", "determine_social_security"]

BRANCHES: tuple[str, ...] = ("pension", "health", "unemployment", "accident", "care")


def _branches(states: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((b, states[b]) for b in BRANCHES)


def _all(state: str) -> dict[str, str]:
    return dict.fromkeys(BRANCHES, state)


def _ss(
    branches: dict[str, str],
    citation: Citation,
    certificate: str | None,
    explanation: Text,
    max_months: int | None = None,
) -> SocialSecurity:
    return SocialSecurity(
        applicable_legislation=branches["pension"],
        legal_basis=citation.legal_basis,
        source=citation.source,
        certificate=certificate,
        a1_required=certificate == "A1",
        branches=_branches(branches),
        explanation=explanation.en,
        explanation_de=explanation.de,
        message=explanation.message,
        max_posting_months=max_months,
    )


def _agreement(ctx: Context, country: str) -> dict[str, Any] | None:
    """The bilateral agreement with ``country`` if it covers at least one branch."""
    name = "de.social_security.agreements." + country.lower()
    if name not in ctx.snapshot:
        return None
    value: dict[str, Any] = ctx.p(name)
    if not value["branches"]:
        return None
    if value["personal_scope"] == "nationals" and not (
        {"DE", country} & set(ctx.person.nationalities)
    ):
        return None
    return value


def _uk_states(ctx: Context) -> frozenset[str]:
    return ctx.codes("de.social_security.uk_coordination_states")


#: The case fields the social-security rules may read (checked by tests/rules/test_memo_keys.py).
SOCIAL_SECURITY_READS = frozenset(
    {
        "job.work_country",
        "job.posting",
        "job.telework_abroad",
        "job.annual_gross_salary_eur",
        "person.nationalities",
    }
)


def social_security_key(ctx: Context) -> tuple[object, ...]:
    """The memo key: every fact of ``SOCIAL_SECURITY_READS`` as far as the rules use it."""
    job = ctx.job
    posting = job.posting
    telework = job.telework_abroad
    return (
        "SS",
        job.work_country,
        None if posting is None else (posting.from_country, posting.to_country, posting.months),
        # Repeated postings depend on the dates; without an earlier posting the start is not read.
        None
        if posting is None or posting.earlier_start_date is None
        else (posting.start_date, posting.earlier_start_date, posting.earlier_end_date),
        None if telework is None else (telework.country, telework.share_percent),
        ctx.german,
        ctx.free_movement,
        posting is not None
        and bool({"DE", posting.from_country, posting.to_country} & set(ctx.person.nationalities)),
        ctx.salary > ctx.limits.jaeg,
    )


def determine_social_security(ctx: Context) -> SocialSecurity:
    """Memoised per period on the facts the rules read (``social_security_key``)."""
    return ctx.memo(social_security_key(ctx), lambda: _determine(ctx))


def _determine(ctx: Context) -> SocialSecurity:
    job = ctx.job
    if job.posting is not None:
        return _posting(ctx, job.posting)
    if job.telework_abroad is not None and job.telework_abroad.country != job.work_country:
        return _telework(ctx, job.telework_abroad)
    if job.work_country != "DE":
        return _abroad(ctx)
    return _domestic(ctx)


def _domestic(ctx: Context) -> SocialSecurity:
    jaeg = ctx.param("de.social_security.jaeg")
    if ctx.salary > jaeg.value:
        ctx.findings.append(
            finding(
                "HEALTH_INSURANCE_EXEMPT_ABOVE_JAEG",
                "info",
                text("finding.health_insurance_exempt_above_jaeg", jaeg_eur=jaeg.value),
                cite("sgb_v_6_1_n_1"),
                (trace_entry(jaeg),),
            )
        )
    citation = cite("sgb_iv_3_n_1")
    if ctx.free_movement and not ctx.german:
        citation = combine(citation, cite("vo_883_2004_art_11_3_a"))
    return _ss(_all("DE"), citation, None, text("social_security.domestic"))


def _abroad(ctx: Context) -> SocialSecurity:
    country = ctx.job.work_country
    coordinated = ctx.coordination_states() | _uk_states(ctx)
    if country in coordinated:
        citation = cite("vo_883_2004_art_11_3_a")
    else:
        citation = cite("sgb_iv_3_n_1_territoriality")
    ctx.findings.append(
        finding(
            "LOCAL_LAW_APPLIES",
            "info",
            text("finding.local_law_applies", country=country),
            citation,
        )
    )
    return _ss(_all(country), citation, None, text("social_security.abroad", country=country))


def _exceeds(
    ctx: Context, posting: Posting, limit: Parameter, citation: Citation, remedy: Text
) -> None:
    """The posting is longer than ``limit`` (the parameter it was compared with)."""
    ctx.findings.append(
        finding(
            "POSTING_EXCEEDS_MAXIMUM",
            "warning",
            text(
                "finding.posting_exceeds_maximum",
                months=posting.months,
                limit=limit_months(limit),
                remedy=remedy,
            ),
            citation,
            (trace_entry(limit),),
        )
    )


def _posting(ctx: Context, posting: Posting) -> SocialSecurity:
    origin, host = posting.from_country, posting.to_country
    coordinated = ctx.coordination_states()
    uk = _uk_states(ctx)
    both_eu = origin in coordinated and host in coordinated
    uk_case = (origin in uk and host in coordinated) or (host in uk and origin in coordinated)
    if both_eu or uk_case:
        if uk_case:
            limit_parameter = ctx.param("de.social_security.uk_posting_max_months")
            citation = cite("eu_uk_tca_protocol_and_sgb_iv_106_2")
        else:
            limit_parameter = ctx.param("de.social_security.eu_posting_max_months")
            citation = cite("vo_883_2004_art_12_1")
        limit: int = limit_parameter.value
        if posting.months <= limit:
            explanation = text(
                "social_security.posting.coordinated",
                origin=origin,
                host=host,
                months=posting.months,
                limit=limit,
            )
            return _ss(_all(origin), citation, "A1", explanation, limit)
        _exceeds(ctx, posting, limit_parameter, citation, text("finding.remedy.art_16_exception"))
        explanation = text(
            "social_security.posting.coordinated_too_long",
            host=host,
            months=posting.months,
            limit=limit,
        )
        return _ss(_all(host), cite("vo_883_2004_art_11_3_a_art_12_1"), None, explanation, limit)
    if "DE" not in (origin, host):
        ctx.findings.append(
            finding(
                "SOCIAL_SECURITY_OUT_OF_SCOPE",
                "info",
                text("finding.social_security_out_of_scope", origin=origin, host=host),
                cite("sgb_iv_3"),
            )
        )
        return _ss(
            _all(host),
            cite("sgb_iv_3_territoriality"),
            None,
            text("social_security.posting.out_of_scope", host=host),
        )
    outbound = origin == "DE"
    partner = host if outbound else origin
    local = cite("sgb_iv_4_ausstrahlung" if outbound else "sgb_iv_5_einstrahlung")
    agreement = _agreement(ctx, partner)
    if agreement is None:
        direction = "outbound" if outbound else "inbound"
        explanation = text(f"social_security.posting.no_agreement.{direction}", partner=partner)
        return _ss(_all(origin), local, None, explanation)
    covered: list[str] = agreement["branches"]
    limit_or_none: int | None = agreement["max_posting_months"]
    # The limit is the expected length as planned at the start (e.g. Art. 6 Abs. 2 SVA-USA).
    within = limit_or_none is None or posting.months <= limit_or_none
    name = "de.social_security.agreements." + partner.lower()
    agreement_parameter = ctx.param(name)
    reference = parameter_citation(agreement_parameter)
    repeat = _repeat_rule(ctx, partner)
    repeated = within and repeat is not None and not _repeat_allowed(posting, repeat.value[partner])
    if repeated and repeat is not None:
        within = False
        _repeated_posting_not_covered(ctx, posting, partner, repeat)
    states: dict[str, str] = {}
    for branch in BRANCHES:
        if branch in covered:
            states[branch] = origin if within else host
        else:
            states[branch] = origin  # §§ 4, 5 SGB IV: limited posting stays with the origin
    if not within and not repeated and limit_or_none is not None:
        _exceeds(
            ctx,
            posting,
            agreement_parameter,
            reference,
            text("finding.remedy.agreement", partner=partner),
        )
    certificate = agreement["certificate"] if within else None
    limit_text = (
        text("social_security.no_fixed_limit")
        if limit_or_none is None
        else text("social_security.max_months", months=limit_or_none)
    )
    explanation = text(
        "social_security.posting.agreement",
        origin=origin,
        host=host,
        months=posting.months,
        partner=partner,
        branches=", ".join(covered),
        limit=limit_text,
        local_rule=local.legal_basis,
    )
    if repeat is not None:
        rule = repeat.value[partner]
        explanation = text(
            "social_security.posting.with_repeat_rule",
            posting=explanation,
            window=rule["window_months"],
            gap=rule["min_gap_months"],
        )
    return _ss(states, combine(reference, local), certificate, explanation, limit_or_none)


def _repeat_rule(ctx: Context, partner: str) -> Parameter | None:
    """The parameter of repeated-posting rules if the agreement with ``partner`` has one."""
    name = "de.social_security.repeat_posting_rules"
    if name not in ctx.snapshot:
        return None
    parameter = ctx.param(name)
    return parameter if partner in parameter.value else None


def _repeat_allowed(posting: Posting, rule: dict[str, int]) -> bool:
    """A further posting qualifies within the window from the first start or after the gap."""
    if posting.earlier_start_date is None or posting.earlier_end_date is None:
        return True
    end = add_months(posting.start_date, posting.months)
    within_window = end <= add_months(posting.earlier_start_date, rule["window_months"])
    after_gap = posting.start_date >= add_months(posting.earlier_end_date, rule["min_gap_months"])
    return within_window or after_gap


def _repeated_posting_not_covered(
    ctx: Context, posting: Posting, partner: str, rule_parameter: Parameter
) -> None:
    rule = rule_parameter.value[partner]
    ctx.findings.append(
        finding(
            "REPEATED_POSTING_NOT_COVERED",
            "warning",
            text(
                "finding.repeated_posting_not_covered",
                partner=partner,
                earlier_start=posting.earlier_start_date or "",
                earlier_end=posting.earlier_end_date or "",
                window=rule["window_months"],
                gap=rule["min_gap_months"],
            ),
            parameter_citation(rule_parameter),
            (trace_entry(rule_parameter),),
        )
    )


def _telework(ctx: Context, telework: TeleworkAbroad) -> SocialSecurity:
    seat = ctx.job.work_country
    home = telework.country
    share = telework.share_percent
    coordinated = ctx.coordination_states()
    uk = _uk_states(ctx)
    if _all_in((seat, home), coordinated | uk):
        substantial: Decimal = ctx.p("de.social_security.substantial_activity_percent")
        if share < substantial:
            explanation = text(
                "social_security.telework.not_substantial",
                home=home,
                share=share,
                substantial=substantial,
                seat=seat,
            )
            return _ss(
                _all(seat),
                cite("vo_883_2004_art_13_1_b_i_and_vo_987_2009_art_14_8"),
                "A1",
                explanation,
            )
        threshold: Decimal = ctx.p("de.social_security.telework_threshold_percent")
        signatories = ctx.codes("de.social_security.telework_framework_signatories")
        if share < threshold and seat in signatories and home in signatories:
            framework = cite("telework_framework_agreement_and_vo_883_2004_art_16_1")
            ctx.findings.append(
                finding(
                    "TELEWORK_FRAMEWORK_AGREEMENT",
                    "info",
                    text(
                        "finding.telework_framework_agreement",
                        share=share,
                        home=home,
                        threshold=threshold,
                        seat=seat,
                    ),
                    framework,
                )
            )
            explanation = text(
                "social_security.telework.framework_agreement",
                share=share,
                home=home,
                threshold=threshold,
                seat=seat,
            )
            return _ss(_all(seat), framework, "A1", explanation)
        ctx.findings.append(
            finding(
                "TELEWORK_RESIDENCE_STATE_LAW",
                "warning",
                text("finding.telework_residence_state_law", share=share, home=home),
                cite("vo_883_2004_art_13_1_a"),
            )
        )
        return _ss(
            _all(home),
            cite("vo_883_2004_art_13_1_a_and_vo_987_2009_art_14_8"),
            "A1",
            text("social_security.telework.substantial", share=share, home=home),
        )
    ctx.findings.append(
        finding(
            "TELEWORK_OUTSIDE_EU_COORDINATION",
            "warning",
            text("finding.telework_outside_eu_coordination", home=home, seat=seat),
            cite("sgb_iv_3_n_1"),
        )
    )
    return _ss(
        _all(seat),
        cite("sgb_iv_3_n_1_territoriality"),
        None,
        text("social_security.telework.outside_coordination", seat=seat, home=home),
    )


def _all_in(states: Iterable[str], group: frozenset[str]) -> bool:
    return all(s in group for s in states)


def limit_months(limit: Parameter) -> int:
    """The posting limit in months: a number, or an agreement's ``max_posting_months``."""
    value = limit.value
    months: int = value["max_posting_months"] if isinstance(value, dict) else value
    return months
