"""``assess(case) -> Assessment``: a pure function of the case and the parameters of its date.

The parameter set is loaded once per process; the snapshot of ``case.as_of`` and everything
derived from it are cached per period of validity, so re-assessing many people costs only the
rule evaluation itself.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from expatcare.rules.citations import parameter_citation
from expatcare.rules.context import MEMO_LIMIT, Context, trace_entry
from expatcare.rules.engine import Parameter, ParameterSet, load_parameters
from expatcare.rules.messages import text
from expatcare.rules.model import (
    Assessment,
    Case,
    Finding,
    TraceEntry,
    finding,
    new_assessment,
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
        finding(
            "BELOW_MINIMUM_WAGE",
            "error",
            text(
                "finding.below_minimum_wage",
                hourly_eur=hourly,
                salary_eur=ctx.salary.quantize(_CENT),
                weekly_hours=hours,
                minimum_eur=minimum,
            ),
            parameter_citation(parameter),
            (trace_entry(parameter),),
        )
    )


def _unverified_finding(parameter: Parameter, entry: TraceEntry) -> Finding:
    """The note that an unverified value was used, naming its open question as a message.

    The question is a message of its own (``question.*``), so that every front end shows it in
    the reader's language rather than the English of the parameter file.
    """
    value = parameter.value
    shown = "list/table" if isinstance(value, list | dict) else str(value)
    # The loader guarantees a message code for every unverified value.
    question = text(parameter.open_question_message or "")
    return finding(
        "UNVERIFIED_PARAMETER",
        "info",
        text(
            "finding.unverified_parameter",
            parameter=parameter.name,
            value=shown,
            valid_from=parameter.valid_from,
            open_question=question,
        ),
        parameter_citation(parameter),
        (entry,),
    )


#: Parameters are looked up in slices of this many bits of ``Context.used``.
_CHUNK_BITS = 16
_CHUNK_MASK = (1 << _CHUNK_BITS) - 1

_Chunk = tuple[tuple[TraceEntry, ...], tuple[Finding, ...]]


def _build_chunk(ctx: Context, shift: int, bits: int) -> _Chunk:
    """Trace entries and UNVERIFIED_PARAMETER findings of the parameters ``bits << shift``."""
    entries: dict[str, tuple[TraceEntry, Finding | None]] = ctx.tables["trace_entries"]
    by_position = ctx.parameters_by_position()
    trace: list[TraceEntry] = []
    unverified: list[Finding] = []
    position = shift
    while bits:
        if bits & 1:
            p = by_position[position]
            item = entries.get(p.name)
            if item is None:
                entry = trace_entry(p)
                item = (entry, None if p.verified else _unverified_finding(p, entry))
                entries[p.name] = item
            trace.append(item[0])
            if item[1] is not None:
                unverified.append(item[1])
        bits >>= 1
        position += 1
    return tuple(trace), tuple(unverified)


def _build_trace(ctx: Context) -> tuple[tuple[TraceEntry, ...], tuple[Finding, ...]]:
    """The trace of ``ctx.used``, put together from slices of its bits.

    A slice of the consulted parameters recurs across many different whole sets, so each
    distinct slice is resolved once per period; bit order is name order, so joining the slices
    from the lowest bit up keeps the trace sorted by name.
    """
    chunks: dict[int, _Chunk] = ctx.tables["trace_chunks"]
    trace: list[TraceEntry] = []
    unverified: list[Finding] = []
    used = ctx.used
    shift = 0
    while used:
        bits = used & _CHUNK_MASK
        if bits:
            key = bits << 8 | shift
            chunk = chunks.get(key)
            if chunk is None:
                chunk = chunks[key] = _build_chunk(ctx, shift, bits)
            trace += chunk[0]
            if chunk[1]:
                unverified += chunk[1]
        used >>= _CHUNK_BITS
        shift += _CHUNK_BITS
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
