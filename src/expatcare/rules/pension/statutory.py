"""Where the person moves and what that means for the statutory pension (totalisation, refund)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from expatcare.rules.context import ParameterReader
from expatcare.rules.engine import (
    Parameter,
    ParameterSnapshot,
)
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
    de_date,
    first_of_month,
)
from expatcare.rules.pension.model import (
    LeavingItem,
    PensionCase,
)


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


COUNTRY_NAMES: Final[Mapping[str, tuple[str, str]]] = {
    "AL": ("Albania", "Albanien"),
    "AU": ("Australia", "Australien"),
    "BA": ("Bosnia and Herzegovina", "Bosnien und Herzegowina"),
    "BR": ("Brazil", "Brasilien"),
    "CA": ("Canada", "Kanada"),
    "CL": ("Chile", "Chile"),
    "CN": ("China", "China"),
    "GB": ("the United Kingdom", "dem Vereinigten Königreich"),
    "IL": ("Israel", "Israel"),
    "IN": ("India", "Indien"),
    "JP": ("Japan", "Japan"),
    "KR": ("the Republic of Korea", "der Republik Korea"),
    "MA": ("Morocco", "Marokko"),
    "MD": ("Moldova", "Moldau"),
    "ME": ("Montenegro", "Montenegro"),
    "MK": ("North Macedonia", "Nordmazedonien"),
    "PH": ("the Philippines", "den Philippinen"),
    "RS": ("Serbia", "Serbien"),
    "TN": ("Tunisia", "Tunesien"),
    "TR": ("Türkiye", "der Türkei"),
    "UA": ("Ukraine", "der Ukraine"),
    "US": ("the United States", "den Vereinigten Staaten"),
    "UY": ("Uruguay", "Uruguay"),
    "XK": ("Kosovo", "Kosovo"),
}


def country_names(country: str) -> tuple[str, str]:
    return COUNTRY_NAMES.get(country, (country, country))


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
    name_en, name_de = country_names(country)
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
                explanation=(
                    f"EU social-security coordination applies in {country}: German insurance "
                    "periods are kept and added to those there for the pension entitlement; each "
                    "state pays its own share. German contributions cannot be refunded while the "
                    "person lives there."
                ),
                explanation_de=(
                    f"In {country} gilt die EU-Koordinierung: deutsche Versicherungszeiten bleiben "
                    "erhalten und werden für den Rentenanspruch mit den dortigen Zeiten "
                    "zusammengerechnet; jeder Staat zahlt seinen Teil. Eine Beitragserstattung ist "
                    "bei Wohnsitz dort nicht möglich."
                ),
                details=(("regime", "EU/EEA/CH"), ("verified", True)),
            )
        )
        return items
    if destination.kind == "AGREEMENT":
        param = destination.agreement
        assert param is not None
        check_en = check_de = ""
        if not destination.verified:
            check_en = (
                " That the agreement covers this is not verified; confirm with the Deutsche "
                "Rentenversicherung."
            )
            check_de = (
                " Dass das Abkommen dies abdeckt, ist nicht geprüft; bitte bei der Deutschen "
                "Rentenversicherung bestätigen lassen."
            )
        items.append(
            LeavingItem(
                code="AGREEMENT_COUNTRY_TOTALISATION",
                legal_basis=param.reference.legal_basis,
                source=param.reference.href,
                explanation=(
                    f"Germany has a social-security agreement with {name_en} that covers pension "
                    "insurance: insurance periods in both states are added together for the "
                    "entitlement and the German pension is paid there. A refund of German "
                    "contributions is usually excluded because the agreement gives a right to "
                    "voluntary insurance; ask the Deutsche Rentenversicherung." + check_en
                ),
                explanation_de=(
                    f"Mit {name_de} besteht ein Sozialversicherungsabkommen, das die "
                    "Rentenversicherung umfasst: Zeiten in beiden Staaten werden "
                    "zusammengerechnet, die deutsche Rente wird dorthin gezahlt. Eine "
                    "Beitragserstattung ist meist ausgeschlossen, weil das Abkommen ein Recht zur "
                    "freiwilligen Versicherung gibt; Auskunft gibt die Deutsche "
                    "Rentenversicherung." + check_de
                ),
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
    caveats_en: list[str] = []
    caveats_de: list[str] = []
    if destination.why_not == "scope" and destination.agreement is not None:
        caveats_en.append(
            f"The agreement with {name_en} does not provide for adding pension periods together"
            + ("" if destination.verified else ", as far as is known (not verified)")
            + "."
        )
        caveats_de.append(
            f"Das Abkommen mit {name_de} sieht keine Zusammenrechnung von Rentenzeiten vor"
            + ("" if destination.verified else " (soweit bekannt, nicht geprüft)")
            + "."
        )
    if destination.why_not == "nationals":
        caveats_en.append(
            f"The agreement with {name_en} only covers nationals of the two states, which the "
            "person is not."
        )
        caveats_de.append(
            f"Das Abkommen mit {name_de} gilt nur für Staatsangehörige der beiden Staaten; die "
            "Person gehört nicht dazu."
        )
    agreement_nationals = sorted(
        n
        for n in nationalities
        if (param := agreement_for(snap, reader, n)) is not None
        and covers_pension(snap, reader, param)
    )
    if agreement_nationals:
        listed = ", ".join(agreement_nationals)
        caveats_en.append(
            f"As a national of {listed} the person may have a right to voluntary insurance under "
            "that state's agreement, which would exclude the refund."
        )
        caveats_de.append(
            f"Als Staatsangehörige von {listed} kann die Person nach dem Abkommen dieses Staats "
            "zur freiwilligen Versicherung berechtigt sein; dann ist die Erstattung "
            "ausgeschlossen."
        )
    items.append(
        LeavingItem(
            code="STATUTORY_REFUND_POSSIBLE",
            legal_basis="§ 210 Abs. 1 Nr. 1, Abs. 2, 3, 6 SGB VI; § 50 Abs. 1 SGB VI",
            source=reader.source(snap, P_REFUND_WAIT),
            explanation=" ".join(
                [
                    f"{country} has no social-security agreement with Germany that adds pension "
                    "periods together. A third-country national living there without a right to "
                    "voluntary German insurance can have the German pension contributions "
                    f"refunded once {wait} calendar months have passed since compulsory insurance "
                    f"ended, i.e. from {earliest.isoformat()}. Only the employee's share is "
                    "refunded and all German pension rights end. With at least "
                    f"{five} years of contributions (§ 50 SGB VI) keeping the entitlement and "
                    "drawing a German pension abroad may be worth more.",
                    *caveats_en,
                ]
            ),
            explanation_de=" ".join(
                [
                    f"Mit {country} besteht kein Sozialversicherungsabkommen, das Rentenzeiten "
                    "zusammenrechnet. Drittstaatsangehörige, die dort ohne Recht zur freiwilligen "
                    "deutschen Versicherung leben, können sich die Rentenbeiträge erstatten "
                    f"lassen, wenn seit dem Ende der Versicherungspflicht {wait} Kalendermonate "
                    f"vergangen sind, also ab dem {de_date(earliest)}. Erstattet wird nur der "
                    "Arbeitnehmeranteil; alle deutschen Rentenansprüche erlöschen. Mit "
                    f"mindestens {five} Beitragsjahren (§ 50 SGB VI) kann es besser sein, den "
                    "Anspruch zu behalten und die Rente im Ausland zu beziehen.",
                    *caveats_de,
                ]
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
