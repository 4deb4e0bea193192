"""The year's free limits (§ 3 Nr. 63 EStG, § 1 Abs. 1 Nr. 9 SvEV) and the notes about them."""

from __future__ import annotations

from expatcare.rules.context import ParameterReader
from expatcare.rules.engine import (
    ParameterSnapshot,
    money,
)
from expatcare.rules.messages import Message, render
from expatcare.rules.model import TraceEntry
from expatcare.rules.pension.common import (
    P_BBG_PENSION,
    P_DEFERRAL_MAX_SHARE,
    P_SS_FREE_SHARE,
    P_TAX_FREE_SHARE,
    SRC_14_SGB_IV,
    TWELVE,
    ZERO,
    de_amount,
    en_amount,
)
from expatcare.rules.pension.model import (
    EXTERNAL_VEHICLES,
    Contributions,
    Limits,
    Note,
    PensionCase,
)


def limits_for(case: PensionCase, snap: ParameterSnapshot, reader: ParameterReader) -> Limits:
    """The year's free limits: both are fixed shares of the pension-insurance ceiling."""
    bbg = reader.decimal(snap, P_BBG_PENSION)
    tax_free = money(bbg * reader.decimal(snap, P_TAX_FREE_SHARE))
    ss_free = money(bbg * reader.decimal(snap, P_SS_FREE_SHARE))
    entitlement = money(bbg * reader.decimal(snap, P_DEFERRAL_MAX_SHARE))
    return Limits(
        year=case.as_of.year,
        bbg_pension_annual_eur=money(bbg),
        tax_free_annual_eur=tax_free,
        social_security_free_annual_eur=ss_free,
        deferred_compensation_entitlement_annual_eur=entitlement,
        legal_basis="§ 3 Nr. 63 EStG; § 1 Abs. 1 Nr. 9 SvEV",
        sources=(
            reader.source(snap, P_TAX_FREE_SHARE),
            reader.source(snap, P_SS_FREE_SHARE),
            reader.source(snap, P_BBG_PENSION),
        ),
    )


# --------------------------------------------------------------------------- notes


def notes_for(
    case: PensionCase,
    snap: ParameterSnapshot,
    reader: ParameterReader,
    limits: Limits,
    contributions: Contributions,
) -> tuple[Note, ...]:
    notes: list[Note] = []
    plan = case.plan
    deferral_a = money(plan.deferred_compensation_monthly_eur * TWELVE)
    entitlement = limits.deferred_compensation_entitlement_annual_eur
    if deferral_a > entitlement:
        notes.append(
            Note(
                code="DEFERRAL_ABOVE_ENTITLEMENT",
                severity="info",
                legal_basis="§ 1a Abs. 1 BetrAVG",
                source=reader.source(snap, P_DEFERRAL_MAX_SHARE),
                explanation=(
                    f"The deferral of {en_amount(deferral_a)} EUR a year exceeds the statutory "
                    f"entitlement of {en_amount(entitlement)} EUR; the excess rests on agreement."
                ),
                explanation_de=(
                    f"Die Umwandlung von {de_amount(deferral_a)} EUR im Jahr übersteigt den "
                    f"gesetzlichen Anspruch von {de_amount(entitlement)} EUR; der Rest beruht auf "
                    "Vereinbarung."
                ),
            )
        )
    if plan.vehicle in EXTERNAL_VEHICLES:
        if contributions.tax_free_excess_annual_eur > ZERO:
            notes.append(
                Note(
                    code="ABOVE_TAX_FREE_LIMIT",
                    severity="warning",
                    legal_basis="§ 3 Nr. 63 EStG",
                    source=reader.source(snap, P_TAX_FREE_SHARE),
                    explanation=(
                        f"Plan contributions of {en_amount(contributions.total_annual_eur)} EUR "
                        f"a year exceed the tax-free {en_amount(limits.tax_free_annual_eur)} EUR "
                        f"by {en_amount(contributions.tax_free_excess_annual_eur)} EUR, which is "
                        "taxed as pay."
                    ),
                    explanation_de=(
                        f"Beiträge von {de_amount(contributions.total_annual_eur)} EUR im Jahr "
                        f"übersteigen den steuerfreien Betrag von "
                        f"{de_amount(limits.tax_free_annual_eur)} EUR um "
                        f"{de_amount(contributions.tax_free_excess_annual_eur)} EUR; der Rest ist "
                        "steuerpflichtiger Arbeitslohn."
                    ),
                )
            )
        if contributions.social_security_free_excess_annual_eur > ZERO:
            notes.append(
                Note(
                    code="ABOVE_SOCIAL_SECURITY_FREE_LIMIT",
                    severity="warning",
                    legal_basis="§ 1 Abs. 1 Nr. 9 SvEV",
                    source=reader.source(snap, P_SS_FREE_SHARE),
                    explanation=(
                        f"Plan contributions exceed the contribution-free "
                        f"{en_amount(limits.social_security_free_annual_eur)} EUR by "
                        f"{en_amount(contributions.social_security_free_excess_annual_eur)} EUR "
                        "a year; the excess is subject to social-security contributions."
                    ),
                    explanation_de=(
                        "Die Beiträge übersteigen den beitragsfreien Betrag von "
                        f"{de_amount(limits.social_security_free_annual_eur)} EUR um "
                        f"{de_amount(contributions.social_security_free_excess_annual_eur)} EUR "
                        "im Jahr; der Rest ist beitragspflichtig."
                    ),
                )
            )
    else:
        notes.append(
            Note(
                code="INTERNAL_VEHICLE_LIMITS",
                severity="info",
                legal_basis="§ 3 Nr. 63 EStG; § 14 Abs. 1 Satz 2 SGB IV",
                source=SRC_14_SGB_IV,
                explanation=(
                    "The limits of § 3 Nr. 63 EStG apply to external vehicles only. With a "
                    f"{plan.vehicle.value} contributions are not taxed when made (benefits are "
                    "taxed when paid), and deferred pay is free of social-security contributions "
                    "up to 4 % of the pension ceiling."
                ),
                explanation_de=(
                    "Die Grenzen des § 3 Nr. 63 EStG gelten nur für externe Durchführungswege. "
                    f"Bei einer {plan.vehicle.value} fließt bei Zuführung kein Lohn zu (besteuert "
                    "wird die spätere Leistung); umgewandeltes Entgelt ist bis 4 % der "
                    "Beitragsbemessungsgrenze beitragsfrei."
                ),
            )
        )
    return tuple(notes)


def unverified_note(entries: list[TraceEntry]) -> Note:
    """Say openly when a figure rests on a value the fact base could not confirm, and what is
    open about it (the question's message, rendered in each language)."""
    listed = ", ".join(f"{t.parameter} (from {t.valid_from.isoformat()})" for t in entries)
    questions = [
        Message(t.open_question_message) for t in entries if t.open_question_message is not None
    ]
    open_en = "".join(" " + render(q, "en") for q in dict.fromkeys(questions))
    open_de = "".join(" " + render(q, "de") for q in dict.fromkeys(questions))
    return Note(
        code="UNVERIFIED_PARAMETER",
        severity="info",
        legal_basis="; ".join(dict.fromkeys(t.legal_basis for t in entries)),
        source=entries[0].source,
        explanation=(
            f"This result uses values not yet verified against the statute text: {listed}."
            + (open_en or " See the trace and the parameter files' open questions.")
        ),
        explanation_de=(
            f"Dieses Ergebnis verwendet noch nicht am Gesetzestext geprüfte Werte: {listed}."
            + (open_de or " Siehe Trace und offene Fragen in den Parameterdateien.")
        ),
    )
