"""The API's page envelope: absolute next/previous links around ``core.pagination.list_page``.

Pages and the API page through the same function, so they count (exactly or bounded) and
treat pages past the end the same way; only the envelope differs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from expatcare.core.pagination import BoundedCount, list_page

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

M = TypeVar("M", bound=Model)
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Page(Generic[R]):
    count: int
    next: str | None
    previous: str | None
    rows: list[R]
    count_is_exact: bool = True


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate_with(
    request: HttpRequest,
    queryset: QuerySet[M],
    *,
    page: int,
    page_size: int,
    load: Callable[[QuerySet[M]], list[R]],
    counter: Callable[[QuerySet[M]], BoundedCount] | None = None,
) -> Page[R]:
    """One page of ``queryset`` loaded by ``load`` (e.g. as plain values, not instances).

    ``counter`` may replace the exact ``COUNT(*)`` with a bounded one (a lower bound that
    still covers a few pages ahead, so ``next`` keeps working). A page past the end is empty
    rather than an error.
    """
    count = counter(queryset) if counter is not None else BoundedCount(queryset.count(), True)
    shown = list_page(
        queryset, requested=page, per_page=page_size, count=count, past_end_is_empty=True
    )
    # Past the end the page holds a plain empty list; else an unevaluated slice for ``load``.
    sliced = shown.object_list
    rows = [] if isinstance(sliced, list) else load(cast(QuerySet[M], sliced))
    last = max(1, shown.paginator.num_pages)
    # Below a lower bound there may be more rows even on its last page.
    has_next = shown.has_next() or (not count.exact and (page - 1) * page_size < count.value)
    return Page(
        count=count.value,
        next=_page_url(request, page + 1) if has_next else None,
        previous=_page_url(request, min(page - 1, last)) if page > 1 else None,
        rows=rows,
        count_is_exact=count.exact,
    )


def paginate(request: HttpRequest, queryset: QuerySet[M], *, page: int, page_size: int) -> Page[M]:
    """One page of ``queryset`` as model instances; a page past the end is empty."""
    return paginate_with(request, queryset, page=page, page_size=page_size, load=list)


def page_body(page: Page[Any]) -> dict[str, Any]:
    """The envelope of a list operation: count (and whether it is exact), links, results."""
    return {
        "count": page.count,
        "count_is_exact": page.count_is_exact,
        "next": page.next,
        "previous": page.previous,
        "results": page.rows,
    }
