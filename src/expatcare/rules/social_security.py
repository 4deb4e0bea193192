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

from expatcare.rules.context import Context
from expatcare.rules.model import Posting, SocialSecurity, TeleworkAbroad, new_finding

__all__ = ["BRANCHES", "determine_social_security"]

BRANCHES: tuple[str, ...] = ("pension", "health", "unemployment", "accident", "care")

_GII = "https://www.gesetze-im-internet.de/"
SRC_SGB4_3 = _GII + "sgb_4/__3.html"
SRC_SGB4_4 = _GII + "sgb_4/__4.html"
SRC_SGB4_5 = _GII + "sgb_4/__5.html"
SRC_SGB4_106 = _GII + "sgb_4/__106.html"
SRC_SGB5_6 = _GII + "sgb_5/__6.html"
SRC_ART12 = "https://www.gov.uk/hmrc-internal-manuals/national-insurance-manual/nim33075"
SRC_ART13 = (
    "https://www.globalworkplaceinsider.com/2025/10/"
    "cross-border-employment-eu-ruling-clarifies-substantial-part/"
)
SRC_ART11 = (
    "https://www.legal500.com/developments/thought-leadership/transnational-mobility-exercise-of-"
    "a-substantial-part-of-the-activity-in-a-member-state-the-approach-of-the-court-of-justice"
)
SRC_TELEWORK = (
    "https://www.deloittelegal.be/lg/en/blog/Deloitte-Legal-Newsflashes/2023/"
    "EU-framework-agreement-on-cross-border-telework--Which-countries-are-participating-.html"
)
SRC_DRV_AGREEMENTS = (
    "https://www.deutsche-rentenversicherung.de/DRV/DE/Muttertexte/05_international/"
    "sozialversicherungsabkommen.html"
)


def _branches(states: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((b, states[b]) for b in BRANCHES)


def _all(state: str) -> dict[str, str]:
    return dict.fromkeys(BRANCHES, state)


def _ss(
    branches: dict[str, str],
    legal_basis: str,
    source: str,
    certificate: str | None,
    explanation: str,
    explanation_de: str,
    max_months: int | None = None,
) -> SocialSecurity:
    return SocialSecurity(
        applicable_legislation=branches["pension"],
        legal_basis=legal_basis,
        source=source,
        certificate=certificate,
        a1_required=certificate == "A1",
        branches=_branches(branches),
        explanation=explanation,
        explanation_de=explanation_de,
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


def determine_social_security(ctx: Context) -> SocialSecurity:
    """Memoised per period on the facts the rules read (see ``Context.memo``)."""
    job = ctx.job
    posting = job.posting
    telework = job.telework_abroad
    key = (
        "SS",
        job.work_country,
        None if posting is None else (posting.from_country, posting.to_country, posting.months),
        None if telework is None else (telework.country, telework.share_percent),
        ctx.german,
        ctx.free_movement,
        posting is not None
        and bool({"DE", posting.from_country, posting.to_country} & set(ctx.person.nationalities)),
        ctx.salary > ctx.limits.jaeg,
    )
    return ctx.memo(key, lambda: _determine(ctx))


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
    jaeg: Decimal = ctx.p("de.social_security.jaeg")
    if ctx.salary > jaeg:
        ctx.findings.append(
            new_finding(
                "HEALTH_INSURANCE_EXEMPT_ABOVE_JAEG",
                "info",
                "§ 6 Abs. 1 Nr. 1 SGB V",
                SRC_SGB5_6,
                f"Expected regular pay exceeds the compulsory-insurance limit of {jaeg} EUR: "
                "the employee is exempt from compulsory "
                "health insurance and may insure voluntarily or privately (reading not verified "
                "against GKV guidance for new arrivals).",
                f"Das regelmäßige Entgelt übersteigt die Jahresarbeitsentgeltgrenze {jaeg} EUR: "
                "Versicherungsfreiheit in der GKV; freiwillige oder private Versicherung möglich "
                "(Auslegung für Neuzugänge nicht mit GKV-Rundschreiben abgeglichen).",
            )
        )
    basis = "§ 3 Nr. 1 SGB IV"
    if ctx.free_movement and not ctx.german:
        basis += "; Art. 11 Abs. 3 lit. a VO (EG) 883/2004"
    return _ss(
        _all("DE"),
        basis,
        SRC_SGB4_3,
        None,
        "Work in Germany: German social-security law applies to all branches.",
        "Beschäftigung in Deutschland: Deutsches Sozialversicherungsrecht gilt in allen Zweigen.",
    )


def _abroad(ctx: Context) -> SocialSecurity:
    country = ctx.job.work_country
    coordinated = ctx.coordination_states() | _uk_states(ctx)
    if country in coordinated:
        basis, source = "Art. 11 Abs. 3 lit. a VO (EG) 883/2004", SRC_ART11
    else:
        basis, source = "§ 3 Nr. 1 SGB IV (territoriality)", SRC_SGB4_3
    ctx.findings.append(
        new_finding(
            "LOCAL_LAW_APPLIES",
            "info",
            basis,
            source,
            f"The work is performed in {country}: that state's social-security and labour law "
            "applies; the employer must register there (check local requirements).",
            f"Die Arbeit wird in {country} ausgeübt: Es gilt das dortige Sozialversicherungs- "
            "und Arbeitsrecht; der Arbeitgeber muss sich dort registrieren.",
        )
    )
    return _ss(
        _all(country),
        basis,
        source,
        None,
        f"Work only in {country}: its law applies, German law does not.",
        f"Arbeit nur in {country}: Es gilt dessen Recht, nicht das deutsche.",
    )


def _exceeds(
    ctx: Context, posting: Posting, limit: int, basis: str, source: str, what: str, what_de: str
) -> None:
    ctx.findings.append(
        new_finding(
            "POSTING_EXCEEDS_MAXIMUM",
            "warning",
            basis,
            source,
            f"The posting of {posting.months} months exceeds the maximum of {limit} months "
            f"({what}).",
            f"Die Entsendung von {posting.months} Monaten überschreitet die Höchstdauer von "
            f"{limit} Monaten ({what_de}).",
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
            limit: int = ctx.p("de.social_security.uk_posting_max_months")
            basis = (
                "Protokoll über die Koordinierung der sozialen Sicherheit (EU-UK TCA); "
                "§ 106 Abs. 2 SGB IV"
            )
            source = SRC_SGB4_106
        else:
            limit = ctx.p("de.social_security.eu_posting_max_months")
            basis = "Art. 12 Abs. 1 VO (EG) 883/2004"
            source = SRC_ART12
        if posting.months <= limit:
            return _ss(
                _all(origin),
                basis,
                source,
                "A1",
                f"Posting from {origin} to {host} for {posting.months} months (<= {limit}): "
                f"{origin} law continues; an A1 certificate documents it.",
                f"Entsendung von {origin} nach {host} für {posting.months} Monate (<= {limit}): "
                f"Das Recht von {origin} gilt weiter; die A1-Bescheinigung weist es nach.",
                limit,
            )
        _exceeds(
            ctx,
            posting,
            limit,
            basis,
            source,
            "an exception agreement under Art. 16 VO (EG) 883/2004 may be requested",
            "eine Ausnahmevereinbarung nach Art. 16 VO (EG) 883/2004 kann beantragt werden",
        )
        return _ss(
            _all(host),
            "Art. 11 Abs. 3 lit. a, Art. 12 Abs. 1 VO (EG) 883/2004",
            SRC_ART12,
            None,
            f"Planned posting of {posting.months} months exceeds {limit}: the law of {host} "
            "applies from the start unless an Art. 16 exception is agreed.",
            f"Geplante Entsendung von {posting.months} Monaten überschreitet {limit}: Das Recht "
            f"von {host} gilt von Beginn an, sofern keine Ausnahme nach Art. 16 vereinbart wird.",
            limit,
        )
    if "DE" not in (origin, host):
        ctx.findings.append(
            new_finding(
                "SOCIAL_SECURITY_OUT_OF_SCOPE",
                "info",
                "§ 3 SGB IV",
                SRC_SGB4_3,
                f"Posting between {origin} and {host}: German law is not involved; the law of "
                f"{host} is assumed unless an agreement between the two states says otherwise.",
                f"Entsendung zwischen {origin} und {host}: Deutsches Recht ist nicht berührt; "
                f"angenommen wird das Recht von {host}, soweit kein Abkommen anderes bestimmt.",
            )
        )
        return _ss(
            _all(host),
            "§ 3 SGB IV (territoriality)",
            SRC_SGB4_3,
            None,
            f"Posting between two states other than Germany: law of {host} assumed.",
            f"Entsendung zwischen zwei anderen Staaten: Recht von {host} angenommen.",
        )
    outbound = origin == "DE"
    partner = host if outbound else origin
    local_basis = "§ 4 SGB IV (Ausstrahlung)" if outbound else "§ 5 SGB IV (Einstrahlung)"
    local_source = SRC_SGB4_4 if outbound else SRC_SGB4_5
    agreement = _agreement(ctx, partner)
    if agreement is None:
        if outbound:
            expl = (
                f"Posting from Germany to {partner} (no social-security agreement), limited in "
                "advance: German law continues for all branches (Ausstrahlung). Local law of "
                f"{partner} may apply in addition."
            )
            expl_de = (
                f"Befristete Entsendung aus Deutschland nach {partner} (kein Abkommen): "
                "Deutsches Recht gilt in allen Zweigen weiter (Ausstrahlung); das Recht von "
                f"{partner} kann zusätzlich gelten."
            )
        else:
            expl = (
                f"Posting from {partner} to Germany (no social-security agreement), limited in "
                "advance: German insurance obligations do not apply (Einstrahlung)."
            )
            expl_de = (
                f"Befristete Entsendung aus {partner} nach Deutschland (kein Abkommen): Keine "
                "deutsche Versicherungspflicht (Einstrahlung)."
            )
        return _ss(_all(origin), local_basis, local_source, None, expl, expl_de)
    covered: list[str] = agreement["branches"]
    limit_or_none: int | None = agreement["max_posting_months"]
    within = limit_or_none is None or posting.months <= limit_or_none
    name = "de.social_security.agreements." + partner.lower()
    reference = ctx.param(name).reference
    states: dict[str, str] = {}
    for branch in BRANCHES:
        if branch in covered:
            states[branch] = origin if within else host
        else:
            states[branch] = origin  # §§ 4, 5 SGB IV: limited posting stays with the origin
    if not within and limit_or_none is not None:
        _exceeds(
            ctx,
            posting,
            limit_or_none,
            reference.legal_basis,
            reference.href,
            f"agreement with {partner}",
            f"Abkommen mit {partner}",
        )
    certificate = agreement["certificate"] if within else None
    limit_text = "no fixed limit" if limit_or_none is None else f"max. {limit_or_none} months"
    limit_text_de = (
        "keine feste Höchstdauer" if limit_or_none is None else f"max. {limit_or_none} Monate"
    )
    covered_text = ", ".join(covered)
    return _ss(
        states,
        f"{reference.legal_basis}; {local_basis}",
        reference.href,
        certificate,
        f"Posting {origin} -> {host} for {posting.months} months under the agreement with "
        f"{partner} (covers {covered_text}; {limit_text}). Branches not covered follow "
        f"{local_basis}.",
        f"Entsendung {origin} -> {host} für {posting.months} Monate nach dem Abkommen mit "
        f"{partner} (erfasst {covered_text}; {limit_text_de}). Nicht erfasste Zweige folgen "
        f"{local_basis}.",
        limit_or_none,
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
            return _ss(
                _all(seat),
                "Art. 13 Abs. 1 lit. b Ziff. i VO (EG) 883/2004; Art. 14 Abs. 8 VO (EG) 987/2009",
                SRC_ART13,
                "A1",
                f"Telework from {home} of {share} % (< {substantial} %) is not a substantial "
                f"part: the law of the employer's state {seat} applies; A1 from {seat}.",
                f"Telearbeit aus {home} mit {share} % (< {substantial} %) ist kein wesentlicher "
                f"Teil: Es gilt das Recht des Arbeitgeberstaats {seat}; A1 aus {seat}.",
            )
        threshold: Decimal = ctx.p("de.social_security.telework_threshold_percent")
        signatories = ctx.codes("de.social_security.telework_framework_signatories")
        if share < threshold and seat in signatories and home in signatories:
            ctx.findings.append(
                new_finding(
                    "TELEWORK_FRAMEWORK_AGREEMENT",
                    "info",
                    "Rahmenübereinkommen Telearbeit; Art. 16 Abs. 1 VO (EG) 883/2004",
                    SRC_TELEWORK,
                    f"Telework of {share} % from {home} is below {threshold} %: the law of "
                    f"{seat} applies only if the employer requests it under the framework "
                    "agreement (Art. 16 exception); otherwise the residence state applies.",
                    f"Telearbeit von {share} % aus {home} liegt unter {threshold} %: Das Recht "
                    f"von {seat} gilt nur auf Antrag nach dem Rahmenübereinkommen (Art. 16); "
                    "sonst gilt der Wohnstaat.",
                )
            )
            return _ss(
                _all(seat),
                "Rahmenübereinkommen Telearbeit; Art. 16 Abs. 1 VO (EG) 883/2004",
                SRC_TELEWORK,
                "A1",
                f"Cross-border telework {share} % from {home} (< {threshold} %, both states "
                f"signed the framework agreement): law of {seat} on request; A1 from {seat}.",
                f"Grenzüberschreitende Telearbeit {share} % aus {home} (< {threshold} %, beide "
                f"Staaten Unterzeichner): Recht von {seat} auf Antrag; A1 aus {seat}.",
            )
        ctx.findings.append(
            new_finding(
                "TELEWORK_RESIDENCE_STATE_LAW",
                "warning",
                "Art. 13 Abs. 1 lit. a VO (EG) 883/2004",
                SRC_ART13,
                f"Telework of {share} % from {home} is substantial: the law of {home} applies "
                f"to the whole employment; the employer must register and pay contributions "
                f"in {home}.",
                f"Telearbeit von {share} % aus {home} ist wesentlich: Für die gesamte "
                f"Beschäftigung gilt das Recht von {home}; der Arbeitgeber muss sich dort "
                "anmelden und Beiträge zahlen.",
            )
        )
        return _ss(
            _all(home),
            "Art. 13 Abs. 1 lit. a VO (EG) 883/2004; Art. 14 Abs. 8 VO (EG) 987/2009",
            SRC_ART13,
            "A1",
            f"Substantial part ({share} %) of the work in the residence state {home}: its law "
            "applies to the whole employment.",
            f"Wesentlicher Teil ({share} %) der Arbeit im Wohnstaat {home}: Dessen Recht gilt "
            "für die gesamte Beschäftigung.",
        )
    ctx.findings.append(
        new_finding(
            "TELEWORK_OUTSIDE_EU_COORDINATION",
            "warning",
            "§ 3 Nr. 1 SGB IV",
            SRC_SGB4_3,
            f"Telework from {home} is outside EU coordination: work done in {home} falls under "
            f"its law, work in {seat} under {seat} law; double coverage is possible. Check the "
            "bilateral agreement, if any, and local registration.",
            f"Telearbeit aus {home} außerhalb der EU-Koordinierung: Arbeit in {home} unterliegt "
            f"dessen Recht, Arbeit in {seat} dem Recht von {seat}; Doppelversicherung möglich.",
        )
    )
    return _ss(
        _all(seat),
        "§ 3 Nr. 1 SGB IV (territoriality)",
        SRC_SGB4_3,
        None,
        f"Work in {seat} falls under {seat} law; the telework share in {home} under {home} law.",
        f"Arbeit in {seat} unterliegt dem Recht von {seat}; der Telearbeitsanteil in {home} "
        f"dem Recht von {home}.",
    )


def _all_in(states: Iterable[str], group: frozenset[str]) -> bool:
    return all(s in group for s in states)
