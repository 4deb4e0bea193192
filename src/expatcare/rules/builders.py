"""Fast construction of the engine's frozen slots dataclasses.

Results and messages are frozen dataclasses so that nobody mutates them after the fact, but a
frozen dataclass's ``__init__`` goes through ``object.__setattr__`` for every field. The engine
creates many of them per assessment (requirements, duties, findings, message texts), so it
builds them through ``builder`` instead. It lives apart from ``model`` because ``messages``,
which ``model`` imports, needs it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields, make_dataclass
from dataclasses import field as dataclass_field
from typing import Any, TypeVar, cast

__all__ = ["builder"]

_T = TypeVar("_T")


def builder(cls: type[_T]) -> Callable[..., _T]:
    """A constructor for a frozen slots dataclass that is about three times faster.

    The builder fills a mutable twin with the same slots and then gives the object its real
    class, so the result is an ordinary instance of ``cls``: equal, hashable and immutable like
    any other.
    """
    specs: list[Any] = []
    for f in fields(cls):  # type: ignore[arg-type]  # cls is a dataclass by construction
        if f.default is MISSING:
            specs.append((f.name, f.type))
        else:
            specs.append((f.name, f.type, dataclass_field(default=f.default)))
    twin = make_dataclass(f"_{cls.__name__}Builder", specs, slots=True, eq=False, repr=False)

    def build(*args: Any, _twin: Any = twin, _cls: type[_T] = cls, **kwargs: Any) -> _T:
        obj = _twin(*args, **kwargs)
        obj.__class__ = _cls
        return cast(_T, obj)

    return build
