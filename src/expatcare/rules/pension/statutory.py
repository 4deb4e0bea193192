"""Where the person moves and what that means for the statutory pension (totalisation, refund)."""

from __future__ import annotations

from dataclasses import dataclass

from expatcare.rules.context import ParameterReader
from expatcare.rules.engine import (
    Parameter,
    ParameterSnapshot,
)
from expatcare.rules.messages import Text
from expatcare.rules.pension.common import (
    P_AGREEMENT_PREFIX,
    P_EEA_STATES,
    P_EU_STATES,
    P_GENERAL_WAITING,
    P_POSTING_ONLY,
    P_REFUND_WAIT,
    P_SWISS_STATES,
    P_TCA_PENSION,
    SRC_883,
    SRC_DRV_REFUND,
    add_months,
    first_of_month,
)
from expatcare.rules.pension.model import (
    LeavingItem,
    PensionCase,
)
from expatcare.rules.pension.texts import pension_text, sentences


@dataclass(frozen=True, slots=True)
class Destination:
    """Where the person moves, classified for the statutory pension.

    ``kind`` is ``DE``, ``COORDINATION`` (EU/EEA/Switzerland, Regulation 883/2004),
    ``AGREEMENT`` (a bilateral agreement or the EU-UK protocol covering pensions) or ``NONE``.
    """

    kind: str
    in_eu: bool = False
    agreement: Parameter | None = None
    verified: bool = True
    why_not: str | None = None


def agreement_for(
    snap: ParameterSnapshot, reader: ParameterReader, country: str
) -> Parameter | None:
    return reader.optional(snap, P_AGREEMENT_PREFIX + country.lower())


def covers_pension(snap: ParameterSnapshot, reader: ParameterReader, param: Parameter) -> bool:
    value = param.value
    if not isinstance(value, dict):
        return False
    return "pension" in value.get("branches", []) and str(value.get("country")) not in (
        reader.codes(snap, P_POSTING_ONLY)
    )


def destination_for(
    snap: ParameterSnapshot, reader: ParameterReader, case: PensionCase, country: str
) -> Destination:
    """Classify the destination for totalisation and refund.

    An agreement counts only if it covers pension insurance with totalisation (posting-only
    agreements do not) and, where its personal scope is limited to nationals of the two states,
    only for someone holding one of those nationalities.
    """
    if country == "DE":
        return Destination("DE")
    if country in reader.codes(snap, P_EU_STATES):
        return Destination("COORDINATION", in_eu=True)
    if country in reader.codes(snap, P_EEA_STATES) | reader.codes(snap, P_SWISS_STATES):
        return Destination("COORDINATION")
    # Traced only on a hit: the open question of this list concerns the listed states alone.
    tca = snap.get(P_TCA_PENSION)
    if tca is not None and country in tca.value:
        param = reader.optional(snap, P_TCA_PENSION)
        return Destination("AGREEMENT", agreement=param, verified=bool(param and param.verified))
    param = agreement_for(snap, reader, country)
    if param is None:
        return Destination("NONE")
    if not covers_pension(snap, reader, param):
        return Destination("NONE", agreement=param, verified=param.verified, why_not="scope")
    value = param.value
    if value.get("personal_scope") == "nationals" and not (
        {"DE", country} & set(case.person.nationalities)
    ):
        return Destination("NONE", agreement=param, verified=param.verified, why_not="nationals")
    return Destination("AGREEMENT", agreement=param, verified=param.verified)


def statutory_items(
    case: PensionCase,
    snap: ParameterSnapshot,
    reader: ParameterReader,
    destination: Destination,
) -> list[LeavingItem]:
    """Statutory pension on moving abroad: totalisation, or a refund under § 210 SGB VI."""
    leaving = case.leaving
    assert leaving is not None
    country = leaving.to_country
    items: list[LeavingItem] = []
    if destination.kind == "DE":
        return items
    nationalities = set(case.person.nationalities)
    if destination.kind == "COORDINATION":
        items.append(
            LeavingItem(
                code="AGREEMENT_COUNTRY_TOTALISATION",
                legal_basis="Art. 6, 52 VO (EG) 883/2004",
                source=SRC_883,
                text=pension_text("pension.statutory.coordination", country=country),
                details=(("regime", "EU/EEA/CH"), ("verified", True)),
            )
        )
        return items
    if destination.kind == "AGREEMENT":
        param = destination.agreement
        assert param is not None
        agreement = pension_text("pension.statutory.agreement", partner=country)
        if not destination.verified:
            agreement = sentences(
                agreement, pension_text("pension.statutory.agreement_not_verified")
            )
        items.append(
            LeavingItem(
                code="AGREEMENT_COUNTRY_TOTALISATION",
                legal_basis=param.reference.legal_basis,
                source=param.reference.href,
                text=agreement,
                details=(
                    ("regime", "bilateral" if param.name.startswith(P_AGREEMENT_PREFIX) else "TCA"),
                    ("agreement_parameter", param.name),
                    ("verified", destination.verified),
                ),
            )
        )
        return items

    # No agreement that helps: a refund is open to third-country nationals only.
    if "DE" in nationalities or nationalities & (
        reader.codes(snap, P_EU_STATES)
        | reader.codes(snap, P_EEA_STATES)
        | reader.codes(snap, P_SWISS_STATES)
    ):
        return items
    wait = reader.integer(snap, P_REFUND_WAIT)
    five = reader.integer(snap, P_GENERAL_WAITING)
    # The waiting time counts whole calendar months after the month insurance ended.
    earliest = add_months(first_of_month(leaving.date), wait + 1)
    caveats: list[Text] = []
    if destination.why_not == "scope" and destination.agreement is not None:
        caveats.append(
            pension_text(
                "pension.statutory.caveat.scope"
                if destination.verified
                else "pension.statutory.caveat.scope_unverified",
                partner=country,
            )
        )
    if destination.why_not == "nationals":
        caveats.append(pension_text("pension.statutory.caveat.nationals", partner=country))
    agreement_nationals = sorted(
        n
        for n in nationalities
        if (param := agreement_for(snap, reader, n)) is not None
        and covers_pension(snap, reader, param)
    )
    if agreement_nationals:
        caveats.append(
            pension_text(
                "pension.statutory.caveat.voluntary", nationalities=", ".join(agreement_nationals)
            )
        )
    items.append(
        LeavingItem(
            code="STATUTORY_REFUND_POSSIBLE",
            legal_basis="§ 210 Abs. 1 Nr. 1, Abs. 2, 3, 6 SGB VI; § 50 Abs. 1 SGB VI",
            source=reader.source(snap, P_REFUND_WAIT),
            text=sentences(
                pension_text(
                    "pension.statutory.refund",
                    country=country,
                    months=wait,
                    earliest_on=earliest,
                    years=five,
                ),
                *caveats,
            ),
            details=(
                ("earliest_application_on", earliest.isoformat()),
                ("waiting_months", wait),
                ("employee_share_only", True),
                ("alternative_min_contribution_years", five),
                ("drv_guidance", SRC_DRV_REFUND),
            ),
        )
    )
    return items
