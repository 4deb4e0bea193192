"""Explicit extension points between apps, instead of signals and upward imports.

A lower app declares a ``Hook`` for something higher apps may want to react to ("a person
changed") or contribute to ("duties to show on the employee's case page"); a higher app
subscribes in its ``AppConfig.ready()``. The lower app calls ``send`` itself, at the point where
it is true (after the write, inside the write's transaction), so the reaction commits or rolls
back with the write, and a reader of the lower app sees every place that can reach upward.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

E = TypeVar("E")
R = TypeVar("R")


class Hook(Generic[E, R]):
    """Handlers taking an event ``E`` and answering ``R`` (``None`` for plain reactions)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Callable[[E], R]] = []

    def __repr__(self) -> str:
        return f"Hook({self.name!r}, {len(self._handlers)} handlers)"

    def subscribe(self, handler: Callable[[E], R]) -> Callable[[E], R]:
        """Add ``handler`` once (``ready()`` may run twice in tests); usable as a decorator."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    def unsubscribe(self, handler: Callable[[E], R]) -> None:
        if handler in self._handlers:
            self._handlers.remove(handler)

    @property
    def subscribed(self) -> bool:
        return bool(self._handlers)

    def send(self, event: E) -> list[R]:
        """Call every handler in subscription order; an exception stops the write that sent it."""
        return [handler(event) for handler in self._handlers]
