"""The §5a output object: an ``Assessment`` as JSON-ready dicts (docs/contracts.md, assess).

Money and other decimals leave as strings, dates as ISO strings. The engine shares its
immutable result objects between assessments (``Context.memo``); their JSON forms are built
once per object and shared too, as read-only dicts and lists (``FrozenDict``/``FrozenList``:
subclasses of ``dict``/``list`` that ``json.dumps`` writes and ``==`` compares like any other,
but that refuse to be changed). A caller that wants to edit a part copies it
(``copy.deepcopy`` gives plain dicts and lists); it can never change another caller's result.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from expatcare.rules.messages import Message
from expatcare.rules.model import (
    Assessment,
    Finding,
    Obligation,
    PathwayResult,
    SocialSecurity,
    TraceEntry,
)

__all__ = ["FrozenDict", "FrozenList", "assessment_to_dict", "message_json"]


def _refuse(self: object, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError(
        f"{type(self).__name__} is shared between assessments and read-only: copy it first"
    )


class FrozenDict(dict[str, Any]):
    """A dict that refuses changes; JSON-serialisable and equal to a plain dict."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __copy__(self) -> dict[str, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return {key: copy.deepcopy(value, memo) for key, value in self.items()}

    def __reduce__(self) -> tuple[type[dict[str, Any]], tuple[dict[str, Any]]]:
        return dict, (dict(self),)


class FrozenList(list[Any]):
    """A list that refuses changes; JSON-serialisable and equal to a plain list."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return [copy.deepcopy(value, memo) for value in self]

    def __reduce__(self) -> tuple[type[list[Any]], tuple[list[Any]]]:
        return list, (list(self),)


_CONTAINERS = (dict, list)


def _freeze(value: Any) -> Any:
    """``value`` with every dict and list made read-only (leaves are immutable already)."""
    if value.__class__ is dict:
        return FrozenDict(
            {
                key: _freeze(item) if item.__class__ in _CONTAINERS else item
                for key, item in value.items()
            }
        )
    if value.__class__ is list:
        return FrozenList(
            [_freeze(item) if item.__class__ in _CONTAINERS else item for item in value]
        )
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def message_json(message: Message) -> dict[str, Any]:
    """``{"code": ..., "params": {...}}``; a parameter that is itself a message nests."""
    return {
        "code": message.code,
        "params": {
            name: message_json(value) if isinstance(value, Message) else value
            for name, value in message.params
        },
    }


def _parameters_json(parameters: tuple[TraceEntry, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": t.parameter,
            "value": _json_value(t.value),
            "valid_from": t.valid_from.isoformat(),
            "source": t.source,
        }
        for t in parameters
    ]


def _pathway_json(p: PathwayResult) -> dict[str, Any]:
    return {
        "code": p.code,
        "status": p.status,
        "variant": p.variant,
        "legal_basis": p.legal_basis,
        "source": p.source,
        "requirements": [
            {
                "code": r.code,
                "met": r.met,
                "detail": r.detail,
                "detail_de": r.detail_de,
                "legal_basis": r.legal_basis,
                "source": r.source,
                "message": message_json(r.message),
            }
            for r in p.requirements
        ],
        "documents": list(p.documents),
        "sources": list(p.sources),
    }


def _social_security_json(ss: SocialSecurity) -> dict[str, Any]:
    return {
        "applicable_legislation": ss.applicable_legislation,
        "legal_basis": ss.legal_basis,
        "source": ss.source,
        "certificate": ss.certificate,
        "a1_required": ss.a1_required,
        "branches": dict(ss.branches),
        "max_posting_months": ss.max_posting_months,
        "explanation": ss.explanation,
        "explanation_de": ss.explanation_de,
        "message": message_json(ss.message),
    }


def _obligation_json(o: Obligation) -> dict[str, Any]:
    return {
        "code": o.code,
        "due": _iso(o.due),
        "responsible": o.responsible,
        "legal_basis": o.legal_basis,
        "source": o.source,
        "explanation": o.explanation,
        "explanation_de": o.explanation_de,
        "moved_from": _iso(o.moved_from),
        "message": message_json(o.message),
        "parameters": _parameters_json(o.parameters),
        "document": (
            None
            if o.document is None
            else {"kind": o.document.kind, "valid_until": o.document.valid_until.isoformat()}
        ),
    }


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "legal_basis": f.legal_basis,
        "source": f.source,
        "detail": f.detail,
        "detail_de": f.detail_de,
        "message": message_json(f.message),
        "parameters": _parameters_json(f.parameters),
    }


def _trace_json(t: TraceEntry) -> dict[str, Any]:
    return {
        "parameter": t.parameter,
        "value": _json_value(t.value),
        "valid_from": t.valid_from.isoformat(),
        "legal_basis": t.legal_basis,
        "source": t.source,
        "verified": t.verified,
    }


_R = TypeVar("_R")
#: id of a shared result -> (the result, its frozen JSON form). The entry keeps the result
#: alive, so its ``id`` cannot be reused for another object while it is cached.
_JSON_CACHE: dict[int, tuple[object, FrozenDict]] = {}
_JSON_CACHE_LIMIT = 200_000


def _shared_json(obj: _R, build: Callable[[_R], dict[str, Any]]) -> FrozenDict:
    """The read-only JSON form of a shared immutable result, built once per object."""
    entry = _JSON_CACHE.get(id(obj))
    if entry is not None and entry[0] is obj:
        return entry[1]
    if len(_JSON_CACHE) >= _JSON_CACHE_LIMIT:
        _JSON_CACHE.clear()
    frozen: FrozenDict = _freeze(build(obj))
    _JSON_CACHE[id(obj)] = (obj, frozen)
    return frozen


def assessment_to_dict(assessment: Assessment) -> dict[str, Any]:
    """The §5a output object: a new top-level dict and lists, read-only shared parts."""
    shared = _shared_json
    return {
        "as_of": assessment.as_of.isoformat(),
        "ruleset_version": assessment.ruleset_version,
        "pathways": [shared(p, _pathway_json) for p in assessment.pathways],
        "recommended": assessment.recommended,
        "recommended_order": list(assessment.recommended_order),
        "social_security": shared(assessment.social_security, _social_security_json),
        "obligations": [_obligation_json(o) for o in assessment.obligations],
        "findings": [shared(f, _finding_json) for f in assessment.findings],
        "trace": [shared(t, _trace_json) for t in assessment.trace],
    }
