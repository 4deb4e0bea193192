"""Page-number pagination with absolute next/previous links, counted in one SQL query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

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
    counter: Callable[[QuerySet[M]], tuple[int, bool]] | None = None,
) -> Page[R]:
    """One page of ``queryset`` loaded by ``load`` (e.g. as plain values, not instances).

    ``counter`` may replace the exact ``COUNT(*)`` with a bounded one: it answers the count
    and whether it is exact (else a lower bound that still covers a few pages ahead, so
    ``next`` keeps working). A page past the end is empty rather than an error.
    """
    count, exact = counter(queryset) if counter is not None else (queryset.count(), True)
    offset = (page - 1) * page_size
    rows = load(queryset[offset : offset + page_size]) if offset < count else []
    has_next = offset + page_size < count or (not exact and offset < count)
    return Page(
        count=count,
        next=_page_url(request, page + 1) if has_next else None,
        previous=_page_url(request, min(page - 1, max(1, -(-count // page_size))))
        if page > 1
        else None,
        rows=rows,
        count_is_exact=exact,
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
