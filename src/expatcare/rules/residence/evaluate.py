"""Evaluate every pathway through the memo, and recommend one."""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from operator import attrgetter, itemgetter, or_
from typing import cast

from expatcare.rules.context import Context
from expatcare.rules.model import (
    PATHWAY_CODES,
    Finding,
    PathwayResult,
)
from expatcare.rules.residence.catalogue import (
    PREFERENCE_ORDER,
    REMOTE_PREFERENCE_ORDER,
)
from expatcare.rules.residence.memo_keys import memo_keys

__all__ = ["evaluate_pathways", "recommend"]


def evaluate_pathways(ctx: Context) -> tuple[PathwayResult, ...]:
    """All pathways in the order of ``model.PATHWAY_CODES``.

    Each pathway is memoised per period under a key of exactly the case facts it reads (see
    ``memo_keys``), so a population of cases shares most results.
    """
    keys, evaluators = memo_keys(ctx)
    return _evaluate(ctx, keys, evaluators)


_PREFERENCE_INDICES = tuple(PATHWAY_CODES.index(code) for code in PREFERENCE_ORDER)
_REMOTE_INDICES = tuple(PATHWAY_CODES.index(code) for code in REMOTE_PREFERENCE_ORDER)
_first = itemgetter(0)
_second = itemgetter(1)
_third = itemgetter(2)


def _evaluate(
    ctx: Context,
    keys: tuple[tuple[object, ...], ...],
    evaluators: tuple[Callable[[Context], PathwayResult], ...],
) -> tuple[PathwayResult, ...]:
    get = ctx.memo_cache().get
    entries = [*map(get, keys)]
    if None not in entries:
        # Every pathway is memoised (the usual case): combine the entries in C loops.
        hits = cast("list[tuple[PathwayResult, int, tuple[Finding, ...]]]", entries)
        ctx.used = reduce(or_, map(_second, hits), ctx.used)
        if any(map(_third, hits)):
            for hit in hits:
                ctx.findings.extend(hit[2])
        return tuple(map(_first, hits))
    used = ctx.used
    results: list[PathwayResult] = []
    append = results.append
    # The entries looked up above are still valid: only a miss adds to the memo (a full memo is
    # cleared then, but the entries already fetched stay correct results for their keys).
    for key, evaluate, entry in zip(keys, evaluators, entries, strict=True):
        if entry is None:
            ctx.used = used
            append(ctx.memo_call(key, evaluate))
            used = ctx.used
            continue
        append(entry[0])
        used |= entry[1]
        if entry[2]:
            ctx.findings.extend(entry[2])
    ctx.used = used
    return tuple(results)


def _recommend(in_germany: bool, statuses: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    if in_germany:
        order, indices = PREFERENCE_ORDER, _PREFERENCE_INDICES
    else:
        order, indices = REMOTE_PREFERENCE_ORDER, _REMOTE_INDICES
    for index in indices:
        if statuses[index] == "eligible":
            return PATHWAY_CODES[index], order
    return None, order


_status = attrgetter("status")
#: Recommendation per (work in Germany, statuses): few combinations occur, so each is decided once.
_RECOMMENDATIONS: dict[tuple[object, ...], tuple[str | None, tuple[str, ...]]] = {}


def recommend(
    ctx: Context, pathways: tuple[PathwayResult, ...]
) -> tuple[str | None, tuple[str, ...]]:
    in_germany = ctx.job.work_country == "DE"
    key = (in_germany, *map(_status, pathways))
    result = _RECOMMENDATIONS.get(key)
    if result is None:
        if len(_RECOMMENDATIONS) >= 100_000:
            _RECOMMENDATIONS.clear()
        result = _RECOMMENDATIONS[key] = _recommend(in_germany, key[1:])
    return result


# --------------------------------------------------------------------------- findings
