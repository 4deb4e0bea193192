"""One way to count and page a list, for HTML pages and the API alike.

``COUNT(*)`` reads every matching index entry, so an exact count grows with the tenant while
everything else on a list page does not. Lists therefore count up to a bound
(``bounded_count``) and hand that count to the paginator (``CountedPaginator``) instead of
letting it run its own ``COUNT(*)``. ``list_page`` does both and is what every page calls;
the API's envelope (``expatcare.apikit.pagination``) is built on the same page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from expatcare.core.bounds import page_number
from expatcare.core.query import PastLastPage

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

    def __init__(self, object_list: Any, per_page: int, *, count: int, exact: bool = True) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count
        # False when ``count`` is a lower bound: the page then says "more than".
        self.count_is_exact = exact

    @cached_property
    def count(self) -> int:
        return self._known_count


def list_page(
    rows: Any,
    *,
    requested: int | str | None,
    per_page: int,
    count: BoundedCount | None = None,
    past_end_is_empty: bool = False,
    parameter: str = "page",
) -> Page[Any]:
    """The page ``requested`` of ``rows`` (a queryset), counted with ``bounded_count``.

    A page number that is not one (``InvalidQuery``) or lies past the last page
    (``PastLastPage``) is refused naming ``parameter``, the query-string name the page reads it
    from; ``core.query`` says what the page then answers (422, or a redirect to the last page).
    The API asks for ``past_end_is_empty`` and gets an empty page with that number instead, so a
    client that walks ``next`` links never sees rows twice. ``count`` replaces the bounded count
    when the caller already has one.
    """
    number = (
        requested if isinstance(requested, int) else page_number(requested, parameter=parameter)
    )
    if count is None:
        count = bounded_count(rows, page=number, page_size=per_page)
    paginator = CountedPaginator(rows, per_page, count=count.value, exact=count.exact)
    if number > paginator.num_pages:
        if past_end_is_empty:
            return Page([], number, paginator)
        raise PastLastPage(parameter, paginator.num_pages)
    return paginator.page(number)


def page_range(page: Page[Any]) -> list[int | str]:
    """The page links a list shows: two on each side of the current one, ellipses between."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2))
