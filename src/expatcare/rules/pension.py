"""Cross-border company pension (bAV) calculator: the `expatcare pension` contract.

The contract (input, output, codes) is specified in docs/contracts.md.

For an employee of a German employer with a company pension, this answers what HR and an
international hire ask: what are this year's tax- and contribution-free limits, how much must the
employer add to deferred compensation, what is vested, what might the plan be worth at
retirement, and what happens to it (and to the statutory pension) when the person leaves
Germany.

Layers, so each can be tested on its own:

* ``calculate(case)`` is the typed core: a pure function of a ``PensionCase`` and the parameters
  in force on ``case.as_of``. Every law-stating element carries its legal basis and source, and
  every parameter used is recorded in the trace.
* ``evaluate_json(data)`` strictly parses the §5b JSON (unknown keys, bad dates, unknown enums
  and negative amounts are ``InputError``s naming the dotted field) and returns the §5b output.
* ``render_text(result, lang)`` turns that output into a readable report in German or English.

Money is ``Decimal`` throughout and leaves as strings with two decimals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any, Final

from expatcare.rules.countries import is_country_code
from expatcare.rules.engine import (
    Parameter,
    ParameterSet,
    ParameterSnapshot,
    load_parameters,
    money,
)
from expatcare.rules.errors import InputError, OutOfRange
from expatcare.rules.pension_model import (
    EXTERNAL_VEHICLES,
    Contributions,
    EmployerSubsidy,
    LeavingItem,
    LeavingPlan,
    Limits,
    Note,
    PensionCase,
    PensionPerson,
    PensionPlan,
    PensionResult,
    Projection,
    TraceEntry,
    Vehicle,
    Vesting,
    VestingStatus,
)

__all__ = [
    "calculate",
    "evaluate_json",
    "parse_case",
    "render_text",
    "result_to_json",
]

# --------------------------------------------------------------------------- parameter names

P_BBG_PENSION: Final = "de.social_security.bbg_pension"
P_BEZUGSGROESSE: Final = "de.social_security.bezugsgroesse"
P_TAX_FREE_SHARE: Final = "de.pension.tax_free_share"
P_SS_FREE_SHARE: Final = "de.pension.social_security_free_share"
P_DEFERRAL_MAX_SHARE: Final = "de.pension.deferred_compensation_max_share"
P_SUBSIDY_RATE: Final = "de.pension.employer_subsidy_rate"
P_BBG_HEALTH: Final = "de.social_security.bbg_health"
P_SHARE_PENSION: Final = "de.pension.subsidy.employer_share_pension"
P_SHARE_UNEMPLOYMENT: Final = "de.pension.subsidy.employer_share_unemployment"
P_SHARE_HEALTH: Final = "de.pension.subsidy.employer_share_health"
P_SHARE_CARE: Final = "de.pension.subsidy.employer_share_care"
P_VESTING_AGE: Final = "de.pension.vesting.min_age"
P_VESTING_YEARS: Final = "de.pension.vesting.min_commitment_years"
P_SETTLEMENT_SHARE: Final = "de.pension.small_amount_settlement.pension_share"
P_SETTLEMENT_FACTOR: Final = "de.pension.small_amount_settlement.capital_factor"
P_SETTLEMENT_EU_NOTICE: Final = "de.pension.small_amount_settlement.eu_notice_months"
P_TRANSFER_PERIOD: Final = "de.pension.transfer.request_period_months"
P_REFUND_WAIT: Final = "de.pension.statutory_refund.waiting_months"
P_GENERAL_WAITING: Final = "de.pension.statutory_refund.general_waiting_period_years"
P_EU_STATES: Final = "de.residence.eu_member_states"
P_EEA_STATES: Final = "de.residence.eea_states"
P_SWISS_STATES: Final = "de.residence.swiss_free_movement_states"
P_AGREEMENT_PREFIX: Final = "de.social_security.agreements."
P_POSTING_ONLY: Final = "de.pension.totalisation.posting_only_agreements"
P_TCA_PENSION: Final = "de.pension.totalisation.tca_pension_states"

# Sources for rules that have no numeric parameter of their own.
SRC_1B: Final = "https://www.gesetze-im-internet.de/betravg/__1b.html"
SRC_1A: Final = "https://www.gesetze-im-internet.de/betravg/__1a.html"
SRC_2: Final = "https://www.gesetze-im-internet.de/betravg/__2.html"
SRC_3: Final = "https://www.gesetze-im-internet.de/betravg/__3.html"
SRC_4: Final = "https://www.gesetze-im-internet.de/betravg/__4.html"
SRC_210: Final = "https://www.gesetze-im-internet.de/sgb_6/__210.html"
SRC_DRV_REFUND: Final = (
    "https://www.deutsche-rentenversicherung.de/Allgemein/de/Navigation/2_Rente_Reha/01_Rente/"
    "01_allgemeines/05_rente_und_ausland/beitragserstattung_node.html"
)
SRC_14_SGB_IV: Final = "https://www.gesetze-im-internet.de/sgb_4/__14.html"
SRC_883: Final = "https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:02004R0883-20140101"

#: Display names of the states that have (or may have) a pension agreement with Germany, for the
#: texts only; the legal data lives in the parameter files.
_COUNTRY_NAMES: Final[Mapping[str, tuple[str, str]]] = {
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

# Input bounds: generous enough for any real case, tight enough to refuse typos (2 for 0.02).
MIN_RETURN: Final = Decimal("-0.05")
MAX_RETURN: Final = Decimal("0.15")
MIN_RETIREMENT_AGE: Final = 60
MAX_RETIREMENT_AGE: Final = 75
MAX_AGE_AT_AS_OF: Final = 100
MAX_AMOUNT: Final = Decimal("100000000")

ZERO: Final = Decimal(0)
CENT: Final = Decimal("0.01")
TWELVE: Final = Decimal(12)
ONE_DAY: Final = timedelta(days=1)


# =========================================================================== small helpers


def _anniversary(start: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February falls on 1 March.

    Periods and ages in German law are counted under §§ 187, 188 BGB: a period that has no
    corresponding day in its last month ends with that month, so the next day is 1 March.
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def _first_of_month(d: date) -> date:
    return d.replace(day=1)


def _add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, clamped to the month's last day (used on 1sts and ends)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")  # pragma: no cover


def _months_between(start: date, end: date) -> int:
    """Whole calendar months from the month of ``start`` to the month of ``end``."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def _fmt(amount: Decimal) -> str:
    return str(money(amount))


def _de_amount(amount: Decimal) -> str:
    """German number format (1.234,56) for the German texts."""
    text = f"{money(amount):,.2f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _en_amount(amount: Decimal) -> str:
    return f"{money(amount):,.2f}"


def _de_date(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def _pct(ratio: Decimal) -> str:
    """0.015 -> '1.5' (no trailing zeros), for texts."""
    return format((ratio * 100).normalize(), "f")


def _pct_de(ratio: Decimal) -> str:
    return _pct(ratio).replace(".", ",")


class _Reader:
    """Reads parameters from one snapshot and records each one it hands out in the trace.

    Rules never touch the snapshot directly, so the trace always lists exactly the parameters
    the result depends on.
    """

    def __init__(self, trace: dict[tuple[str, date], TraceEntry]) -> None:
        self._trace = trace

    def _get(self, snap: ParameterSnapshot, name: str) -> Any:
        param = snap[name]
        key = (name, param.valid_from)
        if key not in self._trace:
            self._trace[key] = TraceEntry(
                parameter=name,
                value=_trace_value(param.value),
                valid_from=param.valid_from,
                legal_basis=param.reference.legal_basis,
                source=param.reference.href,
                verified=param.verified,
            )
        return param.value

    def optional(self, snap: ParameterSnapshot, name: str) -> Parameter | None:
        """The parameter if it is in force (recorded in the trace), else None."""
        if name not in snap:
            return None
        self._get(snap, name)
        return snap[name]

    def decimal(self, snap: ParameterSnapshot, name: str) -> Decimal:
        value = self._get(snap, name)
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"parameter {name} is not a number: {value!r}")
        return Decimal(value)

    def integer(self, snap: ParameterSnapshot, name: str) -> int:
        value = self._get(snap, name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"parameter {name} is not an integer: {value!r}")
        return value

    def codes(self, snap: ParameterSnapshot, name: str) -> frozenset[str]:
        value = self._get(snap, name)
        if not isinstance(value, list):
            raise TypeError(f"parameter {name} is not a list: {value!r}")
        return frozenset(str(v) for v in value)

    @staticmethod
    def source(snap: ParameterSnapshot, name: str) -> str:
        return snap[name].reference.href


def _trace_value(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):
        return ",".join(sorted(str(k) for k in value))
    return str(value)


# =========================================================================== calculation


def calculate(case: PensionCase, parameters: ParameterSet | None = None) -> PensionResult:
    """Evaluate one case with the parameters in force on ``case.as_of``.

    Raises ``OutOfRange`` (field ``as_of``) when no parameters are known for that date: the
    calculator never guesses limits of a year it has not been given.
    """
    params = parameters if parameters is not None else load_parameters()
    snap = params.at(case.as_of)
    trace: dict[tuple[str, date], TraceEntry] = {}
    reader = _Reader(trace)

    limits = _limits(case, snap, reader)
    subsidy = _employer_subsidy(case, snap, reader, limits)
    contributions = _contributions(case, subsidy, limits)
    vesting = _vesting(case, snap, reader)
    projection = _projection(case, subsidy, vesting)
    destination: _Destination | None = None
    if case.leaving is not None:
        destination = _destination(snap, reader, case, case.leaving.to_country)
    on_leaving = _on_leaving(case, params, snap, reader, vesting, projection, destination)
    notes = _notes(case, snap, reader, limits, contributions)
    unverified = sorted(
        (t for t in trace.values() if not t.verified), key=lambda t: (t.parameter, t.valid_from)
    )
    if unverified:
        notes = (*notes, _unverified_note(unverified))
    return PensionResult(
        as_of=case.as_of,
        ruleset_version=params.ruleset_version,
        limits=limits,
        employer_subsidy=subsidy,
        contributions=contributions,
        vesting=vesting,
        projection=projection,
        on_leaving=on_leaving,
        notes=notes,
        leaving=case.leaving,
        destination=destination.kind if destination is not None else None,
        trace=tuple(sorted(trace.values(), key=lambda t: (t.parameter, t.valid_from))),
    )


# --------------------------------------------------------------------------- limits


def _limits(case: PensionCase, snap: ParameterSnapshot, reader: _Reader) -> Limits:
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


# --------------------------------------------------------------------------- subsidy


def _employer_saving(
    *,
    salary: Decimal,
    employer: Decimal,
    deferral: Decimal,
    subsidy: Decimal,
    room: Decimal,
    branches: tuple[tuple[Decimal, Decimal], ...],
) -> Decimal:
    """Monthly employer contributions saved by the deferral (may be negative).

    Contributory pay without the deferral is the salary plus any employer contribution above
    the contribution-free room; with it, the salary less the deferral plus whatever part of
    employer contribution, deferral and subsidy together exceeds the room (the 4 % room of
    § 1 Abs. 1 Nr. 9 SvEV is shared by all three). Each branch only counts pay up to its
    ceiling, so pay above a ceiling saves nothing in that branch.
    """
    before = salary + max(ZERO, employer - room)
    after = salary - deferral + max(ZERO, employer + deferral + subsidy - room)
    return sum(
        (share * (min(before, ceiling) - min(after, ceiling)) for share, ceiling in branches),
        ZERO,
    )


def _employer_subsidy(
    case: PensionCase, snap: ParameterSnapshot, reader: _Reader, limits: Limits
) -> EmployerSubsidy:
    """15 % of the deferral, but only as far as the employer actually saves contributions.

    § 1a Abs. 1a BetrAVG obliges the employer to pass on 15 % of the converted pay "soweit er
    durch die Entgeltumwandlung Sozialversicherungsbeiträge einspart". The saving is modelled
    per branch (pension and unemployment up to the pension ceiling, health and care up to the
    health ceiling) with the employer's halves of the contribution rates; the subsidy is the
    largest amount (in cents) that is both at most 15 % and at most the saving that remains
    once the subsidy itself has used up part of the contribution-free room.
    """
    plan = case.plan
    rate = reader.decimal(snap, P_SUBSIDY_RATE)
    source = reader.source(snap, P_SUBSIDY_RATE)
    legal_basis = "§ 1a Abs. 1a BetrAVG"
    deferral = plan.deferred_compensation_monthly_eur
    cap = money(deferral * rate)

    if plan.vehicle not in EXTERNAL_VEHICLES:
        return EmployerSubsidy(
            monthly_eur=ZERO,
            rate=rate,
            cap_monthly_eur=ZERO,
            employer_saving_monthly_eur=ZERO,
            status="VEHICLE_NOT_COVERED",
            explanation=(
                "No statutory subsidy: § 1a Abs. 1a BetrAVG only covers a Pensionsfonds, a "
                f"Pensionskasse or a Direktversicherung, not a {plan.vehicle.value}. The employer "
                "may still pass on its savings voluntarily."
            ),
            explanation_de=(
                "Kein gesetzlicher Zuschuss: § 1a Abs. 1a BetrAVG gilt nur für Pensionsfonds, "
                f"Pensionskasse und Direktversicherung, nicht für eine {plan.vehicle.value}. Der "
                "Arbeitgeber kann seine Ersparnis freiwillig weitergeben."
            ),
            legal_basis=legal_basis,
            source=source,
        )
    if deferral == ZERO:
        return EmployerSubsidy(
            monthly_eur=ZERO,
            rate=rate,
            cap_monthly_eur=ZERO,
            employer_saving_monthly_eur=ZERO,
            status="NO_DEFERRAL",
            explanation="No deferred compensation, so no subsidy is due.",
            explanation_de="Keine Entgeltumwandlung, daher kein Zuschuss.",
            legal_basis=legal_basis,
            source=source,
        )

    bbg_pension_m = reader.decimal(snap, P_BBG_PENSION) / TWELVE
    bbg_health_m = reader.decimal(snap, P_BBG_HEALTH) / TWELVE
    branches = (
        (reader.decimal(snap, P_SHARE_PENSION), bbg_pension_m),
        (reader.decimal(snap, P_SHARE_UNEMPLOYMENT), bbg_pension_m),
        (reader.decimal(snap, P_SHARE_HEALTH), bbg_health_m),
        (reader.decimal(snap, P_SHARE_CARE), bbg_health_m),
    )
    salary_m = case.person.annual_gross_salary_eur / TWELVE
    room_m = limits.social_security_free_annual_eur / TWELVE

    def saving(subsidy: Decimal) -> Decimal:
        return _employer_saving(
            salary=salary_m,
            employer=plan.employer_contribution_monthly_eur,
            deferral=deferral,
            subsidy=subsidy,
            room=room_m,
            branches=branches,
        )

    # saving(z) - z falls strictly as z rises, so bisect on whole cents for the largest z
    # that the saving still covers; z = 0 always qualifies.
    if saving(cap) >= cap:
        subsidy = cap
    else:
        lo, hi = 0, int(cap / CENT)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if saving(mid * CENT) >= mid * CENT:
                lo = mid
            else:
                hi = mid
        subsidy = lo * CENT
    achieved = money(max(ZERO, saving(subsidy)))

    common_en = (
        " Assumptions: the annual salary is paid in 12 equal monthly amounts with no one-off "
        "payments; the saving counts the employer's halves of the pension, unemployment, health "
        "(general rate, without the fund's additional rate) and care contributions on pay up to "
        "each ceiling, and only on the part of all plan contributions within the "
        f"{_en_amount(room_m)} EUR monthly contribution-free room (§ 1 Abs. 1 Nr. 9 SvEV)."
    )
    common_de = (
        " Annahmen: Jahresgehalt in 12 gleichen Monatsbeträgen ohne Einmalzahlungen; gezählt "
        "werden die Arbeitgeberanteile zur Renten-, Arbeitslosen-, Kranken- (allgemeiner "
        "Beitragssatz ohne Zusatzbeitrag) und Pflegeversicherung auf das Entgelt bis zur "
        "jeweiligen Beitragsbemessungsgrenze, und nur soweit alle Beiträge zusammen den "
        f"beitragsfreien Rahmen von {_de_amount(room_m)} EUR monatlich (§ 1 Abs. 1 Nr. 9 SvEV) "
        "nicht übersteigen."
    )
    if subsidy == cap:
        status = "FULL"
        en = (
            f"The employer must add {_en_amount(subsidy)} EUR a month: {_pct(rate)} % of the "
            f"{_en_amount(deferral)} EUR converted, covered by the contributions it saves "
            f"({_en_amount(achieved)} EUR)."
        )
        de = (
            f"Der Arbeitgeber muss monatlich {_de_amount(subsidy)} EUR zuschießen: "
            f"{_pct_de(rate)} % der umgewandelten {_de_amount(deferral)} EUR, gedeckt durch die "
            f"eingesparten Beiträge ({_de_amount(achieved)} EUR)."
        )
    elif subsidy > ZERO:
        status = "CAPPED_BY_SAVING"
        en = (
            f"The employer must add {_en_amount(subsidy)} EUR a month, less than {_pct(rate)} % "
            f"({_en_amount(cap)} EUR), because it saves only that much: the salary is above a "
            "contribution ceiling or the contribution-free room is partly used, so the deferral "
            "does not reduce contributions in every branch."
        )
        de = (
            f"Der Arbeitgeber muss monatlich {_de_amount(subsidy)} EUR zuschießen, weniger als "
            f"{_pct_de(rate)} % ({_de_amount(cap)} EUR), weil er nur so viel einspart: das "
            "Gehalt liegt über einer Beitragsbemessungsgrenze oder der beitragsfreie Rahmen ist "
            "teilweise verbraucht, sodass die Umwandlung nicht in jedem Zweig Beiträge senkt."
        )
    else:
        status = "NO_SAVING"
        en = (
            "No subsidy is due: the employer saves no contributions, because the salary stays "
            "above the contribution ceilings after the deferral or the contribution-free room is "
            "already used by other plan contributions."
        )
        de = (
            "Kein Zuschuss: der Arbeitgeber spart keine Beiträge, weil das Gehalt auch nach der "
            "Umwandlung über den Beitragsbemessungsgrenzen liegt oder der beitragsfreie Rahmen "
            "schon durch andere Beiträge ausgeschöpft ist."
        )
    return EmployerSubsidy(
        monthly_eur=money(subsidy),
        rate=rate,
        cap_monthly_eur=cap,
        employer_saving_monthly_eur=achieved,
        status=status,
        explanation=en + common_en,
        explanation_de=de + common_de,
        legal_basis=legal_basis,
        source=source,
    )


def _contributions(case: PensionCase, subsidy: EmployerSubsidy, limits: Limits) -> Contributions:
    plan = case.plan
    total_m = (
        plan.employer_contribution_monthly_eur
        + plan.deferred_compensation_monthly_eur
        + subsidy.monthly_eur
    )
    total_a = money(total_m * TWELVE)
    external = plan.vehicle in EXTERNAL_VEHICLES
    return Contributions(
        employer_monthly_eur=money(plan.employer_contribution_monthly_eur),
        deferred_compensation_monthly_eur=money(plan.deferred_compensation_monthly_eur),
        employer_subsidy_monthly_eur=subsidy.monthly_eur,
        total_monthly_eur=money(total_m),
        total_annual_eur=total_a,
        tax_free_excess_annual_eur=(
            max(ZERO, total_a - limits.tax_free_annual_eur) if external else money(ZERO)
        ),
        social_security_free_excess_annual_eur=(
            max(ZERO, total_a - limits.social_security_free_annual_eur)
            if external
            else max(
                ZERO,
                money(plan.deferred_compensation_monthly_eur * TWELVE)
                - limits.social_security_free_annual_eur,
            )
        ),
    )


# --------------------------------------------------------------------------- vesting


def _vesting(case: PensionCase, snap: ParameterSnapshot, reader: _Reader) -> Vesting:
    """Statutory vesting, checked at the end of employment (or on ``as_of`` if none is planned).

    Employer-funded rights are kept if the employment ends after the 21st year of life is
    completed and the commitment has existed for three years (§ 1b Abs. 1 BetrAVG). Both periods
    end with the day before the anniversary (§ 188 Abs. 2 BGB), so an employment that ends on
    the day before ``vested_on`` already keeps the right: ``vested_on`` is the first day on
    which both periods are complete.
    """
    min_age = reader.integer(snap, P_VESTING_AGE)
    min_years = reader.integer(snap, P_VESTING_YEARS)
    plan = case.plan
    evaluated_on = case.leaving.date if case.leaving is not None else case.as_of
    age_date = _anniversary(case.person.birth_date, min_age)
    years_date = _anniversary(plan.commitment_start, min_years)
    vested_on = max(age_date, years_date)
    vested = evaluated_on + ONE_DAY >= vested_on
    ends = "employment ending" if case.leaving is not None else "an employment ending"
    last_day = vested_on - ONE_DAY
    if vested:
        en = (
            f"Employer-funded rights are vested: by {evaluated_on.isoformat()} the person has "
            f"completed age {min_age} and the commitment has existed for {min_years} years."
        )
        de = (
            f"Arbeitgeberfinanzierte Anwartschaften sind unverfallbar: am {_de_date(evaluated_on)} "
            f"ist das {min_age}. Lebensjahr vollendet und die Zusage besteht seit {min_years} "
            "Jahren."
        )
    else:
        missing = []
        missing_de = []
        if evaluated_on + ONE_DAY < years_date:
            missing.append(f"the commitment reaches {min_years} years on {years_date.isoformat()}")
            missing_de.append(
                f"die Zusage besteht erst am {_de_date(years_date)} {min_years} Jahre"
            )
        if evaluated_on + ONE_DAY < age_date:
            missing.append(f"age {min_age} is reached on {age_date.isoformat()}")
            missing_de.append(
                f"das {min_age}. Lebensjahr ist erst am {_de_date(age_date)} vollendet"
            )
        en = (
            f"Employer-funded rights are not yet vested on {evaluated_on.isoformat()}: "
            + "; ".join(missing)
            + f". Only {ends} on {last_day.isoformat()} or later keeps them."
        )
        de = (
            f"Arbeitgeberfinanzierte Anwartschaften sind am {_de_date(evaluated_on)} noch "
            "verfallbar: "
            + "; ".join(missing_de)
            + f". Erst ein Ende des Arbeitsverhältnisses am {_de_date(last_day)} oder später "
            "erhält sie."
        )
    employer_funded = VestingStatus(
        vested=vested,
        vested_on=vested_on,
        evaluated_on=evaluated_on,
        legal_basis="§ 1b Abs. 1 BetrAVG",
        source=reader.source(snap, P_VESTING_YEARS),
        explanation=en,
        explanation_de=de,
    )
    started = evaluated_on >= plan.commitment_start
    deferred = VestingStatus(
        vested=started,
        vested_on=plan.commitment_start,
        evaluated_on=evaluated_on,
        legal_basis="§ 1b Abs. 5 BetrAVG",
        source=SRC_1B,
        explanation=(
            "Rights from deferred compensation, including the employer subsidy, vest immediately "
            "from the first conversion, whatever the age or length of service."
            if started
            else "Deferred compensation will vest immediately once the commitment starts on "
            f"{plan.commitment_start.isoformat()}."
        ),
        explanation_de=(
            "Anwartschaften aus Entgeltumwandlung einschließlich des Arbeitgeberzuschusses sind "
            "sofort unverfallbar, unabhängig von Alter und Dauer der Betriebszugehörigkeit."
            if started
            else "Die Entgeltumwandlung wird mit Beginn der Zusage am "
            f"{_de_date(plan.commitment_start)} sofort unverfallbar."
        ),
    )
    return Vesting(employer_funded=employer_funded, deferred_compensation=deferred)


# --------------------------------------------------------------------------- projection


def _retirement_date(birth_date: date, age: int) -> date:
    """First day of the month after the retirement age is reached.

    An age is reached at the end of the day before the birthday (§ 187 Abs. 2 Satz 2, § 188
    Abs. 2 BGB); like the statutory pension (§ 99 SGB VI) the plan is assumed to pay from the
    first of the following month.
    """
    reached = _anniversary(birth_date, age) - ONE_DAY
    return _add_months(_first_of_month(reached), 1)


def _future_value(monthly: Decimal, payments: int, at_month: int, monthly_rate: Decimal) -> Decimal:
    """Value at month ``at_month`` of ``payments`` contributions paid at months 0..payments-1.

    Contributions are paid at the start of each month and compound monthly.
    """
    if payments <= 0 or monthly == ZERO:
        return ZERO
    with localcontext() as ctx:
        ctx.prec = 50
        if monthly_rate == ZERO:
            return monthly * payments
        q = 1 + monthly_rate
        factor = q ** (at_month - payments + 1) * (q**payments - 1) / monthly_rate
        return +(monthly * factor)


def _projection(case: PensionCase, subsidy: EmployerSubsidy, vesting: Vesting) -> Projection:
    """Capital at retirement from today's monthly amounts, held constant.

    Contributions run from the month the commitment starts to the month employment ends (or to
    retirement); afterwards the paid-up capital keeps earning the assumed return. Employer-funded
    capital that is not vested when employment ends is forfeited and shown separately.
    """
    plan = case.plan
    start = _first_of_month(plan.commitment_start)
    retirement = _retirement_date(case.person.birth_date, plan.retirement_age)
    horizon = max(0, _months_between(start, retirement))
    payments = horizon
    leaving_month: int | None = None
    if case.leaving is not None:
        leaving_month = _months_between(start, case.leaving.date) + 1
        payments = max(0, min(horizon, leaving_month))
    monthly_rate = plan.assumed_annual_return / TWELVE
    deferred_m = plan.deferred_compensation_monthly_eur + subsidy.monthly_eur
    employer_m = plan.employer_contribution_monthly_eur

    from_deferred = _future_value(deferred_m, payments, horizon, monthly_rate)
    from_employer = _future_value(employer_m, payments, horizon, monthly_rate)
    forfeited = ZERO
    employer_kept = case.leaving is None or vesting.employer_funded.vested
    if not employer_kept:
        forfeited, from_employer = from_employer, ZERO

    capital_at_leaving: Decimal | None = None
    if leaving_month is not None:
        at = min(leaving_month, horizon)
        capital_at_leaving = money(
            _future_value(deferred_m, payments, at, monthly_rate)
            + (_future_value(employer_m, payments, at, monthly_rate) if employer_kept else ZERO)
        )

    last_month = _add_months(start, payments - 1) if payments > 0 else None
    assumptions: tuple[tuple[str, str], ...] = (
        ("annual_return", str(plan.assumed_annual_return)),
        ("compounding", "monthly, at annual_return / 12"),
        ("monthly_rate", str(monthly_rate.quantize(Decimal("1E-10")).normalize())),
        ("contribution_timing", "start of each month"),
        ("monthly_contribution_eur", _fmt(deferred_m + employer_m)),
        ("amounts", "today's monthly amounts held constant; no salary growth, costs or taxes"),
        ("first_contribution_month", start.isoformat()[:7] if payments > 0 else ""),
        ("last_contribution_month", last_month.isoformat()[:7] if last_month else ""),
        ("months_of_contributions", str(payments)),
        ("retirement_age", str(plan.retirement_age)),
        ("retirement_date", retirement.isoformat()),
        ("months_to_retirement", str(horizon)),
        (
            "after_leaving",
            "paid-up capital stays invested at the same return until retirement",
        ),
    )
    return Projection(
        capital_at_retirement_eur=money(from_deferred + from_employer),
        from_deferred_compensation_eur=money(from_deferred),
        from_employer_contributions_eur=money(from_employer),
        forfeited_employer_funded_eur=money(forfeited),
        capital_at_leaving_eur=capital_at_leaving,
        contributions_paid_eur=money((deferred_m + employer_m) * payments),
        assumptions=assumptions,
    )


# --------------------------------------------------------------------------- leaving


@dataclass(frozen=True, slots=True)
class _Destination:
    """Where the person moves, classified for the statutory pension.

    ``kind`` is ``DE``, ``COORDINATION`` (EU/EEA/Switzerland, Regulation 883/2004),
    ``AGREEMENT`` (a bilateral agreement or the EU-UK protocol covering pensions) or ``NONE``.
    """

    kind: str
    in_eu: bool = False
    agreement: Parameter | None = None
    verified: bool = True
    why_not: str | None = None


def _agreement(snap: ParameterSnapshot, reader: _Reader, country: str) -> Parameter | None:
    return reader.optional(snap, P_AGREEMENT_PREFIX + country.lower())


def _covers_pension(snap: ParameterSnapshot, reader: _Reader, param: Parameter) -> bool:
    value = param.value
    if not isinstance(value, dict):
        return False
    return "pension" in value.get("branches", []) and str(value.get("country")) not in (
        reader.codes(snap, P_POSTING_ONLY)
    )


def _destination(
    snap: ParameterSnapshot, reader: _Reader, case: PensionCase, country: str
) -> _Destination:
    """Classify the destination for totalisation and refund.

    An agreement counts only if it covers pension insurance with totalisation (posting-only
    agreements do not) and, where its personal scope is limited to nationals of the two states,
    only for someone holding one of those nationalities.
    """
    if country == "DE":
        return _Destination("DE")
    if country in reader.codes(snap, P_EU_STATES):
        return _Destination("COORDINATION", in_eu=True)
    if country in reader.codes(snap, P_EEA_STATES) | reader.codes(snap, P_SWISS_STATES):
        return _Destination("COORDINATION")
    # Traced only on a hit: the open question of this list concerns the listed states alone.
    tca = snap.get(P_TCA_PENSION)
    if tca is not None and country in tca.value:
        param = reader.optional(snap, P_TCA_PENSION)
        return _Destination("AGREEMENT", agreement=param, verified=bool(param and param.verified))
    param = _agreement(snap, reader, country)
    if param is None:
        return _Destination("NONE")
    if not _covers_pension(snap, reader, param):
        return _Destination("NONE", agreement=param, verified=param.verified, why_not="scope")
    value = param.value
    if value.get("personal_scope") == "nationals" and not (
        {"DE", country} & set(case.person.nationalities)
    ):
        return _Destination("NONE", agreement=param, verified=param.verified, why_not="nationals")
    return _Destination("AGREEMENT", agreement=param, verified=param.verified)


def _settlement_snapshot(
    params: ParameterSet, snap: ParameterSnapshot, on: date
) -> tuple[ParameterSnapshot, bool]:
    """Parameters for the settlement limit on the leaving date, or ``as_of``'s if unknown."""
    try:
        return params.at(on), True
    except OutOfRange:
        return snap, False


def _on_leaving(
    case: PensionCase,
    params: ParameterSet,
    snap: ParameterSnapshot,
    reader: _Reader,
    vesting: Vesting,
    projection: Projection,
    destination: _Destination | None,
) -> tuple[LeavingItem, ...]:
    """What leaving the employer (and Germany) means for the company and statutory pension.

    Without a planned leaving there is nothing to evaluate, so the list is empty.
    """
    leaving = case.leaving
    if leaving is None or destination is None:
        return ()
    plan = case.plan
    items: list[LeavingItem] = []
    in_eu = destination.in_eu
    has_deferral = (
        plan.deferred_compensation_monthly_eur > ZERO and vesting.deferred_compensation.vested
    )
    has_employer = plan.employer_contribution_monthly_eur > ZERO
    employer_vested = has_employer and vesting.employer_funded.vested
    vested_capital = projection.capital_at_retirement_eur
    anything_vested = has_deferral or employer_vested
    vesting_source = reader.source(snap, P_VESTING_YEARS)

    # -- kept / forfeited ------------------------------------------------------------------
    if anything_vested:
        kept_en: list[str] = []
        kept_de: list[str] = []
        if has_deferral:
            kept_en.append("deferred compensation (with the subsidy)")
            kept_de.append("Entgeltumwandlung (mit Zuschuss)")
        if employer_vested:
            kept_en.append("employer-funded contributions")
            kept_de.append("arbeitgeberfinanzierte Beiträge")
        eu_en = (
            " Moving to another EU member state protects the right to the same extent as staying "
            "in Germany (§ 1b Abs. 1 Satz 6 BetrAVG)."
            if in_eu
            else ""
        )
        eu_de = (
            " Der Umzug in einen anderen EU-Mitgliedstaat erhält die Anwartschaft im gleichen "
            "Umfang wie ein Verbleib in Deutschland (§ 1b Abs. 1 Satz 6 BetrAVG)."
            if in_eu
            else ""
        )
        items.append(
            LeavingItem(
                code="VESTED_RIGHTS_KEPT",
                legal_basis="§ 1b Abs. 1, 5 BetrAVG; § 2 BetrAVG"
                + ("; § 1b Abs. 1 Satz 6 BetrAVG" if in_eu else ""),
                source=vesting_source,
                explanation=(
                    "The vested entitlement from "
                    + " and ".join(kept_en)
                    + " stays with the person after leaving and is paid from retirement age, "
                    "also abroad; the plan, not the employee's residence, decides how it is "
                    f"paid. Projected capital: {_en_amount(vested_capital)} EUR." + eu_en
                ),
                explanation_de=(
                    "Die unverfallbare Anwartschaft aus "
                    + " und ".join(kept_de)
                    + " bleibt nach dem Ausscheiden erhalten und wird ab der Altersgrenze gezahlt, "
                    "auch ins Ausland. Voraussichtliches Kapital: "
                    f"{_de_amount(vested_capital)} EUR." + eu_de
                ),
                details=(
                    ("deferred_compensation", has_deferral),
                    ("employer_funded", employer_vested),
                    ("vested_capital_at_retirement_eur", _fmt(vested_capital)),
                    ("eu_protection", in_eu),
                ),
            )
        )
    if has_employer and not vesting.employer_funded.vested:
        vested_on = vesting.employer_funded.vested_on
        assert vested_on is not None
        items.append(
            LeavingItem(
                code="RIGHTS_FORFEITED",
                legal_basis="§ 1b Abs. 1 BetrAVG",
                source=vesting_source,
                explanation=(
                    "The employer-funded part lapses: employment ends on "
                    f"{leaving.date.isoformat()}, before the statutory vesting conditions are met "
                    f"(employment would have to end on {(vested_on - ONE_DAY).isoformat()} or "
                    "later). Projected capital forfeited: "
                    f"{_en_amount(projection.forfeited_employer_funded_eur)} EUR. A plan may "
                    "grant more generous vesting; check its rules."
                ),
                explanation_de=(
                    "Der arbeitgeberfinanzierte Teil verfällt: das Arbeitsverhältnis endet am "
                    f"{_de_date(leaving.date)}, bevor die gesetzliche Unverfallbarkeit "
                    "erreicht ist "
                    f"(Ende frühestens am {_de_date(vested_on - ONE_DAY)} nötig). Voraussichtlich "
                    f"verfallendes Kapital: {_de_amount(projection.forfeited_employer_funded_eur)} "
                    "EUR. Die Versorgungsordnung kann günstigere Regeln vorsehen."
                ),
                details=(
                    ("vested_on", vested_on.isoformat()),
                    (
                        "forfeited_capital_at_retirement_eur",
                        _fmt(projection.forfeited_employer_funded_eur),
                    ),
                ),
            )
        )
    if not anything_vested:
        items.extend(_statutory_items(case, snap, reader, destination))
        return tuple(items)

    external = plan.vehicle in EXTERNAL_VEHICLES
    # -- continuation with own contributions (§ 1b Abs. 5 Nr. 2) -----------------------------
    if has_deferral and external:
        items.append(
            LeavingItem(
                code="CONTINUATION_WITH_OWN_CONTRIBUTIONS",
                legal_basis="§ 1b Abs. 5 Satz 1 Nr. 2 BetrAVG",
                source=SRC_1B,
                explanation=(
                    "For deferred compensation in a Direktversicherung, Pensionskasse or "
                    "Pensionsfonds the person must be allowed to continue the contract with own "
                    "contributions after leaving (without the tax and contribution exemptions)."
                ),
                explanation_de=(
                    "Bei Entgeltumwandlung über Direktversicherung, Pensionskasse oder "
                    "Pensionsfonds muss die Fortsetzung mit eigenen Beiträgen nach dem "
                    "Ausscheiden möglich sein (ohne Steuer- und Beitragsfreiheit)."
                ),
            )
        )

    # -- transfer (§ 4) ----------------------------------------------------------------------
    period = reader.integer(snap, P_TRANSFER_PERIOD)
    request_by = _add_months(leaving.date, period)
    transfer_value = projection.capital_at_leaving_eur or ZERO
    bbg = reader.decimal(snap, P_BBG_PENSION)
    statutory = external and transfer_value <= bbg
    if statutory:
        right_en = (
            f"Within {period} months (by {request_by.isoformat()}) the person may demand that "
            f"the transfer value (estimated {_en_amount(transfer_value)} EUR, at most the pension "
            f"ceiling of {_en_amount(bbg)} EUR) be moved to a new employer in Germany, which must "
            "grant an equivalent commitment (§ 4 Abs. 3 BetrAVG)."
        )
        right_de = (
            f"Innerhalb von {period} Monaten (bis {_de_date(request_by)}) kann die Übertragung des "
            f"Übertragungswerts (geschätzt {_de_amount(transfer_value)} EUR, höchstens die "
            f"Beitragsbemessungsgrenze von {_de_amount(bbg)} EUR) auf einen neuen Arbeitgeber in "
            "Deutschland verlangt werden, der eine wertgleiche Zusage erteilen muss (§ 4 Abs. 3 "
            "BetrAVG)."
        )
    else:
        why_en = (
            "the transfer value exceeds the pension ceiling"
            if external
            else f"a {plan.vehicle.value} is not covered by the statutory right"
        )
        why_de = (
            "der Übertragungswert die Beitragsbemessungsgrenze übersteigt"
            if external
            else f"eine {plan.vehicle.value} nicht unter das gesetzliche Recht fällt"
        )
        right_en = (
            f"There is no statutory right to a transfer because {why_en}; a new employer may "
            "take over the commitment or its value by agreement of all three (§ 4 Abs. 2 BetrAVG)."
        )
        right_de = (
            f"Ein gesetzlicher Übertragungsanspruch besteht nicht, weil {why_de}; eine Übernahme "
            "ist im Einvernehmen aller drei Beteiligten möglich (§ 4 Abs. 2 BetrAVG)."
        )
    items.append(
        LeavingItem(
            code="TRANSFER_POSSIBLE",
            legal_basis="§ 4 Abs. 2, 3 BetrAVG",
            source=reader.source(snap, P_TRANSFER_PERIOD),
            explanation=right_en
            + " There is no statutory right to transfer a German company pension to a foreign "
            "employer's or a foreign pension scheme.",
            explanation_de=right_de
            + " Ein gesetzliches Recht auf Übertragung zu einem ausländischen Arbeitgeber oder "
            "Versorgungssystem gibt es nicht.",
            details=(
                ("statutory_right", statutory),
                ("request_by", request_by.isoformat() if statutory else None),
                ("transfer_value_estimate_eur", _fmt(transfer_value)),
                ("to_foreign_scheme", False),
            ),
        )
    )

    # -- statutory pension items (decide the § 3 Abs. 3 route) -------------------------------
    statutory_items = _statutory_items(case, snap, reader, destination)
    refund_possible = any(i.code == "STATUTORY_REFUND_POSSIBLE" for i in statutory_items)

    # -- small-amount settlement (§ 3) ------------------------------------------------------
    settle_snap, on_leaving_date = _settlement_snapshot(params, snap, leaving.date)
    share = reader.decimal(settle_snap, P_SETTLEMENT_SHARE)
    factor = reader.decimal(settle_snap, P_SETTLEMENT_FACTOR)
    notice = reader.integer(settle_snap, P_SETTLEMENT_EU_NOTICE)
    bezugsgroesse_m = reader.decimal(settle_snap, P_BEZUGSGROESSE) / TWELVE
    limit_pension = money(bezugsgroesse_m * share)
    limit_capital = money(bezugsgroesse_m * factor)
    below = vested_capital <= limit_capital
    limit_from = settle_snap[P_SETTLEMENT_SHARE].valid_from
    if below or refund_possible:
        parts_en: list[str] = []
        parts_de: list[str] = []
        if below:
            parts_en.append(
                f"The projected vested capital ({_en_amount(vested_capital)} EUR) does not exceed "
                f"{_pct(factor * 10)}/10 of the monthly Bezugsgröße ({_en_amount(limit_capital)} "
                f"EUR; for a monthly pension the limit is {_pct(share)} %, "
                f"{_en_amount(limit_pension)} EUR), so the employer may pay it out once without "
                "consent (§ 3 Abs. 2 BetrAVG)."
            )
            parts_de.append(
                f"Das voraussichtliche unverfallbare Kapital ({_de_amount(vested_capital)} EUR) "
                f"übersteigt nicht {_pct_de(factor * 10)}/10 der monatlichen Bezugsgröße "
                f"({_de_amount(limit_capital)} EUR; bei Renten {_pct_de(share)} %, "
                f"{_de_amount(limit_pension)} EUR), daher darf der Arbeitgeber ohne Zustimmung "
                "abfinden (§ 3 Abs. 2 BetrAVG)."
            )
            if in_eu:
                parts_en.append(
                    "Because the person moves to another EU state, consent is needed if they take "
                    f"up a new job there and tell the former employer within {notice} months."
                )
                parts_de.append(
                    "Da die Person in einen anderen EU-Staat zieht, ist ihre Zustimmung nötig, "
                    "wenn sie dort ein neues Arbeitsverhältnis begründet und dies dem früheren "
                    f"Arbeitgeber binnen {notice} Monaten mitteilt."
                )
            parts_en.append("No settlement if the person uses the transfer right.")
            parts_de.append("Keine Abfindung, wenn das Übertragungsrecht ausgeübt wird.")
        if refund_possible:
            parts_en.append(
                "Once the statutory pension contributions have been refunded (§ 210 SGB VI), the "
                "person can demand a cash settlement of the whole vested entitlement, whatever "
                "its amount (§ 3 Abs. 3 BetrAVG)."
            )
            parts_de.append(
                "Sind die Beiträge zur gesetzlichen Rentenversicherung erstattet (§ 210 SGB VI), "
                "kann die Person die Abfindung der gesamten Anwartschaft verlangen, unabhängig "
                "von der Höhe (§ 3 Abs. 3 BetrAVG)."
            )
        if not on_leaving_date:
            parts_en.append(
                f"The limit in force on {leaving.date.isoformat()} is not yet known; the figures "
                f"are those of {case.as_of.isoformat()}."
            )
            parts_de.append(
                f"Die am {_de_date(leaving.date)} geltende Grenze ist noch nicht bekannt; genannt "
                f"sind die Werte vom {_de_date(case.as_of)}."
            )
        items.append(
            LeavingItem(
                code="SMALL_AMOUNT_SETTLEMENT",
                legal_basis="§ 3 Abs. 2" + (", 3" if refund_possible else "") + " BetrAVG",
                source=reader.source(settle_snap, P_SETTLEMENT_SHARE),
                explanation=" ".join(parts_en),
                explanation_de=" ".join(parts_de),
                details=(
                    ("limit_monthly_pension_eur", _fmt(limit_pension)),
                    ("limit_capital_eur", _fmt(limit_capital)),
                    ("limit_valid_from", limit_from.isoformat()),
                    ("limit_date", settle_snap.on.isoformat()),
                    ("projected_vested_capital_eur", _fmt(vested_capital)),
                    ("employer_may_settle_without_consent", below),
                    (
                        "consent_needed_if_new_eu_job_notified_by",
                        _add_months(leaving.date, notice).isoformat() if below and in_eu else None,
                    ),
                    ("employee_may_demand_after_refund", refund_possible),
                ),
            )
        )
    items.extend(statutory_items)
    return tuple(items)


def _names(country: str) -> tuple[str, str]:
    return _COUNTRY_NAMES.get(country, (country, country))


def _statutory_items(
    case: PensionCase,
    snap: ParameterSnapshot,
    reader: _Reader,
    destination: _Destination,
) -> list[LeavingItem]:
    """Statutory pension on moving abroad: totalisation, or a refund under § 210 SGB VI."""
    leaving = case.leaving
    assert leaving is not None
    country = leaving.to_country
    name_en, name_de = _names(country)
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
    earliest = _add_months(_first_of_month(leaving.date), wait + 1)
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
        if (param := _agreement(snap, reader, n)) is not None
        and _covers_pension(snap, reader, param)
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
                    f"vergangen sind, also ab dem {_de_date(earliest)}. Erstattet wird nur der "
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


# --------------------------------------------------------------------------- notes


def _notes(
    case: PensionCase,
    snap: ParameterSnapshot,
    reader: _Reader,
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
                    f"The deferral of {_en_amount(deferral_a)} EUR a year exceeds the statutory "
                    f"entitlement of {_en_amount(entitlement)} EUR; the excess rests on agreement."
                ),
                explanation_de=(
                    f"Die Umwandlung von {_de_amount(deferral_a)} EUR im Jahr übersteigt den "
                    f"gesetzlichen Anspruch von {_de_amount(entitlement)} EUR; der Rest beruht auf "
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
                        f"Plan contributions of {_en_amount(contributions.total_annual_eur)} EUR "
                        f"a year exceed the tax-free {_en_amount(limits.tax_free_annual_eur)} EUR "
                        f"by {_en_amount(contributions.tax_free_excess_annual_eur)} EUR, which is "
                        "taxed as pay."
                    ),
                    explanation_de=(
                        f"Beiträge von {_de_amount(contributions.total_annual_eur)} EUR im Jahr "
                        f"übersteigen den steuerfreien Betrag von "
                        f"{_de_amount(limits.tax_free_annual_eur)} EUR um "
                        f"{_de_amount(contributions.tax_free_excess_annual_eur)} EUR; der Rest ist "
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
                        f"{_en_amount(limits.social_security_free_annual_eur)} EUR by "
                        f"{_en_amount(contributions.social_security_free_excess_annual_eur)} EUR "
                        "a year; the excess is subject to social-security contributions."
                    ),
                    explanation_de=(
                        "Die Beiträge übersteigen den beitragsfreien Betrag von "
                        f"{_de_amount(limits.social_security_free_annual_eur)} EUR um "
                        f"{_de_amount(contributions.social_security_free_excess_annual_eur)} EUR "
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


def _unverified_note(entries: list[TraceEntry]) -> Note:
    """Say openly when a figure rests on a value the fact base could not confirm."""
    listed = ", ".join(f"{t.parameter} (from {t.valid_from.isoformat()})" for t in entries)
    return Note(
        code="UNVERIFIED_PARAMETER",
        severity="info",
        legal_basis="; ".join(dict.fromkeys(t.legal_basis for t in entries)),
        source=entries[0].source,
        explanation=(
            f"This result uses values not yet verified against the statute text: {listed}. "
            "See the trace and the parameter files' open questions."
        ),
        explanation_de=(
            f"Dieses Ergebnis verwendet noch nicht am Gesetzestext geprüfte Werte: {listed}. "
            "Siehe Trace und offene Fragen in den Parameterdateien."
        ),
    )


# =========================================================================== JSON output


def _status_json(status: VestingStatus) -> dict[str, Any]:
    return {
        "vested": status.vested,
        "vested_on": status.vested_on.isoformat() if status.vested_on else None,
        "evaluated_on": status.evaluated_on.isoformat(),
        "legal_basis": status.legal_basis,
        "source": status.source,
        "explanation": status.explanation,
        "explanation_de": status.explanation_de,
    }


def result_to_json(result: PensionResult) -> dict[str, Any]:
    """The §5b output: plain JSON types, money as strings with two decimals."""
    limits = result.limits
    subsidy = result.employer_subsidy
    c = result.contributions
    p = result.projection
    return {
        "as_of": result.as_of.isoformat(),
        "ruleset_version": result.ruleset_version,
        "year": result.year,
        "limits": {
            "tax_free_annual_eur": _fmt(limits.tax_free_annual_eur),
            "social_security_free_annual_eur": _fmt(limits.social_security_free_annual_eur),
            "legal_basis": limits.legal_basis,
            "source": limits.sources[0],
            "sources": list(limits.sources),
            "tax_free_monthly_eur": _fmt(limits.tax_free_annual_eur / TWELVE),
            "social_security_free_monthly_eur": _fmt(
                limits.social_security_free_annual_eur / TWELVE
            ),
            "deferred_compensation_entitlement_annual_eur": _fmt(
                limits.deferred_compensation_entitlement_annual_eur
            ),
            "bbg_pension_annual_eur": _fmt(limits.bbg_pension_annual_eur),
        },
        "employer_subsidy_monthly_eur": _fmt(subsidy.monthly_eur),
        "employer_subsidy": {
            "monthly_eur": _fmt(subsidy.monthly_eur),
            "status": subsidy.status,
            "rate": str(subsidy.rate),
            "cap_monthly_eur": _fmt(subsidy.cap_monthly_eur),
            "employer_saving_monthly_eur": _fmt(subsidy.employer_saving_monthly_eur),
            "legal_basis": subsidy.legal_basis,
            "source": subsidy.source,
            "explanation": subsidy.explanation,
            "explanation_de": subsidy.explanation_de,
        },
        "contributions": {
            "employer_monthly_eur": _fmt(c.employer_monthly_eur),
            "deferred_compensation_monthly_eur": _fmt(c.deferred_compensation_monthly_eur),
            "employer_subsidy_monthly_eur": _fmt(c.employer_subsidy_monthly_eur),
            "total_monthly_eur": _fmt(c.total_monthly_eur),
            "total_annual_eur": _fmt(c.total_annual_eur),
            "tax_free_excess_annual_eur": _fmt(c.tax_free_excess_annual_eur),
            "social_security_free_excess_annual_eur": _fmt(
                c.social_security_free_excess_annual_eur
            ),
        },
        "vesting": {
            "employer_funded": _status_json(result.vesting.employer_funded),
            "deferred_compensation": _status_json(result.vesting.deferred_compensation),
        },
        "projection": {
            "capital_at_retirement_eur": _fmt(p.capital_at_retirement_eur),
            "from_deferred_compensation_eur": _fmt(p.from_deferred_compensation_eur),
            "from_employer_contributions_eur": _fmt(p.from_employer_contributions_eur),
            "forfeited_employer_funded_eur": _fmt(p.forfeited_employer_funded_eur),
            "capital_at_leaving_eur": (
                _fmt(p.capital_at_leaving_eur) if p.capital_at_leaving_eur is not None else None
            ),
            "contributions_paid_eur": _fmt(p.contributions_paid_eur),
            "assumptions": dict(p.assumptions),
        },
        "leaving": (
            {
                "date": result.leaving.date.isoformat(),
                "to_country": result.leaving.to_country,
                "destination": result.destination,
            }
            if result.leaving is not None
            else None
        ),
        "on_leaving": [
            {
                "code": item.code,
                "legal_basis": item.legal_basis,
                "source": item.source,
                "explanation": item.explanation,
                "explanation_de": item.explanation_de,
                **dict(item.details),
            }
            for item in result.on_leaving
        ],
        "notes": [
            {
                "code": n.code,
                "severity": n.severity,
                "legal_basis": n.legal_basis,
                "source": n.source,
                "explanation": n.explanation,
                "explanation_de": n.explanation_de,
            }
            for n in result.notes
        ],
        "trace": [
            {
                "parameter": t.parameter,
                "value": t.value,
                "valid_from": t.valid_from.isoformat(),
                "legal_basis": t.legal_basis,
                "source": t.source,
                "verified": t.verified,
            }
            for t in result.trace
        ],
    }


# =========================================================================== JSON input

_DATE_RE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL_RE: Final = re.compile(r"-?\d+(\.\d+)?")

_Keys = tuple[frozenset[str], frozenset[str]]

_TOP_KEYS: Final[_Keys] = (frozenset({"as_of", "person", "plan"}), frozenset({"leaving"}))
_PERSON_KEYS: Final[_Keys] = (
    frozenset({"birth_date", "nationalities", "annual_gross_salary_eur"}),
    frozenset(),
)
_PLAN_KEYS: Final[_Keys] = (
    frozenset({"vehicle", "commitment_start"}),
    frozenset(
        {
            "employer_contribution_monthly_eur",
            "deferred_compensation_monthly_eur",
            "assumed_annual_return",
            "retirement_age",
        }
    ),
)
_LEAVING_KEYS: Final[_Keys] = (frozenset({"date", "to_country"}), frozenset())

#: Defaults for optional plan fields; each is echoed in the output's assumptions or amounts.
DEFAULT_RETURN: Final = Decimal("0")
DEFAULT_RETIREMENT_AGE: Final = 67


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _mapping(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(field or "$", "must be a JSON object")
    return value


def _check_keys(obj: Mapping[str, Any], prefix: str, keys: _Keys) -> None:
    required, optional = keys
    for key in obj:
        if not isinstance(key, str) or key not in required | optional:
            raise InputError(_join(prefix, str(key)), "unknown field")
    for key in sorted(required):
        if key not in obj:
            raise InputError(_join(prefix, key), "is required")


def _date(value: object, field: str) -> date:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise InputError(field, "must be a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"{value!r} is not a valid calendar date") from None


def _decimal(value: object, field: str) -> Decimal:
    """A decimal from a string or a JSON number; booleans, exponents, NaN are refused."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise InputError(field, 'must be a decimal number written as a string, e.g. "200.00"')
    text = value.strip() if isinstance(value, str) else str(value)
    if not _DECIMAL_RE.fullmatch(text):
        raise InputError(field, f"{value!r} is not a plain decimal number")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a decimal
        raise InputError(field, f"{value!r} is not a decimal number") from None


def _amount(value: object, field: str) -> Decimal:
    amount = _decimal(value, field)
    if amount < ZERO:
        raise InputError(field, "must not be negative")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InputError(field, "must have at most two decimal places (cents)")
    if amount > MAX_AMOUNT:
        raise InputError(field, f"must not exceed {MAX_AMOUNT} EUR")
    return amount


def _country(value: object, field: str) -> str:
    if not isinstance(value, str) or not is_country_code(value):
        raise InputError(field, 'must be an ISO 3166-1 alpha-2 country code such as "IN"')
    return value


def parse_case(data: Mapping[str, Any]) -> PensionCase:
    """Parse the §5b input strictly; every error names the dotted field it concerns."""
    root = _mapping(data, "")
    _check_keys(root, "", _TOP_KEYS)
    as_of = _date(root["as_of"], "as_of")

    person_raw = _mapping(root["person"], "person")
    _check_keys(person_raw, "person", _PERSON_KEYS)
    birth_date = _date(person_raw["birth_date"], "person.birth_date")
    if birth_date > as_of:
        raise InputError("person.birth_date", "must not be after as_of")
    if _anniversary(birth_date, MAX_AGE_AT_AS_OF) <= as_of:
        raise InputError("person.birth_date", f"the person would be over {MAX_AGE_AT_AS_OF}")
    nationalities_raw = person_raw["nationalities"]
    if not isinstance(nationalities_raw, list) or not nationalities_raw:
        raise InputError("person.nationalities", "must be a non-empty list of country codes")
    nationalities: list[str] = []
    for i, raw in enumerate(nationalities_raw):
        code = _country(raw, f"person.nationalities[{i}]")
        if code in nationalities:
            raise InputError(f"person.nationalities[{i}]", f"{code} is listed twice")
        nationalities.append(code)
    salary = _amount(person_raw["annual_gross_salary_eur"], "person.annual_gross_salary_eur")

    plan_raw = _mapping(root["plan"], "plan")
    _check_keys(plan_raw, "plan", _PLAN_KEYS)
    vehicle_raw = plan_raw["vehicle"]
    try:
        vehicle = Vehicle(vehicle_raw) if isinstance(vehicle_raw, str) else None
    except ValueError:
        vehicle = None
    if vehicle is None:
        raise InputError("plan.vehicle", "must be one of " + ", ".join(v.value for v in Vehicle))
    commitment_start = _date(plan_raw["commitment_start"], "plan.commitment_start")
    if commitment_start < birth_date:
        raise InputError("plan.commitment_start", "must not be before person.birth_date")
    employer = _amount(
        plan_raw.get("employer_contribution_monthly_eur", "0"),
        "plan.employer_contribution_monthly_eur",
    )
    deferral = _amount(
        plan_raw.get("deferred_compensation_monthly_eur", "0"),
        "plan.deferred_compensation_monthly_eur",
    )
    if deferral * TWELVE > salary:
        raise InputError(
            "plan.deferred_compensation_monthly_eur", "must not exceed the monthly gross salary"
        )
    ret = _decimal(
        plan_raw.get("assumed_annual_return", str(DEFAULT_RETURN)), "plan.assumed_annual_return"
    )
    if not MIN_RETURN <= ret <= MAX_RETURN:
        raise InputError(
            "plan.assumed_annual_return",
            f"must be a fraction between {MIN_RETURN} and {MAX_RETURN} (0.02 means 2 %)",
        )
    age = plan_raw.get("retirement_age", DEFAULT_RETIREMENT_AGE)
    if isinstance(age, bool) or not isinstance(age, int):
        raise InputError("plan.retirement_age", "must be a whole number of years")
    if not MIN_RETIREMENT_AGE <= age <= MAX_RETIREMENT_AGE:
        raise InputError(
            "plan.retirement_age",
            f"must be between {MIN_RETIREMENT_AGE} and {MAX_RETIREMENT_AGE}",
        )

    leaving: LeavingPlan | None = None
    leaving_raw = root.get("leaving")
    if leaving_raw is not None:
        leaving_map = _mapping(leaving_raw, "leaving")
        _check_keys(leaving_map, "leaving", _LEAVING_KEYS)
        leaving_date = _date(leaving_map["date"], "leaving.date")
        if leaving_date < commitment_start:
            raise InputError("leaving.date", "must not be before plan.commitment_start")
        leaving = LeavingPlan(
            date=leaving_date, to_country=_country(leaving_map["to_country"], "leaving.to_country")
        )

    return PensionCase(
        as_of=as_of,
        person=PensionPerson(
            birth_date=birth_date,
            nationalities=tuple(nationalities),
            annual_gross_salary_eur=salary,
        ),
        plan=PensionPlan(
            vehicle=vehicle,
            commitment_start=commitment_start,
            employer_contribution_monthly_eur=employer,
            deferred_compensation_monthly_eur=deferral,
            assumed_annual_return=ret,
            retirement_age=age,
        ),
        leaving=leaving,
    )


def evaluate_json(
    data: Mapping[str, Any], parameters: ParameterSet | None = None
) -> dict[str, Any]:
    """Parse the §5b input, calculate and return the §5b output as plain JSON types."""
    return result_to_json(calculate(parse_case(data), parameters))


# =========================================================================== text report

_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Company pension (bAV): calculation as of {as_of}",
        "limits": "Limits {year}",
        "tax_free": "Tax-free (§ 3 Nr. 63 EStG)",
        "ss_free": "Free of social-security contributions (§ 1 Abs. 1 Nr. 9 SvEV)",
        "per_year": "EUR a year",
        "per_month": "EUR a month",
        "subsidy": "Employer subsidy (§ 1a Abs. 1a BetrAVG)",
        "contributions": "Monthly contributions",
        "employer": "Employer-funded",
        "deferral": "Deferred compensation",
        "total": "Total",
        "vesting": "Vesting",
        "employer_funded": "Employer-funded",
        "deferred": "Deferred compensation",
        "vested": "vested",
        "not_vested": "not vested",
        "vested_on": "vested on",
        "projection": "Projection",
        "capital": "Capital at retirement",
        "forfeited": "Forfeited on leaving",
        "assumptions": "Assumptions",
        "leaving": "On leaving ({date}, to {country})",
        "no_leaving": "No end of employment planned.",
        "notes": "Notes",
        "basis": "Legal basis",
        "source": "Source",
        "version": "Rule set",
        "disclaimer": "This is an estimate from the stated assumptions, not legal or tax advice.",
    },
    "de": {
        "title": "Betriebliche Altersversorgung: Berechnung zum {as_of}",
        "limits": "Grenzen {year}",
        "tax_free": "Steuerfrei (§ 3 Nr. 63 EStG)",
        "ss_free": "Beitragsfrei in der Sozialversicherung (§ 1 Abs. 1 Nr. 9 SvEV)",
        "per_year": "EUR im Jahr",
        "per_month": "EUR im Monat",
        "subsidy": "Arbeitgeberzuschuss (§ 1a Abs. 1a BetrAVG)",
        "contributions": "Monatliche Beiträge",
        "employer": "Arbeitgeberfinanziert",
        "deferral": "Entgeltumwandlung",
        "total": "Gesamt",
        "vesting": "Unverfallbarkeit",
        "employer_funded": "Arbeitgeberfinanziert",
        "deferred": "Entgeltumwandlung",
        "vested": "unverfallbar",
        "not_vested": "noch verfallbar",
        "vested_on": "unverfallbar ab",
        "projection": "Hochrechnung",
        "capital": "Kapital bei Rentenbeginn",
        "forfeited": "Verfällt beim Ausscheiden",
        "assumptions": "Annahmen",
        "leaving": "Beim Ausscheiden ({date}, nach {country})",
        "no_leaving": "Kein Ausscheiden geplant.",
        "notes": "Hinweise",
        "basis": "Rechtsgrundlage",
        "source": "Quelle",
        "version": "Regelstand",
        "disclaimer": "Schätzung auf Grundlage der genannten Annahmen, keine Rechts- oder "
        "Steuerberatung.",
    },
}


def render_text(result: Mapping[str, Any], lang: str) -> str:
    """A readable report of an ``evaluate_json`` result in German (``de``) or English (``en``)."""
    if lang not in _LABELS:
        raise InputError("lang", "must be 'de' or 'en'")
    t = _LABELS[lang]
    de = lang == "de"

    def amount(text: str) -> str:
        value = Decimal(text)
        return _de_amount(value) if de else _en_amount(value)

    def day(text: str) -> str:
        return _de_date(date.fromisoformat(text)) if de else text

    def explained(obj: Mapping[str, Any]) -> str:
        return str(obj["explanation_de"] if de else obj["explanation"])

    def cite(obj: Mapping[str, Any]) -> str:
        return f"    {t['basis']}: {obj['legal_basis']}; {t['source']}: {obj['source']}"

    out: list[str] = [t["title"].format(as_of=day(result["as_of"])), ""]
    limits = result["limits"]
    out += [
        t["limits"].format(year=result["year"]),
        f"  {t['tax_free']}: {amount(limits['tax_free_annual_eur'])} {t['per_year']}",
        f"  {t['ss_free']}: {amount(limits['social_security_free_annual_eur'])} {t['per_year']}",
        "",
    ]
    subsidy = result["employer_subsidy"]
    out += [
        f"{t['subsidy']}: {amount(result['employer_subsidy_monthly_eur'])} {t['per_month']}",
        f"  {explained(subsidy)}",
        cite(subsidy),
        "",
    ]
    c = result["contributions"]
    out += [
        t["contributions"],
        f"  {t['employer']}: {amount(c['employer_monthly_eur'])} EUR",
        f"  {t['deferral']}: {amount(c['deferred_compensation_monthly_eur'])} EUR",
        f"  {t['subsidy']}: {amount(c['employer_subsidy_monthly_eur'])} EUR",
        f"  {t['total']}: {amount(c['total_monthly_eur'])} EUR",
        "",
        t["vesting"],
    ]
    for key, label in (
        ("employer_funded", "employer_funded"),
        ("deferred_compensation", "deferred"),
    ):
        status = result["vesting"][key]
        state = t["vested"] if status["vested"] else t["not_vested"]
        when = f" ({t['vested_on']} {day(status['vested_on'])})" if status["vested_on"] else ""
        out += [f"  {t[label]}: {state}{when}", f"    {explained(status)}", cite(status)]
    p = result["projection"]
    out += ["", t["projection"], f"  {t['capital']}: {amount(p['capital_at_retirement_eur'])} EUR"]
    if Decimal(p["forfeited_employer_funded_eur"]) > ZERO:
        out.append(f"  {t['forfeited']}: {amount(p['forfeited_employer_funded_eur'])} EUR")
    out.append(f"  {t['assumptions']}:")
    out += [f"    {k}: {v}" for k, v in p["assumptions"].items() if v != ""]
    out.append("")
    items = result["on_leaving"]
    if items:
        leaving = result["leaving"]
        out.append(t["leaving"].format(date=day(leaving["date"]), country=leaving["to_country"]))
        for item in items:
            out += [f"  {item['code']}", f"    {explained(item)}", cite(item)]
    else:
        out.append(t["no_leaving"])
    if result["notes"]:
        out += ["", t["notes"]]
        for note in result["notes"]:
            out += [f"  {note['code']} ({note['severity']})", f"    {explained(note)}"]
    out += ["", f"{t['version']}: {result['ruleset_version']}", t["disclaimer"]]
    return "\n".join(out) + "\n"
