"""``assess(case) -> Assessment``: a pure function of the case and the parameters of its date.

The parameter set is loaded once per process; the snapshot of ``case.as_of`` and everything
derived from it are cached per period of validity, so re-assessing many people costs only the
rule evaluation itself.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from expatcare.rules.context import MEMO_LIMIT, Context
from expatcare.rules.engine import Parameter, ParameterSet, load_parameters
from expatcare.rules.model import (
    Assessment,
    Case,
    Finding,
    TraceEntry,
    new_assessment,
    new_finding,
)
from expatcare.rules.obligations import determine_obligations
from expatcare.rules.residence import evaluate_pathways, recommend, residence_findings
from expatcare.rules.social_security import determine_social_security

__all__ = ["assess"]

_WEEKS_PER_YEAR = Decimal(52)
_CENT = Decimal("0.01")


def _minimum_wage(ctx: Context) -> None:
    if not ctx.work_in_germany:
        return
    parameter = ctx.param("de.employment.minimum_wage_hourly")
    minimum: Decimal = parameter.value
    hours = ctx.job.weekly_hours
    # hourly = annual / (weekly hours * 52/12 * 12); compared by multiplication to stay exact.
    # The annual equivalent per weekly-hours value is derived once per period.
    annual: dict[Decimal, Decimal] = ctx.tables["minimum_wage_annual"]
    floor = annual.get(hours)
    if floor is None:
        floor = annual[hours] = minimum * hours * _WEEKS_PER_YEAR
    if ctx.salary >= floor:
        return
    hourly = (ctx.salary / (hours * _WEEKS_PER_YEAR)).quantize(_CENT, rounding=ROUND_DOWN)
    ctx.findings.append(
        new_finding(
            "BELOW_MINIMUM_WAGE",
            "error",
            parameter.reference.legal_basis,
            parameter.reference.href,
            f"{hourly} EUR per hour ({ctx.salary.quantize(_CENT)} EUR a year at {hours} hours a "
            f"week) is below the statutory minimum wage of {minimum} EUR.",
            f"{hourly} EUR je Stunde ({ctx.salary.quantize(_CENT)} EUR im Jahr bei {hours} "
            f"Wochenstunden) liegt unter dem gesetzlichen Mindestlohn von {minimum} EUR.",
        )
    )


def _unverified_finding(parameter: Parameter) -> Finding:
    value = parameter.value
    shown = value if not isinstance(value, list | dict) else "list/table"
    return new_finding(
        "UNVERIFIED_PARAMETER",
        "info",
        parameter.reference.legal_basis,
        parameter.reference.href,
        f"Parameter {parameter.name} (value {shown}, valid from "
        f"{parameter.valid_from.isoformat()}) is not verified against its source: "
        f"{parameter.open_question}",
        f"Parameter {parameter.name} (Wert {shown}, gültig ab "
        f"{parameter.valid_from.isoformat()}) ist nicht an der Quelle verifiziert: "
        f"{parameter.open_question}",
    )


def _build_trace(ctx: Context) -> tuple[tuple[TraceEntry, ...], tuple[Finding, ...]]:
    entries: dict[str, tuple[TraceEntry, Finding | None]] = ctx.tables["trace_entries"]
    trace: list[TraceEntry] = []
    unverified: list[Finding] = []
    for p in ctx.used_parameters():
        item = entries.get(p.name)
        if item is None:
            item = (
                TraceEntry(p.name, p.value, p.valid_from, p.reference.href, p.verified),
                None if p.verified else _unverified_finding(p),
            )
            entries[p.name] = item
        trace.append(item[0])
        if item[1] is not None:
            unverified.append(item[1])
    return tuple(trace), tuple(unverified)


def _trace(ctx: Context) -> tuple[tuple[TraceEntry, ...], tuple[Finding, ...]]:
    """Trace (sorted by name) and UNVERIFIED_PARAMETER findings, shared by equal parameter sets.

    Cached per period under the bits of the consulted parameters (``Context.used``).
    """
    traces: dict[int, tuple[tuple[TraceEntry, ...], tuple[Finding, ...]]] = ctx.tables["traces"]
    used = ctx.used
    result = traces.get(used)
    if result is None:
        result = _build_trace(ctx)
        if len(traces) >= MEMO_LIMIT:
            traces.clear()
        traces[used] = result
    return result


def assess(case: Case, parameters: ParameterSet | None = None) -> Assessment:
    parameter_set = parameters if parameters is not None else load_parameters()
    snapshot = parameter_set.at(case.as_of)
    ctx = Context(case, snapshot)
    pathways = evaluate_pathways(ctx)
    recommended, order = recommend(ctx, pathways)
    social_security = determine_social_security(ctx)
    obligations = determine_obligations(ctx, social_security, recommended)
    _minimum_wage(ctx)
    findings = ctx.findings
    findings.extend(residence_findings(ctx, pathways))
    trace, unverified = _trace(ctx)
    if unverified:
        findings.extend(unverified)
    return new_assessment(
        case.as_of,
        parameter_set.ruleset_version,
        pathways,
        recommended,
        order,
        social_security,
        obligations,
        tuple(findings),
        trace,
    )
