"""The year's free limits (§ 3 Nr. 63 EStG, § 1 Abs. 1 Nr. 9 SvEV) and the notes about them."""

from __future__ import annotations

from expatcare.rules.context import ParameterReader
from expatcare.rules.engine import (
    ParameterSnapshot,
    money,
)
from expatcare.rules.messages import text
from expatcare.rules.model import TraceEntry
from expatcare.rules.pension.common import (
    P_BBG_PENSION,
    P_DEFERRAL_MAX_SHARE,
    P_SS_FREE_SHARE,
    P_TAX_FREE_SHARE,
    SRC_14_SGB_IV,
    TWELVE,
    ZERO,
)
from expatcare.rules.pension.model import (
    EXTERNAL_VEHICLES,
    Contributions,
    Limits,
    Note,
    PensionCase,
)
from expatcare.rules.pension.texts import amount, pension_text, sentences


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
                text=pension_text(
                    "pension.note.deferral_above_entitlement",
                    deferral_eur=amount(deferral_a),
                    entitlement_eur=amount(entitlement),
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
                    text=pension_text(
                        "pension.note.above_tax_free",
                        total_eur=amount(contributions.total_annual_eur),
                        limit_eur=amount(limits.tax_free_annual_eur),
                        excess_eur=amount(contributions.tax_free_excess_annual_eur),
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
                    text=pension_text(
                        "pension.note.above_social_security_free",
                        limit_eur=amount(limits.social_security_free_annual_eur),
                        excess_eur=amount(contributions.social_security_free_excess_annual_eur),
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
                text=pension_text("pension.note.internal_vehicle", vehicle=plan.vehicle.value),
            )
        )
    return tuple(notes)


def unverified_note(entries: list[TraceEntry]) -> Note:
    """Say openly when a figure rests on a value the fact base could not confirm, and what is
    open about it (the question's message, rendered in each language)."""
    listed = ", ".join(f"{t.parameter} (from {t.valid_from.isoformat()})" for t in entries)
    codes = [t.open_question_message for t in entries if t.open_question_message is not None]
    questions = [text(code) for code in dict.fromkeys(codes)]
    listed_text = pension_text("pension.note.unverified", parameters=listed)
    return Note(
        code="UNVERIFIED_PARAMETER",
        severity="info",
        legal_basis="; ".join(dict.fromkeys(t.legal_basis for t in entries)),
        source=entries[0].source,
        text=sentences(
            listed_text, *(questions or [pension_text("pension.note.unverified.see_trace")])
        ),
    )
