"""One way to count and page a list, for HTML pages and the API alike.

``COUNT(*)`` reads every matching index entry, so an exact count grows with the tenant while
everything else on a list page does not. Lists therefore count up to a bound
(``bounded_count``) and hand that count to the paginator (``CountedPaginator``) instead of
letting it run its own ``COUNT(*)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Lists count their rows exactly up to this many; above it they say "more than" instead.
EXACT_COUNT_LIMIT = 10_000
# Pages beyond the current one that a bounded count always covers, so "next" keeps working.
COUNT_PAGES_AHEAD = 5

T = TypeVar("T")

if TYPE_CHECKING:
    _PaginatorBase = Paginator[Any]
else:
    _PaginatorBase = Paginator


@dataclass(frozen=True, slots=True)
class BoundedCount:
    """The number of rows of a list, exact unless ``exact`` is False (then a lower bound)."""

    value: int
    exact: bool


def bounded_count(
    rows: Any, *, page: int, page_size: int, limit: int | None = None
) -> BoundedCount:
    """Count ``rows`` (a queryset) exactly up to ``limit`` and at least a few pages past ``page``.

    Stopping at the limit (or just past the page asked for) keeps the cost of a page the same
    at 10,000 and 100,000 people; the rows themselves are always exact.
    """
    if limit is None:
        limit = EXACT_COUNT_LIMIT
    upto = max(limit, (max(page, 1) + COUNT_PAGES_AHEAD) * page_size)
    counted: int = rows.order_by()[: upto + 1].count()
    if counted <= upto:
        return BoundedCount(counted, exact=True)
    return BoundedCount(upto, exact=False)


class CountedPaginator(_PaginatorBase):
    """A Django paginator told its count (exact or bounded), so it sends no COUNT of its own."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count
